"""Document -> Structure: the clause tree, definitions, parties, contract and relationship type."""

from __future__ import annotations

import re

from clausecheck.structure import classify
from clausecheck.structure.classify import assign_roles
from clausecheck.structure.definitions import find_definitions
from clausecheck.structure.parties import find_parties
from clausecheck.structure.sections import parse
from clausecheck.structure.term import find_term
from clausecheck.types import Document, Structure

_TITLE = re.compile(
    r"\b(agreement|contract|conditions|terms|deed|convention|charter|memorandum)\b", re.I
)


def analyse(
    doc: Document,
    *,
    relationship: str | None = None,
    company: str | None = None,
    contract_type: str | None = None,
    counterparty: str | None = None,
) -> Structure:
    clauses = parse(doc)
    text = doc.text
    title = _title(doc)
    ctype, type_reason = (
        (contract_type, "set by the user") if contract_type else classify.contract_type(title, text)
    )
    rel = relationship or classify.relationship_for(ctype)
    rel_reason = "set by the user" if relationship else f"{ctype} contracts face a {rel}"
    operative = next(
        (c.start for c in clauses if c.kind in ("clause", "heading") and c.number), len(text)
    )
    preamble_end = min(operative, 8000)
    parties, company_name = assign_roles(
        find_parties(text, preamble_end), rel, company, counterparty
    )
    term = find_term(text, clauses, preamble_end)
    return Structure(
        clauses=clauses,
        definitions=find_definitions(text),
        parties=tuple(parties),
        contract_type=ctype,
        relationship=rel,
        company=company_name,
        title=title,
        effective_date=term.effective_date.value if term.effective_date else None,
        term=term,
        reasons=(
            f"contract type: {type_reason}",
            f"relationship: {rel_reason}",
            *(f"{p.role}: {p.name} - {p.reason}" for p in parties if p.role != "other"),
        ),
    )


def _title(doc: Document) -> str | None:
    """The contract's title: a heading-like line among the first blocks (a filing's "Exhibit
    10.4" label before it dropped), else the name the preamble gives the agreement ("This
    Broadcast Content License Agreement ...")."""
    for block in doc.blocks[:15]:
        line = _EXHIBIT.sub("", doc.text[block.start : block.end].strip())
        if _NOT_TITLE.match(line):
            continue
        if len(line) > 140:
            m = re.match(
                r"^([A-Z][A-Z0-9 ,'’&\-]{5,100}?(AGREEMENT|CONTRACT|CONDITIONS|TERMS))\b", line
            )
            if m:
                return m.group(1).strip()
            continue
        if _TITLE.search(line) and (line.isupper() or block.style_level):
            return re.sub(r"\s+", " ", line).rstrip(" -_=*")
    m = _THIS_AGREEMENT.search(doc.text[:2000])
    return re.sub(r"\s+", " ", m.group(1)) if m else None


# A filing label before the title: "Exhibit 10.4", "EXHIBIT 99.(H)(2)", "Ex. 4.44".
_EXHIBIT = re.compile(r"^(?:exhibit|ex\.)\s+[\w.()\-]{1,16}\s+", re.I)
# A filing's legend, not a title: "CONFIDENTIAL TREATMENT HAS BEEN REQUESTED ... OF THIS AGREEMENT".
_NOT_TITLE = re.compile(r"\W*confidential\s+treatment", re.I)
# "This [Wireless] Content License Agreement", "THIS LICENSE AND RESELLER AGREEMENT": two to
# eight capitalised words (joined by and / of / & / -) ending in Agreement or Contract; "This
# Agreement" alone names nothing.
_THIS_AGREEMENT = re.compile(
    r"\b[Tt][Hh][Ii][Ss][^\S\n]+(?![Ii][Ss]\b)"
    r"((?:(?!(?:AGREEMENT|Agreement|THIS|This)\b)[A-Z][\w’'\-]*[^\S\n]+"
    r"(?:(?:and|of|for|AND|OF|FOR|&)[^\S\n]+)?){1,7}(?:AGREEMENT|Agreement|CONTRACT|Contract))\b"
)
