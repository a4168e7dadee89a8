"""spaCy is imported without its command-line package, and nothing of spaCy is lost by it."""

import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_cli_package_is_not_loaded_by_clausecheck():
    out = _run("""
        import sys
        import clausecheck.engine
        print(sorted(m for m in ("spacy.cli", "typer", "weasel", "jinja2") if m in sys.modules))
    """)
    assert out.strip() == "[]"


def test_real_spacy_cli_and_info_still_work_afterwards():
    out = _run("""
        import clausecheck.nlp.pipeline
        import spacy
        import spacy.cli
        assert hasattr(spacy.cli, "download") and hasattr(spacy.cli, "info"), "real spacy.cli"
        data = spacy.info()  # the placeholder hands over to spacy.cli.info.info
        print(data["spacy_version"] == spacy.__version__)
    """)
    assert out.strip() == "True"


def test_pipeline_matches_a_plain_spacy_import():
    out = _run("""
        import clausecheck.nlp.pipeline as n
        doc = n.parse("The Supplier shall permit audits. It audited records.")
        print([t.lemma_ for t in doc][:6], [s.start_char for s in doc.sents])
    """)
    assert out.strip() == "['the', 'supplier', 'shall', 'permit', 'audit', '.'] [0, 34]"


def test_a_spacy_that_needs_more_of_its_cli_is_imported_the_ordinary_way():
    out = _run("""
        import importlib.abc, sys

        class NeedsRealCli(importlib.abc.MetaPathFinder):
            # stands for a future spaCy whose modules import more from spacy.cli at import time
            def find_spec(self, name, path, target=None):
                cli = sys.modules.get("spacy.cli")
                if name == "spacy.errors" and cli is not None and getattr(cli, "__file__", None) is None:
                    raise ImportError("cannot import name 'x' from 'spacy.cli'")
                return None

        sys.meta_path.insert(0, NeedsRealCli())
        from clausecheck.nlp.spacy_loader import spacy
        print(getattr(sys.modules["spacy.cli"], "__file__", None) is not None, spacy.blank("en")("ok")[0].text)
    """)
    assert out.strip() == "True ok"
