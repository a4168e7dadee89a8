"""Parties from the preamble: full legal names, defined names, no recital keyword, heading or
governing-law country; roles with reasons and the user's overrides."""

from __future__ import annotations

import pytest

from clausecheck.data import policy
from clausecheck.structure.classify import assign_roles
from clausecheck.structure.parties import _common_word, find_parties

CASES = [
    (
        "suffix kept, AND dropped",
        "SUPPLY AGREEMENT\n\nTHIS AGREEMENT is made on 3 May 2024\n\nBETWEEN:\n\n"
        "(1) ORVALE TEXTILES GROUP LIMITED, a company incorporated in England and Wales "
        '(the "Supplier"); and\n\n(2) AND BRACKEN GOLD FARMS INC., a Delaware corporation '
        '(the "Buyer").\n\nWHEREAS the Buyer wishes to buy goods.\n',
        [("ORVALE TEXTILES GROUP LIMITED", "Supplier"), ("BRACKEN GOLD FARMS INC.", "Buyer")],
    ),
    (
        "recital third party and keywords are not parties",
        "This Distribution Agreement is entered into as of June 1, 2021 by and between Quillon "
        'Labs, Inc., a Nevada corporation ("Quillon"), and Tessaract Pharma GmbH, a company '
        'organised under the laws of the Federal Republic of Germany ("Distributor").\n\n'
        'RECITALS\n\nWHEREAS, Marrowby Health Corp. ("Marrowby") licensed the products to '
        "Quillon;\n\nNOW, THEREFORE, the parties agree as follows:\n\n1. Definitions\n",
        [("Quillon Labs, Inc.", "Quillon"), ("Tessaract Pharma GmbH", "Distributor")],
    ),
    (
        "a state party heads its entry",
        "CONCESSION AGREEMENT\n\nBY AND BETWEEN:\n\n(1) THE REPUBLIC OF VELANDIA, acting "
        'through its Ministry of Energy (hereinafter referred to as the "Government"); AND\n\n'
        "(2) CORDAVE POWER S.A., a company incorporated under the laws of the Republic of "
        'Velandia (hereinafter referred to as the "Investor").\n\nWHEREAS the Government ...',
        [("REPUBLIC OF VELANDIA", "Government"), ("CORDAVE POWER S.A.", "Investor")],
    ),
    (
        "names joined without a comma",
        'This Amendment, entered into by and between Pellworth Foods, LLC ("Pellworth") '
        'Ambrine Nutrition Corporation ("Ambrine") is effective as of March 2, 2019.\n'
        "WHEREAS the parties wish to amend the agreement.",
        [("Pellworth Foods, LLC", "Pellworth"), ("Ambrine Nutrition Corporation", "Ambrine")],
    ),
    (
        "a cover page title before the party list",
        "MASTER SERVICES AGREEMENT by and between HOLLOWAY DATA SYSTEMS, INC. and "
        "BRIGHTLINE CLINICS LLC dated as of January 5, 2020\n\nTABLE OF CONTENTS\n1. Services",
        [("HOLLOWAY DATA SYSTEMS, INC.", None), ("BRIGHTLINE CLINICS LLC", None)],
    ),
    (
        "a legal form after an ampersand, a capitalised Whereas, a governing law of two places",
        "SUPPLY AGREEMENT between\n\nHARLOW OLEO GmbH & Co KG, Kaistrasse 3, Hamburg\n\n"
        "- hereinafter referred to as Harlow -\n\nand\n\nPENRITH MINING HOLDINGS LIMITED, a "
        'company organized under the laws of England and Wales ("Penrith")\n\nWhereas, Harlow '
        "makes oleo products;\n",
        [("HARLOW OLEO GmbH & Co KG", None), ("PENRITH MINING HOLDINGS LIMITED", "Penrith")],
    ),
    (
        "the laws of one place and the next party",
        "This Agreement is made by and between Corvan Pte, Ltd., a company organized under the "
        "laws of Singapore and Belmont Software Industries Ltd, a company organized under the "
        'laws of Israel (each a "Recipient").\n\nRECITALS\n',
        [("Corvan Pte, Ltd.", None), ("Belmont Software Industries Ltd", "Recipient")],
    ),
    (
        "a description is not a party",
        "This Agreement is made by and between Quarry Health, Inc, a Nevada Corporation "
        '("Quarry") and Lakeside Care Organization ("LCO") A Texas Corporation whose address '
        "is 9 Main Street, Austin Texas.\n\nWITNESSETH: the parties agree.\n",
        [("Quarry Health, Inc", "Quarry"), ("Lakeside Care Organization", "LCO")],
    ),
    (
        "parties on labelled lines",
        "Cooperation Agreement\n\nThis Agreement is executed by and between the parties below in "
        'Xicheng District, Beijing (hereinafter referred to as "PRC"):\n\nParty A: Luoyang '
        "Lantern Technology Co., Ltd.\n\nAddress: Room 3, Beijing\n\nParty B: Hengda Online "
        "Network (Beijing) Co., Ltd.  Registration Address: 10 Road, Beijing\n\n1. Cooperation\n",
        [
            ("Luoyang Lantern Technology Co., Ltd.", "Party A"),
            ("Hengda Online Network (Beijing) Co., Ltd.", "Party B"),
        ],
    ),
]


