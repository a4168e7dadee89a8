"""The traction timeline as an inline SVG chart (no script, no external resources).

Two panels: every timeline row placed by phase (pre-award -> survival) in a lane per moment,
and, when rows carry dates, the dated rows on a time axis. The hook of each mark is told by
colour, by shape and by the legend's words; each mark has a text label and a <title>.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from clausecheck.report.html_parts import HOOKS, hook_of, humanise
from clausecheck.report.htmlutil import esc

PHASES = ("pre-award", "signing", "conditions", "performance", "renewal", "exit", "survival")
MOMENTS = (
    "contract_negotiation",
    "licence_renewal",
    "bid_qualification",
    "periodic_reporting",
    "service_renewal",
    "maintenance",
    "disbursement",
    "monitoring_audit",
    "technical_assistance",
    "complaint_process",
    "order_change",
    "exit",
    "change_of_control_or_use",
)

_LANE_LABEL_W = 180  # left column holding the moment names
_COL_W = 138
_LINE_H = 15  # one line of label text
_ITEM_GAP = 7
_PAD = 10
_WIDTH = _LANE_LABEL_W + _COL_W * len(PHASES) + _PAD
_PHASE_CHARS = 17  # label characters that fit one phase column at 12px
_LABEL_LINES = 4  # lines a label may take before it is cut (the tooltip holds it whole)
_MOMENT_CHARS = 24  # characters of a moment's name a line of the lane column holds
_DATE_CHARS = 44
_MAX_REPEATS = 60  # recurrence ticks drawn on the date axis


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "\u2026"


def _lines(text: str, width: int, count: int = 2) -> list[str]:
    """``text`` wrapped to at most ``count`` lines of ``width`` characters, the last one cut."""
    wrapped = textwrap.wrap(text, width, break_long_words=True) or [""]
    if len(wrapped) > count:
        wrapped = wrapped[: count - 1] + [_short(" ".join(wrapped[count - 1 :]), width)]
    return wrapped


def _mark(x: float, y: float, hook: str) -> str:
    """The shape of a hook: explicit a filled circle, possible a diamond, absent a hollow square."""
    if hook == "explicit":
        return f'<circle class="mk mk-explicit" cx="{x:.1f}" cy="{y:.1f}" r="6"/>'
    if hook == "possible":
        pts = f"{x:.1f},{y - 7:.1f} {x + 7:.1f},{y:.1f} {x:.1f},{y + 7:.1f} {x - 7:.1f},{y:.1f}"
        return f'<polygon class="mk mk-possible" points="{pts}"/>'
    return (
        f'<rect class="mk mk-absent" x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11"/>'
    )


def _row_label(row: Mapping[str, Any]) -> str:
    label = str(row.get("label") or humanise(row.get("moment")))
    section = row.get("section")
    return f"{section} {label}" if section and not label.startswith(str(section)) else label


def _tooltip(row: Mapping[str, Any]) -> str:
    when = (row.get("when") or {}).get("text") or ""
    parts = [
        humanise(row.get("moment")),
        _row_label(row),
        when,
        f"lever: {row['lever']}" if row.get("lever") else "",
        f"HR hook: {hook_of(row.get('hr_hook'))}",
        "gaps: " + ", ".join(map(str, row["markers"])) if row.get("markers") else "",
    ]
    return " \u2014 ".join(p for p in parts if p)


def _item(
    x: float,
    y: float,
    row: Mapping[str, Any],
    lines: list[str],
    *,
    label_x: float | None = None,
    anchor_end: bool = False,
) -> str:
    """One mark at (x, y) and its label lines, which start at ``label_x`` (default: beside it)."""
    hook = hook_of(row.get("hr_hook"))
    if anchor_end:
        tx, anchor = (label_x if label_x is not None else x) - 11, "end"
    else:
        tx, anchor = (label_x if label_x is not None else x) + 11, "start"
    spans = "".join(
        f'<tspan x="{tx:.1f}" dy="{0 if i == 0 else _LINE_H}">{esc(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<g class="tl-item hook-{hook}"><title>{esc(_tooltip(row))}</title>{_mark(x, y, hook)}'
        f'<text y="{y + 4:.1f}" text-anchor="{anchor}">{spans}</text></g>'
    )


def _legend(y: float) -> str:
    parts, x = [], _LANE_LABEL_W
    for hook in HOOKS:
        parts.append(f'{_mark(x, y, hook)}<text x="{x + 11}" y="{y + 4}">HR hook {hook}</text>')
        x += 160
    return f'<g class="tl-legend">{"".join(parts)}</g>'


def _phase_panel(rows: Sequence[Mapping[str, Any]], top: float) -> tuple[str, float]:
    """Lanes per moment (in the canonical order), columns per phase; returns (svg, bottom)."""
    cells: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        phase = str(row.get("phase")) if row.get("phase") in PHASES else "performance"
        cells.setdefault((str(row.get("moment")), phase), []).append(row)
    order = {m: i for i, m in enumerate(MOMENTS)}
    lanes = sorted({m for m, _ in cells}, key=lambda m: (order.get(m, len(order)), m))
    out = [f'<text class="tl-panel" x="0" y="{top + 14}">By phase of the contract</text>']
    head_y = top + 40
    for i, phase in enumerate(PHASES):
        x = _LANE_LABEL_W + i * _COL_W
        out.append(
            f'<text class="tl-phase" x="{x + _COL_W / 2}" y="{head_y}" text-anchor="middle">'
            f"{i + 1}. {phase}</text>"
        )
    y = head_y + 12
    for n, moment in enumerate(lanes):
        columns = []
        for i, phase in enumerate(PHASES):
            items = [
                (row, _lines(_row_label(row), _PHASE_CHARS, _LABEL_LINES))
                for row in cells.get((moment, phase), ())
            ]
            columns.append((i, items))
        # the moment's name wraps (never cut); the tooltip and the table below say the rest
        name = textwrap.wrap(humanise(moment), _MOMENT_CHARS) or [""]
        height = (
            max(
                len(name) * _LINE_H,
                *(
                    sum(len(lines) * _LINE_H + _ITEM_GAP for _, lines in items)
                    for _, items in columns
                ),
            )
            + _PAD
        )
        out.append(
            f'<rect class="tl-lane{" alt" if n % 2 else ""}" x="0" y="{y}" width="{_WIDTH}" '
            f'height="{height}"/>'
        )
        spans = "".join(
            f'<tspan x="6" dy="{0 if k == 0 else _LINE_H}">{esc(part)}</tspan>'
            for k, part in enumerate(name)
        )
        out.append(
            f'<text class="tl-moment" x="6" y="{y + _PAD / 2 + _LINE_H / 2 + 4}">{spans}</text>'
        )
        for i, items in columns:
            cy = y + _PAD / 2 + _LINE_H / 2
            for row, lines in items:
                out.append(_item(_LANE_LABEL_W + i * _COL_W + 12, cy, row, lines))
                cy += len(lines) * _LINE_H + _ITEM_GAP
        y += height
    for i in range(len(PHASES) + 1):
        x = _LANE_LABEL_W + i * _COL_W
        out.append(f'<line class="tl-grid" x1="{x}" y1="{head_y + 8}" x2="{x}" y2="{y}"/>')
    return "".join(out), y


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _dated(rows: Sequence[Mapping[str, Any]]) -> list[tuple[dt.date, dt.date, Mapping[str, Any]]]:
    """(start, end, row) for rows with a usable date or window, in date order."""
    found = []
    for row in rows:
        when = row.get("when") or {}
        start = _date(when.get("date")) or _date(when.get("start"))
        end = _date(when.get("end")) or start
        if start and end:
            found.append((min(start, end), max(start, end), row))
    return sorted(found, key=lambda t: (t[0], t[1]))


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):  # the 31st falls back to the month's last day
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _repeats(start: dt.date, every: Any, last: dt.date) -> list[dt.date]:
    """Later occurrences of a recurrence up to ``last`` (steps of months, years, weeks, days)."""
    if not isinstance(every, Mapping) or not isinstance(every.get("n"), int) or every["n"] < 1:
        return []
    n, unit = every["n"], str(every.get("unit") or "").rstrip("s")
    months = {"month": n, "quarter": 3 * n, "year": 12 * n}.get(unit, 0)
    days = {"day": n, "week": 7 * n}.get(unit, 0)
    if not months and not days:
        return []
    found: list[dt.date] = []
    for k in range(1, _MAX_REPEATS + 1):
        day = _add_months(start, months * k) if months else start + dt.timedelta(days=days * k)
        if day > last:
            break
        found.append(day)
    return found


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    """1 January of each year, or the first of each quarter for spans under two years."""
    months = 12 if (last - first).days > 730 else 3
    tick = dt.date(first.year, 1, 1)
    ticks = []
    while tick <= last:
        if tick >= first:
            ticks.append(tick)
        tick = _add_months(tick, months)
    return ticks


def _date_panel(
    dated: list[tuple[dt.date, dt.date, Mapping[str, Any]]], top: float
) -> tuple[str, float]:
    first = min(s for s, _, _ in dated)
    last = max(e for _, e, _ in dated)
    span = max((last - first).days, 1)
    x0, x1 = _LANE_LABEL_W + 10, _WIDTH - _PAD - 10

    def xpos(day: dt.date) -> float:
        return x0 + (day - first).days / span * (x1 - x0)

    out = [f'<text class="tl-panel" x="0" y="{top + 14}">Dated events</text>']
    axis_y = top + 40
    out.append(f'<line class="tl-axis" x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}"/>')
    for tick in _ticks(first, last):
        x = xpos(tick)
        out.append(
            f'<line class="tl-axis" x1="{x:.1f}" y1="{axis_y - 4}" x2="{x:.1f}" y2="{axis_y + 4}"/>'
            f'<text class="tl-tick" x="{x:.1f}" y="{axis_y - 8}" text-anchor="middle">'
            f"{tick.isoformat()[:7]}</text>"
        )
    y = axis_y + 8
    height = _LINE_H + 9
    for n, (start, end, row) in enumerate(dated):
        cy = y + height / 2
        out.append(
            f'<rect class="tl-lane{" alt" if n % 2 else ""}" x="0" y="{y}" width="{_WIDTH}" '
            f'height="{height}"/>'
        )
        out.append(f'<text class="tl-date" x="6" y="{cy + 4:.1f}">{start.isoformat()}</text>')
        for day in _repeats(start, (row.get("when") or {}).get("every"), last):
            out.append(
                f'<line class="tl-repeat" x1="{xpos(day):.1f}" y1="{cy - 5:.1f}" '
                f'x2="{xpos(day):.1f}" y2="{cy + 5:.1f}"/>'
            )
        if end > start:
            out.append(
                f'<rect class="tl-window" x="{xpos(start):.1f}" y="{cy - 3:.1f}" '
                f'width="{max(xpos(end) - xpos(start), 2):.1f}" height="6"/>'
            )
        # Labels go to the right of the mark (and window), or to its left in the right half.
        right_half = xpos(start) > (x0 + x1) / 2
        label_x = xpos(start) if right_half else xpos(end)
        out.append(
            _item(
                xpos(start),
                cy,
                row,
                [_short(_row_label(row), _DATE_CHARS)],
                label_x=label_x,
                anchor_end=right_half,
            )
        )
        y += height
    return "".join(out), y


def render(timeline: Sequence[Mapping[str, Any]] | None) -> str:
    """The chart for ``traction.timeline``, or an empty string when there are no rows."""
    rows = [r for r in timeline or () if isinstance(r, Mapping)]
    if not rows:
        return ""
    legend_y = 12.0
    body, bottom = _phase_panel(rows, legend_y + 16)
    dated = _dated(rows)
    if dated:
        panel, bottom = _date_panel(dated, bottom + 16)
        body += panel
    height = bottom + _PAD
    desc = (
        f"{len(rows)} moment instances placed by contract phase"
        + (f"; {len(dated)} with dates on a time axis" if dated else "")
        + ". The table below lists the same rows."
    )
    return (
        f'<svg class="timeline" viewBox="0 0 {_WIDTH} {height:.0f}" '
        f'width="{_WIDTH}" height="{height:.0f}" role="img" aria-labelledby="tl-title tl-desc">'
        f'<title id="tl-title">Traction timeline</title><desc id="tl-desc">{esc(desc)}</desc>'
        f"{_legend(legend_y)}{body}</svg>"
    )
