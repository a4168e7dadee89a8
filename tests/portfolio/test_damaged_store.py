"""A damaged or tampered store: rows that do not decode, or decode to the wrong types, are
left out with one warning; a file that fails SQLite's check is one coded line (exit 8)."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.batch.store import Store
from clausecheck.cli.main import main
from clausecheck.portfolio.load import check_shape, contracts
from tests.batch.conftest import run_batch
from tests.batch.helpers import write_variant


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("damaged")
    folder = root / "docs"
    folder.mkdir()
    for n in (1, 2, 3):
        write_variant(folder / f"v{n}.txt", n)
    db = root / "good.db"
    result = run_batch(str(folder), "--db", str(db), "--workers", "1")
    assert result.exit_code == 0, result.output
    return db


def _tampered(store, tmp_path, edit) -> str:
    db = tmp_path / "t.db"
    db.write_bytes(store.read_bytes())
    con = sqlite3.connect(str(db))
    rows = con.execute("SELECT id, report_json FROM documents ORDER BY path").fetchall()
    new = edit(rows[0][1])
    con.execute("UPDATE documents SET report_json = ? WHERE id = ?", (new, rows[0][0]))
    con.commit()
    con.close()
    return str(db)


def _wrong_types(text: str) -> str:
    report = json.loads(text)
    report["traction"] = {"timeline": "not a list", "dates": [1, 2]}
    report["document"]["title"] = [1]
    return json.dumps(report)


@pytest.mark.parametrize(
    "edit",
    [lambda t: "{not json", lambda t: json.dumps([1, 2]), _wrong_types, lambda t: b"\xff\xfe"],
    ids=["undecodable", "not_a_mapping", "wrong_types", "bytes"],
)
@pytest.mark.parametrize("args", [[], ["--query"], ["--html", "dash.html"], ["--csv", "m.csv"]])
def test_portfolio_skips_bad_rows_with_a_warning(store, tmp_path, edit, args):
    db = _tampered(store, tmp_path, edit)
    args = [a if "." not in a else str(tmp_path / a) for a in args]
    result = CliRunner().invoke(main, ["portfolio", db, *args])
    assert result.exit_code == 0, result.output
    warning = [ln for ln in result.stderr.splitlines() if "could not be read" in ln]
    assert len(warning) == 1 and "--rescan" in warning[0]
    if not args:
        assert result.stdout.count("v") >= 2  # the two good rows are listed


def test_check_shape_names_the_field():
    with pytest.raises(TypeError, match="report.traction.timeline"):
        check_shape({"traction": {"timeline": "x"}})
    check_shape({"document": None, "findings": []})  # absent or null is fine


def test_contracts_skips_and_names_bad_reports():
    skipped: list[str] = []
    good = {"document": {"relationship": "supplier"}, "findings": [], "_row": {"path": "a"}}
    bad = {"findings": 5, "_row": {"path": "b"}}
    assert [c.path for c in contracts([good, bad], skipped)] == ["a"]
    assert skipped == ["b"]


def test_a_store_failing_the_integrity_check_is_one_coded_line(store, tmp_path):
    db = tmp_path / "broken.db"
    data = bytearray(store.read_bytes())
    page = sqlite3.connect(str(store)).execute("PRAGMA page_size").fetchone()[0]
    last = (len(data) // page - 1) * page  # one data page's b-tree header scrambled
    data[last : last + 12] = b"\xff" * 12
    db.write_bytes(bytes(data))
    with pytest.raises(errors.DataFileError) as info:
        Store(db)
    assert info.value.code == "E372" and "--rescan" in str(info.value)
    result = CliRunner().invoke(main, ["portfolio", str(db)])
    assert result.exit_code == 8, result.output
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("clausecheck: error E37")
