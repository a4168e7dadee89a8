"""Structure: numbering schemes, headings, regions and stable clause ids."""

from __future__ import annotations

import pytest

from clausecheck.structure import analyse
from clausecheck.structure.sections import parse
from tests.conftest import text_document


def labels(text):
    doc = text_document(text)
    return [(c.label, c.heading, c.kind) for c in parse(doc)]


def test_decimal_numbering_with_run_in_headings_and_sub_clauses():
    out = labels(
        'SUPPLY AGREEMENT\n\n1. DEFINITIONS\n\n1.1 Code. "Code" means the code.\n\n'
        "12.3 Audit. The Supplier shall permit audits.\n\n12.4 The Supplier shall:\n\n(a) keep records; and\n\n"
        "(b) report quarterly.\n\n(i) first item\n\n(ii) second item"
    )
    assert ("1", "DEFINITIONS", "clause") in out
    assert ("1.1", "Code", "clause") in out
    assert ("12.3", "Audit", "clause") in out
    assert ("12.4(a)", None, "clause") in out
    assert ("12.4(b)(i)", None, "clause") in out and ("12.4(b)(ii)", None, "clause") in out


def test_articles_with_roman_numerals_and_heading_on_next_line():
    out = labels(
        "ARTICLE IV\n\nTERM AND TERMINATION\n\n4.1 This Agreement starts today.\n\n"
        "ARTICLE V – PAYMENT\n\n5.1 Payment is due in 30 days."
    )
    assert ("Article IV", "TERM AND TERMINATION", "clause") in out
    assert ("4.1", None, "clause") in out
    assert ("Article V", "PAYMENT", "clause") in out


def test_run_on_text_is_split_at_inline_numbers_that_continue_the_sequence():
    text = (
        "NOW THEREFORE the parties agree as follows: 1. TERM. The term is one year. 2. PAYMENT. (a) Buyer "
        "shall pay within 30 days. (b) Late payments bear interest under Section 5 hereof. 3. NOTICES. "
        "Notices go to the address in 2.1 of the schedule."
    )
    out = labels(text)
    assert [x[0] for x in out if x[2] == "clause"] == ["1", "2", "2(a)", "2(b)", "3"]
    assert ("1", "TERM", "clause") in out


def test_table_of_contents_is_not_part_of_the_tree():
    text = (
        "TABLE OF CONTENTS\n\n1. Definitions 1\n\n2. Term 3\n\n3. Payment 4\n\n"
        'This Agreement is made between A Ltd ("Buyer") and B Ltd ("Supplier") as follows and is long enough to end the contents list of the document here.\n\n'
        "1. DEFINITIONS\n\n1.1 Terms have meanings.\n\n2. TERM\n\n2.1 One year."
    )
    out = labels(text)
    numbered = [x[0] for x in out if x[2] == "clause"]
    assert numbered == ["1", "1.1", "2", "2.1"]


def test_recitals_preamble_and_schedules():
    text = (
        'SUPPLY AGREEMENT\n\nThis Agreement is made on 1 March 2024 between Alpha Ltd ("Buyer") and Beta Co ("Supplier").\n\n'
        "RECITALS\n\n(A) The Buyer sells clothes.\n\n(B) The Supplier makes clothes.\n\nIT IS AGREED as follows:\n\n"
        "1. SUPPLY\n\n1.1 The Supplier shall supply.\n\nIN WITNESS WHEREOF the parties have signed.\n\n"
        "SCHEDULE 1 – SUPPLIER HUMAN RIGHTS STANDARDS\n\n1. Forced labour\n\n1.1 No forced labour shall be used."
    )
    out = labels(text)
    kinds = {label: kind for label, _, kind in out}
    assert kinds["Recitals(A)"] == "recital"
    assert kinds["1.1"] == "clause"
    assert kinds["Schedule 1"] == "schedule"
    assert "Schedule 1 1.1" in kinds


def test_clause_ids_are_stable_and_unique():
    doc = text_document("1. A\n\n1.1 x shall.\n\n1.1 duplicate shall.\n\n2. B\n\n2.1 y shall.")
    ids = [c.id for c in parse(doc)]
    assert len(ids) == len(set(ids))
    assert ids == [c.id for c in parse(doc)]


def test_parties_definitions_type_and_effective_date():
    doc = text_document(
        'MASTER SUPPLY AGREEMENT\n\nThis Master Supply Agreement (this "Agreement") is made on 4 March 2024 '
        '(the "Effective Date") between NORTHWIND APPAREL LIMITED, a company incorporated in England ("Buyer"), '
        'and Delta Garments Co., Ltd., a company organised in Karsana ("Supplier").\n\n'
        '1. DEFINITIONS\n\n"Code of Conduct" means the Buyer\'s supplier code.\n\n2. SUPPLY\n\n2.1 The Supplier shall supply the Goods.'
    )
    st = analyse(doc)
    assert st.contract_type == "supply" and st.relationship == "supplier"
    assert st.effective_date == "2024-03-04"
    assert [(p.defined_as, p.role) for p in st.parties] == [
        ("Buyer", "company"),
        ("Supplier", "counterparty"),
    ]
    assert st.parties[0].name == "NORTHWIND APPAREL LIMITED"
    assert "Code of Conduct" in st.definitions and "Effective Date" in st.definitions
    assert st.company == "Buyer"


