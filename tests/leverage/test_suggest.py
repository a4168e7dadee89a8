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


# -- numbers in the contract's own scheme, on real-world layouts (issue 14) ------------------------


@pytest.mark.parametrize(
    ("number", "valid"),
    [("10.2(a)(i)", True), ("II.A", True), ("C", True), ("18A", True), ("II.    TERM", False)],
)
def test_more_insertion_number_forms(number, valid):
    assert suggest_mod.is_number(number) is valid


def test_a_list_keeps_its_own_scheme():
    letters = tuple("abcdefgh")
    assert _next_number("17.1(h)", letters) == "17.1(i)"
    assert suggest_mod._successor("17.1(i)", 1, letters) == "17.1(j)"  # not "(ii)"
    assert suggest_mod._successor("8.4(i)", 1, ("i",)) == "8.4(ii)"
    assert suggest_mod._successor("11.3A", 2) == "11.3C"
    assert _next_number("10.2(a)(i)") == "10.2(a)(ii)"
    assert _next_number("2.0") == "3.0"  # articles counted 1.0, 2.0, 3.0
    assert suggest_mod._between("18.0") == "18A"
    assert _next_number("C", ("A", "B", "C")) == "D"


def _articles_under_a_title(n_missing_heading: str) -> str:
    return (
        "MASTER SUPPLY AGREEMENT\n\n"
        'This Agreement is made on 2 May 2024 between Orrin Foods plc (the "Buyer") and '
        'Telmar Packaging Ltd (the "Supplier").\n\n'
        "AGREED TERMS\n\n"
        "1. Supply\n\n1.1 The Supplier shall supply the Products ordered by the Buyer.\n\n"
        "1.2 The Supplier shall deliver the Products to the Buyer's site.\n\n"
        "2. Termination\n\n2.1 Either party may terminate this Agreement if the other party "
        "commits a material breach and fails to cure it within 30 days after notice:\n\n"
        "(a) of the breach; or\n\n(b) of a second breach.\n\n"
        "3. Price\n\n3.1 The Buyer shall pay each invoice within 45 days.\n\n"
        f"4. {n_missing_heading}\n\n4.1 This Agreement is governed by the laws of England.\n"
    )


def test_new_clauses_take_numbers_of_the_articles_under_a_title_heading(engine, make_doc):
    report = engine.analyse(make_doc(_articles_under_a_title("General")), relationship="supplier")
    numbers = {
        f.provision: f.suggestions[0].insertion
        for f in report.findings
        if f.suggestions and f.suggestions[0].action == "add"
    }
    assert numbers
    for pid, ins in numbers.items():
        assert ins.section_number, (pid, ins)  # never "insert as : ..."
        assert suggest_mod.is_number(ins.section_number), (pid, ins.section_number)
    new = [i for i in numbers.values() if i.mode == "before"]
    assert new and all(re.fullmatch(r"3A(?:\.\d+)?", i.section_number) for i in new)
    assert all("Section 4 General" in i.reason for i in new)


def test_an_extension_in_a_list_names_the_clause_it_follows(engine, make_doc):
    report = engine.analyse(make_doc(_articles_under_a_title("General")), relationship="supplier")
    for f in report.findings:
        for s in f.suggestions:
            ins = s.insertion
            if ins.mode == "after" and ins.anchor:
                anchor = report.structure.clause(ins.anchor)
                # the reason names the clause the new one actually follows
                assert f"Section {anchor.label}" in ins.reason or "(" in anchor.label, ins


def test_conflict_minerals_only_where_goods_or_minerals_are_in_play(engine):
    entry = engine.library["conflict_minerals_supplier_baseline"]
    goods = _supply("", True)
    assert suggest_mod.fits(entry, analyse_structure(_doc(goods)), goods)
    services = (
        "CONSULTING SERVICES AGREEMENT\n\n"
        'This Agreement is made between Harlow Bank plc (the "Client") and Quill Advisory LLP '
        '(the "Consultant").\n\n1. Services. The Consultant shall provide the Services '
        "described in the statement of work.\n\n2. Fees. The Client shall pay the fees monthly.\n"
    )
    st = analyse_structure(_doc(services))
    assert st.contract_type != "supply"
    assert not suggest_mod.fits(entry, st, services)
    with_3tg = (
        services + "3. Reporting. The Consultant shall help with the Dodd-Frank 3TG report.\n"
    )
    assert suggest_mod.fits(entry, analyse_structure(_doc(with_3tg)), with_3tg)


