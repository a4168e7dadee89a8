"""clausecheck eval --facts: CUAD's answers parsed and normalised, the pool split, and the
measure on a small generated corpus."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.model import facts_eval as fe


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Acme Widgets, Inc.", "ACME WIDGETS INC", True),
        ("Orvale Textiles Limited", "Orvale Textiles Ltd.", True),
        ("Brisk Apps L.L.C.", "Brisk Apps, LLC", True),
        ("The Fallow Group Corporation", "Fallow Group Corp", True),
        ("Tessaract Pharma GmbH d/b/a Tessa", "Tessaract Pharma GmbH", True),
        ("Metavante Corporation", "Melavante Corporation", True),  # a typing slip in an answer
        ("Harrow Bank Corporatino", "HARROW BANK CORPORATION", True),  # a slip in the legal form
        ("Harrow Bank Corporations", "Harrow Bank Corporation", False),
        (
            "Parcel Courier Canada Ltd. a subsidiary of Dynamo Inc.",
            "PARCEL COURIER CANADA LTD.",
            True,
        ),
        ("Parcel Courier Canada Ltd.", "Dynamo Inc.", False),
        ("Acme Widgets, Inc.", "Acme Gadgets, Inc.", False),
        ("Kevlor, Inc", "Kelvor Inc.", True),  # two neighbouring letters swapped in an answer
        ("Kevlor Inc.", "Kevlar Inc.", False),  # a short name with another letter: another name
        ("Abtx Inc.", "Batx Inc.", False),  # too short to call a swap a slip
        ("Kevlor Inc.", "Kelvro Inc.", False),  # two swaps
        ("Quillon Labs, Inc.", "Marrowby Health Corp.", False),
    ],
)
def test_party_names_compare_without_case_punctuation_or_suffix_spelling(a, b, same):
    assert fe.same_party(a, b) is same


def test_gold_parties_leave_out_collective_names_and_blanks():
    answer = (
        'Quillon Labs, Inc. ("Quillon"); Tessaract Pharma GmbH ("Distributor"); '
        'Quillon and Tessaract ("Parties"); ____ ("Sub-distributor")'
    )
    assert fe.gold_parties(answer) == ["Quillon Labs, Inc.", "Tessaract Pharma GmbH"]


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("3/18/03", dt.date(2003, 3, 18)),
        ("12/31/2024", dt.date(2024, 12, 31)),
        ("perpetual", "perpetual"),
        ("Perpetual", "perpetual"),
        ("", None),
        ("[]/[]/2020", "partial"),
    ],
)
def test_gold_dates(answer, value):
    assert fe.parse_gold_date(answer) == value


@pytest.mark.parametrize(
    ("answer", "value"),
    [
        ("successive 1 year", (1, "year")),
        ("12 months", (1, "year")),
        ("90 days", (90, "day")),
        ("(6) months", (6, "month")),
        ("2 weeks", (14, "day")),
        ("", None),
    ],
)
def test_gold_durations(answer, value):
    assert fe.parse_duration(answer) == value


def test_the_split_is_fixed_by_the_file_name_and_holds_out_about_a_third():
    names = [f"contract_{i}.txt" for i in range(300)]
    parts = [fe.split_part(n) for n in names]
    assert parts == [fe.split_part(n) for n in names]
    assert 70 < parts.count("heldout") < 130


def test_the_tune_part_splits_in_two_halves_that_leave_out_the_heldout_part():
    names = [f"contract_{i}.txt" for i in range(300)]
    a = [n for n in names if fe.in_part(n, "tune-a")]
    b = [n for n in names if fe.in_part(n, "tune-b")]
    tune = [n for n in names if fe.in_part(n, "tune")]
    assert sorted(a + b) == sorted(tune)
    assert not set(a) & set(b)
    assert not any(fe.in_part(n, "heldout") for n in a + b)
    assert 0.35 < len(a) / len(tune) < 0.65


CONTRACTS = {
    "alpha.txt": (
        "SUPPLY AGREEMENT\n\nThis Supply Agreement is made as of March 18, 2021 (the "
        '"Effective Date") by and between Larchmont Foods, Inc. ("Buyer") and Oswin '
        'Packaging Ltd ("Supplier").\n\n1. Term\n\nThis Agreement shall commence on the '
        "Effective Date and continue for two (2) years. It shall automatically renew for "
        "successive one (1) year periods unless either party gives notice at least sixty (60) "
        "days before the end of the then-current term.\n"
    ),
    "beta.txt": (
        "SERVICES AGREEMENT\n\nThis Services Agreement is dated 2 February 2022 between Fallow "
        'Media Limited ("Client") and Brisk Apps Inc. ("Provider").\n\n1. Term\n\nThis '
        "Agreement shall continue until terminated by either party.\n"
    ),
}
ANSWERS = [
    {
        "file": "alpha.txt",
        "Parties-Answer": 'Larchmont Foods, Inc. ("Buyer"); Oswin Packaging Ltd ("Supplier")',
        "Agreement Date-Answer": "3/18/21",
        "Effective Date-Answer": "3/18/21",
        "Expiration Date-Answer": "3/18/23",
        "Renewal Term-Answer": "successive 1 year",
        "Notice Period To Terminate Renewal- Answer": "60 days",
    },
    {
        "file": "beta.txt",
        "Parties-Answer": 'Fallow Media Limited ("Client"); Brisk Apps Inc. ("Provider"); '
        'Harrow Bank plc ("Agent")',
        "Agreement Date-Answer": "2/2/22",
        "Effective Date-Answer": "",
        "Expiration Date-Answer": "perpetual",
        "Renewal Term-Answer": "",
        "Notice Period To Terminate Renewal- Answer": "",
    },
]


@pytest.fixture
def corpus(tmp_path):
    for name, text in CONTRACTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with (tmp_path / "cuad_facts.csv").open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(ANSWERS[0]))
        writer.writeheader()
        writer.writerows(ANSWERS)
    return tmp_path


def test_eval_facts_scores_a_generated_corpus(corpus):
    result = CliRunner().invoke(main, ["eval", "--facts", str(corpus), "--json"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["contracts"] == 2
    parties = data["parties"]
    assert (parties["gold"], parties["predicted"]) == (5, 4)
    assert parties["precision"] == 1.0 and parties["recall"] == pytest.approx(4 / 5)
    assert parties["all_right"] == 0.5  # beta misses the agent CUAD lists
    fields = data["fields"]
    assert fields["expiry"]["answered_accuracy"] == 1.0 and fields["expiry"]["answered"] == 2
    assert fields["renewal_term"]["answered_accuracy"] == 1.0
    assert fields["renewal_notice"]["answered_accuracy"] == 1.0
    # beta states no effective date apart from its date: the tool gives the agreement date
    # where CUAD leaves the field blank, and the measure counts that as a miss
    assert (
        fields["effective_date"]["blank"] == 1 and fields["effective_date"]["blank_accuracy"] == 0
    )


def test_eval_facts_table(corpus):
    result = CliRunner().invoke(main, ["eval", "--facts", str(corpus), "--misses"])
    assert result.exit_code == 0, result.output
    assert "precision 1.00" in result.output and "recall 0.80" in result.output
    assert "Harrow Bank plc" in result.output  # the miss is listed


@pytest.mark.parametrize(
    ("got", "gold", "same"),
    [
        ((6, "month"), (180, "day"), True),
        ((1, "month"), (30, "day"), True),
        ((1, "year"), (1, "year"), True),
        ((2, "month"), (30, "day"), False),
        ((1, "year"), (6, "month"), False),
        (None, (30, "day"), False),
    ],
)
def test_durations_compare_in_days(got, gold, same):
    assert fe._same_value(got, gold) is same


def test_gold_parties_keep_a_parenthesis_of_the_name_and_take_defined_names():
    answer = (
        'Quillon Labs (BVI) Limited ("Quillon BVI"); Harrow Bank plc (formerly known as '
        'Harrow Savings plc) ("Bank"); Orvale Textiles Ltd (Orvale); Brisk Apps Inc.(dba Brisk'
    )
    assert fe.gold_party_list(answer) == [
        fe.GoldParty("Quillon Labs (BVI) Limited", ("Quillon BVI",)),
        fe.GoldParty("Harrow Bank plc", ("Bank",)),
        fe.GoldParty("Orvale Textiles Ltd", ("Orvale",)),
        fe.GoldParty("Brisk Apps Inc.", ()),
    ]


def test_a_party_cuad_lists_twice_is_one_party():
    answer = (
        'Quillon Labs, Inc. ("Quillon"); Tessaract Pharma GmbH ("Tessa"); Quillon; '
        'QUILLON LABS INC ("Quillon")'
    )
    assert fe.gold_party_list(answer) == [
        fe.GoldParty("Quillon Labs, Inc.", ("Quillon",)),
        fe.GoldParty("Tessaract Pharma GmbH", ("Tessa",)),
    ]


@pytest.mark.parametrize(
    ("got", "hits"),
    [
        (["Quillon Labs Inc", "Tessaract Pharma GmbH"], 2),
        (["Quillon", "Tessaract Pharma GmbH"], 2),  # the defined name CUAD quotes
        (["Quillon Labs Inc", "Quillon"], 1),  # one party named twice counts once
        (["Quillon Labs Inc", "Marrowby Health Corp."], 1),
        (["Tessa Holdings Ltd"], 0),
    ],
)
def test_parties_pair_one_to_one_by_legal_or_defined_name(got, hits):
    gold = fe.gold_party_list('Quillon Labs, Inc. ("Quillon"); Tessaract Pharma GmbH ("Tessa")')
    assert fe.match_parties(gold, got) == hits


@pytest.mark.parametrize(
    ("got", "gold", "same"),
    [
        (dt.date(2021, 5, 31), dt.date(2021, 6, 1), True),  # last day or anniversary
        (dt.date(2021, 6, 1), dt.date(2021, 6, 1), True),
        (dt.date(2021, 5, 30), dt.date(2021, 6, 1), False),
        ("perpetual", dt.date(2021, 6, 1), False),
        (None, dt.date(2021, 6, 1), False),
    ],
)
def test_a_term_end_may_be_its_last_day_or_its_anniversary(got, gold, same):
    assert fe._same_end(got, gold) is same


@pytest.mark.parametrize(
    ("answer", "names"),
    [
        (
            'Harrow Bank plc and Brisk Apps, Inc. ("Agents"); Quillon Labs, Inc.',
            ["Harrow Bank plc", "Brisk Apps, Inc.", "Quillon Labs, Inc."],
        ),
        (
            "Orvale Fund I, L.P., Orvale Fund II, L.P., Orvale GP, LLC",
            ["Orvale Fund I, L.P.", "Orvale Fund II, L.P.", "Orvale GP, LLC"],
        ),
        ("Louisville Gas and Electric Company", ["Louisville Gas and Electric Company"]),
        (
            'Harrow Tools, LLC ("Harrow"), Harrow Tools do Brasil Ltda. ("Harrow Brazil"), '
            '(Harrow and Harrow Brazil collectively as "Harrow"); Quillon Labs, Inc. ("Quillon")',
            ["Harrow Tools, LLC", "Harrow Tools do Brasil Ltda.", "Quillon Labs, Inc."],
        ),
        (
            'Orvalence, Inc. ("Orvalence"); Tamsin Printing Co., Ltd. ("TPC"); Brisk Mask Co. Ltd. '
            '("Company"); Orvalance and TPC ("Shareholder" and collectively "Shareholders"); '
            'Shareholder and Company ("Suppliers")',
            ["Orvalence, Inc.", "Tamsin Printing Co., Ltd.", "Brisk Mask Co. Ltd."],
        ),
        (
            "Harrow Bank Corporatino, Harrow Preferred Funding Corporation",
            ["Harrow Bank Corporatino", "Harrow Preferred Funding Corporation"],
        ),
        (
            'Lindqvist Science and Technology Co., Ltd. ("Party A"); Orvale Housing Co., Ltd. '
            '("Party B"); Party A and Party B (individually a "Party", collectively the "Parties")',
            ["Lindqvist Science and Technology Co., Ltd.", "Orvale Housing Co., Ltd."],
        ),
        ("Tessa Pharma GmbH and its Affiliates", ["Tessa Pharma GmbH and its Affiliates"]),
    ],
)
def test_an_entry_naming_several_legal_entities_is_several_parties(answer, names):
    assert fe.gold_parties(answer) == names


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Harrow Capital IV-A, L.P.", "Harrow Capital IV-B, L.P.", False),
        ("Orvale Holdings I GP LLC", "Orvale Holdings II GP LLC", False),
        ("Apollo Life Asset GP, LLC", "Apollo Life Asset, L.P.", False),
        ("Stremick's Heritage Foods, LLC", "Stremicks Heritage Foods, LLC", True),
        ("Edge Communication Solutions, LLC", "Edge Communications Solutions, LLC", True),
    ],
)
def test_names_of_sibling_entities_are_not_typing_slips(a, b, same):
    assert fe.same_party(a, b) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Alder Foods, Inc./ Alder Naturals", "Alder Foods, Inc.", True),  # trade name after "/"
        ("Sterling/Winters Co.", "Winters Co.", False),  # a slash inside the name stays
        ("Brisk Apps, Inc. a/k/a Brisk", "Brisk Apps, Inc.", True),
        ("Brisk Apps, Inc. f/k/a Orvale Apps, Inc.", "Brisk Apps, Inc.", True),  # former name
        ("Brisk Apps, Inc. f/k/a Orvale Apps, Inc.", "Orvale Apps, Inc.", False),
        (
            "Orvale Capital Corporation together with its successors and assigns",
            "Orvale Capital Corporation",
            True,
        ),
        (
            "Harrow Services LLC operating with the service name Harrow Desk",
            "Harrow Services LLC",
            True,
        ),
        ("Quillon Systems, Inc. or its subsidiaries", "Quillon Systems Inc", True),
        ("Ms. Lena Varga", "Lena Varga", True),  # a title is not part of the name
        ("Varga, Lena P.", "Lena P. Varga", True),  # a person's name in either order
        ("Lena P. Varga", "Varga Family Trust", False),
        ("Orvale Bank Holdings Inc", "Holdings Orvale Bank Inc", False),  # order matters for firms
    ],
)
def test_notes_titles_and_a_persons_name_order(a, b, same):
    assert fe.same_party(a, b) is same


def test_an_entry_naming_several_people_by_title_is_several_parties():
    answer = 'Orvale Asia Ltd. ("OAL"); Mr. Jon Hale, Mr. Li Wei and Ms. Ana Ruiz ("Developer")'
    assert fe.gold_parties(answer) == [
        "Orvale Asia Ltd.",
        "Mr. Jon Hale",
        "Mr. Li Wei",
        "Ms. Ana Ruiz",
    ]


def test_a_contract_that_runs_on_after_its_term_has_cuads_perpetual_renewal_term():
    from pathlib import Path

    from clausecheck.ingest import load_bytes
    from clausecheck.structure import analyse

    text = (
        "SERVICES AGREEMENT\n\nThis Services Agreement is dated 2 February 2022 between Fallow "
        'Media Limited ("Client") and Brisk Apps Inc. ("Provider").\n\n1. Term\n\nThis '
        "Agreement shall continue for one (1) year and thereafter shall continue until "
        "terminated by either party on thirty (30) days' written notice.\n"
    )
    got = fe.predicted(analyse(load_bytes(text.encode("utf-8"), Path("gamma.txt"))))
    assert got["renewal_term"] == fe.parse_duration("perpetual") == "perpetual"
    assert got["renewal_notice"] == fe.parse_duration("30 days")
    assert got["expiry"] == dt.date(2023, 2, 2)
