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


REQUIRED_PRIORITY = "P2"  # a provision a profile requires but the card rates '-' here


def is_applicable(provision: Provision, relationship: str, required: bool = False) -> bool:
    """Does the provision normally apply to the relationship (spec 3.28: '-' is not normally
    applicable), or does the user's profile require it anyway?"""
    return required or provision.priority.get(relationship, "-") in LEVELS


def priority(
    provision: Provision,
    status: Status,
    relationship: str,
    *,
    high_risk: bool = False,
    required: bool = False,
) -> tuple[str | None, str]:
    base = provision.priority.get(relationship, "-")
    if status is Status.PRESENT:
        return None, "present: no gap to prioritise"
    if base not in LEVELS and not required:
        return None, f"not normally applicable to a {relationship} relationship (card value '-')"
    value: str | None
    if base not in LEVELS:
        value, why = (
            REQUIRED_PRIORITY,
            [
                f"{REQUIRED_PRIORITY}: not normally applicable to a {relationship} relationship, "
                "but the profile requires it"
            ],
        )
    else:
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
    required: frozenset[str] = frozenset(),
) -> tuple[Finding, ...]:
    """Each finding with its Leverage filled in; ``required``: provisions a profile requires,
    which apply whatever the relationship."""
    by_id = {p.id: p for p in provisions}
    out = []
    for f in findings:
        p = by_id[f.provision]
        needed = f.provision in required
        applicable = is_applicable(p, relationship, needed)
        prio, why = priority(p, f.status, relationship, high_risk=high_risk, required=needed)
        action = (
            {Status.WEAK: "extend", Status.MISSING: "add"}.get(f.status) if applicable else None
        )
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
                    applicable=applicable,
                ),
            )
        )
    return tuple(out)
