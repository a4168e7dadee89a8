"""The traction calendar: dated moments of traction across the portfolio.

Each report's ``traction.timeline`` rows give dates (``when.date``), windows (``when.start`` /
``when.end``) and recurrences (``when.every`` from the effective date). Where the timeline has no
dated row of a kind, ``traction.dates`` fills in: renewal notice deadline = expiry minus the
non-renewal notice, reporting every n units and audit windows from the effective date.
An automatic renewal repeats the renewal moments every renewal term. Event-driven rows
("each Drawdown Request") have no date and stay out of the calendar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from clausecheck.portfolio.load import Contract
from clausecheck.portfolio.periods import add_period, normalise_unit, parse_iso

HORIZONS = (30, 90, 365)
KIND_OF_MOMENT = {
    "service_renewal": "renewal",
    "licence_renewal": "renewal",
    "periodic_reporting": "reporting",
    "monitoring_audit": "audit",
}
KIND_LABELS = {"renewal": "Renewal notice", "reporting": "Reporting", "audit": "Audit window"}
_APPROX_DAYS = {
    "day": 1.0,
    "business_day": 1.4,
    "week": 7.0,
    "month": 30.44,
    "quarter": 91.3,
    "year": 365.25,
}
_MAX_STEPS = 400  # occurrences examined per recurrence; a daily report over a year fits


@dataclass(frozen=True)
class Event:
    """One dated moment: a day (``end`` None) or a window ``start``..``end`` (inclusive)."""

    contract: int
    kind: str
    moment: str | None
    start: dt.date
    end: dt.date | None
    label: str
    section: str | None = None
    heading: str | None = None
    hr_hook: str | None = None
    provisions: tuple[str, ...] = ()
    basis: str = "timeline"
    every: str | None = None  # "every 3 months": the next occurrence of a series stands for it

    @property
    def due(self) -> dt.date:
        """When the moment must be acted on: the day itself, or a window's last day (an audit
        window open all year is due when it closes, not today)."""
        return self.end or self.start

    def days_until(self, today: dt.date) -> int:
        """Days until the moment is due (0 when it is due today)."""
        return max(0, (self.due - today).days)

    def as_dict(self, today: dt.date) -> dict[str, Any]:
        return {
            "contract": self.contract,
            "kind": self.kind,
            "moment": self.moment,
            "start": self.start.isoformat(),
            "end": self.end.isoformat() if self.end else None,
            "days": self.days_until(today),
            "label": self.label,
            "section": self.section,
            "heading": self.heading,
            "hr_hook": self.hr_hook,
            "provisions": list(self.provisions),
            "basis": self.basis,
            "every": self.every,
        }


def _period(value: Any) -> tuple[int, str] | None:
    """A traction.dates period {n, unit, days} as (n, unit) add_period understands."""
    if not isinstance(value, Mapping):
        return None
    n, unit = value.get("n"), normalise_unit(value.get("unit"))
    if isinstance(n, int) and unit:
        return n, unit
    days = value.get("days")
    return (days, "day") if isinstance(days, int) else None


def occurrences(
    anchor: dt.date,
    n: int,
    unit: str,
    since: dt.date,
    until: dt.date,
    stop: dt.date | None = None,
    first: int = 1,
) -> Iterator[dt.date]:
    """anchor + k·(n unit) for k ≥ ``first`` falling in [since, until] (and not after ``stop``)."""
    u = normalise_unit(unit)
    if u is None or n <= 0:
        return
    skip = int((since - anchor).days / (n * _APPROX_DAYS[u])) - 1  # jump over the past
    for k in range(max(first, skip), max(first, skip) + _MAX_STEPS):
        d = add_period(anchor, k * n, u)
        if d is None or d > until or (stop and d > stop):
            return
        if d >= since:
            yield d


class _Calendar:
    """Collects one contract's events between ``today`` and ``until``."""

    def __init__(self, c: Contract, today: dt.date, until: dt.date) -> None:
        self.c, self.today, self.until = c, today, until
        self.dates: Mapping[str, Any] = c.traction.get("dates") or {}
        self.timeline: list[Mapping[str, Any]] = list(c.traction.get("timeline") or ())
        self.effective = parse_iso(self.dates.get("effective_date")) or parse_iso(c.effective_date)
        self.auto_renews = bool(self.dates.get("automatic_renewal"))
        # an automatic renewal repeats every renewal-side moment; otherwise nothing outlives expiry
        self.renewal_every = _period(self.dates.get("renewal_term")) if self.auto_renews else None
        expiry = parse_iso(self.dates.get("expiry"))
        term = _period(self.dates.get("initial_term"))
        if expiry is None and self.effective and term:
            expiry = add_period(self.effective, *term)
        self.expiry = expiry
        self.events: list[Event] = []

    def add(self, kind: str, start: dt.date, end: dt.date | None, label: str, **kw: Any) -> None:
        if self.today <= (end or start) <= self.until:  # due within the horizon
            self.events.append(Event(self.c.index, kind, start=start, end=end, label=label, **kw))

    def repeat(
        self,
        kind: str,
        anchor: dt.date,
        first: int,
        every: tuple[int, str],
        label: str,
        window: bool,
        **kw: Any,
    ) -> None:
        """anchor + k·every for k ≥ first; as windows (to the day before the next) if ``window``."""
        n, unit = every
        since = (add_period(self.today, -n, unit) or self.today) if window else self.today
        stop = None if self.auto_renews else self.expiry
        series = f"every {n} {unit.replace('_', ' ')}{'s' if n != 1 else ''}"
        for d in occurrences(anchor, n, unit, since, self.until, stop, first):
            end = (add_period(d, n, unit) or d) - dt.timedelta(days=1) if window else None
            if end is None or end >= self.today:
                self.add(kind, d, end, label, every=series, **kw)
                return  # the next occurrence stands for the series

    def from_timeline(self) -> None:
        for row in self.timeline:
            when = row.get("when") or {}
            moment = row.get("moment")
            kind = KIND_OF_MOMENT.get(moment or "", moment or "other")
            kw = {
                "moment": moment,
                "section": row.get("section"),
                "heading": row.get("heading"),
                "hr_hook": row.get("hr_hook"),
                "provisions": tuple(row.get("provisions") or ()),
            }
            label = row.get("label") or when.get("text") or kind
            date, start, end = (parse_iso(when.get(k)) for k in ("date", "start", "end"))
            every = _period(when.get("every")) or (
                self.renewal_every if kind == "renewal" else None
            )
            if every and (when.get("kind") == "recurrence" or date or start):
                anchor = date or start or self.effective  # a stated date is the first occurrence
                if anchor:
                    self.repeat(
                        kind,
                        anchor,
                        0 if (date or start or kind == "audit") else 1,
                        every,
                        label,
                        window=kind == "audit",
                        **kw,
                    )
            elif when.get("kind") == "window" and (start or end):
                self.add(kind, start or end, end if start else None, label, **kw)  # type: ignore[arg-type]
            elif date:  # a "date" row's end is what it counts back from, not a window
                self.add(kind, date, None, label, **kw)

    def from_dates(self, kinds: set[str]) -> None:
        """traction.dates for the kinds the timeline leaves undated (older reports)."""
        notice = self.dates.get("non_renewal_notice") or {}
        if "renewal" not in kinds and self.expiry:
            period = _period(notice)
            deadline = add_period(self.expiry, -period[0], period[1]) if period else self.expiry
            label = (
                f"Last day for non-renewal notice ({notice.get('text') or period}) "
                "before the term ends"
                if period
                else "Term ends"
            )
            kw = {"moment": "service_renewal", "section": notice.get("section"), "basis": "dates"}
            if deadline and self.renewal_every:
                self.repeat("renewal", deadline, 0, self.renewal_every, label, window=False, **kw)
            elif deadline:
                self.add("renewal", deadline, None, label, **kw)
        if self.effective is None:
            return
        audit = self.dates.get("audit_frequency")
        notice_text = (self.dates.get("audit_notice") or {}).get("text")
        for kind, moment, periods, label in (
            ("reporting", "periodic_reporting", self.dates.get("reporting") or (), "Report due"),
            (
                "audit",
                "monitoring_audit",
                [audit] if audit else [],
                "Audit window" + (f", {notice_text} notice" if notice_text else ""),
            ),
        ):
            if kind in kinds:
                continue
            for p in periods:
                every = _period(p)
                if every:
                    self.repeat(
                        kind,
                        self.effective,
                        int(kind != "audit"),
                        every,
                        f"{label} ({p.get('text') or kind})",
                        window=kind == "audit",
                        moment=moment,
                        section=p.get("section"),
                        basis="dates",
                    )

    def collect(self) -> list[Event]:
        self.from_timeline()
        dated = {
            KIND_OF_MOMENT.get(r.get("moment") or "")
            for r in self.timeline
            if (r.get("when") or {}).get("kind") in ("date", "window", "recurrence")
        }
        self.from_dates({k for k in dated if k})
        return _merge(self.events)


