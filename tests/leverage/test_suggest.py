"""Suggestions: the contract's own names, extend / add, insertion points, missing definitions."""

from __future__ import annotations

import re

import pytest

from clausecheck.leverage.suggest import _next_number, reference_word
from clausecheck.types import Status
from tests.conftest import RENDERED


def test_next_number():
    assert _next_number("11.3") == "11.4"
    assert _next_number("7") == "8"
    assert _next_number("11.1(b)") == "11.1(c)"
    assert _next_number("ARTICLE IV") is None


def test_reference_word():
    assert reference_word("as set out in Clause 4 and Clause 7.2") == "Clause"
    assert reference_word("see Section 4.1") == "Section"


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_suggestions_use_the_contracts_party_names(sample_report, name):
    report = sample_report(name)
    company = next(p for p in report.structure.parties if p.role == "company")
    counter = next(p for p in report.structure.parties if p.role == "counterparty")
    texts = [s.text for f in report.findings for s in f.suggestions]
    assert texts, name
    joined = "\n".join(texts)
    assert (company.defined_as or company.name) in joined
    assert (counter.defined_as or counter.name) in joined
    assert "{" not in joined  # every placeholder filled


def test_weak_findings_extend_next_to_their_clause(sample_report):
    report = sample_report("supplier_weak_harbor")
    audit = report.finding("audit_rights")
    assert audit.status is Status.WEAK
    best = audit.suggestions[0]
    assert best.action == "extend" and best.tier == "extend"
    assert best.insertion.mode == "after" and best.insertion.anchor == "s8.3"
    assert best.insertion.section_number == "8.3A"  # 8.4 exists, so the new clause is 8.3A
    assert "Extend Section 8.3" in best.rationale


def test_missing_findings_add_before_the_boilerplate(rules_sample_report):
    report = rules_sample_report("supplier_weak_harbor")
    exit_ = report.finding("responsible_exit")
    assert exit_.status is Status.MISSING and exit_.leverage.priority == "P1"
    best = exit_.suggestions[0]
    assert best.action == "add" and best.tier == "strong"  # P1: strong tier first
    ins = best.insertion
    clause = report.structure.clause(ins.anchor)
    assert ins.mode in ("before", "after")
    if ins.mode == "before":
        assert re.search(r"general|miscellaneous|notices|governing", clause.heading, re.I)
        assert ins.offset == clause.start


def test_clause_references_point_at_this_contract(engine, make_doc):
    doc = make_doc(
        "SUPPLY AGREEMENT\n\n1. Supply. The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "2. Human Rights. The Supplier shall not use forced labour or child labour, and shall respect "
        "freedom of association and pay at least the minimum wage.\n\n3. Price. The Buyer shall pay "
        "the price within 30 days after delivery. See Section 2."
    )
    report = engine.analyse(doc, relationship="supplier")
    audit = report.finding("audit_rights")
    assert audit.status is Status.MISSING
    texts = "\n".join(s.text for s in audit.suggestions)
    assert "Section 2 (Human Rights)" in texts and "Clause [X]" not in texts


def test_definitions_the_contract_lacks_are_added(engine, make_doc):
    doc = make_doc(
        'SUPPLY AGREEMENT between Acme Ltd (the "Purchaser") and Bolt Ltd (the "Vendor").\n\n'
        "1. Supply. The Vendor shall supply the goods ordered by the Purchaser.\n\n"
        "2. General. This Agreement is governed by English law."
    )
    report = engine.analyse(doc, relationship="supplier", company="Purchaser")
    sugg = [s for f in report.findings for s in f.suggestions]
    assert sugg
    for s in sugg:
        template = engine.library[s.entry].text
        if "{company}" in template:
            assert "Purchaser" in s.text
        if "{counterparty}" in template:
            assert "Vendor" in s.text
    for s in sugg:
        for term, _ in s.definitions:
            assert term not in report.structure.definitions


def test_present_findings_get_no_suggestions(sample_report):
    report = sample_report("supplier_strong_northwind")
    for f in report.findings:
        if f.status is Status.PRESENT:
            assert f.suggestions == ()
