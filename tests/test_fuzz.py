"""A short, deterministic fuzz run in CI: 200 mutated sample contracts per ingestor must each
give a Document or a ClauseCheckError; every fourth Document also goes through the structure
parser (see fuzz/README.md for the long, coverage-guided run)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

FUZZ = Path(__file__).resolve().parents[1] / "fuzz"
sys.path.insert(0, str(FUZZ))

import fuzz_ingest  # noqa: E402

RUNS = 200
SEED = 20240601


@pytest.mark.parametrize("target", list(fuzz_ingest.TARGETS))
def test_mutated_inputs_fail_cleanly(target):
    stats = fuzz_ingest.random_loop(
        target, seconds=None, runs=RUNS, seed=SEED, save=False, analyse_every=4
    )
    assert stats.execs == RUNS
    assert not stats.crashes, "\n".join(
        f"{key}: reproduce with {recipe}" for key, recipe in stats.crashes.items()
    )
    # Most mutants still read (so the code past the parser is reached); for the binary formats
    # the mutations must also reach the clean refusals.
    assert stats.outcomes.get("ok", 0) > RUNS // 10, stats.outcomes
    if target in ("pdf", "docx"):
        assert sum(n for k, n in stats.outcomes.items() if k.startswith("E")) > RUNS // 20, (
            stats.outcomes
        )


def test_crash_is_reported_with_its_recipe(monkeypatch):
    """The harness itself: an ingestor bug (here a planted KeyError) is caught and named."""
    from clausecheck import ingest

    def broken(*args, **kwargs):
        raise KeyError("planted")

    monkeypatch.setattr(ingest, "load_bytes", broken)
    stats = fuzz_ingest.random_loop("text", seconds=None, runs=3, seed=SEED, save=False)
    assert stats.outcomes == {"CRASH": 3}
    ((key, recipe),) = stats.crashes.items()
    assert key.startswith("KeyError@") and recipe == f"generate('text', {SEED}, 0)"


def test_generate_is_deterministic():
    corpus = fuzz_ingest.seeds("docx")
    assert fuzz_ingest.generate("docx", 7, 3, corpus) == fuzz_ingest.generate("docx", 7, 3, corpus)
    assert fuzz_ingest.generate("docx", 7, 3, corpus) != fuzz_ingest.generate("docx", 7, 4, corpus)


def test_documents_out_of_bounds_are_caught():
    from dataclasses import replace

    from clausecheck.ingest.builder import TextBuilder

    b = TextBuilder("x.txt", "text")
    b.add_block("The Supplier shall comply.", "text:line=1")
    doc = b.build(b"x")
    fuzz_ingest.check_document(doc)
    bad = replace(doc, blocks=(replace(doc.blocks[0], end=len(doc.text) + 5),))
    with pytest.raises(AssertionError, match="outside the text"):
        fuzz_ingest.check_document(bad)
