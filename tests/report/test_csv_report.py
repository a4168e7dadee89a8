"""CSV report: parsed back with the csv module, formula cells neutralised, numbers as numbers."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from clausecheck.report import csv_report, json_report
from tests.conftest import N_PROVISIONS
from tests.report.inputs import (
    FORMULAS,
    PROVISIONS,
    SAMPLE_FILES,
    old_report_dict,
    report_dict,
    scan_text,
)

HOSTILE_CONTRACT = """SUPPLY AGREEMENT

This Agreement is between Acme Inc. ("Buyer") and Widget Ltd ("Supplier").

=HYPERLINK("http://evil.example","x") The Buyer may audit the books and records of the Supplier.

+cmd The Buyer may terminate this Agreement if the Supplier materially breaches this Agreement.

@SUM(1) The Supplier shall not pay any bribe to any government official.

-1+2 The Supplier shall notify the Buyer of any complaint within 5 days.
"""


def parse(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.fixture(scope="module")
def hostile_scan(engine, tmp_path_factory):
    return scan_text(engine, tmp_path_factory.mktemp("csv"), "hostile.txt", HOSTILE_CONTRACT)


def test_one_row_per_provision_with_the_documented_header():
    text = csv_report.render(report_dict())
    assert text.splitlines()[0].replace('"', "").split(",") == list(csv_report.COLUMNS)
    rows = parse(text)
    assert [r["provision"] for r in rows] == list(PROVISIONS)
    assert {r["sha256"] for r in rows} == {"0" * 63 + "f"}


def test_rows_end_in_crlf():
    text = csv_report.render(report_dict())
    assert text.count("\r\n") == 28 and "\n" not in text.replace("\r\n", "")


@pytest.mark.parametrize("provision", sorted(FORMULAS))
def test_formula_evidence_comes_back_quoted(provision):
    row = next(r for r in parse(csv_report.render(report_dict())) if r["provision"] == provision)
    # whitespace is collapsed first, so a tab inside evidence is no longer a formula trigger
    expected = " ".join(FORMULAS[provision].split())
    assert row["evidence"] == ("'" + expected if expected[0] in "=+-@" else expected)


def test_heading_with_a_leading_tab_is_neutralised():
    data = report_dict()
    data["findings"][0]["evidence"][0]["heading"] = "\tHeading"
    data["findings"][1]["evidence"][0]["heading"] = "\r=1"
    rows = parse(csv_report.render(data))
    assert rows[0]["heading"] == "'\tHeading" and rows[1]["heading"] == "'\r=1"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("  =1", "'  =1"),
        ("\t1", "'\t1"),
        ("\r1", "'\r1"),
        ("\n=1", "'\n=1"),
        ("a=b", "a=b"),
        ("plain", "plain"),
        ("", ""),
        ("1-2", "1-2"),
        (0.5, 0.5),
        (3, 3),
        (None, None),
    ],
)
def test_neutralise(value, expected):
    assert csv_report.neutralise(value) == expected


def test_numbers_we_compute_are_numbers_not_neutralised():
    rows = parse(csv_report.render(report_dict()))
    assert [float(r["confidence"]) for r in rows] == [
        f["confidence"] for f in report_dict()["findings"]
    ]
    assert {r["page"] for r in rows} == {"2", ""}
    raw = csv_report.render(report_dict()).splitlines()[2]
    assert ',0.51,"false"' in raw  # unquoted number, quoted text


def test_evidence_is_one_line_and_at_most_200_characters():
    data = report_dict()
    data["findings"][0]["evidence"][0]["text"] = "word \n\t " * 100
    row = parse(csv_report.render(data))[0]
    assert row["evidence"] == ("word " * 40).strip() and len(row["evidence"]) <= 200


def test_leverage_columns():
    rows = {r["provision"]: r for r in parse(csv_report.render(report_dict()))}
    audit = rows["audit_rights"]
    assert (audit["priority"], audit["action"], audit["suggestion"]) == (
        "P2",
        "extend",
        "audit_rights_supplier_extend",
    )
    assert audit["moments"] == "monitoring_audit;periodic_reporting"
    assert audit["rule"] == "audit_rights.rule_weak" and audit["uncertain"] == "false"
    present = rows["code_of_conduct"]
    assert (
        present["priority"],
        present["action"],
        present["suggestion"],
        present["uncertain"],
    ) == ("", "", "", "true")


def test_old_reports_without_leverage_keys():
    rows = parse(csv_report.render(old_report_dict()))
    assert len(rows) == N_PROVISIONS
    assert {r["priority"] for r in rows} == {""} and {r["moments"] for r in rows} == {""}


@pytest.mark.parametrize("bom", [False, True])
def test_bom_only_when_asked(tmp_path, bom):
    path = tmp_path / f"r{csv_report.EXTENSION}"
    csv_report.write(report_dict(), path, bom=bom)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") is bom
    assert raw.count(b"\xef\xbb\xbf") == int(bom)
    rows = parse(raw.decode("utf-8-sig"))
    assert len(rows) == N_PROVISIONS and list(rows[0])[0] == "path"


def test_write_many_shares_one_header(tmp_path):
    second = report_dict()
    second["document"]["path"] = "other.txt"
    path = tmp_path / "portfolio.csv"
    csv_report.write_many([report_dict(), second], path, bom=True)
    rows = parse(path.read_text(encoding="utf-8-sig"))
    assert len(rows) == 54
    assert [r["path"] for r in rows].count("other.txt") == N_PROVISIONS


def test_rows_can_skip_neutralising_for_other_writers():
    raw = {r["provision"]: r for r in csv_report.rows(report_dict(), safe=False)}
    assert raw["audit_rights"]["evidence"].startswith("=HYPERLINK")
    assert isinstance(raw["audit_rights"]["confidence"], float) and raw["audit_rights"]["page"] == 2


def test_real_scan_of_hostile_text(hostile_scan, tmp_path):
    path = tmp_path / "hostile.csv"
    csv_report.write(hostile_scan, path)
    rows = parse(path.read_text(encoding="utf-8"))
    assert len(rows) == N_PROVISIONS
    evidence = [r["evidence"] for r in rows if r["evidence"]]
    starts = {e[:2] for e in evidence}
    assert {"'=", "'+", "'@", "'-"} <= starts, evidence
    assert all(e[0] == "'" for e in evidence)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_contracts(engine, path):
    report = engine.scan(path)
    data = json_report.to_dict(report)
    rows = parse(csv_report.render(report))
    assert [r["provision"] for r in rows] == [f["provision"] for f in data["findings"]]
    assert len(rows) == N_PROVISIONS
    for row, f in zip(rows, data["findings"], strict=True):
        applies = f["applicable"]
        assert row["status"] == (f["status"] if applies or f["status"] == "present" else "n/a")
        assert row["applicable"] == ("true" if applies else "false")
        assert float(row["confidence"]) == f["confidence"]
        assert row["path"] == data["document"]["path"]
        assert row["relationship"] == data["document"]["relationship"]
        assert (row["evidence"] == "") is (not f["evidence"])
        assert row["priority"] == (f.get("priority") or "")
        expected = {"present": "", "weak": "extend", "missing": "add"}[f["status"]]
        assert row["action"] == (expected if applies else "")  # never "add" when not applicable
        assert row["moments"].split(";") == (f["moments"]["creates"] or [""])
        top = (f.get("suggestions") or [{}])[0].get("entry") or ""
        assert row["suggestion"] == top
    gaps = [r for r in rows if r["status"] != "present"]
    assert any(r["priority"] for r in gaps) and any(r["suggestion"] for r in gaps)


@pytest.mark.parametrize("build", [report_dict, old_report_dict])
def test_hand_built_reports_follow_the_schema(build):
    schema = json.loads((Path(json_report.__file__).parent / "schema.json").read_text())
    jsonschema.validate(build(), schema)


@pytest.mark.parametrize(
    "cell", ["\uff1d1+1", "\uff20SUM(A1)", "\uff0bcmd", "\uff0d2", "\u200b=HYPERLINK()", "\u3000=x"]
)
def test_full_width_and_hidden_formula_starts_are_neutralised(cell):
    """Spreadsheets fold full-width '＝＠＋－' (NFKC) and skip invisible characters."""
    from clausecheck.report.csv_report import neutralise

    assert neutralise(cell) == "'" + cell
