"""Moments created by each sample, their human-rights hooks, and the gap markers."""

from __future__ import annotations

from clausecheck.leverage.traction.instances import hr_linked
from clausecheck.types import Status


def hooks(report) -> dict[str, str]:
    order = {"absent": 0, "possible": 1, "explicit": 2}
    out: dict[str, str] = {}
    for i in report.traction.instances:
        if order[i.hr_hook] > order.get(out.get(i.moment, "absent"), -1) or i.moment not in out:
            out[i.moment] = max(out.get(i.moment, "absent"), i.hr_hook, key=order.get)
    return out


def codes(report) -> set[str]:
    return {(m.code, m.moment or m.provision) for m in report.traction.markers}


def test_strong_supplier_has_explicit_verification_moments(rules_sample_report):
    sample_report = rules_sample_report
    h = hooks(sample_report("supplier_strong_northwind"))
    for moment in ("monitoring_audit", "periodic_reporting", "complaint_process", "exit"):
        assert h[moment] == "explicit", moment
    marks = codes(sample_report("supplier_strong_northwind"))
    assert not any(c.startswith("BL") or c == "OO" for c, _ in marks)


def test_weak_supplier_moments_exist_but_are_unused(rules_sample_report):
    sample_report = rules_sample_report
    report = sample_report("supplier_weak_harbor")
    h = hooks(report)
    # a books audit, product complaints, quarterly volume reports and auto-renewal: all generic
    for moment in (
        "monitoring_audit",
        "complaint_process",
        "periodic_reporting",
        "service_renewal",
    ):
        assert h[moment] == "possible", moment
    marks = codes(report)
    for moment in (
        "monitoring_audit",
        "periodic_reporting",
        "service_renewal",
        "complaint_process",
    ):
        assert ("UM", moment) in marks, moment
    # generic termination exists, no responsible exit
    assert ("BL2", "responsible_exit") in marks


def test_unused_moment_points_to_an_extend_entry(sample_report):
    report = sample_report("supplier_weak_harbor")
    audit = next(
        m for m in report.traction.markers if m.code == "UM" and m.moment == "monitoring_audit"
    )
    assert audit.provision == "audit_rights" and audit.severity == "P1"
    assert audit.suggest == "audit_rights_supplier_extend"


def test_orphan_obligation_when_nothing_verifies_a_duty(rules_engine, make_doc):
    engine = rules_engine
    doc = make_doc(
        "SUPPLY AGREEMENT\n\n1. Labour. The Supplier shall not use forced labour, child labour or "
        "trafficked labour and shall pay at least the legal minimum wage to its workers.\n\n"
        "2. Payment. The Buyer shall pay each invoice within 30 days."
    )
    report = engine.analyse(doc, relationship="supplier")
    assert report.finding("labour_standards").status is Status.PRESENT
    oo = [m for m in report.traction.markers if m.code == "OO"]
    assert [m.provision for m in oo] == ["labour_standards"]
    assert any(m.code == "BL3" for m in report.traction.markers)  # no incident notification either


def test_immediate_termination_breaks_the_ladder(engine, make_doc):
    doc = make_doc(
        "SUPPLY AGREEMENT\n\n1. Conduct. The Supplier shall comply with the Buyer's Supplier Code of "
        "Conduct on human rights and anti-corruption.\n\n2. Termination. The Buyer may terminate this "
        "Agreement immediately by written notice if the Supplier breaches the Supplier Code of Conduct "
        "or any human rights obligation."
    )
    report = engine.analyse(doc, relationship="supplier")
    assert report.finding("termination_for_breach").status is Status.PRESENT
    found = {m.code for m in report.traction.markers}
    assert {"BL1", "BL2"} <= found


def test_signing_is_always_a_moment(sample_report):
    for name in ("supplier_weak_harbor", "project_loan_solaris"):
        insts = [
            i for i in sample_report(name).traction.instances if i.moment == "contract_negotiation"
        ]
        assert any(i.clause_id is None for i in insts)


def test_licence_renewal_only_for_licences_and_concessions(sample_report):
    supply = {
        i.moment for i in sample_report("supplier_weak_harbor").traction.instances if i.provisions
    }
    concession = {
        i.moment
        for i in sample_report("host_government_concession_ardenia").traction.instances
        if i.provisions
    }
    assert "service_renewal" in supply and "licence_renewal" not in supply
    assert "licence_renewal" in concession


def test_hr_link_follows_cross_references(rules_engine, make_doc):
    engine = rules_engine
    doc = make_doc(
        "AGREEMENT\n\n1. Human Rights. The Supplier shall respect human rights and shall not use forced "
        "labour.\n\n2. Records. The Buyer may audit the Supplier's records to verify compliance with "
        "Section 1.\n\n3. Prices. The Buyer may audit the Supplier's invoices."
    )
    report = engine.analyse(doc, relationship="supplier")
    ctx_instances = {
        i.clause_id: i.hr_hook for i in report.traction.instances if i.moment == "monitoring_audit"
    }
    assert ctx_instances.get("s2") == "explicit"
    assert hr_linked  # imported API stays public
