"""Public real contracts beside the repository (../shared/real_contracts): every file is read
and scanned without error, and the labelled dev set meets the accuracy bar.

These files are never copied into the project; the tests only read them where they exist.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck import structure
from clausecheck.model.evaluate import evaluate
from tests.conftest import N_PROVISIONS

REAL = Path(__file__).resolve().parent.parent.parent / "shared" / "real_contracts"
pytestmark = pytest.mark.skipif(
    not REAL.is_dir(), reason="../shared/real_contracts is not beside the repository"
)
FILES = (
    sorted(p for p in REAL.glob("*/*") if p.suffix in (".txt", ".md", ".pdf"))
    if REAL.is_dir()
    else []
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:40])
def test_scans_without_error_and_finds_a_tree(engine, path):
    report = engine.scan(path)
    assert len(report.findings) == N_PROVISIONS
    nodes = [
        c
        for c in report.structure.clauses
        if c.kind in ("clause", "heading") and (c.number or c.heading)
    ]
    assert len(nodes) >= 5, "no sensible clause tree"
    text = report.document.text
    for f in report.findings:
        for ev in f.evidence:
            assert text[ev.start : ev.end] == ev.text


def test_dev_set_meets_the_accuracy_bar(engine):
    result = evaluate(engine.scan, REAL / "dev", REAL / "dev" / "labels.jsonl")
    assert not result["errors"]
    assert result["overall"]["accuracy"] >= 0.88
    assert result["overall"]["mean_present_f1"] >= 0.85


def test_outline_types(engine):
    for path in FILES:
        st = structure.analyse(engine.scan(path).document)
        assert st.contract_type in (
            "supply",
            "distribution",
            "services",
            "licence",
            "joint_venture",
            "loan",
            "host_government",
            "other",
        )
