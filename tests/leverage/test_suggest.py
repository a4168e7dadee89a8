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


# -- suggestions that fit the contract (issue 14) -------------------------------------------------

from clausecheck.leverage import suggest as suggest_mod  # noqa: E402
from clausecheck.structure import analyse as analyse_structure  # noqa: E402


@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11.3", True),
        ("11.3A", True),
        ("17A.2", True),
        ("8.4(f)", True),
        ("8.4(iv)", True),
        ("IV", True),
        ("new section at the end", False),
        ("endC", False),
        ("CHANGE IN CIRCUMSTANCES(iii)B", False),
        ("new new section", False),
        ("(iii)B", False),
    ],
)
def test_insertion_number_grammar(number, valid):
    assert suggest_mod.is_number(number) is valid


@pytest.mark.parametrize(
    ("number", "after"),
    [("8.4(iii)", "8.4(iv)"), ("8.4(b)", "8.4(c)"), ("IV", "V"), ("9", "10")],
)
def test_next_number_in_each_scheme(number, after):
    assert _next_number(number) == after


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_insertion_numbers_are_valid_in_the_contracts_own_scheme(sample_report, name):
    report = sample_report(name)
    numbers = {
        (c.label or c.number or "").rstrip(".").removeprefix("Article ").removeprefix("ARTICLE ")
        for c in report.structure.clauses
    }
    for f in report.findings:
        for s in f.suggestions:
            number = s.insertion.section_number
            assert number == "" or suggest_mod.is_number(number), (name, number)
            assert "new" not in number and "end" not in number
            if number:
                # its parent exists: 9.4A after 9.4, 17A.2 in the new 17A after 17, 8.4(f) in 8.4
                parent = re.sub(r"(?:\.\d+|\([a-z0-9]+\)|[A-Z])$", "", number)
                parent = re.sub(r"[A-Z]$", "", parent) if parent not in numbers else parent
                assert parent in numbers or not parent or parent.isdigit(), (name, number)


def test_many_new_clauses_make_one_new_section_not_a_stack(sample_report):
    report = sample_report("supplier_weak_harbor")
    numbers = [f.suggestions[0].insertion.section_number for f in report.findings if f.suggestions]
    grouped = [n for n in numbers if re.fullmatch(r"\d+A\.\d+", n)]
    assert len(grouped) >= 3
    assert sorted(int(n.split(".")[1]) for n in grouped) == list(range(1, len(grouped) + 1))
    assert len({n.split(".")[0] for n in grouped}) == 1


@pytest.mark.parametrize("name", sorted(RENDERED))
def test_suggestions_use_the_contracts_reference_word(sample_report, name):
    report = sample_report(name)
    word = reference_word(report.document.text)
    others = {"Section", "Clause", "Article"} - {word}
    for f in report.findings:
        for s in f.suggestions:
            for other in others:
                assert not re.search(rf"\b{other}s?\s+(?:\[|\d)|\b[Tt]his {other}\b", s.text), (
                    name,
                    s.entry,
                    other,
                )


def _supply(body: str, article: bool) -> str:
    the = "the " if article else ""
    return (
        "PHARMACEUTICAL SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of 1 March 2024 "
        'between Calloway Therapeutics Inc. (the "Buyer") and Vireo Pharma Manufacturing '
        'GmbH (the "Supplier").\n\n'
        f"1. Supply. {the.capitalize()}Supplier shall manufacture the Products and supply them "
        f"to {the}Buyer against purchase orders. {the.capitalize()}Supplier shall comply with "
        "good manufacturing practice.\n\n"
        f"2. Price. {the.capitalize()}Buyer shall pay the price within 30 days.\n\n"
        f"3. Quality. {the.capitalize()}Supplier shall keep batch records for five years.\n\n"
        f"4. Termination. Either party may terminate this Agreement on 90 days' notice.\n\n"
        f"5. General. This Agreement is governed by the laws of England.\n{body}"
    )


