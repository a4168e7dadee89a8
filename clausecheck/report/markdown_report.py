"""Markdown review memo: findings, prioritised gaps with model clauses, traction, timeline.

Meant to be pasted into tickets and wikis. Contract text is hostile data: every contract-derived
string goes through ``inline`` (one line; Markdown punctuation backslash-escaped; ``<``, ``>``
and ``&`` as entities, so no raw HTML survives); suggestion text goes in a fenced block whose
fence is longer than any backtick run inside it, so it cannot close the block.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from clausecheck.report import atomic, digest
from clausecheck.types import Report

EXTENSION = ".md"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
_BACKTICKS = re.compile(r"`+")
_EXAMINED = 3


def inline(text: Any, limit: int | None = None) -> str:
    """Contract text safe inside a Markdown paragraph, list item or table cell."""
    flat = digest.one_line(None if text is None else str(text), limit)
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _longest_backticks(text: str) -> int:
    return max((len(m) for m in _BACKTICKS.findall(text)), default=0)


def fenced(text: str, info: str = "text") -> str:
    """A fenced code block that no line of ``text`` can close."""
    fence = "`" * max(3, _longest_backticks(text) + 1)
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def code(text: Any) -> str:
    """An id or hash as a code span that no backtick inside it can close."""
    flat = digest.one_line(None if text is None else str(text))
    ticks = "`" * (_longest_backticks(flat) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{ticks}{pad}{flat}{pad}{ticks}"


def _cell(text: Any) -> str:
    return inline(text) if text not in (None, "") else "–"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A pipe table; cells must already be escaped (``inline``, ``code``)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def _header(data: dict[str, Any]) -> list[str]:
    doc = data.get("document") or {}
    tool = data.get("tool") or {}
    title = doc.get("title") or Path(doc.get("path") or "contract").name
    lines = [f"# Leverage review: {inline(title)}", ""]
    pages = f", {doc.get('pages', 1)} page(s)" if doc.get("format") == "pdf" else ""
    lines.append(
        f"{inline(doc.get('path'))} · {inline(doc.get('format'))}{pages}"
        f"{', OCR' if doc.get('ocr') else ''} · {inline(doc.get('contract_type'))} contract; "
        f"counterparty: {inline(doc.get('relationship'))}; company: {_cell(doc.get('company'))}  "
    )
    lines.append(f"sha256 {code(doc.get('sha256'))} · clausecheck {inline(tool.get('version'))}")
    return lines + ["", _summary(data)]


def _summary(data: dict[str, Any]) -> str:
    counts = digest.status_counts(data)
    text = (
        f"**Summary:** {sum(counts.values())} provisions: {counts['present']} present, "
        f"{counts['weak']} weak, {counts['missing']} missing."
    )
    priorities = [g.get("priority") for g in digest.gaps(data)]
    flagged = [f"{priorities.count(p)} at {p}" for p in digest.PRIORITIES if p in priorities]
    return text + (f" Gaps: {', '.join(flagged)}." if flagged else "")


def _profile(data: dict[str, Any]) -> list[str]:
    profile = data.get("profile")
    if not profile:
        return []
    summary = [
        inline(line).replace(": not met,", ": **not met**,", 1)
        for line in digest.profile_summary(data)
    ]
    rows = [
        (
            inline(digest.provision_name(r)),
            _cell(r.get("minimum")),
            _cell(r.get("status")),
            "yes" if r.get("met") else "**no**",
        )
        for r in profile.get("requirements") or []
    ]
    return ["", "## Profile", "", "  \n".join(summary), ""] + table(
        ("provision", "minimum", "status", "met"), rows
    )


def _provision_table(data: dict[str, Any]) -> list[str]:
    rows = []
    reviewed = any(digest.decision(f) for f in data.get("findings", []))
    for f in data.get("findings", []):
        ev = digest.first_evidence(f) or {}
        status = f["status"] + (" (uncertain)" if f.get("uncertain") else "")
        row = [
            inline(digest.provision_name(f)),
            status,
            _cell(ev.get("section")),
            _cell(f.get("priority")),
            _cell(f.get("action")),
        ]
        if reviewed:
            d = digest.decision(f)
            said = digest.decision_text(f)
            row.append(inline(f"{said}: {d['reason']}") if d and said else "")
        rows.append(tuple(row))
    head = ["provision", "status", "section", "priority", "action"]
    if reviewed:
        head.append("reviewer")
    return ["", "## Provisions", ""] + table(tuple(head), rows)


def _suggestion(s: dict[str, Any]) -> list[str]:
    heading = inline(s.get("heading") or s.get("title"))
    where = inline(digest.insertion_text(s.get("insertion")))
    lines = [
        f"- **Suggestion:** {heading} ({code(s.get('entry'))}, {inline(s.get('tier'))}); "
        f"insert {where}"
    ]
    if s.get("rationale"):
        lines.append(f"- **Rationale:** {inline(s['rationale'])}")
    lines += ["", fenced(s.get("text") or "")]
    for d in s.get("definitions") or []:
        lines += [
            "",
            f"Definition needed, **{inline(d.get('term'))}**:",
            "",
            fenced(d.get("text") or ""),
        ]
    return lines


def _gap(f: dict[str, Any]) -> list[str]:
    reasons = f.get("reasons") or ["no reason recorded"]
    lines = [
        "",
        f"#### {inline(digest.provision_name(f))}: {f['status']}, {f.get('action') or 'review'}",
        "",
        f"- **Why:** {inline(digest.readable(reasons[0]))}",
    ]
    if f.get("priority_reason"):
        lines.append(f"- **Priority:** {inline(f['priority_reason'])}")
    ev = digest.first_evidence(f)
    if ev:
        where = inline(digest.joined(ev.get("section"), ev.get("heading")))
        lines.append(f"- **Current clause** {where}: “{inline(ev.get('text'), 300)}”")
    examined = (f.get("candidates") or [])[:_EXAMINED]
    if examined:
        lines.append("- **Examined and rejected:**")
        lines += [f"  - {inline(c, 200)}" for c in examined]
    suggestion = digest.top_suggestion(f)
    return lines + (
        _suggestion(suggestion) if suggestion else ["- **Suggestion:** none in the library"]
    )


def _not_flagged(f: dict[str, Any]) -> str:
    why = f.get("priority_reason") or "no priority for this relationship"
    return f"- {inline(digest.provision_name(f))}: {f['status']}; {inline(why)}"


def _gaps(data: dict[str, Any]) -> list[str]:
    """Prioritised gaps in full, P1 first. A null priority in a current report means "not
    normally applicable" (listed in one line each); in an old report that predates priorities
    it means unknown, so those gaps are shown in full."""
    gaps = digest.gaps(data) + digest.not_applicable(data)  # the latter: "Not flagged"
    if not gaps:
        return []
    lines = ["", "## Gaps by priority"]
    group = None
    for f in gaps:
        flagged = f.get("priority") is not None or "priority" not in f
        label = f.get("priority") or ("Not prioritised" if flagged else "Not flagged")
        if label != group:
            group = label
            lines += ["", f"### {label}"] + ([] if flagged else [""])
        lines += _gap(f) if flagged else [_not_flagged(f)]
    return lines


def _traction(data: dict[str, Any]) -> list[str]:
    moments = digest.created_moments(data)
    markers = digest.markers_by_severity(data)
    if not digest.traction(data):
        return []
    lines = ["", "## Traction", "", "Moments of traction the contract creates:", ""]
    lines += [
        f"- {inline(m.get('label') or m.get('moment'))}: HR hook {inline(m.get('hr_hook'))}"
        f" ({len(m.get('instances') or [])} instance(s))"
        for m in moments
    ] or ["- none"]
    lines += ["", f"Gap markers ({len(markers)}):", ""]
    for m in markers:
        head = digest.joined(
            f"- **{inline(m.get('severity') or '–')}** {inline(m.get('code'))}",
            code(m["provision"]) if m.get("provision") else "",
            f"§{inline(m['section'])}" if m.get("section") else "",
        )
        lines.append(f"{head}: {inline(digest.readable(m.get('message')))}")
    return lines if markers else lines + ["- none"]


def _timeline(data: dict[str, Any]) -> list[str]:
    rows = digest.traction(data).get("timeline") or []
    if not rows:
        return []
    lines = ["", "## Timeline", ""]
    for r in rows:
        when = (r.get("when") or {}).get("text")
        clause = inline(digest.joined(r.get("section"), r.get("heading")))
        extra = digest.joined(
            f"lever {inline(r['lever'])}" if r.get("lever") else "",
            f"HR hook {inline(r.get('hr_hook'))}",
            f"markers {inline(', '.join(r['markers']))}" if r.get("markers") else "",
            sep="; ",
        )
        lines.append(
            f"- **{inline(r.get('phase'))}** · {inline(when)}: {inline(r.get('label'))}"
            f"{f' ({clause})' if clause else ''}; {extra}"
        )
    return lines


def _warnings(data: dict[str, Any]) -> list[str]:
    errs = data.get("errors") or []
    return ["", "## Warnings", ""] + [f"- {inline(e)}" for e in errs] if errs else []


def render(report: Report | dict[str, Any]) -> str:
    data = digest.as_dict(report)
    parts = (
        _header(data)
        + _profile(data)
        + _provision_table(data)
        + _gaps(data)
        + _traction(data)
        + _timeline(data)
        + _warnings(data)
    )
    return "\n".join(parts) + "\n"


def write(report: Report | dict[str, Any], path: Path, *, force: bool = False) -> None:
    atomic.write_text(path, render(report), force=force)
