"""The contracts × provisions matrix as CSV or XLSX; cells are statuses. With a profile
(``verdicts``), each row also has the contract's verdict: profile, required, met, verdict
(pass | fail) and the unmet provisions by name, between the contract's columns and the statuses.

Contract-derived cells are hostile data: in CSV, a cell that a spreadsheet would read as a
formula (leading = + - @ tab or CR) gets a leading apostrophe (``csv_report.neutralise``, shared
with the per-report CSV); in XLSX every string is written with ``write_string``, so nothing
becomes a formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from clausecheck.portfolio import verdict
from clausecheck.portfolio.load import Contract
from clausecheck.report import atomic
from clausecheck.report.csv_report import neutralise

COLUMNS = ("document_id", "path", "title", "relationship", "contract_type", "counterparty")
COLOURS = {
    "present": ("#1e7b34", "#d4edda"),
    "weak": ("#7a5b00", "#fff3cd"),
    "missing": ("#8b1a1a", "#f8d7da"),
}  # (font, fill)
ERROR_COLUMNS = ("path", "code", "exit_code", "message")


Verdicts = Mapping[int, verdict.Verdict] | None  # by Contract.index; None: no profile columns


def header(provisions: Sequence[str], verdicts: Verdicts = None) -> list[str]:
    return [*COLUMNS, *(verdict.COLUMNS if verdicts is not None else ()), *provisions]


def rows(
    items: Sequence[Contract], provisions: Sequence[str], verdicts: Verdicts = None
) -> list[list[Any]]:
    """One row per contract; a provision the contract's report lacks is an empty cell."""
    return [
        [
            c.id,
            c.path,
            c.title or "",
            c.relationship,
            c.contract_type,
            c.counterparty,
            *(verdicts[c.index].cells() if verdicts is not None else ()),
            *(c.statuses.get(p, "") for p in provisions),
        ]
        for c in items
    ]


def render_csv(
    items: Sequence[Contract], provisions: Sequence[str], verdicts: Verdicts = None
) -> str:
    out = io.StringIO()
    # every cell quoted (OWASP advice), CRLF rows like the per-report CSV: a CR inside a cell
    # stays inside
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(header(provisions, verdicts))
    writer.writerows([neutralise(v) for v in row] for row in rows(items, provisions, verdicts))
    return out.getvalue()


def write_csv(
    items: Sequence[Contract],
    provisions: Sequence[str],
    path: Path,
    *,
    verdicts: Verdicts = None,
    force: bool = False,
) -> None:
    atomic.write_text(path, render_csv(items, provisions, verdicts), newline="", force=force)


def write_xlsx(
    items: Sequence[Contract],
    provisions: Sequence[str],
    path: Path,
    errors: Sequence[Mapping[str, Any]] = (),
    *,
    verdicts: Verdicts = None,
    force: bool = False,
) -> None:
    """Sheet "matrix" (statuses and verdicts coloured by conditional formats) and, if any,
    sheet "errors"; written atomically."""
    atomic.write_with(
        path, lambda fh: _workbook(fh, items, provisions, errors, verdicts), force=force
    )


def _workbook(
    fh: IO,
    items: Sequence[Contract],
    provisions: Sequence[str],
    errors: Sequence[Mapping[str, Any]],
    verdicts: Verdicts = None,
) -> None:
    import xlsxwriter
    from xlsxwriter.exceptions import FileCreateError

    wb = xlsxwriter.Workbook(
        fh,
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    try:
        bold = wb.add_format(
            {"bold": True, "bg_color": "#eeeeee", "text_wrap": True, "valign": "top"}
        )
        ws = wb.add_worksheet("matrix")
        _write_table(ws, header(provisions, verdicts), rows(items, provisions, verdicts), bold)
        extra = len(verdict.COLUMNS) if verdicts is not None else 0
        first = len(COLUMNS) + extra
        last = first + len(provisions) - 1
        ws.set_column(0, 0, 14)
        ws.set_column(1, 2, 32)
        ws.set_column(3, 4, 14)
        ws.set_column(5, 5, 30)
        if extra:  # profile, required, met, verdict, unmet
            ws.set_column(len(COLUMNS), len(COLUMNS), 20)
            ws.set_column(len(COLUMNS) + 1, len(COLUMNS) + 3, 9)
            ws.set_column(len(COLUMNS) + 4, len(COLUMNS) + 4, 40)
            col = len(COLUMNS) + 3
            for word, status in (("pass", "present"), ("fail", "missing")):
                font, fill = COLOURS[status]
                ws.conditional_format(
                    1,
                    col,
                    max(len(items), 1),
                    col,
                    {
                        "type": "cell",
                        "criteria": "equal to",
                        "value": f'"{word}"',
                        "format": wb.add_format({"font_color": font, "bg_color": fill}),
                    },
                )
        ws.set_column(first, last, 10)
        ws.set_row(0, 60)
        ws.freeze_panes(1, len(COLUMNS))
        ws.autofilter(0, 0, max(len(items), 1), last)
        for status, (font, fill) in COLOURS.items():
            ws.conditional_format(
                1,
                first,
                max(len(items), 1),
                last,
                {
                    "type": "cell",
                    "criteria": "equal to",
                    "value": f'"{status}"',
                    "format": wb.add_format({"font_color": font, "bg_color": fill}),
                },
            )
        if errors:
            es = wb.add_worksheet("errors")
            _write_table(
                es, list(ERROR_COLUMNS), [[e.get(k) for k in ERROR_COLUMNS] for e in errors], bold
            )
            es.set_column(0, 0, 40)
            es.set_column(3, 3, 80)
    finally:
        try:
            wb.close()
        except FileCreateError as exc:  # xlsxwriter wraps the OSError: unwrap it for atomic
            if exc.args and isinstance(exc.args[0], OSError):
                raise exc.args[0] from None
            raise


def _write_table(ws: Any, head: Sequence[str], body: Sequence[Sequence[Any]], bold: Any) -> None:
    for col, name in enumerate(head):
        ws.write_string(0, col, name, bold)
    for r, row in enumerate(body, 1):
        for col, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                ws.write_number(r, col, value)
            else:
                ws.write_string(r, col, "" if value is None else str(value))