def test_relationship_and_company_can_be_overridden():
    doc = text_document(
        'DISTRIBUTION AGREEMENT\n\nThis Agreement is between Argus Inc. ("Company") and Relay LLC ("Distributor").\n\n1. APPOINTMENT\n\n1.1 Company appoints Distributor.'
    )
    st = analyse(doc)
    assert (
        st.contract_type == "distribution"
        and st.relationship == "customer"
        and st.company == "Company"
    )
    st2 = analyse(doc, relationship="supplier", company="Distributor")
    assert st2.relationship == "supplier" and st2.company == "Distributor"


def test_inline_split_pattern_matches_the_lookbehind_first_form():
    """_INLINE starts with a space so the regex engine can skip to spaces; its matches equal
    those of the plain lookbehind-first pattern, on random text from the awkward pieces."""
    import random
    import re

    from clausecheck.structure.sections import _INLINE

    plain = re.compile(r"(?:(?<=[.:;])|(?<=[.:;][\"”)])|(?<=\band)|(?<=\bor))\s{1,4}(?=\S)")
    pieces = [
        ".", ":", ";", '"', "”", ")", " ", "  ", "     ", "\n", "\t", "\u00a0", "and", "or",
        "band", "for", "Oregon", "(a)", "1.2", "x", "é", "_", "And", "and\n",
    ]  # fmt: skip
    rng = random.Random(5)
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        skip = rng.randint(0, len(text))
        expected = [m.span() for m in plain.finditer(text, skip)]
        assert [m.span() for m in _INLINE.finditer(text, skip)] == expected, (text, skip)
    spans = [m.span() for m in _INLINE.finditer('a. b;  c." d and e or f band g     h')]
    assert spans == [(2, 3), (5, 7), (10, 11), (16, 17), (21, 22)]  # not "band", not 5 spaces


@pytest.mark.parametrize(
    ("text", "title", "ctype"),
    [
        # a filing's exhibit label before the title is not part of it
        (
            'Exhibit 10.4   INTELLECTUAL PROPERTY AGREEMENT   This INTELLECTUAL PROPERTY AGREEMENT (this "Agreement") is entered into by Alder Holdings Inc. and Birch Spinco Inc., each a party to the Separation, and each licenses to the other its retained patents and marks as set out in this Agreement and its schedules, with no fee.\n\n1. GRANT\n\n1.1 Alder grants to Birch a licence.',
            "INTELLECTUAL PROPERTY AGREEMENT",
            "licence",
        ),
        # no heading line: the name the preamble gives the agreement
        (
            'This Broadcast Content License Agreement ("Agreement") is entered into by Quill Media Co. ("Party A") and Rook Net Ltd. ("Party B").\n\n1. GRANT\n\n1.1 Party A grants Party B a licence to the Broadcast Content.',
            "Broadcast Content License Agreement",
            "licence",
        ),
        (
            'JAGUAR COUNTY SPONSORSHIP AGREEMENT\n\nThis Sponsorship Agreement is made between Team Fenwick LLC and Orbit Drinks Inc.\n\n1. BENEFITS\n\n1.1 Team Fenwick shall display the sponsor marks at every concession stand in the State of Ohio.',
            "JAGUAR COUNTY SPONSORSHIP AGREEMENT",
            "services",
        ),
        # a licence named beside another subject is still a licence
        (
            "EXCLUSIVE LICENSE AND CO-DEVELOPMENT AGREEMENT\n\nThis Agreement is made between Wren Pharma Inc. and Heron Labs LLC.\n\n1. LICENSE\n\n1.1 Heron grants Wren an exclusive license.",
            "EXCLUSIVE LICENSE AND CO-DEVELOPMENT AGREEMENT",
            "licence",
        ),
        # "This Agreement" names nothing; neither does a filing's confidentiality legend
        (
            "CONFIDENTIAL TREATMENT HAS BEEN REQUESTED FOR CERTAIN PORTIONS OF THIS AGREEMENT\n\nThis Agreement is made between Pike Ltd. and Tern Ltd.\n\n1. SERVICES\n\n1.1 Tern shall provide the services described in the statement of work.",
            None,
            "services",
        ),
    ],
)
def test_title_and_contract_type_from_filing_layouts(text, title, ctype):
    st = analyse(text_document(text))
    assert (st.title, st.contract_type) == (title, ctype)
