"""Portfolio queries: small predicates over ``Contract`` rows, combined with AND.

select(items, [missing("audit_rights"), relationship_is("supplier")])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from clausecheck.portfolio import agenda
from clausecheck.portfolio.load import STATUSES, Contract
from clausecheck.portfolio.periods import add_period, parse_within

Predicate = Callable[[Contract], bool]


def has_status(provision: str, status: str) -> Predicate:
    return lambda c: c.statuses.get(provision) == status


def missing(provision: str) -> Predicate:
    return has_status(provision, "missing")


def relationship_is(relationship: str) -> Predicate:
    return lambda c: c.relationship == relationship


def contract_type_is(contract_type: str) -> Predicate:
    return lambda c: c.contract_type == contract_type


def counterparty_contains(text: str) -> Predicate:
    """Case-insensitive substring of a counterparty's name or defined name."""
    needle = text.casefold().strip()
    return lambda c: any(needle in n.casefold() for n in c.aliases)


def next_renewal(
    c: Contract, today: dt.date, days: int = agenda.HORIZONS[-1]
) -> agenda.Event | None:
    """The first renewal moment (non-renewal notice deadline or expiry) within ``days``."""
    return next((e for e in agenda.events([c], today, days) if e.kind == "renewal"), None)


def renewal_within(period: str, today: dt.date) -> Predicate:
    """A renewal moment within '90d', '12w', '6m' or '1y' of ``today``."""
    end = add_period(today, *parse_within(period)) or today
    days = (end - today).days
    return lambda c: next_renewal(c, today, days) is not None


def select(items: Iterable[Contract], predicates: Sequence[Predicate]) -> list[Contract]:
    return [c for c in items if all(p(c) for p in predicates)]


@dataclass(frozen=True)
class Query:
    """The command-line filters; empty fields filter nothing."""

    missing: tuple[str, ...] = ()
    status: str | None = None
    provision: str | None = None
    relationship: str | None = None
    contract_type: str | None = None
    counterparty: str | None = None
    renewal_within: str | None = None

    def check(self, known_provisions: Iterable[str]) -> None:
        """ValueError naming the argument and the allowed values."""
        known = set(known_provisions)
        for p in (*self.missing, *([self.provision] if self.provision else [])):
            if p not in known:
                raise ValueError(f"unknown provision '{p}' (one of: {', '.join(sorted(known))})")
        if (self.status is None) != (self.provision is None):
            raise ValueError(
                "--status and --provision go together, e.g. --status weak --provision audit_rights"
            )
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"--status must be one of {', '.join(STATUSES)}")
        if self.renewal_within:
            parse_within(self.renewal_within)

    def predicates(self, today: dt.date) -> list[Predicate]:
        preds = [missing(p) for p in self.missing]
        if self.status and self.provision:
            preds.append(has_status(self.provision, self.status))
        if self.relationship:
            preds.append(relationship_is(self.relationship))
        if self.contract_type:
            preds.append(contract_type_is(self.contract_type))
        if self.counterparty:
            preds.append(counterparty_contains(self.counterparty))
        if self.renewal_within:
            preds.append(renewal_within(self.renewal_within, today))
        return preds

    def run(self, items: Iterable[Contract], today: dt.date) -> list[Contract]:
        return select(items, self.predicates(today))


def result_row(c: Contract, today: dt.date) -> dict[str, Any]:
    """One contract as the query prints it (JSON or table)."""
    renewal = next_renewal(c, today)
    return {
        "id": c.id,
        "path": c.path,
        "title": c.title,
        "relationship": c.relationship,
        "contract_type": c.contract_type,
        "counterparty": c.counterparty,
        "next_renewal": renewal.start.isoformat() if renewal else None,
        "lacks": c.lacks(),
        "statuses": dict(c.statuses),
    }
