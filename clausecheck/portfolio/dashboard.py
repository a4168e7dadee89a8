"""The portfolio dashboard: one self-contained HTML file (no external requests).

Sections: coverage heatmap (contracts × provisions, grouped by relationship), share of contracts
per status for each provision, top gaps by priority, the traction calendar (next 30 / 90 / 365
days, each moment with the P1/P2 provisions the contract lacks) and the documents that failed.
Everything is rendered server-side; the inline script (``dashboard.js``) only filters, regroups
and recounts. Contract-derived strings go through ``esc``; the script's data through
``script_json``; a Content-Security-Policy with ``default-src 'none'`` and hashes of the one
inline style and script blocks anything else.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

from clausecheck import __version__
from clausecheck.portfolio import agenda, verdict
from clausecheck.portfolio.load import STATUSES, Contract, provision_ids
from clausecheck.portfolio.summary import coverage, gaps
from clausecheck.report import atomic
from clausecheck.report.cards import provision_title, spec_rank
from clausecheck.report.htmlutil import esc, script_json

EXTENSION = ".html"
GLYPHS = {"present": "\u2713", "weak": "~", "missing": "\u2717", "n/a": "\u2013", "": "\u00b7"}
_CLASS = {"n/a": "na", "": "none"}
TOP_GAPS = 15  # rows shown before "more gaps"
_CAL_COLS = (
    '<colgroup><col class="c-when"><col class="c-contract"><col class="c-moment">'
    '<col class="c-lacks"></colgroup>'
)  # the three horizon tables share their column widths


@functools.lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return resources.files("clausecheck.portfolio").joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _contract_cell(c: Contract) -> str:
    return (
        f'<th scope="row" title="{esc(c.path)}"><span class="cn">{esc(c.name)}</span>'
        f"<small>{esc(c.counterparty)} \u00b7 {esc(_label(c.contract_type))}</small></th>"
    )


def heatmap(items: Sequence[Contract], provisions: Sequence[str]) -> str:
    """One row per contract (``tr.contract``), one column per provision, grouped by relationship."""
    head = "".join(
        f'<th class="p" scope="col" title="{esc(p)}"><span>{esc(provision_title(p))}</span></th>'
        for p in provisions
    )
    body = []
    ordered = sorted(
        items, key=lambda c: (c.relationship, c.contract_type, c.counterparty.casefold(), c.name)
    )
    group = None
    for c in ordered:
        if c.relationship != group:
            group = c.relationship
            n = sum(1 for x in items if x.relationship == group)
            body.append(
                f'<tr class="group"><th colspan="{len(provisions) + 1}">'
                f"{esc(_label(group))} ({n})</th></tr>"
            )
        cells = []
        for p in provisions:
            s = c.statuses.get(p, "")
            pr = c.priorities.get(p)
            tip = f"{provision_title(p)}: {s or 'not analysed'}" + (f" ({pr})" if pr else "")
            d = c.decisions.get(p)
            mark, extra = "", ""
            if d:  # the reviewer's status, the tool's call in the tooltip
                tip += f"; {_decision_words(d)}"
                mark = (
                    '<sup class="rv">!</sup>' if d.get("disagrees") else '<sup class="rv">r</sup>'
                )
                extra = " rv-flag" if d.get("disagrees") else " rv"
            cells.append(
                f'<td class="s s-{_CLASS.get(s, s)}{extra}" title="{esc(tip)}">'
                f"{GLYPHS[s]}{mark}</td>"
            )
        body.append(
            f'<tr class="contract" data-c="{c.index}">{_contract_cell(c)}{"".join(cells)}</tr>'
        )
    if not items:
        body.append(
            f'<tr><td colspan="{len(provisions) + 1}" class="empty">No contracts.</td></tr>'
        )
    legend = "".join(f'<span class="s s-{s}">{GLYPHS[s]}</span> {s} ' for s in STATUSES)
    legend += f'<span class="s s-na">{GLYPHS["n/a"]}</span> not applicable '
    legend += (
        '<sup class="rv">r</sup> decided by a reviewer <sup class="rv">!</sup> re-scan disagrees '
    )
    return (
        f'<section id="heatmap"><h2>Coverage heatmap</h2><p class="legend">{legend}</p>'
        f'<div class="scroll"><table class="heat"><thead><tr><th scope="col">Contract</th>{head}'
        f"</tr></thead><tbody>{''.join(body)}</tbody></table></div></section>"
    )


def _decision_words(d: Mapping[str, Any]) -> str:
    if d.get("disagrees"):
        return (
            f"reviewer says {d.get('status')}; re-scan disagrees (the tool now says "
            f"{d.get('tool_now')})"
        )
    if d.get("changed"):
        return f"changed by reviewer (the tool says {d.get('tool_now')})"
    return "confirmed by reviewer"


def review_table(items: Sequence[Contract]) -> str:
    """Every reviewer's decision beside the tool's call; those a re-scan disagrees with first."""
    rows = [(c, p, d) for c in items for p, d in c.decisions.items()]
    if not rows:
        return ""
    rows.sort(key=lambda r: (not r[2].get("disagrees"), r[0].name, spec_rank(r[1])))
    body = "".join(
        f"<tr{' class=flag' if d.get('disagrees') else ''}><td>{esc(c.name)}</td>"
        f"<td>{esc(provision_title(p))}</td><td>{esc(d.get('tool_now'))}</td>"
        f'<td class="st s-{esc(d.get("status"))}">{esc(d.get("status"))}</td>'
        f"<td>{esc(_decision_words(d))}</td><td>{esc(d.get('reason'))}</td>"
        f"<td>{esc(d.get('reviewer') or '')}</td></tr>"
        for c, p, d in rows
    )
    return (
        '<section id="reviews"><h2>Reviewer decisions</h2>'
        "<p>The statuses above use the reviewer's status where there is one.</p>"
        '<div class="scroll"><table class="data"><thead><tr><th>Contract</th><th>Provision</th>'
        "<th>Tool's call</th><th>Reviewer's status</th><th>Decision</th><th>Reason</th>"
        f"<th>Reviewer</th></tr></thead><tbody>{body}</tbody></table></div></section>"
    )


def verdict_table(items: Sequence[Contract], verdicts: Mapping[int, verdict.Verdict] | None) -> str:
    """Each contract's verdict against the profile (``portfolio --profile``), failing first."""
    if verdicts is None:
        return ""
    ordered = sorted(items, key=lambda c: (verdicts[c.index].passed, c.name))
    body = "".join(
        f'<tr data-c="{c.index}"><th scope="row" title="{esc(c.path)}">{esc(c.name)}</th>'
        f'<td class="st s-{"present" if v.passed else "missing"}">{v.word}</td>'
        f"<td>{v.met} of {v.required}</td><td>{esc(v.unmet_names()) or '-'}</td></tr>"
        for c in ordered
        for v in (verdicts[c.index],)
    )
    profile = next(iter(verdicts.values())).profile if verdicts else ""
    passed = sum(v.passed for v in verdicts.values())
    return (
        f'<section id="verdicts"><h2>Profile {esc(profile)}</h2>'
        f"<p>{passed} of {len(verdicts)} contracts meet the profile; reviewers' statuses count "
        "where there is a decision.</p>"
        '<div class="scroll"><table class="data"><thead><tr><th>Contract</th><th>Verdict</th>'
        "<th>Requirements met</th><th>Unmet</th></tr></thead>"
        f"<tbody>{body}</tbody></table></div></section>"
    )