CASES += [
    (
        "a cover line 'entered into by and between', then the preamble defines both",
        "ENDORSEMENT AGREEMENT    entered into by and between     TOMAS WRELL     and     "
        "KESTREL CLUBS INCORPORATED\n\nEffective April 5, 2011\n\nTABLE OF CONTENTS\n\n"
        'THIS ENDORSEMENT AGREEMENT (the "Agreement") is effective on this 5th day of April '
        "2011, by and between Kestrel Clubs Incorporated, a Delaware Corporation, having a "
        'mailing address of 12 Oak Road, Dover (hereinafter referred to as "Company") and '
        "Tomas Wrell, having a mailing address of 9 Elm Street, Salem (hereinafter referred to "
        'as "Wrell").    WITNESSETH    WHEREAS, Wrell is a golfer.\n',
        [("Tomas Wrell", "Wrell"), ("Kestrel Clubs Incorporated", "Company")],
    ),
    (
        "'and' inside one name that is never written apart",
        "This Licence Agreement is between THE ORRIN FILM AND MEDIA CORPORATION, located at 4 "
        "Lane, Carlsbad, CA 92009 and Delmore Archive Inc. located at 7 Road, Del Mar\n\n"
        "Licensor: Delmore Archive Inc. Licensee THE ORRIN FILM AND MEDIA CORPORATION\n\n"
        "GRANT OF LICENSE\n\nDelmore Archive Inc. grants to THE ORRIN FILM AND MEDIA "
        "CORPORATION a licence.\n",
        [("ORRIN FILM and MEDIA CORPORATION", None), ("Delmore Archive Inc.", None)],
    ),
    (
        "two names joined by 'and' where the second is written on its own elsewhere",
        "SPONSORSHIP AGREEMENT between Heron Relief Association and Pallas Games, Inc.\n\n"
        'This Agreement is made by Pallas Games, Inc. ("Company") and Heron Relief '
        'Association, Inc. ("Association").\n\n1. Sponsorship\n',
        [("Pallas Games, Inc.", "Company"), ("Heron Relief Association, Inc.", "Association")],
    ),
    (
        "made ... by one party in favour of another",
        'THIS GUARANTEE (this "Agreement") is made and entered into as of the 14th day of April '
        '2005 by FARNHAM EQUITY PARTNERS IV, L.P. (the "Investor"), in favor of HALDEN BANK '
        "NATIONAL ASSOCIATION, a national banking association in its capacity as agent (the "
        '"Agent").\n\nRECITALS:\n\nA. The Agent made a loan.\n',
        [
            ("FARNHAM EQUITY PARTNERS IV, L.P.", "Investor"),
            ("HALDEN BANK NATIONAL ASSOCIATION", "Agent"),
        ],
    ),
]


CASES += [
    (
        "a PARTIES heading over a numbered list, a parenthesis inside a name",
        "THIS AGREEMENT IS MADE ON THE 21 DAY OF JUNE, 2011     PARTIES     (1) KOWLOON STEAM "
        "(HONG KONG) LTD, a company incorporated in Hong Kong whose registered office is at "
        'Unit 3 ("KSH"); and     (2) BRAMBLE ENERGY HOLDINGS PLC a company incorporated in '
        'the Isle of Man ("BEH"),     each a "Party".     BACKGROUND     (A) KSH makes boilers.',
        [("KOWLOON STEAM (HONG KONG) LTD", "KSH"), ("BRAMBLE ENERGY HOLDINGS PLC", "BEH")],
    ),
    (
        "an address after 'of', a firm named after its partners",
        "DEVELOPMENT AGREEMENT\n\nbetween\n\nSORREL PHARMA A/S of Mollevej 9, DK-2900 "
        'Hellerup, Denmark (hereinafter referred to as "SORREL") ---\n\nand\n\nTamsin, Hale & '
        'Brook, Inc., a Nevada corporation (hereinafter referred to as "THB").\n\n1. Scope\n',
        [("SORREL PHARMA A/S", "SORREL"), ("Tamsin, Hale & Brook, Inc.", "THB")],
    ),
    (
        "two parties in one numbered entry, an apostrophe, another agreement's parties",
        'This Amendment is made by and among (1) Orvale AB, a Swedish corporation ("Orvale '
        'AB") and Orvale US, Inc., a Delaware corporation ("Orvale US"), and (2) Hanto Kogyo '
        'Co., Ltd., a Japanese corporation ("Hanto") and Tolan Hanto Industry Co., Ltd., a '
        'Peoples\' Republic of China company ("THI"), as an amendment to that certain '
        'Agreement by and among Marrow ASP, Inc. ("Marrow") and Hanto.\n\nRECITALS\n',
        [
            ("Orvale AB", "Orvale AB"),
            ("Orvale US, Inc.", "Orvale US"),
            ("Hanto Kogyo Co., Ltd.", "Hanto"),
            ("Tolan Hanto Industry Co., Ltd.", "THI"),
        ],
    ),
]

