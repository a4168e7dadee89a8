"""Decisions in the portfolio store: override, re-scan, upgrade, flagging, export, training."""

from __future__ import annotations

import json
import sqlite3

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.batch import schema
from clausecheck.batch.store import Store
from clausecheck.cli.main import main
from clausecheck.model import corpus
from clausecheck.review import export
from clausecheck.review import store as reviews
from tests.conftest import REPO


def finding(report: dict, pid: str) -> dict:
    return next(f for f in report["findings"] if f["provision"] == pid)


def stored(db, name: str) -> dict:
    with Store(db) as store:
        return next(r for r in store.reports() if r["_row"]["path"].endswith(name))


def other_status(status: str) -> str:
    return "missing" if status != "missing" else "present"


def test_override_is_shown_beside_the_call_and_survives_a_rescan(portfolio):
    db, reports = portfolio
    tool = finding(reports["msa_0.txt"], "audit_rights")["status"]
    wanted = other_status(tool)
    with Store(db) as store:
        rec = reviews.decide(
            store, "msa_0.txt", "audit_rights", status=wanted, reason="not HR", reviewer="jd"
        )
        assert rec["action"] == "override" and rec["tool_status"] == tool
        store.write_report(reports["msa_0.txt"])  # the batch re-scans the same file
    f = finding(stored(db, "msa_0.txt"), "audit_rights")
    assert f["status"] == tool  # the tool's own call is kept
    d = f["decision"]
    assert (d["status"], d["changed"], d["disagrees"]) == (wanted, True, False)
    assert d["label"] == f"changed by reviewer to {wanted}" and d["reviewer"] == "jd"
    assert "decision" not in finding(stored(db, "msa_1.txt"), "audit_rights")


def test_accept_confirms_the_stored_call(portfolio):
    db, reports = portfolio
    with Store(db) as store:
        rec = reviews.decide(store, "msa_1.txt", "anti_bribery", status=None, reason="read it",
                             action="accept")  # fmt: skip
    d = finding(stored(db, "msa_1.txt"), "anti_bribery")["decision"]
    assert rec["action"] == "accept" and d["label"] == "confirmed" and not d["changed"]


def test_a_rescan_that_disagrees_is_flagged_not_overwritten(portfolio):
    db, reports = portfolio
    data = reports["msa_2.txt"]
    tool = finding(data, "anti_bribery")["status"]
    with Store(db) as store:
        reviews.decide(store, "msa_2.txt", "anti_bribery", status=None, reason="ok",
                       action="accept")  # fmt: skip
        # an upgraded model calls it differently on the same file
        changed = json.loads(json.dumps(data))
        finding(changed, "anti_bribery")["status"] = other_status(tool)
        store.write_report(changed)
        flagged = [r for r in reviews.listing(store) if r["disagrees"]]
    d = finding(stored(db, "msa_2.txt"), "anti_bribery")["decision"]
    assert d["status"] == tool and d["disagrees"] and "re-scan disagrees" in d["label"]
    assert [(r["provision"], r["tool_now"]) for r in flagged] == [
        ("anti_bribery", other_status(tool))
    ]


def test_decisions_survive_an_upgrade_of_an_old_store(engine, tmp_path):
    """A store written before decisions existed (schema 1) gains the table on opening; its
    documents keep their reports and can be reviewed."""
    db = tmp_path / "old.db"
    con = sqlite3.connect(str(db), isolation_level=None)
    con.executescript(f"BEGIN;\n{schema.MIGRATIONS[0]}\nPRAGMA user_version = 1;\nCOMMIT;")
    con.close()
    from tests.batch.helpers import write_variant

    path = write_variant(tmp_path / "old.txt", 7)
    with Store(db) as store:
        store.write_report(engine.scan(path).to_dict())
        reviews.decide(store, "old.txt", "audit_rights", status="weak", reason="r")
    con = sqlite3.connect(str(db))
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS) >= 2
    con.close()
    with Store(db) as store:  # reopened: the decision is still there
        assert [r["provision"] for r in reviews.rows(store)] == ["audit_rights"]


def test_document_references_and_decision_problems(portfolio):
    db, _ = portfolio
    with Store(db) as store:
        with pytest.raises(errors.ClauseCheckError) as exc:
            reviews.decide(store, "nothing.txt", "audit_rights", status="weak", reason="r")
        assert exc.value.code == "E394"
        sha = next(iter(store.fingerprints().values()))[0]
        path, found = reviews.find_document(store, sha[:10])
        assert found == sha and path.endswith(".txt")
        with pytest.raises(errors.ClauseCheckError) as exc:
            reviews.decide(store, "msa_0.txt", "audit_rightz", status="good", reason=" ")
        message = str(exc.value)
        assert exc.value.code == "E396"
        # every problem at once
        assert "audit_rightz" in message and "'good'" in message and "reason" in message


def test_export_is_labels_without_text_that_train_accepts(portfolio, tmp_path):
    """The round trip: override -> export -> clausecheck train --judge learns from it."""
    db, reports = portfolio
    with Store(db) as store:
        for name in ("msa_0.txt", "msa_1.txt"):
            tool = finding(reports[name], "audit_rights")["status"]
            reviews.decide(store, name, "audit_rights", status=other_status(tool), reason="x")
            reviews.decide(store, name, "anti_bribery", status=None, reason="y", action="accept")
    out = tmp_path / "contracts" / "labels.jsonl"
    with Store(db) as store:
        assert export.write_labels(store, out) == 2
    raw = out.read_text(encoding="utf-8")
    text = (tmp_path / "contracts" / "msa_0.txt").read_text(encoding="utf-8")
    assert "any public official" in text and "public official" not in raw  # offsets, not text
    labelled = corpus.load(out)
    assert {c.file for c in labelled} == {"msa_0.txt", "msa_1.txt"}  # beside the label file
    assert all(c.offsets == "document" and set(c.labels) == {"audit_rights", "anti_bribery"}
               for c in labelled)  # fmt: skip
    for c in labelled:
        status = finding(reports[c.file], "audit_rights")["status"]
        assert c.labels["audit_rights"].status == other_status(status)
        assert c.labels["audit_rights"].note == "x"
    snippets = tmp_path / "snippets"
    snippets.mkdir()
    for pid in ("audit_rights", "anti_bribery"):  # a few of the project's own snippets
        lines = (REPO / "models" / "training" / f"{pid}.jsonl").read_text().splitlines()[:3]
        (snippets / f"{pid}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    judge = tmp_path / "judge.json"
    result = CliRunner().invoke(
        main,
        ["train", "--judge", "--labels", str(out), "--data", str(snippets), "--out", str(judge)],
    )
    assert result.exit_code == 0, result.output
    from clausecheck.grade import judge as judge_mod

    trained = judge_mod.load(judge)
    assert trained.metadata["documents"] == 2
    assert set(trained.provisions) == {"audit_rights", "anti_bribery"}


def test_review_files_export_one_file_per_document(portfolio, tmp_path, engine):
    from clausecheck.review import reviewfile

    db, reports = portfolio
    with Store(db) as store:
        reviews.decide(store, "msa_0.txt", "audit_rights", status="present", reason="fine")
        written = export.write_review_files(store, tmp_path)
    assert [p.name for p in written] == ["msa_0.review.yaml"]
    rf = reviewfile.read(written[0], engine.registry.ids)
    assert rf.sha256 == reports["msa_0.txt"]["document"]["sha256"]
    assert [(d.provision, d.status.value) for d in rf.decisions] == [("audit_rights", "present")]