def test_defined_names_take_the_article_the_contract_uses(engine, make_doc):
    report = engine.analyse(make_doc(_supply("", article=True)), relationship="supplier")
    texts = "\n".join(s.text for f in report.findings for s in f.suggestions)
    assert "the Supplier" in texts
    assert not re.search(r"(?:^|[.;:]\s+|\n\s*(?:\([a-z]\)\s+)?)Supplier shall", texts)
    report = engine.analyse(make_doc(_supply("", article=False)), relationship="supplier")
    texts = "\n".join(s.text for f in report.findings for s in f.suggestions)
    assert re.search(r"\bSupplier shall", texts) and not re.search(r"(?i)the Supplier shall", texts)


def test_a_reference_the_contract_has_is_cited_not_left_open():
    text = _supply("", article=True)
    st = analyse_structure(_doc(text))
    filled = suggest_mod.fit_text(
        "The Buyer may terminate under Clause [X] (Termination). This Clause survives.",
        st,
        "Section",
    )
    assert filled == (
        "The Buyer may terminate under Section 4 (Termination). This Section survives."
    )
    filled = suggest_mod.fit_text("See Clause [X] (Reports).", st, "Section")
    assert filled == "See Section [X] (Reports)."  # the contract has none: left open, its word


def test_only_entries_that_fit_a_supply_agreement_are_offered(engine, make_doc):
    report = engine.analyse(make_doc(_supply("", article=True)), relationship="supplier")
    offered = [s for f in report.findings for s in f.suggestions]
    assert offered
    for s in offered:
        template = engine.library[s.entry].text
        assert "{project}" not in template and "{es_consultant}" not in template, s.entry
        assert "Performance Standards" not in s.text, s.entry
        assert engine.library[s.entry].provision != "security_and_human_rights"


def test_security_provider_duties_where_the_contract_has_security_services(engine):
    text = _supply(
        "6. Site security. The Supplier shall engage security guards at the site.\n", True
    )
    st = analyse_structure(_doc(text))
    entry = engine.library["security_and_human_rights_supplier_baseline"]
    assert suggest_mod.fits(entry, st, text)
    plain = _supply("", True)
    assert not suggest_mod.fits(entry, analyse_structure(_doc(plain)), plain)


def test_a_cue_is_searched_once_per_text_and_only_in_its_first_400000_characters():
    cue = re.compile(r"security\s+guards", re.I)
    suggest_mod._has.cache_clear()
    late = "x " * 200_000 + "Security guards"  # the cue starts past the 400,000th character
    assert not suggest_mod._has(cue, late)
    assert suggest_mod._has(cue, "x " * 199_990 + "Security guards")
    assert suggest_mod._has(cue, "The security  guards.")
    for _ in range(3):
        assert suggest_mod._has(cue, "The security  guards.")
    info = suggest_mod._has.cache_info()
    assert (info.misses, info.hits) == (3, 3)


def _doc(text: str):
    from pathlib import Path

    from clausecheck.ingest import load_bytes

    return load_bytes(text.encode("utf-8"), Path("contract.txt"))


@pytest.mark.parametrize(
    "text",
    [
        "Sections 4 and 5, Clause 2, Article 3 and Articles 7 and 8.",
        "SECTION 1 Section1 Section 2.1 Clauses 3(a) subsection 4 Article\n9 Article 10",
        "Clause 1 " * 3 + "Section 2 " * 3,  # a tie: the first word counted wins, as before
        "no references here",
        "x" * 399_995 + " Clause 9",  # runs past the 400,000th character: not counted
    ],
)
def test_reference_word_counts_as_three_separate_searches(text):
    counts = {
        w: len(re.findall(rf"\b{w}s?\s+\d", text[:400_000]))
        for w in ("Section", "Clause", "Article")
    }
    expected = max(counts, key=counts.__getitem__) if any(counts.values()) else "Section"
    reference_word.cache_clear()
    assert reference_word(text) == expected