CASES += [
    (
        "a company that 'is a company', a person 'of [address]'",
        "SERVICE AGREEMENT\n\nTHIS AGREEMENT is entered into between the parties on 1 April, "
        "2020.\n\nPARTIES (1) Tamsworth Bio UK Limited is a company registered in England "
        'whose registered office is at 12 Lane, London (the "Employer"); and (2) Orla Brennan '
        'of [address removed] (the "Executive").\n\nAGREED TERMS\n',
        [("Tamsworth Bio UK Limited", "Employer"), ("Orla Brennan", "Executive")],
    ),
    (
        "a defined name whose closing quote is lost, a street number after the legal form",
        'This Agreement is effective 7/1/99 between Quarrel Audio, Inc. ("Quarrel") and Dunmore '
        'Corporation 415 Larkin Avenue, San Jose ("Distributor") and Ivo Marsh ("Celebrity'
        "), an individual.\n\nAGREEMENT\n",
        [
            ("Quarrel Audio, Inc.", "Quarrel"),
            ("Dunmore Corporation", "Distributor"),
            ("Ivo Marsh", "Celebrity"),
        ],
    ),
    (
        "an address run into the first name, its short name defined after it",
        'This Collaboration Agreement ("Agreement") is made by and among     Velkor, Inc.  48 W. '
        'Fern Ave. Arcadia, CA 91000 USA\n\n(hereinafter called "VELKOR"),   and   Brannock '
        'Pharma GmbH   Lindenweg 4 Mainz Germany   (hereinafter called "BPG")   '
        "(each a Party).\n\nEFFECTIVE DATE: 2 June 2014\n",
        [("Velkor, Inc.", "VELKOR"), ("Brannock Pharma GmbH", "BPG")],
    ),
]

