"""clausecheck review DB ...: scriptable decisions over a portfolio store."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from tests.review.conftest import portfolio  # noqa: F401  (fixture)


def run(*args: str):
    return CliRunner().invoke(main, ["review", *args])


def test_override_accept_list_remove(portfolio):  # noqa: F811
    db, reports = portfolio
    status = next(f for f in reports["msa_0.txt"]["findings"] if f["provision"] == "audit_rights")
    wanted = "missing" if status["status"] != "missing" else "weak"
    r = run("override", str(db), "msa_0.txt", "audit_rights", "--status", wanted,
            "--reason", "general audit only", "--reviewer", "jd")  # fmt: skip
    assert r.exit_code == 0, r.output
    assert r.output.startswith("changed: msa_0.txt audit_rights:")
    r = run("accept", str(db), "msa_1.txt", "anti_bribery", "--reason", "fine")
    assert r.exit_code == 0 and r.output.startswith("confirmed: "), r.output
    r = run("list", str(db), "--json")
    rows = json.loads(r.output)
    assert [(x["provision"], x["label"]) for x in rows] == [
        ("audit_rights", f"changed by reviewer to {wanted}"),
        ("anti_bribery", "confirmed"),
    ]
    table = run("list", str(db)).output.splitlines()
    assert table[0].split("\t")[:2] == ["file", "provision"]
    assert "Audit and inspection rights" in table[1]  # names by default
    assert "audit_rights" in run("list", str(db), "--ids").output
    assert run("list", str(db), "--flagged").output.strip() == (
        "no decisions that a re-scan disagrees with"
    )
    assert run("remove", str(db), "msa_1.txt", "anti_bribery").exit_code == 0
    assert run("remove", str(db), "msa_1.txt", "anti_bribery").exit_code == 1
    assert len(json.loads(run("list", str(db), "--json").output)) == 1


@pytest.mark.parametrize(
    "args, code",
    [
        (["override", "nothing.txt", "audit_rights", "--status", "weak", "--reason", "r"], "E394"),
        (["set", "msa_0.txt", "audit_rightz", "--status", "weak", "--reason", "r"], "E396"),
        (["accept", "msa_0.txt", "audit_rights", "--reason", "   "], "E396"),
    ],
)
def test_mistakes_are_coded_errors(portfolio, args, code):  # noqa: F811
    db, _ = portfolio
    r = run(args[0], str(db), *args[1:])
    assert r.exit_code == errors.EXIT_DATA and f"error {code}" in r.output, r.output


def test_export_and_import_round_trip(portfolio, tmp_path):  # noqa: F811
    db, _ = portfolio
    assert run("set", str(db), "msa_2.txt", "audit_rights", "--status", "present",
               "--reason", "labour audits").exit_code == 0  # fmt: skip
    folder = tmp_path / "files"
    r = run("export", str(db), "-o", str(folder), "--review-files")
    assert r.exit_code == 0 and r.output.strip().endswith("msa_2.review.yaml"), r.output
    labels = tmp_path / "contracts" / "labels.jsonl"
    r = run("export", str(db), "-o", str(labels))
    assert r.exit_code == 0 and "(1 documents)" in r.output
    # into a fresh store with the same document: the decision comes back by content
    fresh = tmp_path / "fresh.db"
    import shutil

    shutil.copy(db, fresh)
    assert run("remove", str(fresh), "msa_2.txt", "audit_rights").exit_code == 0
    r = run("import", str(fresh), str(folder / "msa_2.review.yaml"))
    assert r.exit_code == 0 and "1 decisions" in r.output
    rows = json.loads(run("list", str(fresh), "--json").output)
    assert [(x["provision"], x["status"], x["reason"]) for x in rows] == [
        ("audit_rights", "present", "labour audits")
    ]


def test_a_batch_whose_calls_differ_from_standing_decisions_says_so(portfolio, tmp_path):  # noqa: F811
    db, reports = portfolio
    report = reports["msa_0.txt"]
    tool = next(f["status"] for f in report["findings"] if f["provision"] == "audit_rights")
    others = [s for s in ("present", "weak", "missing") if s != tool]
    review = tmp_path / "msa_0.review.yaml"
    review.write_text(
        f"sha256: '{report['document']['sha256']}'\ndecisions:\n  audit_rights:\n"
        f"    status: {others[0]}\n    was: {others[1]}\n    reason: seen on an older version\n",
        encoding="utf-8",
    )
    assert run("import", str(db), str(review)).exit_code == 0
    folder = tmp_path / "contracts"
    result = CliRunner().invoke(main, ["batch", str(folder), "--db", str(db), "--rescan"])
    assert result.exit_code == 0, result.output
    assert "review: 1 reviewer decision(s) differ from this run's calls" in result.stdout
    rows = json.loads(run("list", str(db), "--flagged", "--json").output)
    assert [(r["provision"], r["status"], r["tool_now"]) for r in rows] == [
        ("audit_rights", others[0], tool)
    ]
