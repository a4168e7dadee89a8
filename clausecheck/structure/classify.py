"""Contract type and relationship type, and which party is the company."""

from __future__ import annotations

import re

from clausecheck.types import Party

CONTRACT_TYPES = (
    "supply",
    "distribution",
    "services",
    "licence",
    "joint_venture",
    "loan",
    "host_government",
    "other",
)
RELATIONSHIPS = ("supplier", "partner", "customer", "lender", "government")

# (contract type, title pattern, body pattern)
_TYPE_CUES = [
    (
        "joint_venture",
        r"joint\s+venture|shareholders['’]?\s+agreement|limited\s+liability\s+company\s+agreement|operating\s+agreement|llc\s+agreement|partnership\s+agreement|consortium",
        r"joint\s+venture|\bjv\b|reserved\s+matters|capital\s+contribution|members?['’]?\s+(?:meeting|interest)|shareholders?",
    ),
    (
        "loan",
        r"credit\s+agreement|loan\s+agreement|facility\s+agreement|facilities\s+agreement|note\s+purchase|financing\s+agreement|term\s+loan",
        r"\bborrower\b|\blenders?\b|drawdown|utilisation|event\s+of\s+default|interest\s+period",
    ),
    (
        "host_government",
        r"concession|host\s+government|investment\s+agreement|production\s+sharing|mining\s+(?:convention|agreement)|stability\s+agreement",
        r"\bministry\b|\bthe\s+government\b|\brepublic\s+of\b|concession(?:aire)?|\bthe\s+state\b",
    ),
    (
        "distribution",
        r"distribut|resell|reseller|dealer|agency|marketing\s+agreement|sales\s+representative",
        r"\bdistributor\b|\breseller\b|resale|\bterritory\b|\bdealer\b|sub-distributor",
    ),
    (
        "licence",
        r"licen[cs]e\s+agreement|licensing|endorsement|co-?branding|franchise",
        r"\blicensee\b|\blicensor\b|royalt",
    ),
    (
        "supply",
        r"supply|manufactur|purchase|procurement|conditions\s+of\s+purchase|terms\s+of\s+purchase|offtake|production",
        r"\bsupplier\b|\bvendor\b|\bmanufacturer\b|purchase\s+order|\bseller\b|\bbuyer\b|\bpurchaser\b",
    ),
    (
        "services",
        r"services|outsourcing|consult|maintenance|transportation|engagement|development\s+agreement",
        r"\bservice\s+provider\b|statement\s+of\s+work|\bcontractor\b|\bservices\b",
    ),
]
_TYPE_TO_RELATIONSHIP = {
    "supply": "supplier",
    "services": "supplier",
    "distribution": "customer",
    "licence": "customer",
    "joint_venture": "partner",
    "loan": "lender",
    "host_government": "government",
    "other": "supplier",
}
# Defined names that mark the company (the user's side) for each relationship type.
_COMPANY_ROLES = {
    "supplier": (
        "buyer",
        "purchaser",
        "customer",
        "client",
        "company",
        "owner",
        "principal",
        "shipper",
        "retailer",
    ),
    "customer": (
        "company",
        "supplier",
        "manufacturer",
        "licensor",
        "seller",
        "principal",
        "vendor",
        "producer",
    ),
    "lender": (
        "lender",
        "bank",
        "agent",
        "investor",
        "financier",
        "arranger",
        "administrative agent",
    ),
    "government": (
        "investor",
        "company",
        "contractor",
        "concessionaire",
        "developer",
        "operator",
        "holder",
    ),
    "partner": (),
}
_COUNTERPARTY_ROLES = {
    "supplier": (
        "supplier",
        "vendor",
        "seller",
        "manufacturer",
        "contractor",
        "service provider",
        "provider",
        "consultant",
        "transporter",
        "cmo",
    ),
    "customer": (
        "distributor",
        "reseller",
        "customer",
        "licensee",
        "agent",
        "dealer",
        "buyer",
        "purchaser",
    ),
    "lender": ("borrower", "obligor", "company", "issuer", "guarantor"),
    "government": ("government", "state", "ministry", "republic", "authority", "grantor"),
    "partner": (),
}


def contract_type(title: str | None, text: str) -> tuple[str, str]:
    """(type, reason) from the title first, then cue counts in the opening text."""
    t = (title or "").lower()
    for ctype, title_pat, _ in _TYPE_CUES:
        if re.search(title_pat, t):
            return ctype, f"title '{title}' matches {ctype}"
    head = text[:20000].lower()
    best, best_n = "other", 0
    for ctype, title_pat, body_pat in _TYPE_CUES:
        n = len(re.findall(body_pat, head)) + 3 * len(re.findall(title_pat, head[:3000]))
        if n > best_n:
            best, best_n = ctype, n
    if best_n < 3:
        return "other", "no contract-type cue is frequent enough"
    return best, f"{best_n} {best} cues in the opening text"


def relationship_for(ctype: str) -> str:
    return _TYPE_TO_RELATIONSHIP.get(ctype, "supplier")


def assign_roles(
    parties: list[Party], relationship: str, company: str | None
) -> tuple[list[Party], str | None]:
    """Mark each party company / counterparty; returns parties and the company's defined name."""
    if not parties:
        return parties, company
    chosen: Party | None = None
    if company:
        wanted = company.lower()
        chosen = next(
            (
                p
                for p in parties
                if (p.defined_as or "").lower() == wanted or wanted in p.name.lower()
            ),
            None,
        )
    if chosen is None and not company:
        for role in _COMPANY_ROLES.get(relationship, ()):
            chosen = next((p for p in parties if role == (p.defined_as or "").lower()), None)
            if chosen:
                break
        if chosen is None:
            counter = _COUNTERPARTY_ROLES.get(relationship, ())
            others = [p for p in parties if (p.defined_as or "").lower() not in counter]
            chosen = others[0] if others and len(others) < len(parties) else parties[0]
    out = []
    for p in parties:
        role = "company" if chosen is not None and p is chosen else "counterparty"
        out.append(Party(p.name, p.defined_as, role))
    name = (
        company
        if company and chosen is None
        else (chosen.defined_as or chosen.name if chosen else None)
    )
    return out, name