CASES += [
    (
        "the other side of a two-party list needs no legal form",
        "MAINTENANCE AGREEMENT\n\nBETWEEN\n\nVEXIMO\n\nAND\n\nBRISSAC S.A., DEPARTEMENT "
        "OPTIQUE\n\nTABLE OF CONTENTS\n\n1. Definitions\n",
        [("VEXIMO", None), ("BRISSAC S.A.", None)],
    ),
    (
        "labelled parties run into one line",
        "Project Cooperation Agreement   Party A: Lishan Heat Technology Co., Ltd. Legal "
        "Representative: Wu Hua   Lishan Heat is a subsidiary.   Party B: Qinglu County Gas "
        "Supply Co., Ltd. Legal Representative: Li Ming   Both parties agree as follows.\n",
        [
            ("Lishan Heat Technology Co., Ltd.", "Party A"),
            ("Qinglu County Gas Supply Co., Ltd.", "Party B"),
        ],
    ),
    (
        "a numbered company, a parenthesis inside a listed name",
        "This Agreement is made by and between 418207 B.C. Ltd. dba Harbour Telecom, having an "
        'office at 200 Water Street, Vancouver ("Harbour") and Lintu (Tianjin) Education '
        'Consulting Co., Ltd. ("Service Provider") as of the 1st day of June, 2004.\n\n1. Scope\n',
        [
            ("418207 B.C. Ltd. dba Harbour Telecom", "Harbour"),
            ("Lintu (Tianjin) Education Consulting Co., Ltd.", "Service Provider"),
        ],
    ),
    (
        "lettered entries still part the list",
        'This Agreement is made by and among (a) Orvale Communications, S.A. ("Orvale"), a '
        "limited company (societe anonyme) incorporated in Luxembourg, (b) Orvale Technologies, "
        'S.A. ("Orvale Holding"), a limited company, and (c) Tamsin Online Inc. ("Tamsin").'
        "\n\nRECITALS\n",
        [
            ("Orvale Communications, S.A.", "Orvale"),
            ("Orvale Technologies, S.A.", "Orvale Holding"),
            ("Tamsin Online Inc.", "Tamsin"),
        ],
    ),
    (
        "a person's capacity is no second entry, 'and its Affiliates' no part of a name",
        "This Agreement is by and among Lindell Motors, Inc. and its Affiliates (the "
        '"Company") and Jonas R. Peel, in his individual capacity and as a member of the Harrow '
        'Group (the "Harrow Designee").\n\nWHEREAS, the parties agree.\n',
        [("Lindell Motors, Inc.", "Company"), ("Jonas R. Peel", "Harrow Designee")],
    ),
    (
        "a defined term is no bare name",
        'This Agreement is made between the Adviser and Halvard Services Company ("HSC").'
        '\n\nThe "Adviser" means Halvard Investment Company.\n\n1. Services\n',
        [("Halvard Services Company", "HSC")],
    ),
    (
        "a lettered list keeps 'and' inside an entry's description",
        "This Agreement is entered into by and among (a) Orvale Communications, S.A. "
        '("Orvale"), a company incorporated in Velandia; (b) Tamsin Online Inc. ("Tamsin"), a '
        "company listed on the Velandia Market and the Growth Board of The Kestrel Exchange "
        'Limited, whose address is 4 Example Row; and (c) Brisk Apps Limited ("Company"), a '
        "company incorporated in Velandia.\n\nRECITALS\n",
        [
            ("Orvale Communications, S.A.", "Orvale"),
            ("Tamsin Online Inc.", "Tamsin"),
            ("Brisk Apps Limited", "Company"),
        ],
    ),
    (
        "a former name after f/k/a is no part of the name",
        'This Amendment is made between Fallow Media, Inc. ("Fallow"), as administrator for '
        'Harrow Film Corporation ("Trademark Licensor") and Brisk Games, Inc. f/k/a Quillon '
        'Games, Inc. ("Licensee").\n\nThe parties agree as follows.\n',
        [("Fallow Media, Inc.", "Fallow"), ("Brisk Games, Inc.", "Licensee")],
    ),
    (
        "a label on a line of its own over the name",
        "COOPERATION AGREEMENT\n\nParty A:\n\nLindqvist Datacom Works and Technology Co., "
        "Ltd.\n\nAddress:\n\n12 Example Road, Velandia\n\nParty B:\n\nOrvale Housing (Kestrel) "
        "Co., Ltd.\n\nAddress:\n\n3 Sample Street, Velandia\n\nWHEREAS:\n",
        [
            ("Lindqvist Datacom Works and Technology Co., Ltd.", "Party A"),
            ("Orvale Housing (Kestrel) Co., Ltd.", "Party B"),
        ],
    ),
    (
        "a bullet before an entry",
        'THIS FRANCHISE AGREEMENT (the "Agreement") is made by and between: ● Harrow Insurance '
        'Agency, LLC, a Velandia limited liability company ("we" or "us"); and ● a [resident '
        'of] the state of and having offices at ("you" or the "Franchisee").\n\nIntroduction\n',
        [("Harrow Insurance Agency, LLC", "we")],
    ),
    (
        "a defined name given after the list belongs to the listed party",
        "This Outsourcing Agreement is effective as from 1 March 2031, by and between:\n\n"
        "[CUSTOMER NAME], registration nr [ ] (hereinafter the [Customer]),\n\nAND\n\nBRISK DATA "
        "TECHNOLOGY, SA., a public limited company, and acting through Mr. Jon Hale as Chief "
        "Executive under powers granted before Mr. Pavel Orrin Lund, Notary Public in Velandia, "
        '(hereinafter referred to as "BDT").\n\n1. RECORDINGS\n',
        [("BRISK DATA TECHNOLOGY, SA.", "BDT")],
    ),
    (
        "'and represented by' goes on with the same entry",
        "This Outsourcing Agreement is effective as from 1 March 2031, by and between:\n\n"
        'ORVALE SMELTERS LTD, registration nr 000 (hereinafter referred to as "the Customer"),'
        "\n\nAND\n\nBRISK DATA TECHNOLOGY, SA., a public limited company, and represented by Mr. "
        "Jon Hale as Chief Executive under powers granted before Mr. Pavel Orrin Lund, Notary "
        'Public in Velandia, (hereinafter referred to as "BDT").\n\n1. RECORDINGS\n',
        [("ORVALE SMELTERS LTD", "the Customer"), ("BRISK DATA TECHNOLOGY, SA.", "BDT")],
    ),
    (
        "people named by their titles share the defined name after the last",
        "This Development Agreement is made BETWEEN: Orvale Asia Ltd. (hereinafter called the "
        '"OAL"), located at 5 Example Road, Velandia. AND: Mr. Jon Hale, Mr. Li Wei and Ms. Ana '
        'Ruiz (hereinafter called the "Developer"), a group of software developers.\n\n1. Work\n',
        [
            ("Orvale Asia Ltd.", "OAL"),
            ("Mr. Jon Hale", "Developer"),
            ("Mr. Li Wei", "Developer"),
            ("Ms. Ana Ruiz", "Developer"),
        ],
    ),
    (
        "'and' inside a name its defined initials span, 'and' before a lower-case word",
        "SUPPLY AGREEMENT effective as of the date of last signing between Institute for Marine "
        "Survey and Mapping, a not-for-profit research and services institution "
        'with offices at 9 Sample Lane ("IMSM"), and Harrow Pharmaceuticals Inc. ("Harrow"), '
        'having a place of business at 2 Example Road (together the "Parties").\n\n1. Supply\n',
        [
            ("Institute for Marine Survey and Mapping", "IMSM"),
            ("Harrow Pharmaceuticals Inc.", "Harrow"),
        ],
    ),
    (
        "a name in lower case after 'and' is still a party",
        'This Agreement is made between Harrow Media, Inc. ("Harrow") and eQuill.com, Inc. '
        '("eQuill") and takes effect today.\n\n1. Services\n',
        [("Harrow Media, Inc.", "Harrow"), ("eQuill.com, Inc.", "eQuill")],
    ),
    (
        "a form's blank party is called by its defined role",
        "This Agency Agreement is made as of May 2, 2031, by and between Harrow Corporation, a "
        'Velandia corporation (the "Company") and the Agent named on the signature page hereof '
        '(the "Agent").\n\nWHEREAS, the agent sells the products of the agent network.\n',
        [("Harrow Corporation", "Company"), ("Agent", "Agent")],
    ),
    (
        "a placeholder for the name with a role as defined name",
        "This Schedule is attached to the Agreement executed by and between Harrow Bank, N.A. "
        '("Harrow") and <<enter Company Name>> ("Supplier").\n\n1. Customizations\n',
        [("Harrow Bank, N.A.", "Harrow"), ("Supplier", "Supplier")],
    ),
    (
        "a placeholder whose defined name is no role is no party",
        "This Schedule is attached to the Agreement executed by and between Harrow Bank, N.A. "
        '("Harrow") and [NAME] ("Velkor").\n\n1. Customizations\n',
        [("Harrow Bank, N.A.", "Harrow")],
    ),
    (
        "Latin American legal forms",
        "This Distribution Agreement is made between Harrow Distribuidora de Tecnologias Ltda. "
        '("Harrow Brazil") and ORVALE DE MEXICO S. DE R.L. DE C.V. ("Orvale Mexico").\n\n'
        "1. Appointment\n",
        [
            ("Harrow Distribuidora de Tecnologias Ltda.", "Harrow Brazil"),
            ("ORVALE DE MEXICO S. DE R.L. DE C.V.", "Orvale Mexico"),
        ],
    ),
    (
        "the parties as the subject of 'agree as follows'",
        "IP RIGHTS AGREEMENT   Quillon, a Velandia corporation having a place of business at 4 "
        'Example Row (or one or more Affiliates, the "Investor"), and Harrow Ember Minerals '
        'Ltd., a Kestrel corporation (the "Company") (Investor and Company each a "Party"), '
        "agree as follows:\n\n1.00 Background. The Company owns patents.\n",
        [("Quillon", "Investor"), ("Harrow Ember Minerals Ltd.", "Company")],
    ),
    (
        "a collective 'Parties' is no entry's defined name",
        "This Transportation Contract is made on 3 May 2031 by JSC Orvale Oil, hereinafter the "
        '"Company", in the person of General Director Mr. J. Hale, on the one side and JSC '
        'Tamsinoil, hereinafter referred to as the "Principal" in the person of General '
        "Director Mr. L. Wei and Financial Director Mr. R. Vela, acting on the basis of the "
        'Charter, on the other side, collectively referred to as the "Parties", have entered '
        "into this Contract and hereby agree as follows:\n\n1. SUBJECT\n",
        [("JSC Orvale Oil", "Company"), ("JSC Tamsinoil", "Principal")],
    ),
    (
        "a name of up to eight words without a legal form but with a defined name",
        "This Addendum is made and effective May 7, 2031,   BETWEEN:\n\nHarrow Rowing Club "
        'Veterans - Northern Velandia Chapter ("HRCV-NV"), a charitable corporation of Velandia; '
        'Harrow Rowing Club Veterans, Inc. ("HRCV"), a charitable corporation.     AND:   '
        'Quillon Sports Aid, Inc. (the "Company").\n\n1. Endorsement\n',
        [
            ("Harrow Rowing Club Veterans - Northern Velandia Chapter", "HRCV-NV"),
            ("Harrow Rowing Club Veterans, Inc.", "HRCV"),
            ("Quillon Sports Aid, Inc.", "Company"),
        ],
    ),
    (
        "a document's title is no party",
        'This Agreement is entered into as of May 4, 2022 among Ravel Shipping Corp. ("Ravel"), '
        'Tolland Freight LLC ("Tolland") and the other parties to the Third Amended and Restated '
        'Agreement of Limited Partnership ("Partnership Agreement").\n\nWHEREAS they agree.\n',
        [("Ravel Shipping Corp.", "Ravel"), ("Tolland Freight LLC", "Tolland")],
    ),
]


