"""The HTML report: one self-contained file that works offline and from an email attachment.

No external requests of any kind: styles and the one script are inline, the chart is inline
SVG, and a Content-Security-Policy forbids network access and any script but ours (by hash).
Every contract-derived string goes through ``htmlutil.esc``; the script's data through
``htmlutil.script_json``. Reads the JSON dict (``json_report.to_dict``) and tolerates old
reports that lack the leverage-map keys.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path, PurePath
from typing import Any

from clausecheck.report import atomic
from clausecheck.report.digest import (
    as_dict,
    profile_relationship_warning,
    provision_name,
    shown_status,
)
from clausecheck.report.html_findings import findings_section, suggestions_section
from clausecheck.report.html_parts import (
    PRIORITIES,
    STATUSES,
    anchor_id,
    definition_list,
    moments_text,
    or_dash,
    priority_badge,
    section,
    section_ref,
    status_badge,
    status_class,
    status_of,
    text_list,
)
from clausecheck.report.html_traction import traction_section
from clausecheck.report.htmlutil import esc, script_json
from clausecheck.types import Report

EXTENSION = ".html"

_NUM = ' class="num"'

_NAV = (
    ("summary", "Summary"),
    ("provisions", "Provisions"),
    ("findings", "Findings"),
    ("traction", "Moments of traction"),
    ("timeline", "Timeline"),
    ("suggestions", "Suggested clauses"),
)


@cache
def _asset(name: str) -> str:
    return (
        resources.files("clausecheck.report")
        .joinpath("html_assets")
        .joinpath(name)
        .read_text(encoding="utf-8")
    )


def _findings(d: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [f for f in d.get("findings") or () if isinstance(f, Mapping)]


def _file_name(doc: Mapping[str, Any]) -> str:
    return PurePath(str(doc.get("path") or "contract")).name


def _party(p: Mapping[str, Any]) -> str:
    defined = f" (\u201c{esc(p.get('defined_as'))}\u201d)" if p.get("defined_as") else ""
    return f"{esc(p.get('name'))}{defined} \u2013 {esc(p.get('role'))}"


def _profile(profile: Any, document: Mapping[str, Any] | None = None) -> str:
    if not isinstance(profile, Mapping):
        return ""
    passed = bool(profile.get("passed"))
    verdict = (
        '<span class="verdict-pass">\u2713 passes</span>'
        if passed
        else '<span class="verdict-fail">\u2717 fails</span>'
    )
    unmet = [
        r for r in profile.get("requirements") or () if isinstance(r, Mapping) and not r.get("met")
    ]
    items = "".join(
        f'<li><a href="#{anchor_id("f", r.get("provision"))}">{esc(provision_name(r))}</a>: '
        f"needs {esc(r.get('minimum'))}, is {status_badge(r.get('status'))}"
        f"{' (' + esc(r.get('basis')) + ')' if r.get('basis') else ''}</li>"
        for r in unmet
    )
    title = esc(profile.get("title") or profile.get("id"))
    fail_on = f" (fails on {esc(profile.get('fail_on'))})" if profile.get("fail_on") else ""
    met = sum(
        1 for r in profile.get("requirements") or () if isinstance(r, Mapping) and r.get("met")
    )
    total = len(profile.get("requirements") or ())
    warn = profile_relationship_warning({"profile": profile, "document": document or {}})
    warning = f'<p class="warning">{esc(warn)}</p>' if warn else ""
    return (
        f"<h3>Profile: {title}</h3><p>The contract {verdict} this profile{fail_on}: "
        f"{met} of {total} requirements met.</p>{warning}"
    ) + (f'<ul class="plain">{items}</ul>' if items else "")


def _tiles(d: Mapping[str, Any]) -> str:
    counts = {s: 0 for s in STATUSES}
    for f in _findings(d):
        shown = status_of(shown_status(f))
        if shown in counts:  # not applicable: no tile, it is not a gap
            counts[shown] += 1
    tiles = [
        f'<button type="button" class="tile st-{s}" data-filter-status="{s}" disabled '
        f'title="Show only {s} provisions in the table"><strong>{counts[s]}</strong>'
        f"{status_badge(s)}</button>"
        for s in STATUSES
    ]
    density = (d.get("traction") or {}).get("leverage_density")
    if isinstance(density, (int, float)):
        tiles.append(
            f'<div class="tile info" title="leverage density"><strong>{density:.1f}</strong>'
            "human-rights moments of traction a year "
            '<span class="muted">(times in each contract year when the contract lets you raise '
            "human rights)</span></div>"
        )
    profile = d.get("profile")
    if isinstance(profile, Mapping):
        verdict = (
            '<strong class="verdict-pass">\u2713 pass'
            if profile.get("passed")
            else '<strong class="verdict-fail">\u2717 fail'
        )
        tiles.append(
            f'<div class="tile info">{verdict}</strong>profile {esc(profile.get("id"))}</div>'
        )
    return f'<div class="tiles">{"".join(tiles)}</div>'


def _summary(d: Mapping[str, Any]) -> str:
    doc = d.get("document") or {}
    ctx = d.get("context") or {}
    parties = [p for p in doc.get("parties") or () if isinstance(p, Mapping)]
    fmt = ", ".join(
        x
        for x in (
            esc(doc.get("format")),
            f"{esc(doc.get('pages'))} page(s)" if doc.get("pages") and _paged(d) else "",
            "OCR" if doc.get("ocr") else "",
        )
        if x
    )
    facts = definition_list(
        [
            (
                "Document",
                f'{esc(_file_name(doc))} <span class="muted">({fmt})</span>',
            ),
            ("Title", esc(doc.get("title"))),
            ("Contract type", esc(doc.get("contract_type"))),
            (
                "Relationship",
                f"the counterparty is a {esc(doc.get('relationship'))}"
                if doc.get("relationship")
                else "",
            ),
            ("Company (our side)", esc(doc.get("company"))),
            ("Parties", "<br>".join(_party(p) for p in parties)),
            ("Effective date", esc(doc.get("effective_date"))),
            ("High-risk context", "yes" if ctx.get("high_risk") else ""),
        ]
    )
    reasons = text_list(doc.get("reasons") or ())
    why = (
        "<details><summary>How the type, relationship and company were chosen</summary>"
        f"{reasons}</details>"
    )
    return section(
        "summary",
        "Summary",
        facts + _tiles(d) + _profile(d.get("profile"), doc) + (why if reasons else ""),
    )


def _filters() -> str:
    statuses = "".join(f'<option value="{s}">{s}</option>' for s in STATUSES)
    priorities = "".join(f'<option value="{p}">{p}</option>' for p in PRIORITIES)
    return (
        '<div class="filters" id="filters" role="search" '
        'aria-label="Filter the provision table" hidden>'
        '<label for="filter-status">Status<select id="filter-status">'
        f'<option value="">all</option>{statuses}'
        "</select></label>"
        '<label for="filter-priority">Priority<select id="filter-priority">'
        '<option value="">all</option>'
        f'{priorities}<option value="none">none</option></select></label>'
        '<label for="filter-text">Search<input id="filter-text" type="search" '
        'placeholder="provision, clause text, reason" autocomplete="off"></label>'
        '<button type="button" id="filter-reset">Reset</button>'
        '<output id="filter-count" aria-live="polite"></output></div>'
    )


def _paged(d: Mapping[str, Any]) -> bool:
    """Only a PDF has pages worth citing; other formats are cited by section."""
    return (d.get("document") or {}).get("format") == "pdf"


def _reviewed(d: Mapping[str, Any]) -> bool:
    return any(isinstance(f.get("decision"), Mapping) for f in _findings(d))


def _review_cell(f: Mapping[str, Any]) -> str:
    d = f.get("decision")
    if not isinstance(d, Mapping):
        return ""
    if d.get("disagrees"):
        return f'<strong class="verdict-fail">{esc(d.get("status"))}: re-scan disagrees</strong>'
    if d.get("changed"):
        return f"changed by reviewer to {status_badge(d.get('status'))}"
    return "confirmed"


def _row(f: Mapping[str, Any], paged: bool = True, reviewed: bool = False) -> str:
    pid = f.get("provision")
    status = status_of(shown_status(f))
    ev = next((e for e in f.get("evidence") or () if isinstance(e, Mapping)), {})
    conf = f.get("confidence")
    priority = f.get("priority") if f.get("priority") in PRIORITIES else "none"
    cells = [
        ("Status", status_badge(status) + (" ?" if f.get("uncertain") else "")),
        ("Confidence", f"{conf:.2f}" if isinstance(conf, (int, float)) else ""),
        ("Section", section_ref(ev.get("section"), ev.get("heading"))),
        ("Page", or_dash(esc(ev.get("page")))),
        ("Priority", priority_badge(f.get("priority"))),
        ("Moments", or_dash(esc(moments_text(f.get("moments"))))),
        ("Reviewer", _review_cell(f)),
    ]
    cells = [c for c in cells if (paged or c[0] != "Page") and (reviewed or c[0] != "Reviewer")]
    tds = "".join(
        f'<td data-label="{label}"{_NUM if label == "Confidence" else ""}>{value}</td>'
        for label, value in cells
    )
    return (
        f'<tr data-provision="{esc(pid)}" data-status="{status_class(status)}" '
        f'data-priority="{priority}">'
        f'<th scope="row"><a href="#{anchor_id("f", pid)}">{esc(provision_name(f))}</a></th>'
        f"{tds}</tr>"
    )


def _table(d: Mapping[str, Any]) -> str:
    paged, reviewed = _paged(d), _reviewed(d)
    names = ["Provision", "Status", "Confidence", "Section", "Page", "Priority", "Moments"]
    names += ["Reviewer"] if reviewed else []
    heads = "".join(f'<th scope="col">{h}</th>' for h in names if paged or h != "Page")
    rows = "".join(_row(f, paged, reviewed) for f in _findings(d))
    table = (
        '<div class="scroll"><table class="data responsive" id="provision-table">'
        "<caption>One row per provision; \u201c?\u201d marks a status decided by an edge-case rule."
        f"</caption><thead><tr>{heads}</tr></thead><tbody>{rows}</tbody></table></div>"
    )
    return section("provisions", "Provisions", _filters() + table)


def _search_index(d: Mapping[str, Any]) -> dict[str, str]:
    """Text the table search also looks in: evidence, reasons, notes, candidates, rule, cues."""
    index = {}
    for f in _findings(d):
        parts = [e.get("text") for e in f.get("evidence") or () if isinstance(e, Mapping)]
        for key in ("reasons", "notes", "candidates", "cues"):
            parts.extend(f.get(key) or ())
        parts.append(f.get("rule"))
        index[str(f.get("provision"))] = " ".join(str(p) for p in parts if p)
    return index


def _errors(d: Mapping[str, Any]) -> str:
    errors = text_list(d.get("errors") or ())
    return section("warnings", "Warnings", errors) if errors else ""


def _footer(d: Mapping[str, Any]) -> str:
    tool = d.get("tool") or {}
    doc = d.get("document") or {}
    model = f", model {esc(tool.get('model'))}" if tool.get("model") else ""
    return (
        f"<footer><p>clausecheck {esc(tool.get('version'))}{model}; report schema "
        f"{esc(d.get('schema_version'))}. Source: {esc(doc.get('path'))} "
        f"(sha256 {esc(doc.get('sha256'))}).</p>"
        "<p>The status measures the leverage the contract gives, not the company's responsibility: "
        "a weak "
        "or missing clause never reduces what the company owes to the people affected.</p></footer>"
    )


def _page(title: str, body: str, script: str) -> str:
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; "
        f"script-src 'sha256-{digest}'; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{title}</title><style>{_asset('report.css')}</style></head>"
        f"<body>{body}<script>{script}</script></body></html>\n"
    )


def render(report: Report | dict[str, Any]) -> str:
    """The whole report as one HTML document."""
    d = as_dict(report)
    doc = d.get("document") or {}
    name = _file_name(doc)
    heading = esc(doc.get("title") or name)
    nav = "".join(f'<a href="#{k}">{v}</a>' for k, v in _NAV)
    body = (
        f'<header class="top"><h1>Leverage report: {heading}</h1><p>{esc(name)}</p></header>'
        f'<nav class="toc" aria-label="Sections">{nav}</nav><main>'
        f"{_summary(d)}{_table(d)}{findings_section(d)}{traction_section(d)}{suggestions_section(d)}"
        f"{_errors(d)}</main>{_footer(d)}"
    )
    script = _asset("report.js").replace("/*DATA*/null", script_json(_search_index(d)), 1)
    return _page(f"clausecheck: {heading}", body, script)


def write(report: Report | dict[str, Any], path: Path, *, force: bool = False) -> None:
    atomic.write_text(path, render(report), newline="\n", force=force)
