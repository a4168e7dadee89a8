"""Portfolio fixtures: report dicts from the sample contracts plus hand-made variants.

TODAY is fixed so that calendars do not depend on the day the tests run. ``dated`` carries a
traction section written by hand from the schema, so calendar tests do not depend on how the
extractor reads dates; ``old_style`` lacks every leverage-map key (a report stored by an older
version); ``hostile`` carries markup and formula text in every contract-derived string.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib

import pytest

from tests.conftest import SAMPLES

TODAY = dt.date(2026, 1, 15)
HOSTILE_NAME = "<img src=x onerror=alert(1)>"
HOSTILE_PATH = "contracts/</script><script>alert(2)</script>.txt"
FORMULA_TITLE = '=HYPERLINK("http://example.invalid","x")'
SAMPLE_FILES = (
    "supplier_weak_harbor.txt",
    "services_outsourcing_lumen.md",
    "distribution_enduse_argus.html",
    "jv_reserved_matters_kestrel.docx",
    "project_loan_solaris.pdf",
    "host_government_concession_ardenia.txt",
    "supplier_strong_northwind.docx",
)
LEVERAGE_FINDING_KEYS = (
    "moments",
    "leverage",
    "priority",
    "priority_reason",
    "action",
    "suggestions",
)
LEVERAGE_REPORT_KEYS = ("traction", "context", "profile")


def iso(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def variant(
    report: dict,
    *,
    path: str,
    counterparty: str | None = None,
    relationship: str | None = None,
    contract_type: str | None = None,
    statuses: dict[str, str] | None = None,
    **top,
) -> dict:
    """A deep copy with the document fields and finding statuses changed."""
    r = copy.deepcopy(report)
    doc = r["document"]
    doc["path"] = path
    doc["sha256"] = hashlib.sha256(path.encode()).hexdigest()
    if counterparty is not None:
        doc["parties"] = [p for p in doc["parties"] if p["role"] != "counterparty"] + [
            {"name": counterparty, "defined_as": "Vendor", "role": "counterparty"}
        ]
    if relationship:
        doc["relationship"] = relationship
    if contract_type:
        doc["contract_type"] = contract_type
    for f in r["findings"]:
        if statuses and f["provision"] in statuses:
            f["status"] = statuses[f["provision"]]
            f.pop("priority", None)  # recomputed from the card when absent
    r.update(top)
    return r


def strip_leverage(report: dict) -> dict:
    """The report as an older clausecheck stored it: none of the leverage-map keys."""
    r = copy.deepcopy(report)
    for key in LEVERAGE_REPORT_KEYS:
        r.pop(key, None)
    for f in r["findings"]:
        for key in LEVERAGE_FINDING_KEYS:
            f.pop(key, None)
    return r


def hand_traction() -> dict:
    """Traction written from the schema: a 3-monthly report next due in about 12 days, an audit
    window in 40-70 days, a price review in 200 days, an event row (no date) and a renewal known
    only from traction.dates (expiry in 110 days, 60 days' notice: deadline in 50 days)."""
    return {
        "moments": [],
        "markers": [],
        "timeline": [
            {
                "moment": "periodic_reporting",
                "phase": "performance",
                "label": "Quarterly labour report",
                "when": {
                    "kind": "recurrence",
                    "text": "every 3 months",
                    "date": iso(-80),
                    "every": {"n": 3, "unit": "month"},
                },
                "section": "8.1",
                "provisions": ["reporting_covenant"],
                "hr_hook": "explicit",
            },
            {
                "moment": "monitoring_audit",
                "phase": "performance",
                "label": "Social audit window",
                "when": {
                    "kind": "window",
                    "text": "the audit window",
                    "start": iso(40),
                    "end": iso(70),
                },
                "section": "8.3",
                "provisions": ["audit_rights"],
                "hr_hook": "possible",
            },
            {
                "moment": "contract_negotiation",
                "phase": "performance",
                "label": "Price review",
                "when": {"kind": "date", "text": iso(200), "date": iso(200)},
                "section": "5.2",
                "provisions": [],
                "hr_hook": "possible",
            },
            {
                "moment": "complaint_process",
                "phase": "performance",
                "label": "Each complaint",
                "when": {"kind": "event", "text": "each complaint"},
                "section": "7.1",
                "provisions": [],
                "hr_hook": "possible",
            },
        ],
        "dates": {
            "effective_date": "2024-03-01",
            "initial_term": {"n": 2, "unit": "year", "days": 730, "text": "two (2) years"},
            "expiry": iso(110),
            "renewal_term": {"n": 1, "unit": "year", "days": 365, "text": "one (1) year"},
            "non_renewal_notice": {
                "n": 60,
                "unit": "day",
                "days": 60,
                "text": "sixty (60) days",
                "section": "9.2",
            },
            "automatic_renewal": True,
            "reporting": [],
            "audit_notice": None,
            "audit_frequency": None,
            "cure_periods": [],
            "disbursement": [],
        },
    }


@pytest.fixture(scope="session")
def sample_reports(engine) -> dict[str, dict]:
    from clausecheck.report import json_report

    return {name: json_report.to_dict(engine.scan(SAMPLES / name)) for name in SAMPLE_FILES}


def build_portfolio(sample_reports: dict[str, dict]) -> list[dict]:
    """The seven samples, then hostile, old_style and dated variants (indexes 7, 8, 9)."""
    harbor = sample_reports["supplier_weak_harbor.txt"]
    hostile = variant(harbor, path=HOSTILE_PATH, counterparty=HOSTILE_NAME)
    hostile["document"]["title"] = FORMULA_TITLE
    old_style = strip_leverage(
        variant(
            sample_reports["services_outsourcing_lumen.md"],
            path="archive/lumen_2019.md",
            counterparty="Acme Finance Partners",
            relationship="lender",
            contract_type="loan",
            statuses={"audit_rights": "missing", "grievance_mechanism": "weak"},
        )
    )
    dated = variant(
        harbor,
        path="dated/harbor_renewal.txt",
        counterparty="Dated Foods Co",
        traction=hand_traction(),
    )
    return [*sample_reports.values(), hostile, old_style, dated]


@pytest.fixture(scope="session")
def portfolio_reports(sample_reports) -> list[dict]:
    return build_portfolio(sample_reports)


@pytest.fixture(scope="session")
def portfolio(portfolio_reports):
    from clausecheck.portfolio.load import contracts

    return contracts(portfolio_reports)