@pytest.mark.parametrize(("what", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_parties_from_the_preamble(what, text, expected):
    found = [(p.name, p.defined_as) for p in find_parties(text, len(text))]
    assert found == expected


@pytest.mark.parametrize(
    "junk", ["WHEREAS", "NOW THEREFORE", "RECITALS", "BACKGROUND", "Republic of Germany"]
)
def test_no_recital_keyword_or_country_is_a_party(junk):
    text = (
        'This Agreement is made between Fenwick Tools Ltd ("Fenwick") and Daro Metals AG, a '
        'company under the laws of the Republic of Germany ("Daro").\n\n'
        f'{junk}, Fenwick and Daro wish to co-operate ("Programme").\n'
    )
    names = [p.name for p in find_parties(text, len(text))]
    assert junk not in names and not any(n.startswith(junk) for n in names)
    assert names == ["Fenwick Tools Ltd", "Daro Metals AG"]


def _two():
    text = (
        'This Supply Agreement is made between Corvid Retail Ltd ("Buyer") and Essling '
        'Components Inc. ("Supplier").\n'
    )
    return find_parties(text, len(text))


def test_roles_from_defined_names_say_why():
    parties, company = assign_roles(_two(), "supplier", None)
    roles = {p.defined_as: (p.role, p.reason) for p in parties}
    assert company == "Buyer"
    assert roles["Buyer"][0] == "company" and "Buyer" in roles["Buyer"][1]
    assert roles["Supplier"][0] == "counterparty" and roles["Supplier"][1]


def test_company_and_counterparty_overrides():
    parties, company = assign_roles(_two(), "supplier", "Supplier", "Buyer")
    roles = {p.defined_as: (p.role, p.reason) for p in parties}
    assert company == "Supplier"
    assert roles == {
        "Supplier": ("company", "set by the user"),
        "Buyer": ("counterparty", "set by the user"),
    }


def test_a_counterparty_the_contract_does_not_name_is_added():
    parties, _ = assign_roles(_two(), "supplier", "Buyer", "Moravia Trading")
    counter = [p for p in parties if p.role == "counterparty"]
    assert [p.name for p in counter] == ["Moravia Trading"]
    assert "not found" in counter[0].reason
    assert [p.role for p in parties if p.defined_as == "Supplier"] == ["other"]


def test_parties_from_the_signature_block_when_the_preamble_names_none():
    text = (
        "HOSTING TERMS\n\n1. Services. The host shall keep the site available.\n\n"
        "2. Fees. Fees are due monthly.\n\nIN WITNESS WHEREOF the parties have signed.\n\n"
        "TALLWOOD HOSTING, INC.\n\nBy: ______________\n\nName:\n\n"
        "MERIDEN CLINICS LLC\n\nBy: ______________\n"
    )
    assert [p.name for p in find_parties(text, 40)] == [
        "TALLWOOD HOSTING, INC.",
        "MERIDEN CLINICS LLC",
    ]


def test_a_witness_clause_executed_by_officers_is_not_a_party_list():
    text = (
        'This Licence Agreement is between Harwick Media, Inc. ("Harwick") and Distributor, as '
        "set forth below.\n\n1. Licence. Harwick grants the licence.\n\nIN WITNESS WHEREOF, the "
        "parties have executed this Agreement by their duly authorized representatives.\n\n"
        "DISTRIBUTOR\n\nKESTREL MOBILE LTD.   By: /s/ A. Person   Title PRESIDENT\n\n"
        "HARWICK MEDIA, INC. (HARWICK)\n\nBy: /s/ B. Person\n\nEXHIBIT A MASTER TERMS OF SERVICE\n"
    )
    names = [p.name for p in find_parties(text, 120)]
    assert names == ["Harwick Media, Inc.", "KESTREL MOBILE LTD."]


@pytest.mark.parametrize("title", ["Managing Director", "Chief Executive Officer", "President"])
def test_a_job_title_is_not_a_party(title):
    text = (
        f'This Agreement is made between {title} (the "Customer") and Norvik Data Ltd '
        '("Norvik").\n\n1. Services\n'
    )
    assert [p.name for p in find_parties(text, len(text))] == ["Norvik Data Ltd"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "RESELLER AGREEMENT\n\nThis Agreement is made by and between Halden Storage "
            'Corporation ("Halden") and RESELLER ORMONT SYSTEMS CORPORATION ("Reseller").\n\n'
            "1. Appointment\n",
            ["Halden Storage Corporation", "ORMONT SYSTEMS CORPORATION"],
        ),
        (
            'This Agreement is made between Principal Mutual Assurance Company ("Principal") and '
            'Tarrow Financial Services Corporation ("Tarrow").\n\n1. Services\n',
            ["Principal Mutual Assurance Company", "Tarrow Financial Services Corporation"],
        ),
        (
            "This Agreement is entered into by and between Premier Oats Corporation "
            '("Premier") and Kessel Dairy, LLC ("Kessel").\n\nIN WITNESS WHEREOF the parties '
            "sign.\n\nPremier\n\nBy: /s/ A. Person\n",
            ["Premier Oats Corporation", "Kessel Dairy, LLC"],
        ),
    ],
)
def test_names_without_what_ran_into_them(text, expected):
    assert [p.name for p in find_parties(text, len(text))] == expected


