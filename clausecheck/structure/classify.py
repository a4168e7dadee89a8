"""Contract type and relationship type, and which party is the company."""

from __future__ import annotations

import re

from clausecheck.data import policy
from clausecheck.types import Party
from clausecheck.vocab import Relationship

RELATIONSHIPS = Relationship.values()


def contract_type(title: str | None, text: str) -> tuple[str, str]:
    """(type, reason) from the title first, then cue counts in the opening text."""
    cues = policy.contract_types()
    t = (title or "").lower()
    for ctype in cues.order:
        if re.search(cues.title[ctype], t):
            return ctype, f"title '{title}' matches {ctype}"
    head = text[:20000].lower()
    best, best_n = "other", 0
    for ctype in cues.order:
        title_pat, body_pat = cues.title[ctype], cues.body.get(ctype, "")
        n = (len(re.findall(body_pat, head)) if body_pat else 0) + 3 * len(
            re.findall(title_pat, head[:3000])
        )
        if n > best_n:
            best, best_n = ctype, n
    if best_n < 3:
        return "other", "no contract-type cue is frequent enough"
    return best, f"{best_n} {best} cues in the opening text"


def relationship_for(ctype: str) -> str:
    return policy.contract_types().relationship.get(ctype, "supplier")


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
        for role in policy.contract_types().company_roles.get(relationship, ()):
            chosen = next((p for p in parties if role == (p.defined_as or "").lower()), None)
            if chosen:
                break
        if chosen is None:
            counter = policy.contract_types().counterparty_roles.get(relationship, ())
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