def _bar(row: Mapping[str, Any]) -> str:
    total = row["total"] or 1
    x = 0.0
    rects = []
    for s in STATUSES:
        w = 100.0 * row[s] / total
        rects.append(f'<rect class="b-{s}" x="{x:.2f}" y="0" width="{w:.2f}" height="10"></rect>')
        x += w
    return (
        '<svg class="bar" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" '
        f'aria-label="share by status">{"".join(rects)}</svg>'
    )


def shares(items: Sequence[Contract], provisions: Sequence[str]) -> str:
    """A stacked bar per provision: share of contracts where it is present / weak / missing."""
    rows = []
    for row in coverage(items, provisions):
        total = row["total"] or 1
        pct = " \u00b7 ".join(
            f'<span class="t-{s}">{round(100 * row[s] / total)}% {s}</span>' for s in STATUSES
        )
        rows.append(
            f'<tr data-p="{esc(row["provision"])}"><th scope="row">{esc(row["title"])}</th>'
            f'<td class="barcell">{_bar(row)}</td><td class="pct">{pct}</td></tr>'
        )
    return (
        '<section id="shares"><h2>Share of contracts by provision</h2>'
        f'<table class="shares"><tbody>{"".join(rows)}</tbody></table></section>'
    )


def _prio(priority: str | None) -> str:
    return f'<span class="prio {esc(priority)}">{esc(priority)}</span>'