@pytest.mark.parametrize(
    "junk",
    [
        "Corporation",
        "Sub-Reseller Effective Date. Maple Cloud Inc.",
        "WESTON GROUP AND RESELLER AGREE AS FOLLOWS",
    ],
)
def test_a_legal_form_alone_or_prose_is_not_a_party(junk):
    from clausecheck.data import policy
    from clausecheck.structure.parties import _tidied
    from clausecheck.types import Party

    names = [p.name for p in _tidied([Party(junk, None, "other")], policy.party_words())]
    assert names in ([], ["Maple Cloud Inc."])
    assert junk not in names


def test_a_person_named_in_running_text_with_a_role_is_a_party():
    text = (
        "CONSULTING AGREEMENT\n\nDear Marta:\n\nHollin Bio, Inc, a Delaware corporation (the "
        '"Company"), is pleased to offer this Consulting Agreement (this "Agreement") to retain '
        'Marta Quillan ("Consultant") to perform services.\n\n1. Services\n'
    )
    assert [p.name for p in find_parties(text, len(text))] == ["Hollin Bio Inc", "Marta Quillan"]


def test_capitalised_defined_words_in_running_text_are_not_a_person():
    text = (
        "AGENCY AGREEMENT\n\nThis Agreement is made by Harbor Growth REIT, Inc. (the "
        '"Company") and the limited partnership governed by the Second Amended Operating '
        'Partnership ("Operating Partnership").\n\n1. Sale\n'
    )
    names = [p.name for p in find_parties(text, len(text))]
    assert "Operating Partnership" not in names and "Harbor Growth REIT, Inc." in names


