"""The Word review memo, written for contracts that are not DOCX files (PDF, HTML, text, Markdown)
or whose DOCX cannot be redlined: summary, provision table, moments of traction and gap markers,
timeline, the evidence, and each suggested clause with its insertion point.

Reads only the report dict; contract text is put in as plain runs (never as markup).
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Mm

from clausecheck.report import atomic, digest, finding_notes
from clausecheck.report.docx_xml import AUTHOR, xml_safe

_EXCERPT = 400


TEXT_WIDTH = 6.6  # inches between the margins of an A4 page with 20 mm margins


def _a4(memo) -> None:
    """A4 with 20 mm margins: the memo is read and printed where the contracts are (Letter
    readers lose nothing: the text width fits both)."""
    for sec in memo.sections:
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Mm(20)
        sec.top_margin = sec.bottom_margin = Mm(20)


def _fixed(table, widths: tuple[float, ...]) -> None:
    """Fixed column widths that Word and LibreOffice both keep (the grid and a fixed layout),
    so a narrow column is never squeezed to a letter a line ("Provisio n")."""
    tbl = table._tbl
    grid = tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), widths, strict=False):
        col.set(qn("w:w"), str(int(width * 1440)))
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tbl.tblPr.append(layout)


def _table(
    memo, header: list[str] | None, rows: list[list[Any]], widths: tuple[float, ...]
) -> None:
    """A grid table; ``widths`` in inches, one per column, summing to at most TEXT_WIDTH."""
    table = memo.add_table(rows=0, cols=len(widths))
    table.style = "Table Grid"
    table.autofit = False
    _fixed(table, widths)
    if header:
        for cell, text in zip(table.add_row().cells, header, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = xml_safe("-" if value is None or value == "" else value)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Inches(width)


def _para(memo, text: str, *, style: str | None = None, bold_lead: str | None = None) -> None:
    p = memo.add_paragraph(style=style)
    if bold_lead:
        p.add_run(xml_safe(bold_lead)).bold = True
    p.add_run(xml_safe(text))


def _summary(memo, data: dict[str, Any], note: str | None) -> None:
    doc = data.get("document") or {}
    tool = data.get("tool") or {}
    counts = digest.status_counts(data)
    gaps = digest.gaps(data)
    by_priority = ", ".join(
        f"{p} {sum(1 for f in gaps if f.get('priority') == p)}" for p in digest.PRIORITIES
    )
    rows: list[list[Any]] = [
        ["Contract", doc.get("title") or Path(doc.get("path") or "contract").name],
        [
            "File",
            f"{doc.get('path')} ({doc.get('format')}"
            f"{', ' + str(doc.get('pages')) + ' page(s)' if doc.get('format') == 'pdf' else ''}"
            f"{', OCR' if doc.get('ocr') else ''})",
        ],
        [
            "Type and counterparty",
            f"{doc.get('contract_type')}; the counterparty is a {doc.get('relationship')}",
        ],
        ["Company (your side)", doc.get("company") or "unknown"],
        [
            "Parties",
            "; ".join(
                f"{p.get('name')} ({p.get('defined_as') or '-'}, {p.get('role')})"
                for p in doc.get("parties") or []
            ),
        ],
        ["Effective date", doc.get("effective_date")],
        [
            "Findings",
            f"present {counts['present']}, weak {counts['weak']}, missing {counts['missing']}",
        ],
        ["Gaps by priority", by_priority],
    ]
    for line in digest.profile_summary(data):
        rows.append(["Profile", line])
    density = digest.traction(data).get("leverage_density")
    if density is not None:
        rows.append(
            [
                "Moments to raise human rights",
                f"{density:.2f} a year (moments of traction with a human-rights hook)",
            ]
        )
    rows.append(
        [
            "Tool",
            f"clausecheck {tool.get('version')}"
            + (f", model {tool['model']}" if tool.get("model") else ""),
        ]
    )
    memo.add_heading("Summary", level=1)
    if note:
        _para(memo, note, bold_lead="Note: ")
    _table(memo, None, rows, (1.9, 4.7))


def _provisions(memo, data: dict[str, Any]) -> None:
    memo.add_heading("Provisions", level=1)
    rows = []
    paged = (data.get("document") or {}).get("format") == "pdf"
    for f in data.get("findings", []):
        ev = digest.first_evidence(f) or {}
        status = f["status"] + ("?" if f.get("uncertain") else "")
        where = ev.get("section")
        if paged and ev.get("page"):
            where = digest.joined(where, f"(p. {ev['page']})")
        said = digest.decision_text(f)
        rows.append(
            [
                digest.provision_name(f),
                status + (f"; {said}" if said else ""),
                where,
                digest.joined(f.get("priority"), f.get("action")),
            ]
        )
    _table(
        memo,
        ["Provision", "Status", "Section", "Priority"],
        rows,
        (2.6, 1.6, 1.4, 1.0),
    )
    _para(
        memo, "'?' marks a status decided by an edge-case rule: check it by hand.", style="Caption"
    )


def _traction(memo, data: dict[str, Any]) -> None:
    tr = digest.traction(data)
    memo.add_heading("Moments of traction", level=1)
    moments = tr.get("moments") or []
    if not moments:
        _para(memo, "This report has no traction data (it was written by an older version).")
    else:
        _table(
            memo,
            ["Moment", "Shift's", "Created", "HR hook", "Where"],
            [
                [
                    m.get("label") or m.get("moment"),
                    "yes" if m.get("shift") else "no",
                    "yes" if m.get("created") else "no",
                    m.get("hr_hook"),
                    ", ".join(str(i.get("section") or "-") for i in m.get("instances") or []),
                ]
                for m in moments
            ],
            (2.2, 0.7, 0.9, 0.9, 1.9),
        )
    markers = digest.markers_by_severity(data)
    if markers:
        memo.add_heading("Gap markers", level=2)
        _table(
            memo,
            ["Severity", "Gap", "Section"],
            [
                [
                    digest.joined(m.get("severity"), m.get("code")),
                    m.get("message"),
                    m.get("section"),
                ]
                for m in markers
            ],
            (0.9, 4.8, 0.9),
        )


def _timeline(memo, data: dict[str, Any]) -> None:
    rows = digest.traction(data).get("timeline") or []
    if not rows:
        return
    memo.add_heading("Timeline", level=1)
    _table(
        memo,
        ["When", "What", "Section", "Human-rights hook"],
        [
            [
                (r.get("when") or {}).get("text"),
                r.get("label"),
                digest.joined(r.get("section"), r.get("heading")),
                r.get("hr_hook"),
            ]
            for r in rows
        ],
        (1.6, 2.8, 1.3, 0.9),
    )


def _evidence(memo, data: dict[str, Any], labels: dict[str, str]) -> None:
    memo.add_heading("Evidence", level=1)
    for f in data.get("findings", []):
        ev = digest.first_evidence(f)
        if f.get("status") == "missing" or ev is None:
            continue
        memo.add_heading(digest.provision_name(f), level=2)
        where = digest.joined(ev.get("section"), ev.get("heading"))
        page = f", page {ev['page']}" if ev.get("page") else ""
        _para(memo, digest.one_line(ev.get("text"), _EXCERPT), style="Quote")
        _para(memo, f"{where or 'no section'}{page}", bold_lead="Where: ")
        for line in finding_notes.finding_lines(f, labels)[1:]:
            _para(memo, line)


def _clause(memo, suggestion: dict[str, Any], *, alternative: bool = False) -> None:
    """One suggested clause; an alternative goes in the same place instead of the suggested
    clause (same number), which its lead says so that two clauses numbered alike read as a
    choice, not a clash."""
    insertion = suggestion.get("insertion") or {}
    lead = "Or insert instead (same place): " if alternative else "Insert: "
    _para(memo, digest.insertion_text(insertion), bold_lead=lead)
    for row in finding_notes.clause_rows(suggestion):
        p = memo.add_paragraph()
        for text, bold in row:
            p.add_run(xml_safe(text)).bold = bold or None
    if suggestion.get("rationale"):
        _para(memo, suggestion["rationale"], bold_lead="Why this creates leverage: ")
    if suggestion.get("frameworks"):
        _para(memo, "; ".join(map(str, suggestion["frameworks"])), bold_lead="Frameworks: ")


def _suggestions(memo, data: dict[str, Any], labels: dict[str, str]) -> None:
    memo.add_heading("Gaps and suggested clauses", level=1)
    gaps = digest.gaps(data)
    if not gaps:
        _para(memo, "No weak or missing provisions.")
    for f in gaps:
        action = f.get("action") or ("extend" if f["status"] == "weak" else "add")
        memo.add_heading(
            f"{f.get('priority') or '-'}  {digest.provision_name(f)}: {f['status']}, {action}",
            level=2,
        )
        for line in (
            finding_notes.status_line(f),
            finding_notes.review_line(f),
            finding_notes.first_reason(f),
            finding_notes.moments_line(f, labels),
            finding_notes.priority_line(f),
        ):
            if line:
                _para(memo, line)
        suggestions = f.get("suggestions") or []
        for i, suggestion in enumerate(suggestions):
            label = "Suggested clause" if i == 0 else f"Alternative {i} (instead)"
            _para(
                memo,
                f"{suggestion.get('title') or suggestion.get('entry')} "
                f"({suggestion.get('tier')} tier, library entry {suggestion.get('entry')})",
                bold_lead=f"{label}: ",
            )
            _clause(memo, suggestion, alternative=i > 0)
        if not suggestions:
            _para(memo, finding_notes.suggestion_line(None))


def write(
    data: dict[str, Any], path: Path, *, note: str | None = None, force: bool = False
) -> None:
    """Write the review memo for report dict ``data`` to ``path`` (atomically)."""
    memo = docx.Document()
    memo.core_properties.author = AUTHOR
    memo.core_properties.title = xml_safe(
        f"Leverage review: {(data.get('document') or {}).get('title') or ''}"
    )[:250]
    memo.core_properties.created = datetime.now(timezone.utc)
    title = (data.get("document") or {}).get("title") or Path(
        (data.get("document") or {}).get("path") or ""
    ).name
    _a4(memo)
    memo.add_heading(xml_safe(f"Leverage review: {title}"), level=0)
    labels = finding_notes.moment_labels(data)
    _summary(memo, data, note)
    _provisions(memo, data)
    _traction(memo, data)
    _timeline(memo, data)
    _suggestions(memo, data, labels)
    _evidence(memo, data, labels)
    if data.get("errors"):
        memo.add_heading("Warnings", level=1)
        for err in data["errors"]:
            _para(memo, str(err), style="List Bullet")
    atomic.write_with(path, memo.save, force=force)