def _contract_links(by_index: Mapping[int, Contract], indexes: Sequence[int]) -> str:
    return " ".join(
        f'<span class="chip" data-c="{i}" title="{esc(by_index[i].path)}">'
        f"{esc(by_index[i].name)}</span>"
        for i in indexes
    )


def gap_table(items: Sequence[Contract]) -> str:
    """Top gaps: priority, provision, add/extend, how many contracts and which."""
    rows = []
    by_index = {c.index: c for c in items}
    for n, g in enumerate(gaps(items)):
        cls = "gap more" if n >= TOP_GAPS else "gap"
        rows.append(
            f'<tr class="{cls}"><td>{_prio(g.priority)}</td>'
            f'<th scope="row">{esc(provision_title(g.provision))}</th>'
            f'<td class="st s-{esc(g.status)}">{esc(g.status)} \u2192 {esc(g.action)}</td>'
            f'<td class="n">{len(g.contracts)}</td>'
            f"<td>{_contract_links(by_index, g.contracts)}</td></tr>"
        )
    if not rows:
        rows.append('<tr><td colspan="5" class="empty">No prioritised gaps.</td></tr>')
    more = (
        '<p><label><input type="checkbox" id="more-gaps"> show all gaps</label></p>'
        if len(rows) > TOP_GAPS
        else ""
    )
    return (
        '<section id="gaps"><h2>Top gaps by priority</h2>'
        '<table class="gaps"><thead><tr><th>Priority</th><th>Provision</th><th>Status</th>'
        f"<th>Contracts</th><th>Which</th></tr></thead><tbody>{''.join(rows)}</tbody></table>{more}</section>"
    )


def _lacks(c: Contract) -> str:
    gaps_ = c.lacks()
    if not gaps_:
        return '<span class="ok">no P1/P2 gap</span>'
    return " ".join(
        f'<span class="lack">{_prio(c.priorities.get(p))} {esc(provision_title(p))}</span>'
        for p in gaps_
    )


def _when(e: agenda.Event, today: dt.date) -> tuple[str, str]:
    span = e.start.isoformat() + (f" \u2013 {e.end.isoformat()}" if e.end else "")
    days = e.days_until(today)
    if e.end and e.start <= today:
        return span, f"open now, closes in {days} days"
    if e.end:
        return span, f"opens in {(e.start - today).days} days, closes in {days} days"
    return span, "today" if days == 0 else f"in {days} days"


def _moment(e: agenda.Event) -> str:
    kind = agenda.KIND_LABELS.get(e.kind, _label(e.kind))
    label = "" if e.label.casefold() == kind.casefold() else f" {esc(e.label)}"
    notes = [f"\u00a7 {e.section}" if e.section else "", f"repeats {e.every}" if e.every else ""]
    small = " \u00b7 ".join(n for n in notes if n)
    return f'<span class="kind">{esc(kind)}</span>{label}<small>{esc(small)}</small>'


def calendar(items: Sequence[Contract], today: dt.date) -> str:
    """Upcoming moments of traction in three horizons, each with the contract's P1/P2 gaps."""
    by_index = {c.index: c for c in items}
    buckets: dict[int, list[str]] = {h: [] for h in agenda.HORIZONS}
    for e in agenda.events(items, today):
        c = by_index[e.contract]
        span, rel = _when(e, today)
        h = agenda.horizon(e, today)
        buckets[h].append(
            f'<tr class="event k-{esc(e.kind)}" data-c="{c.index}" data-h="{h}">'
            f'<td class="when">{esc(span)}'
            f"<small>{esc(rel)}</small></td><td>{esc(c.name)}<small>{esc(c.counterparty)}</small></td>"
            f"<td>{_moment(e)}</td><td>{_lacks(c)}</td></tr>"
        )
    parts, low = [], 0
    for h in agenda.HORIZONS:
        title = f"Next {h} days" if low == 0 else f"{low + 1}\u2013{h} days"
        body = "".join(buckets[h]) or ""
        parts.append(
            f'<h3 data-h="{h}">{title}</h3>'
            f'<table class="cal" data-h="{h}">{_CAL_COLS}<thead><tr>'
            "<th>When</th><th>Contract</th><th>Moment</th><th>Lacks (missing P1/P2)</th>"
            "</tr></thead>"
            f"<tbody>{body}</tbody></table>"
            f'<p class="empty none" data-h="{h}">Nothing dated in this period.</p>'
        )
        low = h
    return (
        '<section id="calendar"><h2>Traction calendar</h2>'
        f"<p>Moments from {esc(today.isoformat())}: renewal notice deadlines, reporting dates "
        "and audit windows, where human-rights terms can be added or enforced.</p>"
        f"{''.join(parts)}</section>"
    )