def test_names_found_by_their_defined_terms_keep_every_part():
    text = (
        "AGENCY AGREEMENT\n\nKeswick Insurance Corporation of America, a Michigan insurance "
        'corporation ("KICA") and Dunmore Group Technologies, Inc., a Nevada corporation '
        '("Agency") and Lantau (Tianjin) Consulting Co., Ltd., a PRC company ("LTC") agree as '
        "follows:\n\nA. AUTHORITY\n"
    )
    found = [(p.name, p.defined_as) for p in find_parties(text, len(text))]
    assert found == [
        ("Keswick Insurance Corporation of America", "KICA"),
        ("Dunmore Group Technologies, Inc.", "Agency"),
        ("Lantau (Tianjin) Consulting Co., Ltd.", "LTC"),
    ]


def test_a_possessive_is_no_legal_form_and_an_offering_no_party():
    from clausecheck.data import policy

    suffix = policy.party_words().suffix
    assert suffix.search("the Orvale Fund's Registration Statement") is None
    assert suffix.search("Orvale Income Fund, a trust") is not None
    text = (
        'AGENCY AGREEMENT\n\nThis Agreement is among Halden Bancorp, Inc. (the "Company") and '
        'Brisk Securities LLC ("Agent"). The shares are sold in a subscription offering (the '
        '"Subscription Offering"), hereinafter referred to as the "Offering".\n\n1. Sale\n'
    )
    names = [p.name for p in find_parties(text, len(text))]
    assert names == ["Halden Bancorp, Inc.", "Brisk Securities LLC"]


_PROSE_TEXT = (
    "Quillmark will act as agent for the placement of the units, and the placement of any "
    "further units follows the same terms. Notices go to Velkor at its office."
)


@pytest.mark.parametrize(
    ("name", "common"),
    [
        ("PLACEMENT", True),  # written in prose as an ordinary word: a heading
        ("Placement", True),
        ("Velkor", False),  # a one-word name, never in lower case
        ("Quillmark", False),
        ("Placement Partners LLC", False),  # more than one word, and a legal form
        ("Notices", False),  # not written in lower case after another word
    ],
)
def test_a_one_word_name_the_contract_writes_as_an_ordinary_word_is_no_party(name, common):
    assert _common_word(name, _PROSE_TEXT, policy.party_words()) is common


