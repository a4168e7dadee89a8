"""Document -> Structure: the clause tree, definitions, parties, contract and relationship type."""

from __future__ import annotations

import re

from clausecheck.structure import classify, dates
from clausecheck.structure.classify import assign_roles
from clausecheck.structure.definitions import find_definitions
from clausecheck.structure.parties import find_parties
from clausecheck.structure.sections import parse
from clausecheck.types import Document, Structure

_TITLE = re.compile(
    r"\b(agreement|contract|conditions|terms|deed|convention|charter|memorandum)\b", re.I
)
_EFFECTIVE = re.compile(
    r"(dated|made|entered\s+into|effective|executed|concluded)\b[^.]{0,80}?(as\s+of|on|this)?", re.I
)


def analyse(
    doc: Document,
    *,
    relationship: str | None = None,
    company: str | None = None,
    contract_type: str | None = None,
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
    parties, company_name = assign_roles(find_parties(text, preamble_end), rel, company)
    return Structure(
        clauses=clauses,
        definitions=find_definitions(text),
        parties=tuple(parties),
        contract_type=ctype,
        relationship=rel,
        company=company_name,
        title=title,
        effective_date=_effective_date(text, preamble_end),
        reasons=(
            f"contract type: {type_reason}",
            f"relationship: {rel_reason}",
            f"company: {'set by the user' if company else 'chosen from party roles'}",
        ),
    )


def _title(doc: Document) -> str | None:
    for block in doc.blocks[:15]:
        line = doc.text[block.start : block.end].strip()
        if len(line) > 140:
            m = re.match(
                r"^([A-Z][A-Z0-9 ,'’&\-]{5,100}(AGREEMENT|CONTRACT|CONDITIONS|TERMS))\b", line
            )
            if m:
                return m.group(1).strip()
            continue
        if _TITLE.search(line) and (line.isupper() or block.style_level):
            return re.sub(r"\s+", " ", line)
    return None


def _effective_date(text: str, preamble_end: int) -> str | None:
    head = text[: max(preamble_end, 3000)]
    m = re.search(r"[\"“]Effective\s+Date[\"”]", head)
    found = dates.find_dates(head)
    if m:
        before = [d for d in found if d[1] <= m.start() and m.start() - d[1] < 300]
        if before:
            return before[-1][2].isoformat()
    for start, _, d in found:
        if _EFFECTIVE.search(head[max(0, start - 120) : start]):
            return d.isoformat()
    return found[0][2].isoformat() if found else None
