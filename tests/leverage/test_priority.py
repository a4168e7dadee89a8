"""Priorities (provisions.md 3.28) and the leverage fields of every finding."""

from __future__ import annotations

import pytest

from clausecheck.data.provisions import load_all
from clausecheck.leverage.priority import priority, shift_level
from clausecheck.types import Status
from tests.conftest import N_PROVISIONS

_, PROVISIONS = load_all()
BY_ID = {p.id: p for p in PROVISIONS}


def test_shift_level_stays_in_range():
    assert shift_level("P1", -1) == "P1"
    assert shift_level("P4", +1) == "P4"
    assert shift_level("P2", -1) == "P1"
    assert shift_level("-", -1) is None


@pytest.mark.parametrize(
    "pid,rel",
    [
        ("audit_rights", "supplier"),
        ("board_voting_threshold", "partner"),
        ("disbursement_conditions", "lender"),
    ],
)
def test_missing_weak_present(pid, rel):
    base = BY_ID[pid].priority[rel]
    assert priority(BY_ID[pid], Status.MISSING, rel)[0] == base
    assert priority(BY_ID[pid], Status.WEAK, rel)[0] == shift_level(base, +1)
    assert priority(BY_ID[pid], Status.PRESENT, rel)[0] is None


def test_high_risk_raises_one_level():
    p = BY_ID["capacity_building"]
    base = p.priority["supplier"]
    assert priority(p, Status.MISSING, "supplier", high_risk=True)[0] == shift_level(base, -1)
    value, why = priority(p, Status.WEAK, "supplier", high_risk=True)
    assert value == base and "high-risk" in why and "weak" in why


def test_not_applicable_has_no_priority():
    p = BY_ID["board_voting_threshold"]
    assert p.priority["supplier"] == "-"
    assert priority(p, Status.MISSING, "supplier")[0] is None


def test_every_finding_has_moments_leverage_and_action(engine, make_doc):
    report = engine.analyse(
        make_doc("AGREEMENT\n\n1. The Buyer may audit the Supplier."), relationship="supplier"
    )
    assert len(report.findings) == N_PROVISIONS
    for f in report.findings:
        lev = f.leverage
        assert lev.category in "ABCDE" and lev.purpose in ("oblige", "oblige_to_engage", "persuade")
        assert lev.moments_created == BY_ID[f.provision].moments_created
        action = {"present": None, "weak": "extend", "missing": "add"}[f.status.value]
        assert lev.action == (action if lev.applicable else None)  # never "add" when n/a
        assert lev.applicable == (BY_ID[f.provision].priority.get("supplier", "-") != "-")
        if f.status is Status.PRESENT:
            assert lev.priority is None