def test_an_entry_that_names_e_and_s_standards_needs_a_contract_that_has_them(engine):
    text = _supply("", True)
    st = analyse_structure(_doc(text))
    named = [
        e
        for e in engine.library.values()
        if e.kind == "clause" and "IFC Performance Standard" in e.text
    ]
    assert named
    assert not any(suggest_mod.fits(e, st, text) for e in named)
    with_ifc = _supply(
        '6. Standards. The Supplier shall run the plant (the "Project") under the IFC '
        "Performance Standards, its environmental and social action plan and any resettlement "
        "plan.\n",
        True,
    )
    st = analyse_structure(_doc(with_ifc))
    assert any(suggest_mod.fits(e, st, with_ifc) for e in named)


def test_an_unknown_party_takes_the_entrys_name_with_the_contracts_article(engine, make_doc):
    text = _supply("", article=True)
    report = engine.analyse(make_doc(text), relationship="supplier")
    gap = next(f for f in report.findings if f.status is Status.MISSING and f.suggestions)
    # as if the parties had not been read: only the entry's own default names are left
    out = suggest_mod.for_finding(
        gap, engine.library, report.structure, report.findings, "Section", {}, text=text
    )
    joined = "\n".join(s.text for s in out)
    assert "the Supplier" in joined or "The Supplier" in joined
    assert not re.search(r"(?:^|[.;:]\s+|\n\s*(?:\([a-z]\)\s+)?)Supplier shall", joined)


def test_one_plan_the_new_clauses_refer_to_each_other(sample_report):
    """A reference the library leaves open names the clause the same plan adds: the human-rights
    standards are the new article that gathers the new clauses."""
    report = sample_report("supplier_weak_harbor")
    firsts = [f.suggestions[0] for f in report.findings if f.suggestions]
    reasons = [s.insertion.reason for s in firsts]
    article = next(
        re.search(r"one new Section (\S+) on human rights", r).group(1)
        for r in reasons
        if "on human rights gathers" in r
    )
    texts = "\n".join(s.text for f in report.findings for s in f.suggestions)
    assert f"Section {article} (Human Rights)" in texts
    assert "Section [X] (Human Rights)" not in texts
    numbers = {
        f.provision: f.suggestions[0].insertion.section_number
        for f in report.findings
        if f.suggestions
    }
    for m in re.finditer(r"Section (\S+) \(Suspension\)", texts):
        assert m.group(1) in (numbers.get("suspension_right"), "[X]") or m.group(1) in {
            c.label for c in report.structure.clauses
        }


def test_remembered_helpers_answer_as_computed():
    """with_article and _clean are remembered per argument: the answers are those of the plain
    functions, also when asked again."""
    from clausecheck.leverage.suggest import _clean, with_article

    text = "The Supplier shall deliver. the Supplier pays. Buyer pays; Buyer and the Buyer agree."
    for name, expected in (("Supplier", "the Supplier"), ("Buyer", "Buyer"), ("Acme", "Acme")):
        for _ in range(2):
            assert with_article(name, text) == expected
            assert with_article.__wrapped__(name, text) == expected
    cases = (("II.    TERM AND RENEWAL", "II"), ("Article 11.3.", "11.3"), ("x y", None))
    for raw, expected in cases:
        for _ in range(2):
            assert _clean(raw) == _clean.__wrapped__(raw) == expected


def _article_uses_by_regex(name: str, text: str) -> tuple[int, int]:
    uses = re.findall(rf"(\b[Tt]he\s+)?\b{re.escape(name)}\b", text)
    return len(uses), sum(1 for u in uses if u)


