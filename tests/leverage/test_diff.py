"""clausecheck diff: the comparison as a pure function, and the command on two drafts."""

from __future__ import annotations

import copy
import json

import pytest
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.leverage import diff
from tests.conftest import N_PROVISIONS, SAMPLES


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("missing", "weak", "added"),
        ("missing", "present", "added"),
        ("present", "missing", "removed"),
        ("weak", "missing", "removed"),
        ("present", "weak", "weakened"),
        ("weak", "present", "strengthened"),
        ("weak", "weak", "unchanged"),
        ("missing", "missing", "unchanged"),
    ],
)
def test_change(old, new, expected):
    assert diff.change(old, new) == expected


@pytest.fixture(scope="module")
def northwind(engine):
    from clausecheck.report import json_report

    return json_report.to_dict(engine.scan(SAMPLES / "supplier_strong_northwind.docx"))


def _edit(report, statuses, drop_priority=True):
    r = copy.deepcopy(report)
    for f in r["findings"]:
        if f["provision"] in statuses:
            f["status"] = statuses[f["provision"]]
            if drop_priority:
                f.pop("priority", None)
            if f["status"] == "missing":
                f["evidence"] = []
    return r


def test_compare_classifies_every_provision(northwind):
    status = {f["provision"]: f["status"] for f in northwind["findings"]}
    present = [p for p, s in status.items() if s == "present"]
    missing = [p for p, s in status.items() if s == "missing"]
    new = _edit(northwind, {present[0]: "missing", present[1]: "weak", missing[0]: "present"})
    result = diff.compare(northwind, new)
    assert len(result["changes"]) == N_PROVISIONS
    kinds = {r["provision"]: r["change"] for r in result["changes"]}
    assert (
        kinds[present[0]] == "removed"
        and kinds[present[1]] == "weakened"
        and kinds[missing[0]] == "added"
    )
    assert result["summary"] == {
        "removed": 1,
        "weakened": 1,
        "added": 1,
        "strengthened": 0,
        "unchanged": 24,
    }
    assert set(result["headline"]) == {present[0], present[1]}
    removed = next(r for r in result["changes"] if r["provision"] == present[0])
    assert (
        removed["old"]["excerpt"]
        and removed["old"]["section"]
        and removed["new"]["excerpt"] is None
    )
    assert removed["new"]["priority"] in (
        "P1",
        "P2",
        "P3",
        "P4",
    )  # from the card when the finding has none
    back = diff.compare(new, northwind)
    # the same clause word for word is never a gain (only its status in the edited report moved)
    assert {r["provision"]: r["change"] for r in back["changes"]}[present[1]] == "unchanged"
    assert back["headline"] == [missing[0]]


def test_headline_orders_by_priority_then_removals(northwind):
    new = _edit(
        northwind, {"audit_rights": "weak", "code_of_conduct": "missing", "renewal_term": "missing"}
    )
    for f in new["findings"]:
        f["priority"] = {"audit_rights": "P2", "code_of_conduct": "P2", "renewal_term": "P4"}.get(
            f["provision"]
        )
    assert diff.compare(northwind, new)["headline"] == [
        "code_of_conduct",
        "audit_rights",
        "renewal_term",
    ]


def test_compare_identical_and_old_reports(northwind):
    result = diff.compare(northwind, copy.deepcopy(northwind))
    assert result["headline"] == [] and result["summary"]["unchanged"] == N_PROVISIONS
    assert not any(r["wording_changed"] for r in result["changes"])
    old = copy.deepcopy(northwind)
    for f in old["findings"]:
        for key in ("priority", "suggestions", "moments", "leverage", "action", "priority_reason"):
            f.pop(key, None)
    old.pop("traction", None)
    assert diff.compare(old, northwind)["summary"]["unchanged"] == N_PROVISIONS
    assert "Nothing removed or weakened" in diff.render(result)


def test_custom_provision_on_one_side_counts_as_missing_on_the_other(northwind):
    new = copy.deepcopy(northwind)
    new["findings"].append(
        {
            "provision": "water_rights",
            "status": "present",
            "evidence": [
                {
                    "text": "The Operator shall protect community water access.",
                    "section": "30",
                    "heading": "Water",
                }
            ],
        }
    )
    row = diff.compare(northwind, new)["changes"][-1]
    assert (row["provision"], row["change"], row["old"]["status"]) == (
        "water_rights",
        "added",
        "missing",
    )


DRAFT = """SUPPLY AGREEMENT

This Supply Agreement is made on 1 March 2025 between Alder Retail Limited ("Buyer") and
Fenwick Garment Works Ltd ("Supplier").

1. SUPPLY

1.1 Supplier shall manufacture and deliver the Goods described in each Purchase Order issued by Buyer.

2. LABOUR AND HUMAN RIGHTS

2.1 Supplier shall not use forced labour, bonded labour or child labour, shall pay at least
the legal minimum wage and shall respect workers' freedom of association in its own operations.

3. AUDIT

{audit}

4. TERM

4.1 This Agreement starts on the date above and continues for two years.
"""
HR_AUDIT = (
    "3.1 Buyer or an independent auditor appointed by Buyer may, on five Business Days' notice, inspect "
    "Supplier's sites, interview workers in private and review records to verify Supplier's compliance "
    "with Clause 2 (Labour and Human Rights), including working hours, wages and the use of forced or "
    "child labour."
)
BOOKS_AUDIT = (
    "3.1 Buyer or an independent accountant appointed by Buyer may, on five Business Days' notice, audit "
    "the books and records of Supplier relating to invoices and payments under this Agreement to "
    "verify the amounts charged."
)


