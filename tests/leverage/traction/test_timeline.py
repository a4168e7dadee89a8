"""Dates and periods against the drafters' sidecars, and the timeline laid out from them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import yaml

from clausecheck.leverage.traction.timeline import add
from clausecheck.structure.dates import PERIOD, period_days
from tests.conftest import RENDERED, SAMPLES

NAMES = sorted(RENDERED)


def sidecar(name: str) -> dict:
    return yaml.safe_load((SAMPLES / "src" / f"{name}.expected.yaml").read_text(encoding="utf-8"))


def first_period(text: str) -> tuple[int, str] | None:
    m = PERIOD.search(text or "")
    return period_days(m) if m else None


def as_days(p) -> float:
    n, unit = p
    return n * {"day": 1, "business_day": 1.4, "week": 7, "month": 30.44, "year": 365.25}[unit]


@pytest.mark.parametrize("name", NAMES)
def test_initial_term_matches_sidecar(sample_report, name):
    expected = sidecar(name)["dates"]["initial_term"]
    got = sample_report(name).traction.dates["initial_term"]
    if expected is None or expected.startswith(("indefinite", "Final Maturity")):
        return  # no fixed term stated (or a loan maturity, not a term): nothing to compare
    want = first_period(expected)
    assert got is not None, f"{name}: initial term '{expected}' not found"
    assert (got.n, got.unit) == want


@pytest.mark.parametrize("name", NAMES)
def test_non_renewal_notice_matches_sidecar(sample_report, name):
    text = sidecar(name)["dates"]["renewal"] or ""
    m = re.search(r"(\d+)\s+(days|months)\s+before expiry", text)
    got = sample_report(name).traction.dates["non_renewal_notice"]
    if not m:
        return
    assert got is not None
    want = (int(m.group(1)), m.group(2).rstrip("s"))
    assert (got.n, got.unit) == want or (got.n, got.unit) == (
        24,
        "month",
    )  # Ardenia states a 12-24 month window


@pytest.mark.parametrize("name", NAMES)
def test_audit_notice_matches_sidecar(sample_report, name):
    expected = first_period(sidecar(name)["dates"]["audit_notice"])
    got = sample_report(name).traction.dates["audit_notice"]
    assert got is not None and expected is not None
    # the sidecar may list several notice periods; the extracted one must be one of them
    options = [period_days(m) for m in PERIOD.finditer(sidecar(name)["dates"]["audit_notice"])]
    assert (got.n, got.unit) in options


@pytest.mark.parametrize("name", NAMES)
def test_cure_period_found(sample_report, name):
    text = sidecar(name)["dates"]["cure_period"]
    wanted = [period_days(m) for m in PERIOD.finditer(text)]
    got = [(p.n, p.unit) for p in sample_report(name).traction.dates["cure_periods"]]
    assert set(wanted) & set(got), f"{name}: {wanted} not in {got}"


@pytest.mark.parametrize("name", NAMES)
def test_reporting_frequency_found(sample_report, name):
    text = sidecar(name)["dates"]["reporting"].lower()
    got = {(p.n, p.unit) for p in sample_report(name).traction.dates["reporting"]}
    if "quarter" in text:
        assert (3, "month") in got
    if "annual" in text:
        assert (1, "year") in got


def test_renewal_deadline_is_dated_from_the_effective_date(sample_report):
    report = sample_report("supplier_weak_harbor")
    rows = [
        r
        for r in report.traction.timeline
        if r.moment == "service_renewal" and r.when.kind == "date"
    ]
    eff = dt.date.fromisoformat(str(sidecar("supplier_weak_harbor")["effective_date"]))
    expiry = add(eff, 3, "year")
    deadline = expiry - dt.timedelta(days=60)
    assert rows and rows[0].when.date == deadline.isoformat()
    assert rows[0].when.every == (1, "year")
    assert "automatic renewal" in rows[0].label


def test_timeline_runs_by_phase(sample_report):
    order = ["pre-award", "signing", "conditions", "performance", "renewal", "exit", "survival"]
    for name in NAMES:
        phases = [order.index(r.phase) for r in sample_report(name).traction.timeline]
        assert phases == sorted(phases), name


def test_relative_rows_without_an_effective_date(engine, make_doc):
    doc = make_doc(
        "SUPPLY AGREEMENT\n\n1. Term. This Agreement continues for an initial term of two (2) years and "
        "renews automatically for successive one (1) year periods unless either party gives notice of "
        "non-renewal at least ninety (90) days before the end of the then-current term.\n\n"
        "2. Reports. The Supplier shall deliver a written report quarterly."
    )
    report = engine.analyse(doc, relationship="supplier")
    dates = report.traction.dates
    assert (dates["initial_term"].n, dates["initial_term"].unit) == (2, "year")
    assert (dates["non_renewal_notice"].n, dates["non_renewal_notice"].unit) == (90, "day")
    assert dates["automatic_renewal"] is True
    renewal = [r for r in report.traction.timeline if r.moment == "service_renewal"]
    assert (
        renewal and renewal[0].when.kind == "relative" and "90 days before" in renewal[0].when.text
    )
    reporting = [r for r in report.traction.timeline if r.moment == "periodic_reporting"]
    assert reporting and reporting[0].when.every == (3, "month") and reporting[0].when.date is None


def test_add_clamps_month_ends():
    assert add(dt.date(2024, 1, 31), 1, "month") == dt.date(2024, 2, 29)
    assert add(dt.date(2023, 6, 12), 3, "year") == dt.date(2026, 6, 12)
    assert add(dt.date(2023, 6, 12), 1, "quarter") == dt.date(2023, 9, 12)


def _supply_with_a_funds_advance() -> str:
    return (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 1 March 2024 between Calloway "
        'Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply. The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Advances. Subject to the conditions precedent in Schedule 2 being satisfied, the "
        "Buyer shall make each drawdown of the tooling advance of funds available.\n\n"
        "3. Reports. The Supplier shall deliver each\n          quarter a report on working "
        "hours, quarterly.\n\n"
        "4. Term. This Agreement shall commence on the date above and continue for two (2) "
        "years, and shall automatically renew for successive one (1) year periods unless "
        "either party gives notice at least ninety (90) days before the end of the term.\n"
    )


def test_no_disbursement_moment_in_a_supply_agreement(engine, make_doc):
    report = engine.analyse(make_doc(_supply_with_a_funds_advance()), relationship="supplier")
    assert report.traction is not None
    assert not [r for r in report.traction.timeline if r.moment == "disbursement"]
    assert not [i for i in report.traction.instances if i.moment == "disbursement"]
    assert report.traction.dates["disbursement"] == []
    lender = engine.analyse(make_doc(_supply_with_a_funds_advance()), relationship="lender")
    assert [r for r in lender.traction.timeline if r.moment == "disbursement"]


def test_timeline_labels_have_no_runs_of_whitespace(engine, make_doc):
    report = engine.analyse(make_doc(_supply_with_a_funds_advance()), relationship="supplier")
    for r in report.traction.timeline:
        assert "  " not in r.label and "\n" not in r.label
        assert "  " not in r.when.text and "\n" not in r.when.text


def test_the_non_renewal_deadline_comes_from_the_term_clause(engine, make_doc):
    report = engine.analyse(make_doc(_supply_with_a_funds_advance()), relationship="supplier")
    dates = report.traction.dates
    assert dates["expiry"] == "2026-03-01" and dates["perpetual"] is False
    notice = dates["non_renewal_notice"]
    assert (notice.n, notice.unit) == (90, "day")
    assert report.structure.clause(notice.clause_id).label == "4"
    deadline = [r for r in report.traction.timeline if r.when.date == "2025-12-01"]
    assert deadline and "non-renewal" in deadline[0].label


def _moment_rows(engine, make_doc, text: str, moment: str):
    report = engine.analyse(make_doc(text), relationship="supplier")
    return report, [r for r in report.traction.timeline if r.moment == moment]


def _first_report_row(engine, make_doc, text: str):
    report, rows = _moment_rows(engine, make_doc, text, "periodic_reporting")
    assert rows
    return report, rows[0]


def test_reports_fall_due_on_the_contracts_own_cadence(engine, make_doc):
    text = (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 10 February 2024 between "
        'Calloway Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply. The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Reports. The Supplier shall deliver a quarterly report on working hours and wages "
        "within 20 Business Days after each Quarter.\n"
    )
    _, row = _first_report_row(engine, make_doc, text)
    when = row.when
    assert "20 Business Days after each Quarter" in when.text
    assert when.every == (3, "month")
    # the quarter ending 31 March 2024, then 20 business days (about four weeks) later
    assert "2024-04-2" in when.date and when.date > "2024-04-20"


def test_a_requalification_deadline_before_expiry_is_dated(engine, make_doc):
    text = (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 1 March 2024 between Calloway "
        'Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply. The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Term. This Agreement shall commence on the date above and continue for three (3) "
        "years.\n\n3. Human rights. The Supplier shall complete the Buyer's human rights "
        "re-qualification at least 180 days before the expiry of this Agreement.\n"
    )
    report, rows = _moment_rows(engine, make_doc, text, "bid_qualification")
    assert [r.when.date for r in rows] == ["2026-09-02"]  # 180 days before 1 March 2027
    assert report.structure.clause(rows[0].clause_id).label == "3"


def _audit_contract(training: str) -> str:
    return (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 1 March 2024 between Calloway "
        'Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply. The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Human Rights Audits. The Buyer may audit and inspect any Facility and all records "
        "relating to workers to verify compliance with the human rights standards, on ten (10) "
        "days' prior written notice.\n\n"
        f"3. Training. {training}\n"
    )


def test_the_audit_window_sits_on_the_audit_clause_not_a_clause_mentioning_audits(engine, make_doc):
    text = _audit_contract(
        "Within six (6) months after the date above, and annually afterwards, the parties shall "
        "agree a programme of training on the human rights standards, designed with workers' "
        "representatives and prioritising the issues identified in Human Rights Audits."
    )
    report = engine.analyse(make_doc(text), relationship="supplier")
    rows = [r for r in report.traction.timeline if r.label == "audit window"]
    assert rows and report.structure.clause(rows[0].clause_id).label == "2"
    assert report.traction.dates["audit_frequency"] is None  # 'annually' is the training's


def test_an_audit_frequency_in_the_audit_clause_beats_one_elsewhere(engine, make_doc):
    text = _audit_contract(
        "The Supplier shall train its managers once per year and shall audit its training "
        "records once per year."
    ).replace(
        "days' prior written notice.",
        "days' prior written notice, no more than once in any twelve (12) month period.",
    )
    report = engine.analyse(make_doc(text), relationship="supplier")
    freq = report.traction.dates["audit_frequency"]
    assert freq is not None and report.structure.clause(freq.clause_id).label == "2"


def test_a_report_due_after_each_quarter_keeps_that_cadence_under_a_quarterly_heading(
    engine, make_doc
):
    text = (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 12 June 2024 between Calloway "
        'Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply\n\n1.1 The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Reporting\n\n2.1 Quarterly Reports. Within fifteen (15) days after the end of each "
        "calendar quarter, the Supplier shall deliver to the Buyer a report on volumes "
        "shipped.\n\n2.2 Records. The Supplier shall keep records for three years.\n"
    )
    report, row = _first_report_row(engine, make_doc, text)
    # the heading gives the frequency, the sentence the due date: the quarter ends 30 June
    assert row.when.text.startswith("fifteen (15) days after the end of each calendar quarter")
    assert row.when.date == "2024-07-15"
    assert report.structure.clause(row.clause_id).label == "2.1"


def test_the_end_of_the_term_sits_on_the_term_clause(engine, make_doc):
    text = (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 1 March 2024 between Calloway "
        'Foods Inc. (the "Buyer") and Vireo Packaging GmbH (the "Supplier").\n\n'
        "1. Supply. The Supplier shall supply the Products ordered by the Buyer and shall "
        "extend each delivery schedule on request.\n\n"
        "2. Exit. On termination the Supplier shall return the Buyer's materials.\n\n"
        "3. Term. This Agreement shall commence on the date above and continue for three (3) "
        "years.\n"
    )
    report = engine.analyse(make_doc(text), relationship="supplier")
    rows = [r for r in report.traction.timeline if r.when.date == "2027-03-01"]
    assert rows and "end of the initial term" in rows[0].label
    assert report.structure.clause(rows[0].clause_id).label == "3"


def test_an_event_moment_sits_on_the_clause_headed_for_it(engine, make_doc):
    text = (
        "SERVICES AGREEMENT\n\nThis Services Agreement is made as of 1 March 2024 between "
        'Calloway Foods Inc. (the "Customer") and Vireo Systems GmbH (the "Supplier").\n\n'
        "1. Records. The Supplier shall keep its records in good order and shall be responsible "
        "for the maintenance of its own books.\n\n"
        "2. Fees. The Customer shall pay the fees within 30 days.\n\n"
        "3. Support and Maintenance. The Supplier shall provide maintenance and support services "
        "for the System and shall answer each support call within one business day.\n"
    )
    report, rows = _moment_rows(engine, make_doc, text, "maintenance")
    found = [i for i in report.traction.instances if i.moment == "maintenance"]
    assert len(found) >= 2 and rows  # both clauses speak of maintenance
    assert report.structure.clause(rows[0].clause_id).label == "3"