def test_article_uses_equal_the_regex_on_random_text():
    """The literal-first count of a name's uses with and without "the" equals the findall of
    the old pattern, on random text built from the awkward pieces (names inside other words,
    "the" inside words, line breaks and tabs, names ending in a full stop, "Bathe" before a
    name, a name that overlaps itself)."""
    import random

    from clausecheck.leverage.suggest import _article_uses

    pieces = [
        "the ", "The ", "the\n\t ", "The  ", "Bathe ", "bathe", "other ", "othe ", " ", "\n",
        ", ", ".", "(", ")", "\u00a0", "_", "x", "Supplier", "Suppliers", "SupplierX",
        "Acme Inc.", "Acme Inc", "Acme", "Co.", "é", "2", "Bathe", "Acme the", "Co", "xCo",
    ]  # fmt: skip
    names = [
        "Supplier",
        "Acme Inc.",
        "Acme",
        "Bathe",
        "Co.",
        "Theo",
        "(Acme)",
        "the Buyer",
        "Acme the",
        "Co Co",
    ]
    rng = random.Random(17)
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 24)))
        for name in names:
            assert _article_uses(name, text) == _article_uses_by_regex(name, text), (name, text)
    assert _article_uses("Supplier", "the Supplier and The  Supplier, Supplier") == (3, 2)
    assert _article_uses("Co Co", "xCo Co Co") == (1, 0)  # a rejected start is not skipped


def test_cue_search_on_lower_cased_text_equals_the_case_insensitive_search():
    """_has answers as cue.search(text, 0, 400000) does, for every shipped contract-type cue and
    for synthetic cues, on random text with upper and lower case, curly quotes, non-ASCII
    letters and the characters that re.I folds to ASCII letters (dotted and dotless i, long s,
    Kelvin sign), where the lower-cased search must not be used."""
    import random

    from clausecheck.data import policy
    from clausecheck.leverage.suggest import _caseless, _has

    types = policy.contract_types()
    cues = [c for c in types.provision_cues.values() if c is not None]
    cues += [need[1] for need in types.provision_needs.values() if need[1] is not None]
    cues += [need[1] for need in types.library_needs.values() if need[1] is not None]
    cues += [
        re.compile(p, re.I)
        for p in (r"\bkis\b", r"[A-Z]{2}\d", r"(?:i|s)k[^a-z]", r"“Sik”", r"\w+ S\b", r"[^\W\d]k")
    ]
    assert all(_caseless(c) is not None for c in cues)
    pieces = [
        "Security Services", "security  guards", "ARMED", "3tg", "Conflict Minerals", "ESAP",
        "esap", "IFC", "Action Plan", "“Project”", '"site"', "independent E&S consultant",
        "Resettlement", "kis", "KIS", "K", "\u212a", "\u0130", "\u0131", "\u017f", "sık",
        "é", "É", "ẞ", " ", "\n", ".", "AB1", "ab1", "_", "-", "Equator Principles",
    ]  # fmt: skip
    rng = random.Random(11)
    for _ in range(800):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        for cue in cues:
            expected = cue.search(text, 0, 400_000) is not None
            assert _has.__wrapped__(cue, text) == expected, (cue.pattern, text)
    long_text = "x" * 399_990 + " armed forces"  # the cue starts inside the first 400,000
    armed = next(c for c in cues if "armed" in c.pattern)
    assert _has.__wrapped__(armed, long_text) == (armed.search(long_text, 0, 400_000) is not None)


def test_cues_that_lower_casing_would_change_keep_the_plain_search():
    from clausecheck.leverage.suggest import _caseless

    for pattern in (
        r"\x41b",
        r"(?-i:Ab)c",
        r"[A-z]",
        r"[0-Z]",
        r"[!-~]",
        r"(a)\1",
        "Æb",
        r"\N{LATIN SMALL LETTER A}",
    ):
        assert _caseless(re.compile(pattern, re.I)) is None, pattern
    assert _caseless(re.compile("ab")) is None  # not case-insensitive: nothing to do


