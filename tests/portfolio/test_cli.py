"""clausecheck portfolio: outputs and queries through the command line."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.portfolio.load import contracts
from tests.conftest import SAMPLES
from tests.portfolio.conftest import HOSTILE_NAME, TODAY

ERRORS = [{"path": "inbox/broken.pdf", "code": "E103", "exit_code": 3, "message": "not a PDF"}]


@pytest.fixture
def stored(monkeypatch, portfolio_reports):
    """The portfolio as if read from a store (the store itself is tested with the batch command)."""
    import clausecheck.cli.portfolio as portfolio_cli

    monkeypatch.setattr(
        portfolio_cli, "read_store", lambda db: (contracts(portfolio_reports), list(ERRORS))
    )
    return portfolio_reports


def run(*args):
    return CliRunner().invoke(
        main, ["portfolio", "portfolio.db", "--today", TODAY.isoformat(), *args]
    )


def test_query_json(stored):
    res = run("--query", "--missing", "audit_rights", "--json")
    assert res.exit_code == 0, res.output
    rows = json.loads(res.output)
    assert [r["path"] for r in rows] == ["archive/lumen_2019.md"]
    assert rows[0]["statuses"]["audit_rights"] == "missing" and rows[0]["relationship"] == "lender"


def test_an_empty_query_says_so(stored):
    res = CliRunner().invoke(
        main,
        ["portfolio", "portfolio.db", "--query", "--counterparty", "nobody-at-all-xyz"],
    )
    assert res.exit_code == 0
    assert res.stdout == ""  # no lone header row
    assert res.stderr.startswith("no contracts match these filters (")
    assert json.loads(run("--query", "--counterparty", "nobody-at-all-xyz", "--json").output) == []


def test_query_plain_table_when_piped(stored):
    res = run(
        "--status",
        "weak",
        "--provision",
        "audit_rights",
        "--relationship",
        "supplier",
        "--counterparty",
        "onerror",
    )
    assert res.exit_code == 0, res.output
    head, *body = res.output.splitlines()
    assert head.split("\t") == [
        "id",
        "file",
        "relationship",
        "type",
        "counterparty",
        "next renewal",
        "lacks (P1/P2)",
    ]
    assert len(body) == 1 and body[0].split("\t")[4] == HOSTILE_NAME
    assert body[0].split("\t")[5] == "2026-04-13"


def test_renewal_within(stored):
    rows = json.loads(run("--renewal-within", "60d", "--json").output)
    assert [r["path"] for r in rows] == ["dated/harbor_renewal.txt"]
    assert rows[0]["next_renewal"] == "2026-03-06"


def test_outputs_follow_the_filters(stored, tmp_path):
    html, matrix_csv, xlsx = tmp_path / "d.html", tmp_path / "m.csv", tmp_path / "m.xlsx"
    res = run(
        "--relationship",
        "lender",
        "--html",
        str(html),
        "--csv",
        str(matrix_csv),
        "--xlsx",
        str(xlsx),
    )
    assert res.exit_code == 0, res.output
    assert res.stdout == "" and "2 of 10 contracts, 1 failed" in res.stderr
    assert html.read_text(encoding="utf-8").count('<tr class="contract"') == 2
    assert len(list(csv.reader(matrix_csv.open(encoding="utf-8")))) == 3
    assert xlsx.stat().st_size > 0


@pytest.mark.parametrize(
    "args, message",
    [
        (["--status", "weak"], "go together"),
        (["--missing", "audit"], "unknown provision 'audit'"),
        (["--renewal-within", "soon"], "90d, 12w, 6m, 1y"),
        (["--relationship", "vendor"], "'vendor' is not one of"),
    ],
)
def test_usage_errors(stored, args, message):
    res = run(*args)
    assert res.exit_code == 2 and message in res.output


def test_missing_database(tmp_path):
    res = CliRunner().invoke(main, ["portfolio", str(tmp_path / "none.db")])
    assert res.exit_code == 3 and "E154" in res.output and "clausecheck batch" in res.output


def test_batch_then_portfolio(tmp_path):
    """The real store: two sample contracts and one broken file analysed by 'clausecheck batch'."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("supplier_weak_harbor.txt", "distribution_enduse_argus.html"):
        shutil.copy(SAMPLES / name, docs / name)
    (docs / "broken.pdf").write_bytes(b"\x00not a pdf")
    db = tmp_path / "portfolio.db"
    runner = CliRunner()
    res = runner.invoke(main, ["batch", str(docs), "--db", str(db), "--workers", "1", "--quiet"])
    assert res.exit_code == 10, res.output  # finished, one document failed
    html = tmp_path / "dashboard.html"
    res = runner.invoke(
        main,
        [
            "portfolio",
            str(db),
            "--html",
            str(html),
            "--today",
            "2026-01-15",
            "--query",
            "--json",
            "--relationship",
            "supplier",
        ],
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert [r["path"].rsplit("/", 1)[-1] for r in rows] == ["supplier_weak_harbor.txt"]
    assert rows[0]["next_renewal"] == "2026-04-13" and rows[0]["id"]
    page = html.read_text(encoding="utf-8")
    assert page.count('<tr class="contract"') == 1  # the filter applies to the dashboard too
    assert "broken.pdf" in page and "E142" in page  # named .pdf but not a PDF
