"""Policy profiles: shipped data, evaluation, --fail-on exit codes."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.data.provisions import RELATIONSHIPS
from clausecheck.leverage.profile import evaluate, load, shipped
from tests.conftest import SAMPLES

WEAK = str(SAMPLES / "supplier_weak_harbor.txt")
STRONG = str(SAMPLES / "supplier_strong_northwind.docx")


def test_a_baseline_for_every_relationship_and_the_eu_profile():
    ids = shipped()
    for rel in RELATIONSHIPS:
        assert f"{rel}-baseline" in ids
        assert load(f"{rel}-baseline")["relationship"] == rel
    eu = load("eu-due-diligence")
    assert eu["relationship"] is None
    assert all(basis.startswith("Art ") for _, basis in eu["requires"].values())


def test_bad_profile_is_a_data_error(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("id: x\nrequires:\n  audit_rights: excellent\n", encoding="utf-8")
    with pytest.raises(errors.DataFileError, match="minimum must be present or weak"):
        load(bad)
    with pytest.raises(errors.DataFileError, match="no such profile"):
        load("no-such-profile")


def test_evaluate_minimums(sample_report):
    report = sample_report("supplier_weak_harbor")
    result = evaluate(load("supplier-baseline"), report.findings)
    by = {pid: (st, met) for pid, _, st, met, _ in result.requirements}
    assert by["audit_rights"] == ("weak", False)  # minimum present
    assert by["flow_down"] == ("weak", True)  # minimum weak
    assert by["code_of_conduct"] == ("missing", False)
    assert not result.passed
    assert result.fails("weak") and result.fails("missing")


def test_fail_on_exit_codes(tmp_path):
    runner = CliRunner()
    weak = runner.invoke(
        main,
        ["scan", WEAK, "--fail-on", "missing", "--format", "json", "-o", str(tmp_path / "w.json")],
    )
    assert weak.exit_code == errors.EXIT_POLICY_FAILED
    assert (
        "does not meet profile supplier-baseline" in weak.output
        and "Code of conduct (missing, needs present)" in weak.output
    )
    strong = runner.invoke(
        main,
        ["scan", STRONG, "--fail-on", "weak", "--format", "json", "-o", str(tmp_path / "s.json")],
    )
    assert strong.exit_code == 0, strong.output


def test_weak_passes_fail_on_missing_but_not_fail_on_weak(tmp_path):
    profile = tmp_path / "audit-only.yaml"
    profile.write_text(
        "id: audit-only\ntitle: Audit only\nrelationship: supplier\nrequires:\n  audit_rights: present\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    base = [
        "scan",
        WEAK,
        "--profile",
        str(profile),
        "--format",
        "json",
        "-o",
        str(tmp_path / "r.json"),
    ]
    assert runner.invoke(main, base + ["--fail-on", "missing"]).exit_code == 0
    assert runner.invoke(main, base + ["--fail-on", "weak"]).exit_code == errors.EXIT_POLICY_FAILED
    assert runner.invoke(main, base).exit_code == 0  # a profile without --fail-on only reports
