"""What a stored report means about a provision when the report itself does not say it: its
title, its place in the registry's order, and (for reports stored before priorities existed) the
card's priority for the relationship. Shared by the portfolio views and the draft diff."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

PRIORITIES = ("P1", "P2", "P3", "P4")
_RANK = {p: i for i, p in enumerate(PRIORITIES)}


def priority_rank(priority: str | None) -> int:
    """Sort key: P1 first, unprioritised last."""
    return _RANK.get(priority or "", len(PRIORITIES))


def spec_rank(provision: str) -> int:
    """The provision's place in the registry's order (unknown ids last)."""
    from clausecheck.data import registry

    return registry.builtin().position(provision)


@functools.lru_cache(maxsize=1)
def _cards() -> dict[str, tuple[str, dict[str, str]]]:
    """{provision: (title, {relationship: priority})} from the shipped provision files."""
    from clausecheck.data.registry import builtin
    from clausecheck.errors import ClauseCheckError

    try:  # the registry the engine built, read once per process
        return {p.id: (p.title, dict(p.priority)) for p in builtin().provisions}
    except ClauseCheckError:  # the portfolio still renders with bare ids
        return {}


def provision_title(provision: str) -> str:
    card = _cards().get(provision)
    return card[0] if card else provision.replace("_", " ").capitalize()


def priority_of(finding: Mapping[str, Any], relationship: str | None) -> str | None:
    """The finding's priority; for reports stored before priorities existed, the card's
    priority for the relationship (lowered one level for a weak finding, spec §3.28 rule 4)."""
    if "priority" in finding:
        return finding.get("priority")
    status = finding.get("status")
    if status not in ("weak", "missing"):
        return None
    base = _cards().get(finding.get("provision", ""), ("", {}))[1].get(relationship or "")
    if base not in _RANK:
        return None
    if status == "weak":
        return PRIORITIES[min(_RANK[base] + 1, len(PRIORITIES) - 1)]
    return base
