"""spaCy's tokenizer, vocabulary and matchers loaded the lean way (``spacy_loader.english``):
the same tokens, attributes, lemmas and matches as ``spacy.blank("en")``, without
``spacy.language`` and the pipelines; the rest of spaCy still there when asked for; and the
ordinary import when the lean path cannot be taken."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from tests.conftest import SAMPLES
from tests.hostile import cli_env

# Synthetic text with the tokenizer's hard cases: special cases, prefixes, suffixes, infixes, URLs
TRICKY = (
    "Acme Inc. and Beta Corp., (the \"Parties\") can't won't U.S. e.g.) i.e., "
    "Section 1.2(a)-(c); don't 's 'S $1,000.00 10-15% http://example.com/x?y=1 "
    "co-operate\n\n  \ttab\u00a0nbsp Inc.) (Inc. INC. Ltd.'s 3rd 1st ten 10,5 a@b.co :-) "
    "Supplier shall, within thirty (30) days, audit; the Buyer may terminate."
)
NOT_LOADED = ("spacy.language", "spacy.pipeline", "spacy.training", "spacy.scorer", "spacy.cli")


def _run(code: str, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout


_COMPARE = """
    import json, sys
    from clausecheck.nlp import pipeline  # first, as clausecheck's own modules import it
    from spacy.attrs import (IDX, IS_ALPHA, IS_PUNCT, IS_STOP, LEMMA, LIKE_NUM, LOWER, NORM,
                             ORTH, PREFIX, SENT_START, SHAPE, SPACY, SUFFIX)

    nlp = pipeline.pipeline()
    texts = [sys.argv[1]] + [open(p, encoding="utf-8").read() for p in sys.argv[2:]]
    ours = [pipeline.parse(t) for t in texts]
    lean = not any(m in sys.modules for m in {not_loaded!r})
    import spacy  # now the whole package, in the same process

    ref = spacy.blank("en")
    ref.tokenizer.max_cache_size = 0
    attrs = [ORTH, IDX, SPACY, NORM, LOWER, SHAPE, PREFIX, SUFFIX]
    attrs += [IS_ALPHA, IS_PUNCT, IS_STOP, LIKE_NUM]
    same = []
    for text, doc in zip(texts, ours):
        want = ref.tokenizer(text)
        same.append(bool((doc.to_array(attrs) == want.to_array(attrs)).all()))
        fresh = pipeline.segment(pipeline.lemmatize(ref.make_doc(text)))
        lemmas = [LEMMA, SENT_START]
        same.append(bool((doc.to_array(lemmas) == fresh.to_array(lemmas)).all()))
    print(json.dumps({{"lean": lean, "same": same, "tokens": [len(d) for d in ours],
                      "complete": hasattr(sys.modules["spacy"], "blank")}}))
"""


def _compare(prefix: str = "") -> dict:
    samples = sorted(str(p) for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md"})
    code = textwrap.dedent(prefix) + textwrap.dedent(_COMPARE.format(not_loaded=NOT_LOADED))
    return json.loads(_run(code, TRICKY, *samples))


def test_lean_tokens_attributes_lemmas_and_sentences_equal_spacy_blank():
    out = _compare()
    assert out["lean"], "a spaCy module the lean path avoids was loaded"
    assert out["complete"]
    assert all(out["same"]) and len(out["same"]) >= 6
    assert min(out["tokens"]) > 50


def cli_scan_then(tmp_path, probe: str) -> list[str]:
    """Run `clausecheck scan` on a small sample in a fresh process, then ``probe`` (code
    printing what it checks) in that process; its printed lines."""
    out = _run(
        textwrap.dedent(f"""
        import gc, sys
        from clausecheck.cli.main import main
        frozen_before = gc.get_freeze_count()
        sys.argv = ["clausecheck", "scan", {str(SAMPLES / "services_outsourcing_lumen.md")!r},
                    "--format", "json", "-o", {str(tmp_path / "r.json")!r}]
        try:
            main()
        except SystemExit:
            pass
        """)
        + textwrap.dedent(probe)
    )
    assert json.loads((tmp_path / "r.json").read_text())["findings"]
    return out.split("\n")


def test_a_small_scan_loads_none_of_spacys_pipelines_or_cli(tmp_path):
    loaded, kind = cli_scan_then(
        tmp_path,
        f"""
        print(sorted(m for m in {NOT_LOADED!r} if m in sys.modules))
        print(type(sys.modules["spacy"]).__name__)
        """,
    )[:2]
    assert loaded == "[]"
    assert kind == "_Unexecuted"  # spacy/__init__.py never ran


def test_the_rest_of_spacy_loads_on_request_after_the_lean_path():
    out = _run("""
        import clausecheck.nlp.pipeline as n
        nlp = n.pipeline()
        tok = nlp.tokenizer
        from spacy.training import Example  # spacy.training after the lean path: the real one
        words = {"words": ["The", "Buyer", "audits", "."]}
        ex = Example.from_dict(nlp.make_doc("The Buyer audits."), words)
        score = tok.score([ex])  # Tokenizer.score goes through the deferred Scorer
        import spacy
        from spacy.language import Language
        ref = spacy.blank("en")
        print(sorted(score) == ["token_acc", "token_f", "token_p", "token_r"],
              score == ref.tokenizer.score([ex]), isinstance(ref, Language),
              spacy.__version__ == n.spacy_loader.installed_version())
    """)
    assert out.split() == ["True"] * 4


def test_an_unverified_spacy_version_takes_the_ordinary_import():
    out = _compare("""
        from clausecheck.nlp import spacy_loader
        spacy_loader.VERIFIED = ()
    """)
    assert not out["lean"]  # spacy.language was loaded: spacy.blank("en") built the tokenizer
    assert all(out["same"])


def test_a_failing_lean_import_falls_back_to_the_ordinary_one():
    out = _compare("""
        import importlib.abc, sys

        class Refuse(importlib.abc.MetaPathFinder):
            # stands for a spaCy whose English data moved: the lean path's last import fails
            def find_spec(self, name, path, target=None):
                if name == "spacy.lang.en.syntax_iterators" and "spacy.language" not in sys.modules:
                    raise ImportError("moved")
                return None

        sys.meta_path.insert(0, Refuse())
    """)
    assert not out["lean"] and out["complete"]
    assert all(out["same"])


def test_make_doc_keeps_languages_length_check():
    from clausecheck.nlp import pipeline

    nlp = pipeline.pipeline()
    old = nlp.max_length
    try:
        nlp.max_length = 10
        try:
            nlp.make_doc("x" * 11)
        except ValueError as exc:
            assert "E088" in str(exc)
        else:
            raise AssertionError("no E088 for a text over max_length")
        assert len(nlp.make_doc("x" * 10)) == 1
    finally:
        nlp.max_length = old


def test_spacy_imported_first_by_the_caller_builds_the_same_tokenizer():
    out = _compare("""
        import spacy  # a library user's own import, before clausecheck's
        assert spacy.blank
    """)
    assert not out["lean"] and out["complete"]  # the whole package was already there
    assert all(out["same"])
