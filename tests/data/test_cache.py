"""The data cache: a hit gives what parsing the source gives, a changed source misses, and a
corrupt, foreign or unwritable cache is ignored (the sources are read as if it were absent)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest

from clausecheck.data import cache, regex, yamlfile
from clausecheck.nlp import anchors
from tests.conftest import SAMPLES


@pytest.fixture
def store(tmp_path, monkeypatch):
    """A fresh, empty process store in a temporary cache directory."""
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(tmp_path / "cache"))
    cache.reset()
    yield cache.store()
    cache.reset()


def _no_yaml(monkeypatch):
    def refuse(text):
        raise AssertionError("YAML parsed although the cache holds the file")

    monkeypatch.setattr(yamlfile, "loads", refuse)


def test_a_parsed_file_is_read_from_the_cache_afterwards(store, tmp_path, monkeypatch):
    src = tmp_path / "data.yaml"
    src.write_text("name: audit\nitems: [1, 2.5, true, null]\n", encoding="utf-8")
    first = yamlfile.read_mapping(src)
    store.save()
    cache.reset()
    _no_yaml(monkeypatch)
    assert yamlfile.read_mapping(src) == first == {"name": "audit", "items": [1, 2.5, True, None]}


def test_every_hit_is_a_copy_of_its_own(store, tmp_path, monkeypatch):
    src = tmp_path / "data.yaml"
    src.write_text("items: [1]\n", encoding="utf-8")
    yamlfile.read_mapping(src)["items"].append(2)
    _no_yaml(monkeypatch)
    assert yamlfile.read_mapping(src) == {"items": [1]}
    yamlfile.read_mapping(src)["items"].append(3)
    assert yamlfile.read_mapping(src) == {"items": [1]}


def test_a_changed_file_is_parsed_again(store, tmp_path):
    src = tmp_path / "data.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    assert yamlfile.read_mapping(src) == {"a": 1}
    store.save()
    cache.reset()
    src.write_text("a: 2\n", encoding="utf-8")
    assert yamlfile.read_mapping(src) == {"a": 2}


def test_values_json_would_change_are_not_cached(store, tmp_path, monkeypatch):
    src = tmp_path / "data.yaml"
    src.write_text("when: 2024-01-31\n1: one\n", encoding="utf-8")  # a date, a number key
    first = yamlfile.read_mapping(src)
    assert not store._load()  # nothing stored
    assert yamlfile.read_mapping(src) == first


def test_windows_line_endings_parse_as_before(store, tmp_path):
    src = tmp_path / "data.yaml"
    src.write_bytes(b"text: |\r\n  one\r\n  two\r\n")
    assert yamlfile.read_mapping(src) == {"text": "one\ntwo\n"}


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"\x00\xff\xfe",
        b"[]",
        json.dumps({"format": "other", "version": "0", "entries": {}}).encode(),
        json.dumps({"format": cache.FORMAT, "version": "0.0.0-other", "entries": {}}).encode(),
    ],
)
def test_a_corrupt_or_foreign_cache_is_ignored(store, tmp_path, content):
    store.path.parent.mkdir(parents=True)
    store.path.write_bytes(content)
    src = tmp_path / "data.yaml"
    src.write_text("a: [1, 2]\n", encoding="utf-8")
    assert yamlfile.read_mapping(src) == {"a": [1, 2]}
    store.save()  # replaces the bad file with a good one
    cache.reset()
    assert json.loads(store.path.read_bytes())["format"] == cache.FORMAT


def test_a_tampered_entry_is_ignored(store, tmp_path):
    src = tmp_path / "data.yaml"
    src.write_text("a: 1\n", encoding="utf-8")
    entry = cache.key("yaml", src.read_bytes())
    store._load()[entry] = "[1, 2]"  # not a mapping
    assert yamlfile.read_mapping(src) == {"a": 1}
    store._load()[entry] = "{broken"
    assert yamlfile.read_mapping(src) == {"a": 1}


def test_an_unwritable_cache_directory_is_harmless(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", str(blocker / "cache"))  # under a file
    cache.reset()
    try:
        src = tmp_path / "data.yaml"
        src.write_text("a: 1\n", encoding="utf-8")
        assert yamlfile.read_mapping(src) == {"a": 1}
        cache.store().save()
        assert not (blocker / "cache").exists()
    finally:
        cache.reset()


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", "off")
    cache.reset()
    try:
        assert cache.store().path is None
        src = tmp_path / "data.yaml"
        src.write_text("a: 1\n", encoding="utf-8")
        assert yamlfile.read_mapping(src) == {"a": 1}
        assert not cache.store()._load()
    finally:
        cache.reset()


def test_a_known_regex_is_compiled_on_first_use(store):
    first = regex.compile(r"\baudit(?:s|ed)?\b", re.I)
    assert isinstance(first, re.Pattern)
    again = regex.compile(r"\baudit(?:s|ed)?\b", re.I)
    assert isinstance(again, regex.LazyRegex)
    assert (again.pattern, again.flags) == (first.pattern, first.flags)
    assert (
        again.search("The AUDITED accounts").span() == first.search("The AUDITED accounts").span()
    )
    assert again == first


def test_inline_flags_are_kept_by_a_lazy_regex(store):
    first = regex.compile(r"(?s)a.b")
    again = regex.compile(r"(?s)a.b")
    assert isinstance(again, regex.LazyRegex) and again.flags == first.flags


def test_an_invalid_regex_still_fails_when_loaded(store):
    for _ in range(2):
        with pytest.raises(re.error):
            regex.compile(r"(unclosed", re.I)


@pytest.mark.parametrize(
    "pattern, flags",
    [
        (r"\b(?:mutual(?:ly)?|by|if)\s+agree", re.I),
        (r"\bAudit\w*", re.I),
        (r"(?:x|\d)\s+days", re.I),
        (r"[0-9]+ days", 0),
    ],
)
def test_a_prepared_pattern_from_the_cache_equals_a_fresh_one(store, pattern, flags):
    fresh = anchors.prepare(re.compile(pattern, flags))
    cached = anchors.prepare(regex.compile(pattern, flags))
    cached_again = anchors.prepare(regex.LazyRegex(pattern, re.compile(pattern, flags).flags))
    assert fresh == cached == cached_again
    text = "Mutually agree; by  agree. AUDITS, audit_x, within 30 DAYS, x days, 40 days"
    words = anchors.WordStarts(text)
    spans = [m.span() for m in words.search(fresh)]
    assert [m.span() for m in words.search(cached_again)] == spans


def test_a_warm_cache_builds_the_same_engine(tmp_path):
    """Two fresh processes, a cold cache then a warm one: the same cues and the same report."""
    code = textwrap.dedent("""
        import json, sys
        from clausecheck.engine import Engine
        from clausecheck.report import json_report
        e = Engine()
        cues = [(k, p.pattern, p.flags, p.on_lower, p.word_start, sorted(p.starts or ()))
                for k, p in e.cues.regex]
        report = json_report.to_dict(e.scan(sys.argv[1]))
        for key in ("timings", "generated", "tool_version", "model_version"):
            report.pop(key, None)
        print(json.dumps({"cues": cues, "findings": report["findings"]}, sort_keys=True))
    """)
    sample = str(SAMPLES / "supplier_weak_harbor.txt")
    env = {"CLAUSECHECK_CACHE_DIR": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    runs = []
    for _ in range(2):
        proc = subprocess.run(
            [sys.executable, "-c", code, sample],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        runs.append(json.loads(proc.stdout))
    assert (tmp_path / "cache" / "data.json").is_file()
    assert runs[0]["cues"] == runs[1]["cues"]
    assert runs[0]["findings"] == runs[1]["findings"]


def test_the_clause_model_from_the_cache_predicts_the_same(store):
    from clausecheck.model import classifier

    path = classifier.default_path()
    fresh = classifier.loads(path.read_bytes(), path=path)
    first = classifier.load(path)  # validates, then fills the cache
    cached = classifier.load(path)  # from the cache
    texts = ["The Supplier shall permit audits of its sites.", "", "Payment within 30 days."]
    for model in (first, cached):
        assert model.vocabulary == fresh.vocabulary
        assert list(model.vocabulary) == list(fresh.vocabulary)
        assert model.provisions == fresh.provisions and model.header == fresh.header
        assert model.metadata == fresh.metadata and model.path == fresh.path
        got, want = model.predict(texts), fresh.predict(texts)
        assert all((got[p] == want[p]).all() for p in fresh.provisions)
    assert list(store.path.parent.glob("clause-model-*.npz"))


def test_a_damaged_model_cache_is_ignored(store):
    from clausecheck.model import classifier

    path = classifier.default_path()
    classifier.load(path)
    for npz in store.path.parent.glob("clause-model-*.npz"):
        npz.write_bytes(b"PK\x03\x04 truncated")
    model = classifier.load(path)
    assert model.predict(["audit"])[model.provisions[0]].shape == (1, 3)


@pytest.mark.parametrize("pattern", ["(?:a|a)+$", r"\bsupplier\b"])
def test_the_backtracking_check_is_remembered_with_the_same_answer(store, monkeypatch, pattern):
    from clausecheck.data import regex_risk

    first = regex.risk(pattern, re.I)
    assert first == regex_risk.backtracking_risk(pattern, re.I)

    def refuse(*args):
        raise AssertionError("the pattern was parsed again although the cache holds its answer")

    monkeypatch.setattr(regex_risk, "backtracking_risk", refuse)
    assert regex.risk(pattern, re.I) == first
    with pytest.raises(AssertionError):  # other flags are another question
        regex.risk(pattern, 0)


PHRASES = ["human rights", "can't  terminate", "u.s. labor law", "e.g. audits", "a-b/c (x)", "x"]


def _lemma_hashes(phrases):
    from clausecheck.nlp import pipeline

    nlp = pipeline.pipeline()
    return [pipeline.lemmatize(nlp.make_doc(p)).to_array("LEMMA").tolist() for p in phrases]


def test_phrase_lemmas_from_the_cache_equal_the_tokenised_ones(store, monkeypatch):
    from clausecheck.nlp import pipeline

    nlp = pipeline.pipeline()
    first = pipeline.phrase_lemmas(nlp, PHRASES)
    assert first == _lemma_hashes(PHRASES)
    assert len(first[1]) == 4  # "ca", "n't", the second space, "terminate"

    def refuse(doc):
        raise AssertionError("tokenised although the cache holds the phrases")

    monkeypatch.setattr(pipeline, "lemmatize", refuse)
    assert pipeline.phrase_lemmas(nlp, PHRASES) == first


def test_a_tampered_phrase_entry_is_ignored(store):
    from clausecheck.nlp import pipeline

    nlp = pipeline.pipeline()
    key = pipeline._phrase_key(PHRASES)
    for bad in ([["human"]], [[1, 2]] * len(PHRASES), {"a": 1}, [None] * len(PHRASES)):
        store.put(key, bad)
        assert pipeline.phrase_lemmas(nlp, PHRASES) == _lemma_hashes(PHRASES)


def test_a_matcher_of_cached_lemmas_finds_what_one_of_docs_finds(store):
    """The shipped cue phrases through the cache and as Docs: the same matches on a sample."""
    from spacy.matcher import PhraseMatcher

    from clausecheck import ingest
    from clausecheck.data import registry
    from clausecheck.detect.context import all_groups
    from clausecheck.nlp import pipeline

    nlp = pipeline.pipeline()
    reg = registry.builtin()
    groups = [g for g in all_groups(reg.common, list(reg.provisions)) if g.phrases]
    phrases = [p for g in groups for p in g.phrases]
    pipeline.phrase_lemmas(nlp, phrases)  # fills the cache
    cached = iter(pipeline.phrase_lemmas(nlp, phrases))
    by_lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
    by_docs = PhraseMatcher(nlp.vocab, attr="LEMMA")
    for g in groups:
        by_lemmas.add(g.key, [next(cached) for _ in g.phrases])
        by_docs.add(g.key, [pipeline.lemmatize(nlp.make_doc(p)) for p in g.phrases])
    doc = pipeline.parse(ingest.load(SAMPLES / "supplier_weak_harbor.txt").text)
    found = by_lemmas(doc)
    assert len(found) > 20
    assert found == by_docs(doc)
