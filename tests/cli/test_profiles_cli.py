"""clausecheck profiles list | show | validate, and the profile verdict in scan's outputs."""

from __future__ import annotations

import csv
import io

from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.leverage import profile as prof
from tests.conftest import SAMPLES


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_list_shows_every_shipped_profile_aligned():
    r = run("profiles", "list")
    assert r.exit_code == 0
    head, *rows = r.output.splitlines()
    assert [row.split()[0] for row in rows] == prof.shipped()
    at = head.index("title")
    assert all(row[at - 2 : at] == "  " and row[at] != " " for row in rows)


def test_show_names_provisions_with_minimum_and_basis():
    r = run("profiles", "show", "eu-due-diligence")
    assert r.exit_code == 0
    assert "Audit and inspection rights" in r.output and "Art 10(5)" in r.output
    assert "audit_rights" not in r.output
    assert "audit_rights" in run("profiles", "show", "eu-due-diligence", "--ids").output
    assert run("profiles", "show", "supplier-baseline", "--yaml").output.startswith("id: ")


def test_validate_reports_every_problem_naming_the_users_file(tmp_path):
    bad = tmp_path / "procurement.yaml"
    bad.write_text(
        "id: x\ncolour: red\nrelationship: buyer\nrequires:\n  audit_rightz: present\n"
        "  audit_rights: strong\n  code_of_conduct: {minimum: weak, why: x}\n",
        encoding="utf-8",
    )
    good = tmp_path / "ok.yaml"
    good.write_text("id: ok\nrequires:\n  audit_rights: weak\n", encoding="utf-8")
    r = run("profiles", "validate", str(bad), str(good), str(tmp_path / "none.yaml"))
    assert r.exit_code == errors.EXIT_DATA
    assert f"ok: {good}: ok, 1 requirements" in r.stdout
    (line,) = [x for x in r.stderr.splitlines() if "E350" in x]
    assert str(bad) in line and "clausecheck/profiles/" not in line.split(" - ")[0]
    for problem in ("unknown key 'colour'", "relationship must be", "'audit_rightz'",
                    "'audit_rights': minimum", "unknown key 'why'"):  # fmt: skip
        assert problem in line
    assert "E331" in r.stderr and "none.yaml" in r.stderr


def test_scan_csv_has_profile_columns_and_warns_of_another_relationship(tmp_path):
    out = tmp_path / "harbor.csv"
    harbor = SAMPLES / "supplier_weak_harbor.txt"
    r = run("scan", str(harbor), "--profile", "lender-baseline", "--format", "csv", "-o", str(out))
    assert r.exit_code == 0, r.output
    assert "written for a lender relationship" in r.stderr and "a supplier" in r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    spec = prof.load("lender-baseline")
    required = {row["provision"]: row for row in rows if row["required"] == "true"}
    assert set(required) == set(spec["requires"])
    for pid, row in required.items():
        assert row["profile"] == "lender-baseline"
        assert row["minimum"] == spec["requires"][pid][0]
        rank = {"missing": 0, "weak": 1, "present": 2, "n/a": 0}
        assert row["met"] == ("true" if rank[row["status"]] >= rank[row["minimum"]] else "false")
    others = [row for row in rows if row["required"] == "false"]
    assert others and all(row["met"] == "" and row["minimum"] == "" for row in others)
    # the same supplier scan against its own profile: no warning
    r = run("scan", str(harbor), "--profile", "supplier-baseline", "--format", "json")
    assert r.exit_code == 0 and "written for" not in r.stderr
