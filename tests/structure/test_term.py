"""Dates and term: agreement and effective date, expiry or perpetual, initial and renewal term,
automatic renewal and the notice to stop it, each with the clause that states it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.ingest import load_bytes
from clausecheck.structure import analyse
from clausecheck.structure.dates import find_dates
from clausecheck.types import Document


def _plain(text: str) -> Document:
    return load_bytes(text.encode("utf-8"), Path("contract.txt"))


PREAMBLE = (
    "SERVICES AGREEMENT\n\nThis Services Agreement is made as of March 18, 2021 (the "
    '"Effective Date") by and between Larchmont Analytics, Inc. ("Provider") and Oswin '
    'Retail Ltd ("Client").\n\n'
)


def term_of(body: str, preamble: str = PREAMBLE):
    st = analyse(_plain(preamble + body))
    assert st.term is not None
    return st, st.term


def expiry_of(heading: str, sentence: str) -> str | None:
    """The expiry read from one sentence under a heading: an ISO date, "perpetual" or None."""
    _, t = term_of(f"{heading}\n\n{sentence}\n")
    return t.expiry.value if t.expiry else None


def test_fixed_term_with_automatic_renewal_and_notice():
    st, t = term_of(
        "1. Services\n\nProvider shall provide the services.\n\n"
        "2. Term\n\n2.1 This Agreement shall commence on the Effective Date and continue for "
        "an initial term of three (3) years.\n\n2.2 Thereafter this Agreement shall "
        "automatically renew for successive one (1) year periods unless either party gives "
        "written notice of non-renewal at least ninety (90) days before the end of the "
        "then-current term.\n"
    )
    assert t.effective_date.value == "2021-03-18"
    assert (t.initial_term.n, t.initial_term.unit) == (3, "year")
    assert t.expiry.value == "2024-03-18" and t.expiry.derived
    assert (t.renewal_term.n, t.renewal_term.unit) == (1, "year")
    assert (t.renewal_notice.n, t.renewal_notice.unit) == (90, "day")
    assert t.automatic_renewal is True
    clause = st.clause(t.renewal_notice.clause_id)
    assert clause is not None and clause.label == "2.2"
    assert st.clause(t.initial_term.clause_id).label == "2.1"


def test_renewal_by_agreement_is_not_automatic():
    _, t = term_of(
        "5. Term. This Agreement shall commence on the Effective Date and continue for two (2) "
        "years. It may be renewed for further periods of one (1) year if both parties so agree "
        "in writing.\n"
    )
    assert (t.renewal_term.n, t.renewal_term.unit) == (1, "year")
    assert t.automatic_renewal is False


@pytest.mark.parametrize(
    ("renewal", "automatic"),
    [
        (
            "The Term shall be extended for further one year periods upon the mutual agreement of "
            "the parties.",
            False,
        ),
        ("The Term may be extended by one (1) year by written agreement of both Parties.", False),
        ("This Agreement is concluded by calendar year and renewed tacitly every year.", True),
        (
            "After the Initial Term, this Agreement shall continue on a month to month basis until "
            "terminated by either party upon thirty (30) days' notice.",
            True,
        ),
        # renewal by agreement, and automatic renewal where no one gives notice: automatic
        (
            "This Agreement may be renewed for successive one (1) year terms by mutual written "
            "agreement. If neither party gives notice of its wish not to renew at least thirty "
            "(30) days before the end of the term, the term shall be automatically renewed for "
            "one (1) year.",
            True,
        ),
    ],
)
def test_whether_a_renewal_is_automatic(renewal, automatic):
    _, t = term_of(
        "5. Term\n\nThis Agreement shall commence on the Effective Date and continue for two (2) "
        f'years (the "Initial Term"). {renewal}\n'
    )
    assert t.renewal_term is not None and t.automatic_renewal is automatic


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement shall commence on the Effective Date and shall continue in full force "
        "and effect until terminated by either party in accordance with Section 9.",
        "The term of this Agreement shall begin on the Effective Date and continue until either "
        "party gives the other thirty (30) days' written notice of termination.",
        "This Agreement shall remain in effect for so long as Client uses the services.",
    ],
)
def test_until_terminated_is_perpetual(sentence):
    _, t = term_of(f"4. Term\n\n{sentence}\n")
    assert t.expiry is not None and t.expiry.value == "perpetual"
    assert t.initial_term is None


def test_written_end_date_wins_over_a_passing_mention():
    _, t = term_of(
        "3. Fees. During the term of this Agreement Client shall pay the fees monthly.\n\n"
        "8. Term. This Agreement shall begin on the Effective Date and shall continue until "
        "December 31, 2023, unless terminated earlier.\n"
    )
    assert t.expiry.value == "2023-12-31" and not t.expiry.derived
    assert "December 31, 2023" in t.expiry.text


def test_effective_date_stated_apart_from_the_agreement_date():
    _, t = term_of(
        "1. Term. This Agreement shall commence on the Effective Date.\n",
        preamble=(
            "This Licence Agreement is dated 2 February 2022 between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee"). "Effective Date" means 1 April '
            "2022.\n\n"
        ),
    )
    assert t.agreement_date.value == "2022-02-02"
    assert t.effective_date.value == "2022-04-01" and not t.effective_date.derived


@pytest.mark.parametrize(
    ("definition", "iso", "derived"),
    [
        ("EFFECTIVE DATE shall mean the date of delivery, i.e. May 5, 2022.", "2022-05-05", False),
        ("1.4 Effective Date means 9 June 2022.", "2022-06-09", False),
        # a definition without a date: the agreement date stands in
        ("EFFECTIVE DATE shall mean the date the Services start.", "2022-02-02", True),
    ],
)
def test_effective_date_defined_on_its_own_line_without_quotes(definition, iso, derived):
    _, t = term_of(
        f"1. Definitions\n\n{definition}\n\n2. Term. This Agreement shall commence on the "
        "Effective Date.\n",
        preamble=(
            "This Licence Agreement is dated 2 February 2022 between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
        ),
    )
    assert t.effective_date.value == iso and bool(t.effective_date.derived) is derived


def test_without_a_stated_effective_date_the_agreement_date_stands_in_and_says_so():
    _, t = term_of(
        "1. Term. This Agreement shall continue for one (1) year.\n",
        preamble=(
            "This Agreement is dated 2 February 2022 between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
        ),
    )
    assert t.effective_date.value == "2022-02-02"
    assert "agreement date" in t.effective_date.derived


def test_an_amendment_is_recognised():
    _, t = term_of(
        "1. Section 4 of the Agreement is deleted.\n",
        preamble=(
            "AMENDMENT NO. 2 TO SUPPLY AGREEMENT\n\nThis Amendment is made as of May 1, 2020 "
            'between Tallis Foods, LLC ("Tallis") and Oren Packaging Inc. ("Oren").\n\n'
        ),
    )
    assert t.is_amendment is True
    _, t = term_of("1. Term. This Agreement shall continue for one (1) year.\n")
    assert t.is_amendment is False


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("July 11 , 2006", "2006-07-11"),
        ("the 24t h day of August 2018", "2018-08-24"),
        ("the first day of July, 2017", "2017-07-01"),
        ("9/24/18", "2018-09-24"),
        ("12-23-2019", "2019-12-23"),
        ("1.4.2011", "2011-04-01"),
        ("31st day of March 2015", "2015-03-31"),
        ("THE 19 DAY OF MAY , 2010", "2010-05-19"),
        ("the first day of July , 2017", "2017-07-01"),
        ("the 3rd of January, 2022", "2022-01-03"),
        ("7-Sep-2023", "2023-09-07"),
        ("07-SEP-23", "2023-09-07"),
    ],
)
def test_dates_as_contracts_write_them(written, iso):
    found = find_dates(f"made on {written} by the parties")
    assert [d.isoformat() for _, _, d in found] == [iso]


@pytest.mark.parametrize("written", ["clause 4 of May 2021 terms", "Schedule 1-A-2021"])
def test_numbers_beside_a_month_or_year_are_not_dates(written):
    assert find_dates(f"as set out in {written} by the parties") == []


def test_section_numbers_are_not_dates():
    assert find_dates("see Section 12.3.4 and clause 1.2") == []


def test_continuing_for_additional_periods_is_a_renewal():
    _, t = term_of(
        "6. Term. This Agreement shall commence on the Effective Date and continue for two (2) "
        "years. This Agreement shall automatically continue following the initial term, for an "
        "additional period of three (3) years, unless a party gives written notice at least "
        "sixty (60) days prior to the expiration of the term.\n"
    )
    assert (t.initial_term.n, t.initial_term.unit) == (2, "year")
    assert (t.renewal_term.n, t.renewal_term.unit) == (3, "year")
    assert (t.renewal_notice.n, t.renewal_notice.unit) == (60, "day")
    assert t.automatic_renewal is True


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The term shall run until the end of the current calendar year.", "2021-12-31"),
        ("This Agreement shall end on the second anniversary of the Effective Date.", "2023-03-18"),
        ("The term of this Agreement ends at December 31, 2025.", "2025-12-31"),
        # a dotted date at the end of the sentence
        ("The Agreement shall be valid until 31.12.2025.", "2025-12-31"),
        # an end counted from the start, and verbs that state a length
        ("This Agreement shall terminate three (3) years from the Effective Date.", "2024-03-18"),
        ("The Term shall last two years.", "2023-03-18"),
        ("The validity of this Agreement is two (2) years.", "2023-03-18"),
        (
            "This Agreement shall remain in effect through the end of calendar year 2025.",
            "2025-12-31",
        ),
        # a renewal named in an aside before the verb is not where the sentence turns to renewals
        (
            "This Agreement shall, unless terminated earlier under Section 9 or extended by "
            "written agreement of the parties, continue in force for a period of two (2) years.",
            "2023-03-18",
        ),
        ("This Agreement shall be binding for two (2) years.", "2023-03-18"),
        (
            "The term of this Agreement expires on the third year anniversary of the Effective "
            "Date.",
            "2024-03-18",
        ),
    ],
)
def test_written_ends(sentence, iso):
    _, t = term_of(f"9. Term\n\nThis Agreement shall commence on the Effective Date. {sentence}\n")
    assert t.expiry is not None and t.expiry.value == iso


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Term: Three (3) years", "2024-03-18"),
        ("Initial Term: thirty-six (36) months from the Effective Date", "2024-03-18"),
    ],
)
def test_a_length_written_as_a_labelled_field(line, iso):
    _, t = term_of(f"1. Key Terms\n\n{line}\n\nFees: as set out in Schedule 1\n")
    assert t.expiry is not None and t.expiry.value == iso


@pytest.mark.parametrize(
    "body",
    [
        # a page number alone between two blank lines inside the sentence
        "This Agreement shall continue for a period of\n\n12\n\nfive (5) years from the "
        "Effective Date.",
        # a page break after a comma, or after a word that needs the next
        "This Agreement shall continue until December 31,\n\n2024.",
        "This Agreement shall continue for a period of\n\nThree (3) years and shall end on "
        "December 31, 2024.",
    ],
)
def test_a_page_break_inside_the_term_sentence_does_not_end_it(body):
    _, t = term_of(f"9. Term\n\n{body}\n")
    assert t.expiry is not None
    assert t.expiry.value == ("2026-03-18" if "five" in body else "2024-12-31")


def test_the_items_of_a_list_joined_by_and_stay_apart_across_a_blank_line():
    _, t = term_of(
        "9. Term\n\nThis Agreement shall continue for two (2) years.\n\n10. Termination\n\n"
        "(a) Either party may terminate this Agreement upon 30 days written notice if the other "
        "party changes control; and\n\n(b) Upon termination or expiration of this Agreement "
        "each party shall return the other's property.\n"
    )
    assert t.renewal_notice is None


def test_a_text_without_clauses_has_no_term_and_no_error():
    from clausecheck.structure.term import find_term

    t = find_term("This Agreement shall continue for two (2) years.", (), 0)
    assert t.expiry is None and (t.initial_term.n, t.initial_term.unit) == (2, "year")


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        (
            '"Contract Period" shall mean the period commencing on April 1, 2021 and concluding '
            "March 31, 2024.",
            "2024-03-31",
        ),
        (
            'The term (the "Term") shall commence on April 1, 2021 and end on June 30, 2022.',
            "2022-06-30",
        ),
        (
            'The "Term" shall begin on the date hereof and shall expire December 31, 2023.',
            "2023-12-31",
        ),
        (
            "The Cooperation Term shall be two years from May 1, 2021 to April 30, 2023.",
            "2023-04-30",
        ),
        ("This Agreement shall be for the term of one year.", "2022-03-18"),
        (
            "The term of the Franchise shall be ten (10) years, commencing on January 1, 2022.",
            "2032-01-01",
        ),
        (
            "It shall be effective on 6 October 2021 and shall have a duration of two years.",
            "2023-10-06",
        ),
        # a minimum length is the initial term
        (
            "The Provider's obligations hereunder shall become effective upon the Effective Date "
            "and shall remain in full force and effect for at least two years thereafter.",
            "2023-03-18",
        ),
    ],
)
def test_term_sentences_outside_a_term_heading(sentence, iso):
    assert expiry_of("7. General", sentence) == iso


@pytest.mark.parametrize(
    ("heading", "sentence", "iso"),
    [
        # under a term heading, a sentence may state the term in its own words
        (
            "4. Duration",
            "The Supplier's services hereunder shall continue for three (3) years.",
            "2024-03-18",
        ),
        (
            "4. Term of Agreement",
            "The duties under this Agreement shall remain in place for two years.",
            "2023-03-18",
        ),
        # the same words elsewhere, or about something other than this contract, are no term
        (
            "4. General",
            "The Supplier's services hereunder shall continue for three (3) years.",
            None,
        ),
        ("4. Promotion Term", "The Promotion shall run for six months.", None),
        # the grant or appointment the contract makes, for a stated period, under a term heading
        (
            "4. Term",
            "The distributorship shall be for a period of two (2) years from the Effective Date.",
            "2023-03-18",
        ),
        (
            "4. Term",
            "The licence granted in Clause 2 shall be for an initial term of three (3) years.",
            "2024-03-18",
        ),
        (
            "4. Fees",
            "The distributorship shall be for a period of two (2) years from the Effective Date.",
            None,
        ),
    ],
)
def test_a_term_heading_lets_a_sentence_state_the_term(heading, sentence, iso):
    assert expiry_of(heading, sentence) == iso


@pytest.mark.parametrize(
    "sentence",
    [
        "This Agreement shall be valid for an indefinite period.",
        "This Agreement and the licence granted herein shall remain effective until terminated.",
        "This Agreement shall apply and remain in effect from the Effective Date and perpetually "
        "thereafter unless terminated under Section 9.",
        # the contract's own "indefinitely", though a right is named after it
        "This Agreement shall continue indefinitely. Provider shall have the right to terminate "
        "it on thirty days' notice.",
    ],
)
def test_perpetual_outside_a_term_heading(sentence):
    assert expiry_of("7. General", sentence) == "perpetual"


@pytest.mark.parametrize(
    "sentence",
    [
        '"Trademark License Term" means the period commencing on the Effective Date and ending '
        "twenty-four (24) months thereafter.",
        "Provider may assign this Agreement if its key managers will remain indefinitely.",
        "The report covers the period 1 July 2021 - 30 June 2022.",
        "Either party may terminate this Agreement by notice of at least three months.",
        # "no termination right" is not "no term"; a perpetual licence or secret is not the term
        "This Agreement shall remain in effect as set out below, but no termination right shall "
        "exist for a reorganisation.",
        "This Agreement shall remain in effect and the Licensee shall hold a perpetual, "
        "irrevocable licence to the Reports.",
        "The contract shall continue to bind the Client, whose know-how shall remain confidential "
        "in perpetuity.",
        # an end counted from a notice, not from the start; "the last two years" is no length
        "This Agreement shall terminate six (6) months after either party gives notice of "
        "its wish to end it.",
        "This Agreement shall remain binding on the fees paid in the last two (2) years.",
    ],
)
def test_other_periods_are_not_the_contract_term(sentence):
    assert expiry_of("7. General", sentence) is None


@pytest.mark.parametrize(
    ("sentence", "renewal", "notice"),
    [
        (
            "This Agreement shall be valid for a period of five (5) years with automatic renewal "
            "of one year thereafter unless either party gives written notice at least three "
            "calendar months before the expiry.",
            (1, "year"),
            (3, "month"),
        ),
        (
            "The term of this Agreement shall be two (2) years with automatic annual renewals "
            "thereafter unless either party gives sixty (60) days notice prior to the renewal "
            "date.",
            (1, "year"),
            (60, "day"),
        ),
        (
            "This Agreement will extend automatically for monthly periods unless either party "
            "notifies the other in writing at least thirty (30) days before the end of the term.",
            (1, "month"),
            (30, "day"),
        ),
    ],
)
def test_renewal_periods_as_contracts_write_them(sentence, renewal, notice):
    _, t = term_of(f"5. Term\n\n{sentence}\n")
    assert (t.renewal_term.n, t.renewal_term.unit) == renewal
    assert (t.renewal_notice.n, t.renewal_notice.unit) == notice


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        (
            "This Agreement shall commence on the Effective Date and remain in force until the "
            "end of the tenth (10th) Supply Year, and shall continue in force thereafter until "
            "terminated by either party on forty-five (45) days' prior written notice.",
            (45, "day"),
        ),
        (
            "The initial term of this Agreement is three (3) years. After the Initial Term, this "
            "Agreement shall remain in effect until either party gives the other ninety (90) days' "
            "written notice of termination.",
            (90, "day"),
        ),
        (
            "This Agreement shall run until 30 June 2033 and shall thereafter continue unless and "
            "until terminated by either party giving not less than six (6) months' notice.",
            (6, "month"),
        ),
    ],
)
def test_a_contract_that_runs_on_after_its_term_until_ended_is_evergreen(sentence, notice):
    _, t = term_of(f"5. Term\n\n{sentence}\n")
    assert t.evergreen is not None and t.evergreen.value == "perpetual"
    assert t.renewal_term is None
    assert (t.renewal_notice.n, t.renewal_notice.unit) == notice


@pytest.mark.parametrize(
    "sentence",
    [
        # "thereafter" after the start, not after a fixed term: a perpetual contract
        "This Agreement will become effective as of the date first written above and will "
        "continue in effect thereafter until terminated under Section 9.",
        '"Term" means the period commencing on the Effective Date and continuing thereafter '
        "until this Agreement is terminated under Section 12.",
        # a renewal with a length is a renewal term, not an evergreen one
        "This Agreement shall continue for two (2) years and from year to year thereafter "
        "until terminated by either party.",
    ],
)
def test_running_on_from_the_start_or_by_yearly_renewals_is_not_evergreen(sentence):
    _, t = term_of(f"5. Term\n\n{sentence}\n")
    assert t.evergreen is None


@pytest.mark.parametrize(
    "sentence",
    [
        "Provider may change its fees at the end of the initial term or any renewal term upon "
        "thirty (30) days' prior notice.",
        "Provider may revise the service levels at the end of the initial term by giving sixty "
        "(60) days' notice to Client.",
    ],
)
def test_a_notice_to_change_fees_or_service_levels_is_no_renewal_notice(sentence):
    _, t = term_of(
        f"6. Term\n\nThis Agreement shall continue for two (2) years.\n\n7. Fees\n\n{sentence}\n"
    )
    assert t.renewal_notice is None


def test_a_monthly_fee_is_not_a_renewal_period():
    _, t = term_of(
        "5. Fees\n\nIf Client elects to extend the Agreement the monthly fee shall be "
        "recalculated.\n"
    )
    assert t.renewal_term is None


def test_a_period_after_the_term_while_it_lasts_is_not_the_term():
    _, t = term_of(
        "9. Standstill\n\nSo long as this Agreement remains in effect and for a period of one "
        "(1) year thereafter, Client shall not acquire shares of Provider.\n"
    )
    assert t.initial_term is None and t.expiry is None


@pytest.mark.parametrize(
    ("other", "own"),
    [
        ("an Upstream Agreement shall terminate", "This Agreement shall terminate"),
        ("any Ancillary Agreement shall terminate", "The Agreement shall terminate"),
    ],
)
def test_the_term_of_another_named_agreement_is_not_this_ones(other, own):
    sentence = "{} at the option of either party on sixty days' notice to the other."
    _, t = term_of(f"7. Licences\n\nThe payment obligation under {sentence.format(other)}\n")
    assert t.expiry is None
    _, t = term_of(f"7. Licences\n\n{sentence.format(own)}\n")
    assert t.expiry is not None and t.expiry.value == "perpetual"


def test_this_named_agreement_and_a_contract_period_are_this_contracts_term():
    _, t = term_of(
        "10. Term\n\n10.1 This Services Agreement will begin on the Effective Date "
        "and continue for four (4) years.\n"
    )
    assert t.expiry.value == "2025-03-18"
    _, t = term_of(
        '1. Definitions\n\n(a) "Contract Period" shall mean the period commencing on '
        "January 1, 2022 and concluding December 31, 2024.\n"
    )
    assert t.expiry.value == "2024-12-31"


# clauses enough to push the signature block past the preamble's reach
FILLER = "".join(
    f"{i}. Services. Provider shall provide the services described in Schedule {i} with due "
    "care and skill and in accordance with good industry practice.\n\n"
    for i in range(1, 40)
)
UNDATED = (
    "SERVICES AGREEMENT\n\nThis Services Agreement is entered into as of the {} (the "
    '"Effective Date") by and between Larchmont Analytics, Inc. ("Provider") and each party '
    'identified on the signature page hereto ("Client").\n\n'
)


def test_effective_as_of_the_last_signature_reads_the_signature_block_not_the_preamble():
    _, t = term_of(
        "1. Services. Provider shall provide the services.\n\nIN WITNESS WHEREOF the parties "
        "sign this Agreement.\n\nLARCHMONT ANALYTICS, INC.\nBy: /s/ A. Person\nDate: March 2, "
        "2021\n\nOSWIN RETAIL LTD\nBy: /s/ B. Person\nDate: March 9, 2021\n\nEXHIBIT A\n\n"
        "Price list of 10/13/2021\n",
        preamble=UNDATED.format("latest date set forth below"),
    )
    assert t.effective_date.value == "2021-03-09"


def test_without_a_witness_clause_the_dates_on_signature_lines_count():
    _, t = term_of(
        FILLER + "Provider: By: /s/ A. Person Date: 08/19/2021\n",
        preamble=UNDATED.format("date noted below"),
    )
    assert t.effective_date.value == "2021-08-19"


def test_dates_in_prose_or_a_table_after_the_signatures_are_not_signing_dates():
    _, t = term_of(
        FILLER + "IN WITNESS WHEREOF the parties "
        "sign this Agreement.\n\nSigned and effective this 25th day of May, 2021.\n\nThe fee "
        "will decrease by 1% effective 10/1/21 under a memorandum dated 4/7/21.\n",
        preamble=UNDATED.format("date written below"),
    )
    assert t.effective_date.value == "2021-05-25"


@pytest.mark.parametrize(
    "sentence",
    [
        # a quoted defined "Term" and present-tense verbs state the term
        '1.9 "Term" means the period commencing on the Effective Date and continuing thereafter '
        "indefinitely until this Agreement is terminated under Section 10.",
        "This Agreement begins on the Effective Date and continues indefinitely unless sooner "
        "terminated under Article 5.",
        # a term that ends only when a party or another instrument ends it
        "This Agreement shall terminate, subject to any extension required by law, upon either "
        "party giving at least ninety (90) days' written notice to the other.",
        "This Agreement shall terminate (a) at the option of any party, upon 60 days' notice.",
        "This Agreement shall become effective on the date above and shall govern the relations "
        "between the parties thereafter, unless terminated under this Section 6.",
        "This Agreement shall continue until the expiration or earlier termination of the "
        "Development and License Agreement.",
    ],
)
def test_a_term_that_ends_only_when_someone_ends_it_is_perpetual(sentence):
    assert expiry_of("6. Miscellaneous", sentence) == "perpetual"


@pytest.mark.parametrize(
    "sentence",
    [
        # an end on an event: the contract ends when it happens, which is no date and not
        # "until terminated" either
        "This Agreement shall terminate upon the closing of the Public Offering.",
        "This Agreement shall terminate if Brantley Holdings ceases to hold shares in Wexford.",
        "The engagement shall terminate when the Project reaches Final Acceptance.",
        "This Agreement shall remain in effect until a party has delivered all the Products "
        "ordered under it.",
    ],
)
def test_a_term_that_ends_on_an_event_is_neither_dated_nor_perpetual(sentence):
    assert expiry_of("6. Term", sentence) is None


@pytest.mark.parametrize(
    ("preamble", "iso"),
    [
        (PREAMBLE, "2024-03-18"),
        # the date it counts from is not known: no end, but not "perpetual" either
        (
            'SERVICES AGREEMENT\n\nBetween Larchmont Analytics, Inc. ("Provider") and Oswin Retail '
            'Ltd ("Client").\n\n',
            None,
        ),
    ],
)
def test_until_the_earlier_of_termination_or_a_length_is_bounded(preamble, iso):
    _, t = term_of(
        "6. Term\n\nThis Agreement shall remain in effect until the earlier of (a) its "
        "termination under Article 9 or (b) the date that is three (3) years after the date of "
        "this Agreement.\n",
        preamble=preamble,
    )
    assert (t.expiry.value if t.expiry else None) == iso


def test_a_preamble_after_a_long_table_of_contents_dates_the_agreement():
    contents = "".join(
        f"Article {i}   Heading number {i} . . . . . . . . . . . . . . . . . . .   {i} "
        for i in range(1, 31)
    )  # one long line, as a PDF's contents page converts
    _, t = term_of(
        "1. Supply\n\nSupplier shall supply the Products.\n",
        preamble=(
            "DISTRIBUTOR AGREEMENT\n\nby and between\n\nHALVERN TOOLS CORPORATION\n\nand\n\n"
            f"MOSSGROVE SYSTEMS, INC.\n\nTABLE OF CONTENTS\n\n{contents}\n"
            'DISTRIBUTOR AGREEMENT (the "Agreement") is made as of the 1st day of January, 2031 '
            "by and between Halvern Tools Corporation and Mossgrove Systems, Inc.\n\n"
        ),
    )
    assert t.agreement_date is not None and t.agreement_date.value == "2031-01-01"


def test_a_term_that_ends_when_a_defined_period_expires_is_not_perpetual():
    _, t = term_of(
        "6. Term\n\nThis Agreement shall continue until the expiration of the Warranty Period "
        "as defined in Section 9.\n"
    )
    assert t.expiry is None


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        ("The term of this Agreement shall commence on April 2, 2021.", "2021-04-02"),
        ("The commencement date for this contract will be 16th June 2021.", "2021-06-16"),
        ("This letter agreement will be effective as of July 1, 2021.", "2021-07-01"),
        ("This Agreement is effective on the day of May 1, 2021.", "2021-05-01"),
    ],
)
def test_a_written_start_of_the_term_is_the_effective_date(sentence, iso):
    _, t = term_of(
        f"6. Term\n\n{sentence}\n",
        preamble=(
            "This Agreement is dated 2 February 2021 between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
        ),
    )
    assert t.agreement_date.value == "2021-02-02"
    assert t.effective_date.value == iso and not t.effective_date.derived


def test_a_defined_effective_date_beats_a_later_start_of_the_term():
    _, t = term_of("6. Term\n\nThe term of this Agreement shall commence on April 2, 2021.\n")
    assert t.effective_date.value == "2021-03-18"


def test_the_anniversary_of_the_date_hereof_counts_from_the_agreement_date():
    _, t = term_of(
        "6. Term\n\nThe term of this Agreement shall commence on March 1, 2021 and end on the "
        "first anniversary of the date of this Agreement.\n",
        preamble=(
            "This Agreement is dated 2 February 2021 between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
        ),
    )
    assert t.effective_date.value == "2021-03-01"
    assert t.expiry.value == "2022-02-02" and "agreement date" in t.expiry.derived


@pytest.mark.parametrize(
    ("sentence", "renewal"),
    [
        (
            "If Client does not give notice of non-renewal at least sixty (60) days before the "
            "end of the term, the term of this Agreement shall be extended for one (1) year.",
            (1, "year"),
        ),
        (
            "This Agreement shall continue in effect for a period of one year and from year to "
            "year thereafter, provided such continuance is approved annually by the Board.",
            (1, "year"),
        ),
        (
            "This Agreement shall continue until March 17, 2024, and thereafter shall continue "
            "automatically for successive annual periods.",
            (1, "year"),
        ),
        (
            "This Agreement shall be effective month to month, until terminated by either party "
            "upon sixty (60) days' written notice.",
            (1, "month"),
        ),
        (
            "This Agreement shall commence on the Effective Date and shall extend for a period of "
            "five (5) years, unless it is extended by mutual written agreement.\n\n6.2 This "
            "Agreement may be renewed for additional periods of one (1) year.",
            (1, "year"),
        ),
        (
            "The initial term is three (3) years. Upon expiry of the initial term this Agreement "
            "shall automatically renew for successive terms of the same duration.",
            (3, "year"),
        ),
    ],
)
def test_renewals_as_contracts_write_them(sentence, renewal):
    _, t = term_of(f"6. Term\n\n6.1 {sentence}\n")
    assert (t.renewal_term.n, t.renewal_term.unit) == renewal


@pytest.mark.parametrize(
    "sentence",
    [
        "Provider may increase the prices at the end of the first year and from year to year "
        "thereafter on ninety (90) days' notice.",
        "Client may purchase extended warranty cover for an additional twenty-four (24) months.",
        "This right to audit shall extend throughout the term of this Agreement and for one (1) "
        "year after the expiration or termination of this Agreement.",
        # a make-good when a party falls short: a remedy, not a renewal
        "In the event that Publisher has not delivered the guaranteed impressions by the end of "
        "the first year, the term of this Agreement will be extended for up to an additional "
        "three (3) months.",
    ],
)
def test_prices_and_warranties_that_run_on_are_not_renewals(sentence):
    _, t = term_of(
        f"6. Term\n\nThis Agreement shall continue for two (2) years.\n\n7. Fees\n\n{sentence}\n"
    )
    assert t.renewal_term is None


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        (
            "The Cooperation Term of the parties shall be two years from May 1, 2021 to April "
            "30, 2023.",
            "2023-04-30",
        ),
        (
            "This agreement will be in effect until the end of 2022 and will then be evaluated.",
            "2022-12-31",
        ),
        (
            "This Agreement shall continue in effect until the earlier of (a) the fourth (4th) "
            "anniversary of the Effective Date, and (b) termination by either party.",
            "2025-03-18",
        ),
        # a time, a range from a named start, "thereof"
        (
            "This Agreement shall be in effect from the Effective Date to June 30, 2024.",
            "2024-06-30",
        ),
        ("The Term shall expire at midnight on December 31, 2025.", "2025-12-31"),
        (
            "This Agreement shall remain in effect until 11:59 p.m. on December 31, 2025.",
            "2025-12-31",
        ),
        (
            "This Agreement shall commence on the Effective Date and shall end on the fifth "
            "anniversary thereof.",
            "2026-03-18",
        ),
    ],
)
def test_more_written_ends(sentence, iso):
    assert expiry_of("4. Term", sentence) == iso


def test_an_end_date_in_a_definition_is_not_the_agreement_date():
    _, t = term_of(
        '1. Definitions\n\n(a) "CONTRACT PERIOD" means the period commencing upon the full '
        "execution of this Agreement and terminating on May 31, 2024.\n",
        preamble=(
            "ENDORSEMENT AGREEMENT\n\nThis Agreement is made between Fallow Media Limited "
            '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
        ),
    )
    assert t.agreement_date is None
    assert t.expiry.value == "2024-05-31"


def test_a_list_after_the_colon_belongs_to_the_term_sentence():
    _, t = term_of(
        "6. Term\n\n6.2 This Agreement shall remain in effect until the earlier of the below "
        "events occur: (a) The third (3rd) anniversary of this Agreement; and (b) either party "
        "ceasing to hold shares.\n"
    )
    assert t.expiry is not None and t.expiry.value == "2024-03-18"
    assert "agreement date" in t.expiry.derived


def test_a_term_counted_from_a_defined_commencement_date():
    _, t = term_of(
        '1. Definitions\n\n"Commencement Date" means June 1, 2021.\n\n6. Term\n\nThe term of '
        "this Agreement is two (2) years from the Commencement Date.\n"
    )
    assert t.effective_date.value == "2021-03-18"
    assert t.expiry.value == "2023-06-01" and t.expiry.derived.startswith("start of term")
    _, t = term_of(
        '1. Definitions\n\n"Commencement Date" means June 1, 2021.\n\n6. Term\n\nThis Agreement '
        "shall end on the second anniversary of the Commencement Date.\n"
    )
    assert t.expiry.value == "2023-06-01" and "commencement date" in t.expiry.derived


DATED = (
    "This Agreement is dated 2 February 2021 between Fallow Media Limited "
    '("Licensor") and Brisk Apps Inc. ("Licensee").\n\n'
)


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        # the date a range or a limit writes
        (
            "This Agreement will continue until the later of (a) 15 September 2024 and (b) "
            "delivery of the final batch.",
            "2024-09-15",
        ),
        (
            "This Agreement will end when the pilot closes, and in no event later than 30 "
            "November 2025.",
            "2025-11-30",
        ),
        # "is effective" states the term; the anniversary counts from the Effective Date
        (
            "This Agreement is effective from the Effective Date until the earlier of the third "
            "anniversary of the Effective Date or its termination under Section 12.",
            "2024-03-18",
        ),
        # an end point counted from a named start
        (
            "This Agreement ends on the date that is eighteen (18) months after the date of this "
            "Agreement, unless the Client ends it sooner.",
            "2022-09-18",
        ),
        (
            "Unless the parties extend it in writing, this Agreement expires on the 45th day "
            "following the Effective Date.",
            "2021-05-02",
        ),
    ],
    ids=["later-of", "no-later-than", "is-effective", "date-that-is", "nth-day"],
)
def test_ends_written_as_a_limit_or_counted_from_a_named_date(sentence, iso):
    assert expiry_of("7. Term", sentence) == iso


@pytest.mark.parametrize(
    ("body", "iso"),
    [
        (
            "Start of service: 1 March 2022\n\nContract Term: 1 March 2022 through 28 February "
            "2025\n\nVolume: 500 units per day\n",
            "2025-02-28",
        ),
        (
            "Deal reference: 4471-B\n\nExpiration Date: 15 June 2027\n\nNotional: EUR 1,000,000\n",
            "2027-06-15",
        ),
    ],
)
def test_an_end_written_as_a_labelled_field(body, iso):
    _, t = term_of(body, preamble="ORDER CONFIRMATION\n\n")
    assert t.expiry is not None and t.expiry.value == iso


def test_an_effective_date_defined_deep_in_the_definitions():
    clauses = "".join(
        f"{i}. Services. Provider shall provide the services described in Schedule {i} with due "
        "care and skill and in accordance with good industry practice.\n\n"
        for i in range(1, 160)
    )
    st, t = term_of(
        clauses + '160. Definitions. "Effective Date" means October 4, 2021.\n\n'
        "161. Term. This Agreement shall continue for two (2) years from the Effective Date.\n",
        preamble=DATED,
    )
    assert t.effective_date.value == "2021-10-04"
    assert t.effective_date.start > 20000  # past the head the preamble's dates are read from
    assert t.expiry.value == "2023-10-04"


@pytest.mark.parametrize(
    ("sentence", "iso"),
    [
        (
            "This Contract will enter into force on 3 August 2021 for a period of two years.",
            "2021-08-03",
        ),
        (
            "It will become effective on 9 September 2021; it lasts until cancelled by either "
            "side.",
            "2021-09-09",
        ),
    ],
)
def test_entering_into_force_and_it_state_the_start(sentence, iso):
    _, t = term_of(f"6. Term\n\n{sentence}\n", preamble=DATED)
    assert t.effective_date.value == iso


SIGNED = (
    "\n\nIN WITNESS WHEREOF the parties sign this Agreement.\n\nFALLOW MEDIA LIMITED\n"
    "By: /s/ A. Person\nDate: March 2, 2021\n\nBRISK APPS INC.\nBy: /s/ B. Person\n"
    "Date: March 9, 2021\n"
)


def test_taking_effect_upon_signature_is_the_last_signature():
    _, t = term_of(
        "5. Term\n\nThis Supply Agreement will take effect upon signature. The term of this "
        "Agreement is three (3) years." + SIGNED,
        preamble="SUPPLY AGREEMENT\n\nBetween Fallow Media Limited and Brisk Apps Inc.\n\n",
    )
    assert t.effective_date.value == "2021-03-09"
    assert t.expiry.value == "2024-03-09"


def test_an_amendment_after_the_signatures_does_not_move_the_effective_date():
    _, t = term_of(
        "5. Term\n\nThis Agreement shall continue for three years."
        + SIGNED
        + "\n\nAMENDMENT 1\n\nAmendment 1 shall take effect upon signature by both parties.\n",
        preamble="SUPPLY AGREEMENT\n\nEffective Date: 14 July 2020\n\nBetween Fallow Media "
        "Limited and Brisk Apps Inc.\n\n",
    )
    assert t.effective_date.value == "2020-07-14"


def test_a_page_break_inside_a_sentence_does_not_cut_it():
    _, t = term_of(
        "5. Term\n\nThe Initial Term is two (2) years, after which this Contract renews by "
        "itself for periods of 6\n\n\n\n     months each unless a party sends notice of "
        "non-renewal no less than 40 days before the Initial Term ends.\n"
    )
    assert (t.renewal_term.n, t.renewal_term.unit) == (6, "month")
    assert (t.renewal_notice.n, t.renewal_notice.unit) == (40, "day")


def test_a_window_to_negotiate_an_extension_is_not_a_notice():
    _, t = term_of(
        "6. Term. This Agreement runs for seven (7) years. The parties will meet to negotiate a "
        "possible extension starting nine (9) months before the term ends.\n"
    )
    assert t.renewal_notice is None and t.renewal_term is None


@pytest.mark.parametrize(
    ("sentence", "notice"),
    [
        (
            "After the Initial Term, each party may terminate this Agreement for convenience by "
            "notice to the other of at least two (2) months.",
            (2, "month"),
        ),
        (
            "During a renewal period, the Client may terminate this Agreement on forty-five (45) "
            "days' prior written notice.",
            (45, "day"),
        ),
        (
            "Either party may cancel this Agreement with effect from the end of any of its "
            "renewals by giving four weeks' written notice.",
            (4, "week"),
        ),
    ],
)
def test_a_notice_to_end_the_contract_once_it_has_renewed(sentence, notice):
    _, t = term_of(
        "4. Term. This Agreement shall continue for an initial term of two (2) years (the "
        '"Initial Term") and shall then renew automatically for successive one (1) year '
        f"periods.\n\n9. Termination. {sentence}\n"
    )
    assert (t.renewal_term.n, t.renewal_term.unit) == (1, "year")
    assert (t.renewal_notice.n, t.renewal_notice.unit) == notice


def test_a_notice_to_cancel_at_the_end_of_the_initial_term():
    _, t = term_of(
        "4. Term. This Agreement has an initial term of one (1) year.\n\n5. Cancellation. The "
        "Client may cancel this Agreement with effect at the end of the initial term by giving "
        "sixty days prior written notice.\n"
    )
    assert (t.renewal_notice.n, t.renewal_notice.unit) == (60, "day")


@pytest.mark.parametrize(
    "sentence",
    [
        # a notice of new fees on the anniversary is not a notice to stop a renewal
        "Fees may be indexed on every anniversary date of this Agreement if Provider sends "
        "Client sixty (60) days prior written notice of the new fees.",
        # a contract that does not renew has no notice to stop a renewal
        "After the Initial Term, either side may terminate this Agreement on fifteen (15) days' "
        "written notice.",
    ],
)
def test_notices_that_do_not_stop_a_renewal(sentence):
    _, t = term_of(
        "4. Term. This Agreement shall continue for an initial term of two (2) years (the "
        f'"Initial Term").\n\n9. Other. {sentence}\n'
    )
    assert t.renewal_notice is None


def test_an_adverb_before_the_end_verb_still_states_the_term():
    _, t = term_of(
        "7. Duration\n\nThis Agreement shall automatically terminate on the 60th day following "
        "the Effective Date.\n"
    )
    assert t.expiry.value == "2021-05-17"
    # a termination upon another instrument's end is a trigger, not the term
    _, t = term_of(
        "12. Miscellaneous\n\nThis Agreement shall automatically terminate upon the termination "
        "of the Master Platform Agreement.\n"
    )
    assert t.expiry is None


def test_a_commencement_date_defined_by_an_event_and_dated_where_expected():
    _, t = term_of(
        '1. Definitions\n\n"Commencement Date" means the day the new platform goes live. The '
        "parties expect the Commencement Date to be 2 May 2022.\n\n"
        '"Term" means the period starting on the Effective Date and ending on the fifth '
        "anniversary of the Commencement Date.\n"
    )
    assert t.expiry.value == "2027-05-02"
    assert "commencement" in t.expiry.derived


def test_a_window_to_answer_a_renewal_reminder_is_not_the_renewal_term():
    _, t = term_of(
        "4. Term. This Agreement ends on December 31, 2023. Unless Client tells Provider in "
        "writing within a period of two (2) months after receiving the renewal reminder that it "
        "will not renew, this Agreement shall automatically renew for one (1) twelve-month "
        "period.\n"
    )
    assert (t.renewal_term.n, t.renewal_term.unit) == (12, "month")


@pytest.mark.parametrize(
    ("sentence", "years"),
    [
        ("This Agreement shall have a five-year term starting on the Effective Date.", 5),
        ("The Agreement has an initial three (3) year term.", 3),
        ("This Agreement shall remain in force for a term of four (4) Contract Years.", 4),
    ],
)
def test_a_term_written_as_an_adjective_or_in_contract_years(sentence, years):
    _, t = term_of(f"8. Term\n\n{sentence}\n")
    assert (t.initial_term.n, t.initial_term.unit) == (years, "year")
    assert t.expiry.value == f"{2021 + years}-03-18"


def test_successive_year_terms_are_not_the_initial_term():
    _, t = term_of(
        "8. Term\n\nThis Agreement has an initial term ending on June 30, 2024 and renews for "
        "successive one-year terms.\n"
    )
    assert t.initial_term is None and t.expiry.value == "2024-06-30"
    assert (t.renewal_term.n, t.renewal_term.unit) == (1, "year")


@pytest.mark.parametrize(
    "sentence",
    [
        "The licence granted under this Agreement shall take effect when both parties have "
        "signed this Agreement and shall endure indefinitely unless terminated under clause 9.",
        "This Agreement shall be of unlimited duration.",
        "This Agreement is concluded for an indefinite period.",
        "This Agreement has no fixed term and continues until terminated by either party.",
        "The Agreement is entered into for an unlimited period of time.",
    ],
)
def test_open_ended_terms_as_drafters_write_them(sentence):
    assert expiry_of("8. Duration", sentence) == "perpetual"


def test_a_contract_concluded_for_a_fixed_period_is_not_open_ended():
    _, t = term_of("8. Duration\n\nThis Agreement is concluded for a period of two (2) years.\n")
    assert t.expiry.value == "2023-03-18"


def test_effective_when_signed_by_both_parties_is_the_last_signature():
    _, t = term_of(
        FILLER
        + "90. Term. This Agreement shall continue for two (2) years."
        + SIGNED.replace("March 2, 2021", "May 20, 2021").replace("March 9, 2021", "May 24, 2021"),
        preamble="This Agreement is made on 3 May 2021 between Fallow Media Limited and Brisk Apps "
        "Inc. and is "
        'effective as of the date it is signed by both parties (the "Effective Date").\n\n',
    )
    assert t.agreement_date.value == "2021-05-03"
    assert t.effective_date.value == "2021-05-24"
    assert t.expiry.value == "2023-05-24"


@pytest.mark.parametrize(
    ("sentence", "renewal", "automatic"),
    [
        (
            "This Agreement shall continue for three (3) years and shall renew automatically for "
            "like periods unless either party gives ninety (90) days' notice.",
            (3, "year"),
            True,
        ),
        (
            "This Agreement shall continue for three (3) years and shall be renewed on an annual "
            "basis thereafter.",
            (1, "year"),
            True,
        ),
        (
            "This Agreement shall continue for three (3) years and shall automatically renew on "
            "each anniversary for a further year.",
            (1, "year"),
            True,
        ),
        (
            "This Agreement shall continue for three (3) years, renewable for a further three (3) "
            "years at the option of the Buyer.",
            (3, "year"),
            False,
        ),
    ],
)
def test_renewal_lengths_and_options_as_drafters_write_them(sentence, renewal, automatic):
    _, t = term_of(f"8. Term\n\n{sentence}\n")
    assert (t.initial_term.n, t.initial_term.unit) == (3, "year")
    assert (t.renewal_term.n, t.renewal_term.unit) == renewal
    assert t.automatic_renewal is automatic


@pytest.mark.parametrize(
    ("definition", "iso"),
    [
        ('"Effective Date" means the later of the two dates of signature below.', "2021-05-24"),
        ("The Commencement Date is June 1, 2021.", "2021-06-01"),
    ],
)
def test_a_start_defined_apart_from_the_preamble_date(definition, iso):
    _, t = term_of(
        f"1. Definitions. {definition}\n\n"
        + FILLER
        + "90. Term. This Agreement shall continue for two (2) years."
        + SIGNED.replace("March 2, 2021", "May 20, 2021").replace("March 9, 2021", "May 24, 2021"),
        preamble="This Agreement is made as of May 3, 2021 between Fallow Media Limited and "
        "Brisk Apps Inc.\n\n",
    )
    assert t.agreement_date.value == "2021-05-03"
    assert t.effective_date.value == iso


def test_the_anniversary_thereof_counts_from_the_start_the_sentence_names():
    _, t = term_of(
        '1. Definitions. "Commencement Date" means May 2, 2022.\n\n8. Term. This Agreement '
        "shall commence on the Commencement Date and shall end on the third anniversary "
        "thereof.\n"
    )
    assert t.expiry.value == "2025-05-02" and "commencement" in t.expiry.derived


@pytest.mark.parametrize(
    ("tail", "notice"),
    [
        (" unless cancelled with a notice of 6 months.", (6, "month")),
        (
            " unless either party gives notice with a notice period of three months to the end "
            "of the then current period.",
            (3, "month"),
        ),
        # a termination at any time in a sentence that names the renewal term stops nothing
        (
            ". Client may terminate this Agreement at any time during the Initial Term or any "
            "Renewal Term upon a written notice to Provider of not less than forty-five (45) days.",
            None,
        ),
    ],
)
def test_a_notice_of_a_period_that_stops_the_renewal(tail, notice):
    _, t = term_of(
        "8. Term. This Agreement shall continue for two (2) years and shall thereafter renew "
        "automatically for successive periods of one (1) year" + tail + "\n"
    )
    got = t.renewal_notice and (t.renewal_notice.n, t.renewal_notice.unit)
    assert got == notice


# -- the date-hint filter of the effective-date search (a speed path: same dates, fewer scans) --

_DATED = (
    "1. Term. This Agreement shall commence on March 3, 2031 and run for two years. "
    "The parties met on the 2nd day of June, 2030. Section 12.3 applies; see clause 4.1(b).\n\n"
    "2. Notices. Notice was given on 3/14/31: the letter of 2031-03-14 refers to it. "
    "It was signed on 14.03.2031. The price is 1,000 dollars. A 12-month period applies. "
    "The term shall commence on the first day of March, 2032.\n\n"
    "3. General. Nothing here has a date at all; nor does 7 or 12 or 99.\n\n"
    "It ends in 2035"
)


@pytest.mark.parametrize("text", [_DATED, _DATED.replace("\n\n", " "), "", "2031", "3/1"])
def test_dated_sentences_keep_every_sentence_that_holds_a_date(text):
    from clausecheck.structure.dates import DATE
    from clausecheck.structure.term import _dated_sentences, _sentences

    every = list(_sentences(text))
    kept = list(_dated_sentences(text))
    assert set(kept) <= set(every)
    with_dates = [(s, e) for s, e in every if DATE.search(text[s:e])]
    assert [(s, e) for s, e in kept if DATE.search(text[s:e])] == with_dates
    if text == _DATED:  # the filter does leave sentences out, and those with dates stay
        assert len(kept) < len(every) and len(with_dates) >= 4


def test_effective_date_from_a_start_statement_after_undated_sentences():
    _, t = term_of(
        "1. Scope. The Supplier shall deliver the goods. Section 4.2 sets the price.\n\n"
        "2. Term. The term of this Agreement shall commence on 1 March 2031 and continue for "
        "three years.\n",
        preamble="SUPPLY AGREEMENT\n\nBetween Larchmont Analytics, Inc. and Oswin Retail Ltd.\n\n",
    )
    assert t.effective_date is not None and t.effective_date.value == "2031-03-01"


def test_dated_sentences_keep_the_sentence_named_by_also():
    from clausecheck.structure.term import _dated_sentences, _sentences

    text = "This Agreement takes effect upon signature. Nothing else. It ends on 1 May 2031."
    every = list(_sentences(text))
    assert list(_dated_sentences(text)) == [every[-1]]
    assert list(_dated_sentences(text, also=5)) == [every[0], every[-1]]
