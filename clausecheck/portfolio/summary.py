"""Portfolio totals: how often each provision is present, weak or missing, and the gaps by
priority."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.portfolio.load import STATUSES, Contract
from clausecheck.report.cards import priority_rank, provision_title, spec_rank


@dataclass(frozen=True)
class Gap:
    """Contracts where ``provision`` has ``status`` (weak or missing) at ``priority``."""

    provision: str
    priority: str
    status: str
    contracts: tuple[int, ...]

    @property
    def action(self) -> str:
        return "add" if self.status == "missing" else "extend"

    def as_dict(self) -> dict[str, Any]:
        return {
            "provision": self.provision,
            "title": provision_title(self.provision),
            "priority": self.priority,
            "status": self.status,
            "action": self.action,
            "count": len(self.contracts),
            "contracts": list(self.contracts),
        }


def coverage(items: Sequence[Contract], provisions: Sequence[str]) -> list[dict[str, Any]]:
    """Per provision: counts of present / weak / missing and ``total`` contracts that report it."""
    rows = []
    for p in provisions:
        counts = dict.fromkeys(STATUSES, 0)
        for c in items:
            if c.statuses.get(p) in counts:  # "n/a" (not applicable) is neither share
                counts[c.statuses[p]] += 1
        rows.append(
            {"provision": p, "title": provision_title(p), **counts, "total": sum(counts.values())}
        )
    return rows


def gaps(items: Sequence[Contract]) -> list[Gap]:
    """Weak and missing findings that carry a priority, grouped by provision, priority and status;
    P1 missing first, then by number of contracts."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for c in items:
        for p, status in c.statuses.items():
            priority = c.priorities.get(p)
            if status in ("weak", "missing") and priority:
                groups.setdefault((p, priority, status), []).append(c.index)
    out = [Gap(p, pr, st, tuple(ix)) for (p, pr, st), ix in groups.items()]
    return sorted(
        out,
        key=lambda g: (
            priority_rank(g.priority),
            g.status != "missing",
            -len(g.contracts),
            spec_rank(g.provision),
        ),
    )
