"""The `suggest` command's output: model clauses for each gap, grouped by priority (P1 first)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape

PRIORITY_ORDER = ("P1", "P2", "P3", "P4", None)


def grouped(report: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for prio in PRIORITY_ORDER:
        items = [
            {
                "provision": f["provision"],
                "status": f["status"],
                "action": f.get("action"),
                "priority_reason": f.get("priority_reason"),
                "suggestions": f.get("suggestions") or [],
            }
            for f in report["findings"]
            if f.get("priority") == prio and f.get("suggestions")
        ]
        if items:
            out[prio or "unprioritised"] = items
    return out


def render(report: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console()
    doc = report["document"]
    console.print(
        f"[bold]{escape(doc['path'])}[/bold]: suggestions for a {doc['relationship']} relationship"
        f" (company: {escape(str(doc.get('company') or 'unknown'))})"
    )
    groups = grouped(report)
    if not groups:
        console.print(
            "No weak or missing provision that applies to this relationship: nothing to suggest."
        )
        return
    for prio, items in groups.items():
        console.rule(f"[bold]{prio}[/bold]")
        for item in items:
            best = item["suggestions"][0]
            ins = best["insertion"]
            console.print(
                f"\n[bold]{item['provision']}[/bold] is {item['status']}: "
                f"{item['action']} - {escape(best['title'])} "
                f"[dim]({best['entry']}, {best['tier']})[/dim]"
            )
            console.print(f"  insert as {escape(ins['section_number'])}: {escape(ins['reason'])}")
            console.print(f"  why: {escape(best['rationale'])}", soft_wrap=False)
            for line in best["text"].splitlines():
                console.print("    " + line, markup=False, highlight=False)
            for d in best.get("definitions") or ():
                console.print(f'    "{d["term"]}" means {d["text"]}', markup=False, highlight=False)
            if len(item["suggestions"]) > 1:
                console.print(
                    "  also: " + ", ".join(s["entry"] for s in item["suggestions"][1:]),
                    markup=False,
                )