def test_numbered_clauses_are_computed_once_per_clauses_tuple():
    """insertion() reads the numbered clauses through a one-entry memo: the same answer as
    computing them, recomputed for another contract's clauses."""
    from clausecheck.leverage.suggest import _number_of, _numbered
    from clausecheck.structure import analyse
    from tests.conftest import text_document

    first = analyse(text_document("1. Supply\n\nThe Supplier supplies.\n\n2. Price\n\nIt pays."))
    second = analyse(text_document("ARTICLE I\n\nScope.\n\nARTICLE II\n\nTerm."))
    for st in (first, second, first):
        by_id, operative = _numbered(st.clauses)
        assert by_id == {c.id: c for c in st.clauses}
        expected = [c for c in st.clauses if c.kind == "clause" and _number_of(c, by_id)]
        assert operative == expected and operative
    assert _numbered(first.clauses)[1] is _numbered(first.clauses)[1]


def test_fits_with_the_memo_of_needed_variables_answers_as_before():
    """fits() reads which library variables an entry uses or names from a memo per entry text:
    for every shipped entry, contract type and a text with and without the variables' cues, the
    answer equals the loop over every variable that it replaced."""
    from clausecheck.data import policy
    from clausecheck.leverage import suggest
    from clausecheck.leverage.library import load_library, placeholders
    from clausecheck.types import Structure

    cues = policy.contract_types()

    def reference(entry, structure, text):
        pcue = cues.provision_cues.get(entry.provision)
        if entry.provision in cues.provision_cues and (
            pcue is None or pcue.search(text, 0, 400_000) is None
        ):
            return False
        need = cues.provision_needs.get(entry.provision)
        if need is not None and structure.contract_type not in need[0]:
            if need[1] is None or need[1].search(text, 0, 400_000) is None:
                return False
        used = placeholders(entry.text)
        for var, (types, cue) in cues.library_needs.items():
            named_by = cues.library_named.get(var)
            named = named_by is not None and named_by.search(entry.text)
            if (var in used or named) and structure.contract_type not in types:
                if cue is None or cue.search(text, 0, 400_000) is None:
                    return False
        return True

    entries = list(load_library().values())
    assert any(suggest._needed(cues, e.text) for e in entries)  # the memo has work to do
    texts = [
        "A plain supply contract.",
        "The Project site; the independent E&S consultant; IFC Performance Standards; ESAP; "
        "security services by armed guards; conflict minerals (3TG); resettlement.",
    ]
    for ctype in cues.order:
        structure = Structure(
            clauses=(), definitions={}, parties=(), contract_type=ctype, relationship="x",
            company=None,
        )  # fmt: skip
        for text in texts:
            for entry in entries:
                assert suggest.fits(entry, structure, text) == reference(entry, structure, text), (
                    entry.id,
                    ctype,
                )


def test_fit_text_skips_only_the_substitutions_that_cannot_match():
    """fit_text runs each substitution only where its literal occurs: on random bodies of
    references, open references and sentence starts, the text equals the one the three
    unconditional substitutions give."""
    import random

    from clausecheck.leverage import suggest
    from clausecheck.types import Structure

    structure = Structure(
        clauses=(), definitions={}, parties=(), contract_type="other", relationship="x",
        company=None,
    )  # fmt: skip

    def reference(body, word):
        body = suggest._REF.sub(lambda m: f"{word} [X] ({m.group(1)})", body)
        body = suggest._REF_WORD.sub(lambda m: word + (m.group(1) or ""), body)
        return suggest._SENTENCE_START.sub(lambda m: m.group(1) + "The", body)

    pieces = [
        "Clause [X] (Termination)", "Section [X] (Audit)", "Article 4", "Clauses 3", "this Clause",
        "This Section", "the Supplier", "the", ". the Buyer", "\n(a) the", " ", ".", "[X]", "X",
        "Sections [", "clause 2", "Theft", "other",
    ]  # fmt: skip
    rng = random.Random(5)
    for _ in range(2000):
        body = rng.choice(["", " "]).join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        for word in ("Section", "Clause"):
            assert suggest.fit_text(body, structure, word) == reference(body, word), body