def _with_a_signing_guarantor(anchor: str) -> str:
    return (
        f'This Supply Agreement is made {anchor} Fenwick Tools Ltd ("Fenwick") and Daro Metals '
        'AG ("Daro").\n\n1. Supply. Fenwick supplies tools to Daro.\n\n2. Guarantee. Harlan '
        "Holdings Inc. guarantees the payments of Daro.\n\nIN WITNESS WHEREOF the parties have "
        "signed.\n\nFENWICK TOOLS LTD\n\nBy: ______________\n\nDARO METALS AG\n\n"
        "By: ______________\n\nHARLAN HOLDINGS INC.\n\nBy: ______________\n"
    )


@pytest.mark.parametrize(
    ("anchor", "third"),
    [
        ("between", False),  # "between A and B" announces two parties: a further signer is not one
        ("by and among", True),  # "among" announces any number: a signer the body names is one
    ],
)
def test_the_preambles_grammar_says_whether_a_further_signer_is_a_party(anchor, third):
    text = _with_a_signing_guarantor(anchor)
    names = [p.name for p in find_parties(text, text.index("1. Supply"))]
    assert names[:2] == ["Fenwick Tools Ltd", "Daro Metals AG"]
    assert ("HARLAN HOLDINGS INC." in names) is third


def _after_a_table_of_contents(preamble: str) -> str:
    toc = "".join(f"{n}. HEADING NUMBER {n}{'.' * 40}{n}\n\n" for n in range(1, 80))
    return f"FRANCHISE AGREEMENT\n\nTABLE OF CONTENTS\n\n{toc}{preamble}\n\n1. GRANT\n"


def test_a_preamble_after_a_table_of_contents_names_the_parties():
    text = _after_a_table_of_contents(
        "This agreement is made and entered into this day of , 20 by and between Harrow "
        "Pretzels, Inc., a Velandia corporation (hereinafter referred to as Harrow) and "
        "Franchisee (as defined below)."
    )
    # the table of contents' first numbered line is taken for the operative part
    assert [p.name for p in find_parties(text, text.index("1. HEADING"))] == [
        "Harrow Pretzels, Inc."
    ]


def test_a_first_page_that_names_parties_is_not_left_for_a_later_preamble():
    text = (
        'IP RIGHTS AGREEMENT  Quillon Labs, a Velandia corporation (the "Investor"), and Harrow '
        'Ember Minerals Ltd., a Kestrel corporation (the "Company"), agree as follows:\n\n'
        "1.00 Background. " + "The Company owns patents. " * 150 + "\n\nThis Investment "
        "Agreement is made and entered into by and between Tamsin Capital LLC and Brisk "
        "Holdings Inc.\n"
    )
    names = [p.name for p in find_parties(text, text.index("1.00"))]
    assert "Harrow Ember Minerals Ltd." in names
    assert "Tamsin Capital LLC" not in names


def test_organisations_joined_before_a_collective_defined_name_are_each_a_party():
    text = (
        'OUTSOURCING AGREEMENT\n\nHarrow, Inc. and Harrow Licensee, Inc. (collectively "Harrow")'
        ' and Quillon Broadcasting of Velton, L.L.C. ("Quillon") make this '
        'Agreement (this "Agreement") dated May 2, 2031.\n\nRECITALS\n\nWHEREAS, Harrow owns a '
        "station.\n\n1. Services\n"
    )
    found = [(p.name, p.defined_as) for p in find_parties(text, text.index("1. Services"))]
    assert ("Harrow Licensee, Inc.", "Harrow") in found
    assert [n for n, _ in found if "Quillon" in n] == ["Quillon Broadcasting of Velton L.L.C."]
    assert len(found) == 3


def test_a_forms_blank_party_takes_a_role():
    text = (
        'This Supply Agreement is made by and between Harrow Foods Ltd ("Buyer") and '
        '<<enter Company Name>> ("Supplier").\n\n1. Supply\n'
    )
    parties, company = assign_roles(find_parties(text, len(text)), "supplier", None)
    roles = {p.name: p.role for p in parties}
    assert company == "Buyer"
    assert roles == {"Harrow Foods Ltd": "company", "Supplier": "counterparty"}


def test_a_party_list_after_a_table_of_contents_without_an_opening_sentence():
    text = _after_a_table_of_contents(
        "AGREEMENT dated            20\n\nBetween      HARROW KING CORPORATION a company "
        'incorporated in Velandia ("HKC")\n\nAND          The party specified as the Franchisee '
        'on SCHEDULE 1 attached hereto (the "Franchisee")\n\nWHEREAS HKC operates restaurants.'
    )
    names = [p.name for p in find_parties(text, text.index("1. HEADING"))]
    assert names[:1] == ["HARROW KING CORPORATION"]
