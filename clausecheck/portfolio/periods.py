"""Periods as contracts and users write them: add "3 months" to a date, read "90d" or "6m"."""

from __future__ import annotations

import datetime as dt
import re

from clausecheck.structure.dates import _UNIT_ALIASES, add_period, normalise_unit  # noqa: F401  (shared with the timeline)

_WITHIN = re.compile(r"^\s*(\d{1,4})\s*([dwmy])\s*$", re.I)


def parse_within(text: str) -> tuple[int, str]:
    """'90d', '12w', '6m', '1y' -> (n, unit); ValueError naming the accepted forms otherwise."""
    m = _WITHIN.match(text or "")
    if not m:
        raise ValueError(
            f"period '{text}' not understood: write a number and d, w, m or y "
            "(e.g. 90d, 12w, 6m, 1y)"
        )
    return int(m.group(1)), _UNIT_ALIASES[m.group(2).lower()]


def parse_iso(value: object) -> dt.date | None:
    """An ISO date string (or a longer ISO timestamp) as a date; None when absent or invalid."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None
