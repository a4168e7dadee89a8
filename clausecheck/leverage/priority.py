"""The leverage map of one finding: moments, Shift category and purpose, and priority.

Priorities follow provisions.md section 3.28: the card's value for the relationship type, raised
one level for a high-risk context, and for a weak finding the missing priority lowered one level.
"""

from __future__ import annotations

from dataclasses import replace

from clausecheck.data.provisions import Provision
from clausecheck.types import Finding, Leverage, Status

LEVELS = ("P1", "P2", "P3", "P4")


def shift_level(priority: str | None, step: int) -> str | None:
    """Move a priority by ``step`` levels (negative raises), staying within P1..P4."""
    if priority not in LEVELS:
        return None
    return LEVELS[min(max(LEVELS.index(priority) + step, 0), len(LEVELS) - 1)]


def priority(
    provision: Provision, status: Status, relationship: str, *, high_risk: bool = False
) -> tuple[str | None, str]:
    base = provision.priority.get(relationship, "-")
    if status is Status.PRESENT:
        return None, "present: no gap to prioritise"
    if base not in LEVELS:
        return None, f"not normally applicable to a {relationship} relationship (card value '-')"
    value: str | None
    value, why = base, [f"{base} for a {relationship} relationship when missing"]
    if high_risk:
        raised = shift_level(value, -1)
        if raised != value:
            why.append(f"raised to {raised} for a high-risk sector or country")
        value = raised
    if status is Status.WEAK:
        lowered = shift_level(value, +1)
        why.append(
            f"weak: the missing priority lowered one level to {lowered}"
            if lowered != value
            else "weak: stays P4"
        )
        value = lowered
    if provision.priority_notes:
        why.append(f"card note: {provision.priority_notes}")
    return value, "; ".join(why)


def annotate(
    findings: tuple[Finding, ...] | list[Finding],
    provisions: list[Provision],
    relationship: str,
    *,
    high_risk: bool = False,
) -> tuple[Finding, ...]:
    """Each finding with its Leverage filled in."""
    by_id = {p.id: p for p in provisions}
    out = []
    for f in findings:
        p = by_id[f.provision]
        prio, why = priority(p, f.status, relationship, high_risk=high_risk)
        action = {Status.WEAK: "extend", Status.MISSING: "add"}.get(f.status)
        out.append(
            replace(
                f,
                title=p.title,
                leverage=Leverage(
                    category=p.shift_category,
                    purpose=p.shift_purpose,
                    moments_created=p.moments_created,
                    moments_used=p.moments_used,
                    priority=prio,
                    priority_reason=why,
                    action=action,
                ),
            )
        )
    return tuple(out)
