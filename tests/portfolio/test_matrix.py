"""The contracts x provisions matrix: CSV (formula-safe) and XLSX (strings only, coloured)."""

from __future__ import annotations

import csv
import io

import pytest

from clausecheck.portfolio import matrix
from clausecheck.portfolio.load import contracts, provision_ids
from tests.conftest import N_PROVISIONS
from tests.portfolio.conftest import FORMULA_TITLE, HOSTILE_NAME, HOSTILE_PATH, variant


@pytest.fixture(scope="module")
def items(portfolio_reports):
    evil = variant(portfolio_reports[0], path="@evil.txt", counterparty="-2+3*cmd|' /C calc'!A0")
    evil["document"]["title"] = " =1+1"
    tabbed = variant(portfolio_reports[0], path="\tstart.txt", counterparty="\r=cmd")
    return contracts([*portfolio_reports, evil, tabbed])


def test_csv_matrix(items):
    provisions = provision_ids(items)
    table = list(csv.reader(io.StringIO(matrix.render_csv(items, provisions))))
    assert table[0] == [*matrix.COLUMNS, *provisions] and len(table[0]) == 6 + N_PROVISIONS
    assert len(table) == len(items) + 1
    for row, c in zip(table[1:], items, strict=True):
        assert row[6:] == [c.statuses[p] for p in provisions]
    hostile = next(r for r in table if r[1] == HOSTILE_PATH)
    assert hostile[2] == "'" + FORMULA_TITLE and hostile[5] == HOSTILE_NAME
    evil, tabbed = table[-2:]
    assert evil[1] == "'@evil.txt" and evil[5].startswith("'-2+3") and evil[2] == "' =1+1"
    assert tabbed[1] == "'\tstart.txt" and tabbed[5] == "'\r=cmd"
    assert [r[3] for r in table[1:]] == [c.relationship for c in items]  # plain cells unchanged
    assert not any(
        cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))
        for row in table
        for cell in row
    )


def test_csv_file(items, tmp_path):
    out = tmp_path / "m.csv"
    matrix.write_csv(items, provision_ids(items), out)
    data = out.read_bytes()
    assert data.startswith(b'"document_id","path",') and data.endswith(b'"\r\n')
    with out.open(encoding="utf-8", newline="") as fh:
        assert len(list(csv.reader(fh))) == len(items) + 1


def test_xlsx_matrix(items, tmp_path):
    import openpyxl

    out = tmp_path / "m.xlsx"
    provisions = provision_ids(items)
    errors = [{"path": "=bad.pdf", "code": "E103", "exit_code": 3, "message": "truncated"}]
    matrix.write_xlsx(items, provisions, out, errors)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["matrix", "errors"]
    ws = wb["matrix"]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == [*matrix.COLUMNS, *provisions]
    assert len(rows) == len(items) + 1
    assert [list(r[6:]) for r in rows[1:]] == [[c.statuses[p] for p in provisions] for c in items]
    hostile = next(row for row in ws.iter_rows(min_row=2) if row[1].value == HOSTILE_PATH)
    assert (
        hostile[2].value == FORMULA_TITLE and hostile[2].data_type == "s"
    )  # a string, not a formula
    assert hostile[5].value == HOSTILE_NAME
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert sorted(r.formula[0] for r in rules) == ['"missing"', '"present"', '"weak"']
    (rng,) = {str(rng.sqref) for rng in ws.conditional_formatting}
    assert rng == f"G2:AG{len(items) + 1}"
    assert ws.freeze_panes == "G2"
    err = list(wb["errors"].iter_rows(values_only=True))
    assert err == [("path", "code", "exit_code", "message"), ("=bad.pdf", "E103", 3, "truncated")]
    assert wb["errors"]["A2"].data_type == "s"


def test_xlsx_without_errors_or_contracts(tmp_path):
    import openpyxl

    out = tmp_path / "empty.xlsx"
    matrix.write_xlsx([], provision_ids([]), out)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["matrix"] and wb["matrix"].max_row == 1
