"""Terminal report: a compact provision table that reads at 80 columns (rich).

rich drops colour codes by itself when output is not a terminal.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from clausecheck.types import Report

_STYLE = {"present": "green", "weak": "yellow", "missing": "red"}


def render(report: Report, console: Console | None = None, *, verbose: bool = False) -> None:
    console = console or Console()
    st = report.structure
    doc = report.document
    parties = ", ".join(f"{p.name} ({p.defined_as})" for p in st.parties) or "not found"
    console.print(f"[bold]{doc.path}[/bold]  {doc.format}, {doc.page_count} page(s){', OCR' if doc.ocr else ''}")
    console.print(f"{st.title or 'untitled'}: {st.contract_type}, counterparty is a {st.relationship}; "
                  f"company: {st.company or 'unknown'}")
    console.print(f"parties: {parties}")
    table = Table(show_header=True, header_style="bold", expand=False, pad_edge=False)
    table.add_column("provision", no_wrap=True)
    table.add_column("status", no_wrap=True)
    table.add_column("conf", justify="right", no_wrap=True)
    table.add_column("section", overflow="fold", max_width=18)
    table.add_column("page", justify="right", no_wrap=True)
    for f in report.findings:
        ev = f.evidence[0] if f.evidence else None
        status = f.status.value + ("?" if f.uncertain else "")
        table.add_row(f.provision, f"[{_STYLE[f.status.value]}]{status}[/]", f"{f.confidence:.2f}",
                      (ev.section or "-") if ev else "-", str(ev.page) if ev and ev.page else "-")
    console.print(table)
    counts = {s: sum(1 for f in report.findings if f.status.value == s) for s in _STYLE}
    console.print(f"present {counts['present']}  weak {counts['weak']}  missing {counts['missing']}"
                  "   ('?' = decided by an edge-case rule)")
    if verbose:
        for f in report.findings:
            console.print(f"\n[bold]{f.provision}[/bold]: {f.reasons[0]}")
            for ev in f.evidence:
                console.print(f"  \"{ev.text[:300]}\"", markup=False)
            for r in f.reasons[1:]:
                console.print(f"  {r}", markup=False)
    for err in report.errors:
        console.print(f"[yellow]warning:[/yellow] {err}")
