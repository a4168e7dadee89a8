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
    folder, _, name = str(doc.get("path") or "").rpartition("/")
    head = Text(name, style="bold")
    pages = f", {doc.get('pages', 1)} page(s)" if has_pages(data) else ""
    head.append(f"  {doc.get('format')}{pages}{', OCR' if doc.get('ocr') else ''}", style="")
    # names are never wrapped mid-name: a long one runs on (the terminal wraps it whole), and
    # the folder gets its own line
    console.print(head, soft_wrap=True)
    if folder:
        console.print(Text(f"in {folder}/", style="dim"), soft_wrap=True)
    console.print(
        Text(
            f"{doc.get('title') or 'untitled'}: {doc.get('contract_type')}, counterparty is a "
            f"{doc.get('relationship')}; company: {doc.get('company') or 'unknown'}"
        )
    )
    console.print(Text(f"parties: {parties}"))


def has_pages(data: dict[str, Any]) -> bool:
    """Only a PDF has pages worth citing; other formats are cited by section."""
    return (data.get("document") or {}).get("format") == "pdf"


def _table(data: dict[str, Any], *, ids: bool = False) -> Table:
    paged = has_pages(data)
    reviewed = any(digest.decision(f) for f in data.get("findings", []))
    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False)
    table.add_column("provision", overflow="fold", min_width=min(20, max_name(data, ids)))
    table.add_column("status", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    table.add_column("prio", no_wrap=True)
    table.add_column("section", overflow="fold", max_width=14)
    if paged:
        table.add_column("page", justify="right", no_wrap=True)
    if reviewed:
        table.add_column("reviewer", overflow="fold", min_width=9)
    for f in data.get("findings", []):
        ev = digest.first_evidence(f) or {}
        shown = digest.shown_status(f)
        status = shown + ("?" if f.get("uncertain") or f.get("review") else "")
        row: list[Any] = [
            Text(digest.provision_name(f, ids=ids)),
            Text(status, style=_STYLE.get(shown, "")),
            f"{f['confidence']:.2f}",
            Text(f.get("priority") or "-"),
            Text(ev.get("section") or "-"),
        ]
        if paged:
            row.append(str(ev.get("page") or "-"))
        if reviewed:
            d = digest.decision(f)
            style = "bold red" if d and d.get("disagrees") else "cyan"
            row.append(Text(_review_cell(d), style=style if d else ""))
        table.add_row(*row)
    return table


def _review_cell(d: dict[str, Any] | None) -> str:
    if d is None:
        return ""
    if d.get("disagrees"):
        return f"{d['status']}, re-scan differs"
    return f"changed to {d['status']}" if d.get("changed") else "confirmed"


def max_name(data: dict[str, Any], ids: bool) -> int:
    return max(
        (len(digest.provision_name(f, ids=ids)) for f in data.get("findings", [])), default=9
    )


def _moment_lines(data: dict[str, Any], ids: bool = False) -> list[Text]:
    """One line per HR-hook value: the moments created with that hook (strongest hook first)."""
    moments = digest.created_moments(data)
    lines = []
    for hook, style in _HOOK_STYLE.items():
        names = [
            str(m.get("moment") if ids else m.get("label") or m.get("moment"))
            for m in moments
            if m.get("hr_hook") == hook
        ]
        if names:
            line = Text(f"{hook}: ", style=style)
            line.append(", ".join(names))
            lines.append(line)
    return lines or [Text("none")]


def _marker_line(m: dict[str, Any], ids: bool = False) -> Text:
    severity = m.get("severity")
    line = Text(severity or "-", style=_SEVERITY_STYLE.get(str(severity), ""))
    section = f"§{m['section']}" if m.get("section") else None
    name = digest.provision_name(m, ids=ids) if m.get("provision") else None
    message = m.get("message") if ids else digest.readable(m.get("message"))
    line.append(f" {digest.joined(m.get('code'), name, section)}: {message}")
    return line  # wrapped, never cut: the message is the point


def _traction(console: Console, data: dict[str, Any], ids: bool = False) -> None:
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
    for i, line in enumerate(_moment_lines(data, ids)):
        grid.add_row("moments" if i == 0 else "", line)
    top = f"; top {TOP_MARKERS}:" if len(markers) > TOP_MARKERS else ":" if markers else ""
    grid.add_row("markers", Text(f"{len(markers)}" + (f" ({counts}){top}" if markers else "")))
    for m in markers[:TOP_MARKERS]:
        grid.add_row("", _marker_line(m, ids))
    console.print(grid)


def _verbose(console: Console, data: dict[str, Any], *, ids: bool = False) -> None:
    for f in data.get("findings", []):
        reasons = f.get("reasons") or ["no reason recorded"]
        line = Text(digest.provision_name(f, ids=ids), style="bold")
        line.append(f": {reasons[0] if ids else digest.readable(reasons[0])}")
        console.print()
        console.print(line)
        said = digest.decision_text(f)
        if said:
            console.print(Text(f"  review: {said}: {digest.decision(f)['reason']}"))  # type: ignore[index]
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
    report: Report | dict[str, Any],
    console: Console | None = None,
    *,
    verbose: bool = False,
    ids: bool = False,
) -> None:
    console = console or Console()
    data = digest.as_dict(report)
    _header(console, data)
    console.print(_table(data, ids=ids))
    counts = digest.status_counts(data)
    console.print(
        f"present {counts['present']}  weak {counts['weak']}  missing {counts['missing']}"
        "   ('?' = edge-case rule or unsure call)"
    )
    flagged = [f for f in data.get("findings", []) if (digest.decision(f) or {}).get("disagrees")]
    for f in flagged:
        line = Text("review: ", style="bold red")
        line.append(f"{digest.provision_name(f, ids=ids)}: {digest.decision_text(f)}")
        console.print(line)
    for text in digest.profile_summary(data, ids=ids):
        console.print(Text(text, style="yellow" if text.startswith("warning") else ""))
    _traction(console, data, ids)
    if verbose:
        _verbose(console, data, ids=ids)
    for err in data.get("errors") or []:
        line = Text("warning:", style="yellow")
        line.append(f" {err}")
        console.print(line)
