"""Signing organisations from the signature block: names on their own line, after "For and on
behalf of", and capitalised names run into one line before "By:" or "/s/"."""

from __future__ import annotations

import pytest

from clausecheck.structure.parties import find_parties
from clausecheck.structure.signatures import signature_block


def test_a_joint_filing_signed_on_one_line_names_every_signatory():
    text = (
        "JOINT FILING AGREEMENT The undersigned agree to file jointly. IN WITNESS WHEREOF the "
        "undersigned sign as of May 2, 2021. HARROW CAPITAL PARTNERS IV-A, L.P. By: Harrow GP, "
        "LLC, its general partner By: /s/ Jo Smith Jo Smith Authorized Signatory HARROW CAPITAL "
        "PARTNERS IV-B, L.P. By: /s/ Jo Smith Jo Smith Authorized Signatory HARROW GP, LLC By: "
        "/s/ Jo Smith Jo Smith Manager"
    )
    names = [p.name for p in find_parties(text, 30)]
    assert names == [
        "HARROW CAPITAL PARTNERS IV-A, L.P.",
        "HARROW CAPITAL PARTNERS IV-B, L.P.",
        "HARROW GP, LLC",
    ]


def test_two_names_run_together_split_after_the_suffix_but_not_inside_a_name():
    text = (
        "Filing statement. The undersigned agree. IN EVIDENCE WHEREOF the undersigned sign. "
        "QUILLON IMPACT FUND L.P. QUILLON MANAGEMENT GP LLC By: /s/ A. Name\n\n"
        "BANK OF ORVALE CORPORATION By: /s/ B. Name"
    )
    names = [p.name for p in find_parties(text, 20)]
    assert names == [
        "QUILLON IMPACT FUND L.P.",
        "QUILLON MANAGEMENT GP LLC",
        "BANK OF ORVALE CORPORATION",
    ]


def test_for_and_on_behalf_of_names_the_signatory():
    text = (
        "CONSORTIUM TERMS\n\n1. Purpose. The members build a cable.\n\n"
        "IN WITNESS WHEREOF the Parties have signed.     For and on behalf of Tallwood "
        "Telecom Ltd.         By:\n\n        For and on behalf of Meriden Networks, Inc.\n\n"
        "        By:\n\n        For and on behalf of Oswin Cable Co., Ltd.,         By:\n"
    )
    names = [p.name for p in find_parties(text, 30)]
    assert names == ["Tallwood Telecom Ltd.", "Meriden Networks, Inc.", "Oswin Cable Co., Ltd."]


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        # "agreed to by" in the body does not start the block when a witness clause follows
        ("Fees agreed to by the parties are due. IN WITNESS WHEREOF, signed. ACME", ", signed."),
        ("Short filing. The undersigned agree to file. ACME LLC By: x", " agree to file."),
    ],
)
def test_where_the_signature_block_starts(text, starts):
    assert signature_block(text).startswith(starts)


def test_a_long_text_without_a_witness_clause_has_no_block():
    assert signature_block("The undersigned agree. " + "Body text. " * 1000) == ""