def error_table(errors: Sequence[Mapping[str, Any]]) -> str:
    if not errors:
        return (
            '<section id="errors"><h2>Documents that failed</h2>'
            '<p class="empty">None.</p></section>'
        )
    rows = "".join(
        f"<tr><td>{esc(e.get('path'))}</td><td>{esc(e.get('code'))}</td>"
        f"<td>{esc(e.get('exit_code'))}</td><td>{esc(e.get('message'))}</td></tr>"
        for e in errors
    )
    return (
        '<section id="errors"><h2>Documents that failed</h2><table class="errors"><thead><tr>'
        f"<th>Path</th><th>Code</th><th>Exit</th><th>Message</th></tr></thead><tbody>{rows}</tbody></table></section>"
    )


def _options(values: Sequence[str], everything: str) -> str:
    return f'<option value="">{everything}</option>' + "".join(
        f'<option value="{esc(v)}">{esc(_label(v))}</option>' for v in values
    )


def filters(items: Sequence[Contract]) -> str:
    rels = sorted({c.relationship for c in items})
    types = sorted({c.contract_type for c in items})
    names = sorted({n for c in items for n in c.counterparties}, key=str.casefold)
    datalist = "".join(f'<option value="{esc(n)}"></option>' for n in names)
    return (
        '<form id="filters" class="filters">'
        f'<label>Relationship <select id="f-rel">{_options(rels, "all")}</select></label>'
        f'<label>Contract type <select id="f-type">{_options(types, "all")}</select></label>'
        '<label>Counterparty <input id="f-cp" type="search" list="cps" autocomplete="off"></label>'
        f'<datalist id="cps">{datalist}</datalist>'
        '<label>Group by <select id="f-group"><option value="relationship">relationship</option>'
        '<option value="contract_type">contract type</option>'
        '<option value="counterparty">counterparty</option></select></label>'
        '<label>Calendar <select id="f-h"><option value="30">30 days</option>'
        '<option value="90">90 days</option><option value="365" selected>365 days</option>'
        "</select></label>"
        f'<output id="f-count">{len(items)} of {len(items)} contracts</output></form>'
    )


def _data(items: Sequence[Contract], provisions: Sequence[str]) -> dict[str, Any]:
    return {
        "provisions": list(provisions),
        "contracts": [
            {
                "i": c.index,
                "relationship": c.relationship,
                "contract_type": c.contract_type,
                "counterparty": c.counterparty,
                "parties": list(c.aliases),
                "statuses": [c.statuses.get(p, "") for p in provisions],
            }
            for c in items
        ],
    }


def render(
    items: Sequence[Contract],
    *,
    today: dt.date,
    errors: Sequence[Mapping[str, Any]] = (),
    verdicts: Mapping[int, verdict.Verdict] | None = None,
) -> str:
    provisions = provision_ids(items)
    css, js = _asset("dashboard.css"), _asset("dashboard.js")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    summary = (
        f"{len(items)} contracts analysed \u00b7 {len(errors)} failed \u00b7 "
        f"calendar from {today.isoformat()}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>clausecheck portfolio</title><style>{css}</style></head><body>"
        f"<header><h1>Portfolio leverage review</h1><p>{esc(summary)}</p>{filters(items)}</header>"
        "<main>"
        f"{verdict_table(items, verdicts)}{heatmap(items, provisions)}{review_table(items)}"
        f"{shares(items, provisions)}"
        f"{gap_table(items)}{calendar(items, today)}"
        f"{error_table(errors)}</main>"
        f"<footer>clausecheck {esc(__version__)}. Status measures leverage written into the "
        "contract, not responsibility for harm: a weak or missing clause never reduces a company's "
        "responsibility to respect human rights.</footer>"
        '<script type="application/json" id="cc-data">'
        f"{script_json(_data(items, provisions))}</script>"
        f"<script>{js}</script></body></html>\n"
    )


def write(
    items: Sequence[Contract],
    path: Path,
    *,
    today: dt.date,
    errors: Sequence[Mapping[str, Any]] = (),
    verdicts: Mapping[int, verdict.Verdict] | None = None,
    force: bool = False,
) -> None:
    atomic.write_text(
        path, render(items, today=today, errors=errors, verdicts=verdicts), force=force
    )
