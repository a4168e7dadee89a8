"""`clausecheck outline`: the structure as understood (numbers, headings, pages)."""

from __future__ import annotations

from clausecheck.types import Document, Structure


def render(doc: Document, st: Structure, *, max_depth: int = 3) -> str:
    lines = [
        f"{doc.path}: {st.title or 'untitled'} "
        f"({st.contract_type}; counterparty: {st.relationship}; "
        f"company: {st.company or 'unknown'}; effective: {st.effective_date or 'unknown'})"
    ]
    for p in st.parties:
        lines.append(f'  party: {p.name} ("{p.defined_as}") - {p.role}')
    lines.append(f"  {len(st.definitions)} defined terms, {len(st.clauses)} structural nodes")
    for c in st.clauses:
        if c.level > max_depth or c.kind == "toc" and c.level > 0:
            continue
        pages = f"p{c.pages[0]}" if c.pages else ""
        head = c.heading or ""
        kind = "" if c.kind == "clause" else f"[{c.kind}] "
        lines.append(
            f"{'  ' * (c.level + 1)}{kind}{c.label} {head}".rstrip()
            + (f"  {pages}" if pages else "")
        )
    return "\n".join(lines)
