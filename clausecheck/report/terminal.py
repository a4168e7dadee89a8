"""Terminal report: a compact provision table that reads at 80 columns (rich).

rich drops colour codes by itself when output is not a terminal. Contract-derived strings are
passed as ``Text``, so that brackets and ``:name:`` codes in a contract are never read as rich
markup or emoji.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from clausecheck.report import digest
from clausecheck.types import Report

_STYLE = {"present": "green", "weak": "yellow", "missing": "red", "n/a": "dim"}
_SEVERITY_STYLE = {"P1": "bold red", "P2": "red", "P3": "yellow", "P4": "dim"}
_HOOK_STYLE = {"explicit": "green", "possible": "yellow", "absent": "red"}
TOP_MARKERS = 3


def _header(console: Console, data: dict[str, Any]) -> None:
    doc = data.get("document") or {}
    parties = (
        ", ".join(f"{p['name']} ({p.get('defined_as')})" for p in doc.get("parties") or [])
        or "not found"
    )
    head = Text(doc.get("path") or "", style="bold")
    head.append(
        f"  {doc.get('format')}, {doc.get('pages', 1)} page(s){', OCR' if doc.get('ocr') else ''}",
        style="",
    )
    console.print(head)
    console.print(
        Text(
            f"{doc.get('title') or 'untitled'}: {doc.get('contract_type')}, counterparty is a "
            f"{doc.get('relationship')}; company: {doc.get('company') or 'unknown'}"
        )
    )
    console.print(Text(f"parties: {parties}"))


def _table(data: dict[str, Any]) -> Table:
    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False)
    table.add_column("provision", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    table.add_column("prio", no_wrap=True)
    table.add_column("section", overflow="fold", max_width=14)
    table.add_column("page", justify="right", no_wrap=True)
    for f in data.get("findings", []):
        ev = digest.first_evidence(f) or {}
        shown = digest.shown_status(f)
        status = shown + ("?" if f.get("uncertain") or f.get("review") else "")
        table.add_row(
            f["provision"],
            Text(status, style=_STYLE.get(shown, "")),
            f"{f['confidence']:.2f}",
            Text(f.get("priority") or "-"),
            Text(ev.get("section") or "-"),
            str(ev.get("page") or "-"),
        )
    return table


def _moment_lines(data: dict[str, Any]) -> list[Text]:
    """One line per HR-hook value: the moments created with that hook (strongest hook first)."""
    moments = digest.created_moments(data)
    lines = []
    for hook, style in _HOOK_STYLE.items():
        names = [str(m.get("moment")) for m in moments if m.get("hr_hook") == hook]
        if names:
            line = Text(f"{hook}: ", style=style)
            line.append(", ".join(names))
            lines.append(line)
    return lines or [Text("none")]


def _marker_line(m: dict[str, Any]) -> Text:
    severity = m.get("severity")
    line = Text(severity or "-", style=_SEVERITY_STYLE.get(str(severity), ""))
    section = f"§{m['section']}" if m.get("section") else None
    line.append(f" {digest.joined(m.get('code'), m.get('provision'), section)}: {m.get('message')}")
    line.no_wrap, line.overflow = True, "ellipsis"  # one line per marker; -v and the memo say more
    return line


def _traction(console: Console, data: dict[str, Any]) -> None:
    """Moments created (grouped by HR hook), the marker count and the most severe markers."""
    if not digest.traction(data):
        return
    markers = digest.markers_by_severity(data)
    by_severity = [s or "-" for s in (m.get("severity") for m in markers)]
    counts = ", ".join(
        f"{p} {by_severity.count(p)}" for p in (*digest.PRIORITIES, "-") if p in by_severity
    )
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for i, line in enumerate(_moment_lines(data)):
        grid.add_row("moments" if i == 0 else "", line)
    top = f"; top {TOP_MARKERS}:" if len(markers) > TOP_MARKERS else ":" if markers else ""
    grid.add_row("markers", Text(f"{len(markers)}" + (f" ({counts}){top}" if markers else "")))
    for m in markers[:TOP_MARKERS]:
        grid.add_row("", _marker_line(m))
    console.print(grid)


def _verbose(console: Console, data: dict[str, Any]) -> None:
    for f in data.get("findings", []):
        reasons = f.get("reasons") or ["no reason recorded"]
        line = Text(f["provision"], style="bold")
        line.append(f": {reasons[0]}")
        console.print()
        console.print(line)
        for ev in f.get("evidence") or []:
            console.print(Text(f'  "{digest.one_line(ev["text"], 300)}"'))
        for r in reasons[1:]:
            console.print(Text(f"  {r}"))
        for s in f.get("suggestions") or []:
            heading = s.get("heading") or s.get("title")
            where = digest.insertion_text(s.get("insertion"))
            console.print(
                Text(f"  suggestion: {heading} ({s.get('entry')}, {s.get('tier')}); insert {where}")
            )


def render(
    report: Report | dict[str, Any], console: Console | None = None, *, verbose: bool = False
) -> None:
    console = console or Console()
    data = digest.as_dict(report)
    _header(console, data)
    console.print(_table(data))
    counts = digest.status_counts(data)
    console.print(
        f"present {counts['present']}  weak {counts['weak']}  missing {counts['missing']}"
        "   ('?' = decided by an edge-case rule)"
    )
    profile = data.get("profile")
    if profile:
        verdict = "passed" if profile.get("passed") else "FAILED"
        console.print(Text(f"profile {profile.get('id')}: {verdict}"))
    _traction(console, data)
    if verbose:
        _verbose(console, data)
    for err in data.get("errors") or []:
        line = Text("warning:", style="yellow")
        line.append(f" {err}")
        console.print(line)
