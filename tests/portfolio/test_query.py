"""Portfolio filters, tested as pure functions over Contract rows."""

from __future__ import annotations

import pytest

from clausecheck.portfolio import query as q
from clausecheck.portfolio.load import contracts, priority_of, provision_ids
from tests.conftest import N_PROVISIONS
from tests.portfolio.conftest import HOSTILE_NAME, HOSTILE_PATH, SAMPLE_FILES, TODAY, hand_traction


def names(items):
    return ["HOSTILE" if c.path == HOSTILE_PATH else c.path.rsplit("/", 1)[-1] for c in items]


def test_contracts_read_every_report(portfolio):
    assert len(portfolio) == len(SAMPLE_FILES) + 3
    assert all(len(c.statuses) == N_PROVISIONS for c in portfolio)
    assert len(provision_ids(portfolio)) == N_PROVISIONS
    kestrel = portfolio[3]
    assert kestrel.relationship == "partner" and kestrel.contract_type == "joint_venture"
    assert "SAVANNA CREST AGRO-INDUSTRIES LIMITED" in kestrel.counterparties


def test_old_reports_get_priorities_from_the_provision_cards(portfolio):
    old = next(c for c in portfolio if c.path == "archive/lumen_2019.md")
    assert old.relationship == "lender"
    assert (
        old.statuses["audit_rights"] == "missing" and old.priorities["audit_rights"] == "P1"
    )  # lender P1
    assert (
        old.statuses["grievance_mechanism"] == "weak"
        and old.priorities["grievance_mechanism"] == "P2"
    )  # P1 lowered
    assert priority_of({"provision": "audit_rights", "status": "present"}, "lender") is None
    assert (
        priority_of({"provision": "audit_rights", "status": "missing", "priority": "P3"}, "lender")
        == "P3"
    )


@pytest.mark.parametrize(
    "predicate, expected",
    [
        (
            q.relationship_is("supplier"),
            [
                "supplier_weak_harbor.txt",
                "services_outsourcing_lumen.md",
                "supplier_strong_northwind.docx",
                "HOSTILE",
                "harbor_renewal.txt",
            ],
        ),
        (q.relationship_is("lender"), ["project_loan_solaris.pdf", "lumen_2019.md"]),
        (q.contract_type_is("joint_venture"), ["jv_reserved_matters_kestrel.docx"]),
        (q.counterparty_contains("acme FINANCE"), ["lumen_2019.md"]),
        (q.counterparty_contains("onerror"), ["HOSTILE"]),
        (q.counterparty_contains("zzz-nobody"), []),
    ],
)
def test_single_predicates(portfolio, predicate, expected):
    assert names(q.select(portfolio, [predicate])) == expected


def test_counterparty_matches_defined_names_too(portfolio):
    vendors = q.select(portfolio, [q.counterparty_contains("vendor")])
    assert "supplier_weak_harbor.txt" in names(vendors)  # "Pinecrest ... LLC" is defined as Vendor


def test_missing_and_status(portfolio):
    missing_audit = q.select(portfolio, [q.missing("audit_rights")])
    assert "lumen_2019.md" in names(missing_audit)
    assert all(c.statuses["audit_rights"] == "missing" for c in missing_audit)
    weak_audit = q.select(portfolio, [q.has_status("audit_rights", "weak")])
    assert "supplier_weak_harbor.txt" in names(weak_audit)
    assert not set(names(weak_audit)) & set(names(missing_audit))
    both = q.select(portfolio, [q.missing("audit_rights"), q.missing("code_of_conduct")])
    assert set(names(both)) <= set(names(missing_audit))


@pytest.mark.parametrize(
    "period, hit",
    [("90d", True), ("12w", True), ("2m", True), ("1m", False), ("30d", False), ("1y", True)],
)
def test_renewal_within(portfolio, period, hit):
    """The dated variant's non-renewal notice deadline falls 50 days after TODAY."""
    dated = next(c for c in portfolio if c.path == "dated/harbor_renewal.txt")
    assert q.renewal_within(period, TODAY)(dated) is hit


def test_renewal_within_excludes_contracts_without_renewal_dates(portfolio):
    old = next(c for c in portfolio if c.path == "archive/lumen_2019.md")
    assert q.renewal_within("1y", TODAY)(old) is False


def test_query_combines_filters(portfolio):
    query = q.Query(relationship="supplier", renewal_within="60d", missing=("code_of_conduct",))
    assert names(query.run(portfolio, TODAY)) == ["harbor_renewal.txt"]
    # the real harbor scan: notice deadline 2026-04-13, 88 days after TODAY
    wider = q.Query(relationship="supplier", renewal_within="90d", missing=("code_of_conduct",))
    assert names(wider.run(portfolio, TODAY)) == [
        "supplier_weak_harbor.txt",
        "HOSTILE",
        "harbor_renewal.txt",
    ]
    assert q.Query().run(portfolio, TODAY) == portfolio


@pytest.mark.parametrize(
    "query, message",
    [
        (q.Query(missing=("audit_right",)), "unknown provision 'audit_right'"),
        (q.Query(status="weak"), "go together"),
        (q.Query(provision="audit_rights"), "go together"),
        (
            q.Query(status="absent", provision="audit_rights"),
            "must be one of present, weak, missing",
        ),
        (q.Query(renewal_within="soon"), "90d, 12w, 6m, 1y"),
    ],
)
def test_query_check_names_the_problem(portfolio, query, message):
    with pytest.raises(ValueError, match=message):
        query.check(provision_ids(portfolio))


def test_result_row(portfolio):
    row = q.result_row(next(c for c in portfolio if c.path == "dated/harbor_renewal.txt"), TODAY)
    assert row["next_renewal"] == "2026-03-06" and row["counterparty"] == "Dated Foods Co"
    assert row["lacks"][0] in ("code_of_conduct", "labour_standards", "due_diligence")
    assert set(row["statuses"].values()) <= {"present", "weak", "missing", "n/a"}


def test_hostile_name_is_data(portfolio_reports):
    (c,) = q.select(contracts(portfolio_reports), [q.counterparty_contains(HOSTILE_NAME)])
    assert c.counterparty == HOSTILE_NAME


def test_renewal_from_timeline_rows(portfolio_reports):
    report = dict(portfolio_reports[-1], traction=hand_traction())
    report["traction"]["dates"] = {}
    report["traction"]["timeline"].append(
        {
            "moment": "licence_renewal",
            "phase": "renewal",
            "label": "licence expires",
            "when": {"kind": "date", "text": "2026-02-01", "date": "2026-02-01"},
            "hr_hook": "absent",
        }
    )
    (c,) = contracts([report])
    assert q.renewal_within("30d", TODAY)(c) and not q.renewal_within("2w", TODAY)(c)