def _merge(items: list[Event]) -> list[Event]:
    """One event per kind and day: several clauses often state the same report or deadline."""
    groups: dict[tuple[str, dt.date, dt.date | None], list[Event]] = {}
    for e in items:
        groups.setdefault((e.kind, e.start, e.end), []).append(e)
    return [
        replace(
            same[0],
            label=_joined(e.label for e in same) or same[0].label,
            section=_joined(e.section for e in same),
            every=_joined(e.every for e in same),
            provisions=tuple(dict.fromkeys(p for e in same for p in e.provisions)),
        )
        for same in groups.values()
    ]


def _joined(values: Iterable[str | None]) -> str | None:
    """Distinct values (ignoring case) joined with '; '."""
    return "; ".join({v.casefold(): v for v in values if v}.values()) or None


def events(items: Iterable[Contract], today: dt.date, days: int = HORIZONS[-1]) -> list[Event]:
    """Every moment due in [today, today + days] (a window: its last day), soonest first. A
    recurring series appears
    once, at its next occurrence (an audit window: the one open now or next); ``every`` says
    how it repeats. Moments on the same day and of the same kind are merged."""
    until = today + dt.timedelta(days=days)
    out: list[Event] = []
    for c in items:
        out.extend(_Calendar(c, today, until).collect())
    return sorted(out, key=lambda e: (e.days_until(today), e.start, e.contract, e.kind))


def horizon(event: Event, today: dt.date) -> int:
    """The smallest of HORIZONS (30, 90, 365) the event falls within."""
    d = event.days_until(today)
    return next((h for h in HORIZONS if d <= h), HORIZONS[-1])
