"""The traction calendar and the period arithmetic under it."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from clausecheck.portfolio import agenda
from clausecheck.portfolio.load import contract
from clausecheck.portfolio.periods import add_period, normalise_unit, parse_within
from tests.portfolio.conftest import TODAY, hand_traction, iso

D = dt.date


@pytest.mark.parametrize(
    "start, n, unit, expected",
    [
        (D(2025, 1, 31), 1, "month", D(2025, 2, 28)),
        (D(2024, 1, 31), 1, "months", D(2024, 2, 29)),
        (D(2025, 11, 30), 3, "month", D(2026, 2, 28)),
        (D(2025, 3, 1), -60, "day", D(2024, 12, 31)),
        (D(2025, 3, 1), 2, "week", D(2025, 3, 15)),
        (D(2025, 3, 1), 1, "quarter", D(2025, 6, 1)),
        (D(2024, 2, 29), 1, "year", D(2025, 2, 28)),
        (D(2025, 3, 3), 10, "business_day", D(2025, 3, 17)),
        (D(2025, 3, 3), 1, "fortnight", None),
    ],
)
def test_add_period(start, n, unit, expected):
    assert add_period(start, n, unit) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("90d", (90, "day")),
        ("12w", (12, "week")),
        ("6m", (6, "month")),
        ("1y", (1, "year")),
        (" 2Y ", (2, "year")),
    ],
)
def test_parse_within(text, expected):
    assert parse_within(text) == expected
    assert normalise_unit(expected[1] + "s") == expected[1]


@pytest.mark.parametrize("text", ["90", "d90", "3 months", "6x", "", "-5d"])
def test_parse_within_rejects_with_the_accepted_forms(text):
    with pytest.raises(ValueError, match="90d, 12w, 6m, 1y"):
        parse_within(text)


def test_occurrences_skip_the_past_and_stop_at_the_horizon():
    got = list(agenda.occurrences(D(2000, 1, 1), 1, "month", D(2026, 1, 15), D(2026, 4, 30)))
    assert got == [D(2026, 2, 1), D(2026, 3, 1), D(2026, 4, 1)]
    assert list(
        agenda.occurrences(
            D(2026, 1, 1), 1, "month", D(2025, 1, 1), D(2026, 3, 2), stop=D(2026, 2, 15)
        )
    ) == [D(2026, 2, 1)]
    assert list(agenda.occurrences(D(2026, 1, 1), 0, "month", D(2025, 1, 1), D(2027, 1, 1))) == []


def _events(traction: dict, today: dt.date = TODAY, days: int = 365) -> list[agenda.Event]:
    report = {
        "document": {"path": "x.txt", "relationship": "supplier", "parties": []},
        "findings": [],
        "traction": traction,
    }
    return agenda.events([contract(0, report)], today, days)


def test_hand_made_timeline_and_dates():
    by_label = {e.label: e for e in _events(hand_traction())}
    quarterly = by_label["Quarterly labour report"]
    assert (
        quarterly.start == add_period(D.fromisoformat(iso(-80)), 3, "month")
        and quarterly.every == "every 3 months"
    )
    audit = by_label["Social audit window"]
    assert (audit.start, audit.end, audit.kind) == (
        D.fromisoformat(iso(40)),
        D.fromisoformat(iso(70)),
        "audit",
    )
    assert by_label["Price review"].kind == "contract_negotiation"
    renewal = next(e for e in by_label.values() if e.kind == "renewal")
    assert (
        renewal.start == D.fromisoformat(iso(50))
        and renewal.basis == "dates"
        and "sixty (60) days" in renewal.label
    )
    assert "Each complaint" not in by_label  # event-driven: no date
    assert [agenda.horizon(e, TODAY) for e in _events(hand_traction())] == [30, 90, 90, 365]


def test_window_open_now_and_horizon_cut():
    t = hand_traction()
    t["timeline"][1]["when"].update(start=iso(-5), end=iso(3))
    audit = next(e for e in _events(t, days=30) if e.kind == "audit")
    assert audit.days_until(TODAY) == 3 and agenda.horizon(audit, TODAY) == 30  # due as it closes
    assert [e.label for e in _events(t, days=30)] == [
        "Social audit window",
        "Quarterly labour report",
    ]


def test_a_year_long_window_merely_open_is_not_due_in_the_next_30_days():
    t = hand_traction()
    t["timeline"][1]["when"].update(start=iso(-70), end=iso(294))
    audit = next(e for e in _events(t) if e.kind == "audit")
    assert audit.days_until(TODAY) == 294 and agenda.horizon(audit, TODAY) == 365
    assert "Social audit window" not in [e.label for e in _events(t, days=30)]


def test_automatic_renewal_rolls_the_notice_deadline_forward():
    t = hand_traction()
    t["timeline"] = []
    t["dates"]["expiry"] = iso(-20)  # the deadline for this term has passed: the next term's is due
    renewal = [e for e in _events(t) if e.kind == "renewal"]
    assert [e.start for e in renewal] == [
        add_period(D.fromisoformat(iso(-20)), 1, "year") - dt.timedelta(days=60)
    ]
    t["dates"]["automatic_renewal"] = False
    assert [e for e in _events(t) if e.kind == "renewal"] == []


def test_dates_fill_in_reporting_and_audit_windows_only_when_the_timeline_has_none():
    t = hand_traction()
    t["timeline"] = []
    t["dates"].update(
        effective_date="2025-10-01",
        reporting=[{"n": 1, "unit": "month", "text": "monthly", "section": "8.1"}],
        audit_frequency={"n": 1, "unit": "year", "text": "once a year"},
        audit_notice={"n": 10, "unit": "business_day", "text": "10 Business Days"},
    )
    events = {e.kind: e for e in _events(t)}
    assert events["reporting"].start == D(2026, 2, 1) and events["reporting"].basis == "dates"
    assert (events["audit"].start, events["audit"].end) == (D(2025, 10, 1), D(2026, 9, 30))
    assert "10 Business Days" in events["audit"].label
    t2 = copy.deepcopy(t)
    t2["timeline"] = hand_traction()["timeline"]
    assert [e.label for e in _events(t2) if e.kind == "reporting"] == ["Quarterly labour report"]


def test_same_day_moments_merge():
    t = hand_traction()
    twin = copy.deepcopy(t["timeline"][0])
    twin.update(label="Quarterly wage report", section="8.2", provisions=["labour_standards"])
    t["timeline"].append(twin)
    (merged,) = [e for e in _events(t) if e.kind == "reporting"]
    assert merged.label == "Quarterly labour report; Quarterly wage report"
    assert merged.section == "8.1; 8.2" and merged.provisions == (
        "reporting_covenant",
        "labour_standards",
    )


def test_old_reports_without_traction_have_no_events(portfolio):
    old = next(c for c in portfolio if c.path == "archive/lumen_2019.md")
    assert agenda.events([old], TODAY) == []


def test_real_output_renewal_deadline(sample_reports):
    """Harbor: 3-year term from 2023-06-12, automatic one-year renewals, 60 days' notice."""
    harbor = sample_reports["supplier_weak_harbor.txt"]
    if not (harbor.get("traction") or {}).get("timeline"):
        pytest.fail("the scan output lacks traction.timeline")
    c = contract(0, harbor)
    renewals = [e for e in agenda.events([c], D(2026, 1, 15)) if e.kind == "renewal"]
    assert renewals[0].start == D(2026, 4, 13) and renewals[0].section == "9.2"
    later = [e for e in agenda.events([c], D(2026, 5, 1)) if e.kind == "renewal"]
    assert D(2027, 4, 13) in [e.start for e in later]
