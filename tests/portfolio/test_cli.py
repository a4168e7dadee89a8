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


def _sheet(path):
    import openpyxl

    ws = openpyxl.load_workbook(path, read_only=True)["matrix"]
    head, *body = [list(r) for r in ws.iter_rows(values_only=True)]
    return [dict(zip(head, row, strict=True)) for row in body], head


def test_profile_verdict_columns_count_reviewers(tmp_path):
    """Two contracts batched into a real store, one meeting the supplier baseline and one not:
    the verdict columns of the XLSX and CSV matrix and the dashboard's verdict section, and a
    reviewer's override counted as scan --profile counts it."""
    from clausecheck.leverage import profile as profiles

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("supplier_weak_harbor.txt", "supplier_strong_northwind.docx"):
        shutil.copy(SAMPLES / name, docs / name)
    db = tmp_path / "p.db"
    runner = CliRunner()
    res = runner.invoke(main, ["batch", str(docs), "--db", str(db), "--workers", "1", "--quiet"])
    assert res.exit_code == 0, res.output
    xlsx, table, html = tmp_path / "m.xlsx", tmp_path / "m.csv", tmp_path / "d.html"
    args = ["portfolio", str(db), "--profile", "supplier-baseline", "--today", "2026-01-15"]
    outputs = ["--xlsx", str(xlsx), "--csv", str(table), "--html", str(html)]
    res = runner.invoke(main, [*args, *outputs])
    assert res.exit_code == 0, res.output
    assert "profile supplier-baseline: 1 of 2 contracts pass" in res.stderr

    required = profiles.load("supplier-baseline")["requires"]
    from clausecheck.batch.store import Store

    with Store(db) as store:
        harbor = next(r for r in store.reports() if r["_row"]["path"].endswith("harbor.txt"))
    calls = {f["provision"]: f["status"] for f in harbor["findings"]}
    rank = {"missing": 0, "weak": 1, "present": 2}
    unmet = [p for p, (mn, _) in required.items() if rank[calls[p]] < rank[mn]]
    assert unmet and "code_of_conduct" in unmet  # the weak contract fails on its code

    rows, head = _sheet(xlsx)
    assert head[6:11] == ["profile", "required", "met", "verdict", "unmet"]
    by_name = {r["path"].rsplit("/", 1)[-1]: r for r in rows}
    strong, weak = by_name["supplier_strong_northwind.docx"], by_name["supplier_weak_harbor.txt"]
    assert (strong["profile"], strong["required"], strong["met"], strong["verdict"]) == (
        "supplier-baseline",
        len(required),
        len(required),
        "pass",
    )
    assert strong["unmet"] in (None, "")
    assert (weak["verdict"], weak["required"], weak["met"]) == (
        "fail",
        len(required),
        len(required) - len(unmet),
    )
    assert f"Code of conduct ({calls['code_of_conduct']}, needs present)" in weak["unmet"]
    assert weak["unmet"].count("needs") == len(unmet)
    with table.open(newline="", encoding="utf-8") as fh:
        csv_rows = {r["path"].rsplit("/", 1)[-1]: r for r in csv.DictReader(fh)}
    assert csv_rows["supplier_weak_harbor.txt"]["verdict"] == "fail"
    assert csv_rows["supplier_strong_northwind.docx"]["met"] == str(len(required))
    page = html.read_text(encoding="utf-8")
    assert '<section id="verdicts">' in page and "1 of 2 contracts meet the profile" in page

    # a reviewer finds the weak contract's code of conduct after all: the verdict counts it
    res = runner.invoke(
        main,
        ["review", "override", str(db), "supplier_weak_harbor.txt", "code_of_conduct",
         "--status", "present", "--reason", "schedule 3 is the code"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, [*args, "--xlsx", str(xlsx), "--force"])
    assert res.exit_code == 0, res.output
    weak = {r["path"].rsplit("/", 1)[-1]: r for r in _sheet(xlsx)[0]}["supplier_weak_harbor.txt"]
    assert weak["met"] == len(required) - len(unmet) + 1
    assert "Code of conduct" not in (weak["unmet"] or "")
    if len(unmet) == 1:
        assert weak["verdict"] == "pass"

    # without --profile, no verdict columns
    res = runner.invoke(main, ["portfolio", str(db), "--xlsx", str(xlsx), "--force"])
    assert res.exit_code == 0 and "verdict" not in _sheet(xlsx)[1]


def test_unknown_profile_is_a_coded_error(stored):
    res = run("--profile", "no-such-profile", "--csv", "m.csv")
    assert res.exit_code != 0 and "E351" in res.output