SIGNED = [
    (
        "two signatories in columns on one line",
        "RESELLER ADDENDUM\n\n1. Terms.\n\nACCEPTED AND AGREED TO BY:            ACCEPTED AND "
        "AGREED TO BY:\n\nKESTREL CORPORATION(Kestrel)            RESELLER ORVALE DATA "
        "CORPORATION\n\nSIGNED: /s/ A. One             SIGNED: /s/ B. Two\n",
        20,
        ["KESTREL CORPORATION", "ORVALE DATA CORPORATION"],
    ),
    (
        "on behalf of over a signature line needs no legal form",
        "CABLE CONSORTIUM TERMS\n\n1. Purpose. The members build a cable.\n\n"
        "IN WITNESS WHEREOF the Parties have signed.\n\nFor and on behalf of Norland Telecom\n\n"
        "By:\n\nFor and on behalf of vextra Inc.\n\nBy:\n\nFor and on behalf of Kelang Networks "
        "Berhad (123456-P)\n\nBy:\n\nFor and on behalf of the Company\n\nBy:\n",
        30,
        ["Norland Telecom", "vextra Inc.", "Kelang Networks Berhad"],
    ),
    (
        "parties listed on a schedule are read from the signature lines",
        "COOPERATION AGREEMENT\n\nThis Agreement is by and among the persons and entities "
        'listed on Schedule A (collectively, the "Harrow Group"), Lindell Motors, Inc. (the '
        '"Company") and the other parties.\n\nWHEREAS, the Harrow Group owns shares.\n\n'
        "1. Board.\n\nIN WITNESS WHEREOF, the parties have signed.\n\nLindell Motors, Inc.\n\n"
        "By:  /s/ Ann Bell Name: Ann Bell\n\nHarrow Partners I, LLC    By:  /s/ Tom Hale "
        "Name:  Tom Hale Title:  Manager\n\nHarrow Capital Fund, L.P.    By:  /s/ Tom Hale "
        "Name:  Tom Hale Title:  Manager\n",
        200,
        ["Lindell Motors, Inc.", "Harrow Partners I, LLC", "Harrow Capital Fund, L.P."],
    ),
    (
        "two signatories on one line split after the legal form",
        'This Reseller Agreement is made by Orvale Imaging Ltd. ("Supplier").\n\n1. Resale.\n\n'
        "IN WITNESS WHEREOF, the Parties have signed.\n\nOrvale Imaging Ltd. Brightway Holdings, "
        "Inc.\n\nBy: /s/ A. One By: /s/ B. Two\n",
        60,
        ["Orvale Imaging Ltd.", "Brightway Holdings, Inc."],
    ),
    (
        "organisations the contract introduces and that sign are parties once",
        'This Guarantee is made by Farnham Equity Partners IV, L.P. (the "Investor") in favor '
        'of Halden Bank National Association (the "Agent").\n\nRECITALS\n\nA. The Agent lent to '
        "Keswick Systems Corporation.\n\n1. Guarantee.\n\n"
        "IN WITNESS WHEREOF, this Agreement has been executed.\n\nFARNHAM EQUITY PARTNERS IV "
        "L.P.\n\nBy: /s/ A. One\n\nHALDEN BANK NATIONAL ASSOCIATION, a national bank\n\n"
        "By: /s/ B. Two\n\nACKNOWLEDGMENT OF BORROWERS\n\nKESWICK SYSTEMS CORPORATION, a "
        "Delaware corporation\n\nBy: /s/ C. Three\n\nKeswick Systems Corp.\n\nBy: /s/ C. Three\n\n"
        "Anthony Reyes Chief Executive Officer Larch Media, Inc.\n\nBy: /s/ A. Reyes\n\n"
        "ORMOND VENTURES LLC\n\nBy: /s/ D. Four\n",
        200,
        [
            "Farnham Equity Partners IV, L.P.",
            "Halden Bank National Association",
            "KESWICK SYSTEMS CORPORATION",
        ],
    ),
    (
        "sibling entities that sign stay apart",
        "JOINT FILING AGREEMENT. The undersigned agree to file jointly.\n\nIN WITNESS WHEREOF "
        "the undersigned sign.\n\nHarrow Capital Management, L.P.    By: /s/ Jo Smith\n\n"
        "Harrow Capital Management, LLC    By: /s/ Jo Smith\n",
        60,
        ["Harrow Capital Management, L.P.", "Harrow Capital Management, LLC"],
    ),
    (
        "signatories identified on the signature pages in wide columns",
        'THIS SPONSORSHIP AGREEMENT ("Agreement") is entered into by and among Quillon '
        'Investments LLC, a Delaware limited liability company ("Purchaser"), and each other '
        'party hereto identified on the signature page(s) hereto (each, a "Sponsor").     '
        "RECITALS     WHEREAS, Purchaser plans an offer.\n\nIN WITNESS WHEREOF, this Agreement is "
        "executed.           PURCHASER:           Quillon Investments LLC                 Date: "
        "July 1, 2020 By:   /s/ A. One   Name:   A. One                   SPONSOR(S):           "
        "Harrow Value Fund L.P.           By:   Harrow Management LLC   Its:   General Partner   "
        "              Date: July 1, 2020 By:   /s/ B. Two           Name:   B. Two   Title:   "
        "Officer                   Larch Ridge Fund I LP                 Date: July 1, 2020 By:   "
        "/s/ A. One\n",
        300,
        ["Quillon Investments LLC", "Harrow Value Fund L.P.", "Larch Ridge Fund I LP"],
    ),
    (
        "a short filing without a witness clause is read as its signatures",
        "Exhibit 99.1 JOINT FILING AGREEMENT Reporting Person (a): Orvale Trading SA Address: "
        "Zone 1 Dated: January 7, 2019\n\nORVALE TRADING SA\n\nBy: /s/ A. One\n\n"
        "BRISK HOLDINGS AG\n\nBy: /s/ B. Two\n",
        40,
        ["ORVALE TRADING SA", "BRISK HOLDINGS AG"],
    ),
]


@pytest.mark.parametrize(("what", "text", "end", "expected"), SIGNED, ids=[c[0] for c in SIGNED])
def test_signatories_from_the_signature_block(what, text, end, expected):
    assert [p.name for p in find_parties(text, end)] == expected