def test_cli_diff_books_only_audit_is_a_weakening(tmp_path):
    old, new = tmp_path / "draft_v1.txt", tmp_path / "draft_v2.txt"
    old.write_text(DRAFT.format(audit=HR_AUDIT), encoding="utf-8")
    new.write_text(DRAFT.format(audit=BOOKS_AUDIT), encoding="utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["diff", str(old), str(new), "--relationship", "supplier", "--json"])
    assert res.exit_code == 0, res.output
    result = json.loads(res.output)
    audit = next(r for r in result["changes"] if r["provision"] == "audit_rights")
    assert (audit["change"], audit["old"]["status"], audit["new"]["status"]) == (
        "weakened",
        "present",
        "weak",
    )
    assert audit["old"]["section"] == audit["new"]["section"] == "3.1"
    assert (
        "interview workers" in audit["old"]["excerpt"]
        and "books and records" in audit["new"]["excerpt"]
    )
    assert "audit_rights" in result["headline"]
    removed = {r["provision"] for r in result["changes"] if r["change"] == "removed"}
    # the HR audit's records review was also a right to demand compliance documents (spec 3.5)
    assert removed <= {"reporting_covenant"}
    text = runner.invoke(main, ["diff", str(old), str(new)])
    assert text.exit_code == 0
    first = text.output.split("Given up in the new draft", 1)[1].splitlines()
    assert any(line.split()[:1] == ["WEAKENED"] and "Audit" in line for line in first[1:8])
    assert 'new: \u00a7 3.1 AUDIT: "3.1 Buyer or an independent accountant' in text.output


def test_cli_diff_missing_file_is_one_line(tmp_path):
    res = CliRunner().invoke(
        main, ["diff", str(tmp_path / "nope.txt"), str(tmp_path / "nope2.txt")]
    )
    assert res.exit_code == 3 and "E101" in res.output and "Traceback" not in res.output


def _draft_with_weakenings(tmp_path):
    """The strong supply agreement with three clauses given up in negotiation."""
    import re

    text = (SAMPLES / "src" / "supplier_strong_northwind.txt").read_text(encoding="utf-8")

    def replace_clause(text: str, number: str, new: str) -> str:
        m = re.search(rf"^{re.escape(number)} [^\n]*$", text, re.M)
        assert m, number
        return text[: m.start()] + new + text[m.end() :]

    text = replace_clause(
        text, "7.2", "7.2 Forced and Child Labour. The Supplier shall use reasonable efforts to "
        "ensure that no forced, bonded or child labour is used at any Facility.",
    )  # fmt: skip
    text = replace_clause(
        text, "11.1", "11.1 Books and Records. The Buyer may audit the Supplier's books and "
        "records relating to the invoiced prices of the Goods once in each calendar year.",
    )  # fmt: skip
    text = replace_clause(
        text, "12.1", "12.1 Worker Complaints. The Supplier may at its discretion consider "
        "complaints that Workers raise about their working conditions.",
    )  # fmt: skip
    path = tmp_path / "northwind_v2.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_clauses_given_up_in_negotiation_show_as_weakened(tmp_path):
    from clausecheck.engine import engine
    from clausecheck.report import json_report

    eng = engine()
    old = json_report.to_dict(eng.scan(SAMPLES / "src" / "supplier_strong_northwind.txt"))
    new = json_report.to_dict(eng.scan(_draft_with_weakenings(tmp_path)))
    rows = {r["provision"]: r for r in diff.compare(old, new)["changes"]}
    for pid, section in (
        ("labour_standards", "7.2"),
        ("audit_rights", "11.1"),
        ("grievance_mechanism", "12.1"),
    ):
        assert rows[pid]["change"] in ("weakened", "removed"), (pid, rows[pid])
        if (
            rows[pid]["change"] == "weakened"
            and rows[pid]["old"]["status"] == rows[pid]["new"]["status"]
        ):
            assert any(c.startswith(section + ":") for c in rows[pid]["weakened_clauses"]), rows[
                pid
            ]
    same = diff.compare(old, old)
    assert same["summary"]["weakened"] == same["summary"]["strengthened"] == 0


def test_the_same_clause_word_for_word_is_never_a_change():
    def report(status):
        ev = {"text": "The Supplier shall comply with the Code.", "section": "7.1"}
        return {"document": {"relationship": "supplier"},
                "findings": [{"provision": "code_of_conduct", "status": status, "evidence": [ev]}]}  # fmt: skip

    rows = diff.compare(report("weak"), report("present"))["changes"]
    assert [r["change"] for r in rows if r["provision"] == "code_of_conduct"] == ["unchanged"]
