"""A policy profile's verdict per contract of the portfolio, evaluated when the views are made.

The verdict is computed from the stored findings with reviewers' decisions counted (the status
a reader acts on, as ``scan --profile --review`` does), so a store analysed without a profile,
or with another one, needs no re-analysis: ``clausecheck portfolio DB --profile NAME|FILE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.portfolio.load import Contract
from clausecheck.vocab import Status

COLUMNS = ("profile", "required", "met", "verdict", "unmet")


@dataclass(frozen=True)
class Verdict:
    """One contract against one profile: how many requirements, how many met, and the unmet
    ones as (provision, status, minimum)."""

    profile: str
    required: int
    met: int
    unmet: tuple[tuple[str, str, str], ...]

    @property
    def passed(self) -> bool:
        return not self.unmet

    @property
    def word(self) -> str:
        return "pass" if self.passed else "fail"

    def unmet_names(self) -> str:
        """The unmet requirements in words: "Grievance mechanism (missing, needs present); ..."."""
        from clausecheck.report.cards import provision_title

        return "; ".join(f"{provision_title(p)} ({st}, needs {mn})" for p, st, mn in self.unmet)

    def cells(self) -> list[Any]:
        """The matrix cells, in the order of ``COLUMNS``."""
        return [self.profile, self.required, self.met, self.word, self.unmet_names()]


def evaluate(contract: Contract, profile: Mapping[str, Any]) -> Verdict:
    """``profile`` (as ``leverage.profile.load`` returns it) against ``contract``'s statuses,
    the reviewer's status where there is a decision; a provision the report lacks is missing."""
    unmet = []
    requires = profile["requires"]
    for pid, (minimum, _basis) in requires.items():
        status = contract.calls.get(pid, "missing")
        if Status(status).rank < Status(minimum).rank:
            unmet.append((pid, status, minimum))
    return Verdict(str(profile["id"]), len(requires), len(requires) - len(unmet), tuple(unmet))


def evaluate_all(
    items: Sequence[Contract], profile: Mapping[str, Any] | None
) -> dict[int, Verdict] | None:
    """Each contract's verdict by ``Contract.index``; None without a profile."""
    if profile is None:
        return None
    return {c.index: evaluate(c, profile) for c in items}
