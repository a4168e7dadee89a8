"""Review files: hostile user data, read bounded and safely, every problem reported at once;
applied with scan --review, and shown in every report format."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.report import writers
from clausecheck.review import reviewfile
from tests.conftest import PROVISION_IDS, SAMPLES

HARBOR = SAMPLES / "supplier_weak_harbor.txt"
SHA = hashlib.sha256(HARBOR.read_bytes()).hexdigest()


def write(tmp_path, text: str, name: str = "harbor.review.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


GOOD = f"""sha256: {SHA}
file: supplier_weak_harbor.txt
reviewer: A. Reviewer
decisions:
  audit_rights:
    action: override
    status: present
    reason: Clause 8.3 reaches labour audits.
    section: "8.3"
    was: weak
  grievance_mechanism:
    action: accept
    status: weak
    reason: Read it.
"""


def code_of(fn) -> errors.ClauseCheckError:
    with pytest.raises(errors.ClauseCheckError) as exc:
        fn()
    return exc.value


def test_a_good_file_reads(tmp_path):
    rf = reviewfile.read(write(tmp_path, GOOD), PROVISION_IDS)
    assert rf.sha256 == SHA
    d = {x.provision: x for x in rf.decisions}
    assert d["audit_rights"].reviewer == "A. Reviewer" and d["audit_rights"].section == "8.3"
    assert d["grievance_mechanism"].tool_status == "weak"  # accepting: the call seen


def test_every_problem_is_reported_at_once(tmp_path):
    bad = """sha256: nothex
colour: blue
decisions:
  audit_rightz: {status: present, reason: x}
  audit_rights: {action: maybe, status: good}
  grievance_mechanism: {status: weak, reason: ok, when: today}
"""
    err = code_of(lambda: reviewfile.read(write(tmp_path, bad), PROVISION_IDS))
    assert err.code == "E390" and err.exit_code == errors.EXIT_DATA
    message = str(err)
    for part in (
        "harbor.review.yaml",  # the user's file, not a package path
        "sha256",
        "unknown key 'colour'",
        "decisions.audit_rightz: unknown provision",
        "decisions.audit_rights.action",
        "decisions.audit_rights.status",
        "decisions.audit_rights.reason: missing",
        "unknown key 'when'",
    ):
        assert part in message, part


@pytest.mark.parametrize(
    "text, code",
    [
        ("a: &x [1]\nb: *x\n", "E390"),  # aliases refused
        ("sha256: !!python/object/apply:os.system [echo]\n", "E390"),  # no Python tags
        ("decisions: {a: 1}\ndecisions: {b: 2}\n", "E390"),  # duplicate keys
        ("[1, 2]", "E390"),
        ("sha256: 1234\ndecisions: {}\n", "E390"),  # a number, not a hash
        ("\xff\xfe", "E390"),
    ],
)
def test_hostile_files_are_refused_with_a_code(tmp_path, text, code):
    path = tmp_path / "r.review.yaml"
    path.write_bytes(text.encode("latin-1") if text.startswith("\xff") else text.encode())
    assert code_of(lambda: reviewfile.read(path, PROVISION_IDS)).code == code


def test_a_huge_file_is_refused_before_it_is_read_whole(tmp_path):
    path = tmp_path / "big.review.yaml"
    path.write_bytes(b"#" * (reviewfile.MAX_BYTES + 1))
    assert code_of(lambda: reviewfile.read(path, PROVISION_IDS)).code == "E391"
    assert code_of(lambda: reviewfile.read(tmp_path / "no.yaml", PROVISION_IDS)).code == "E393"


def test_a_file_for_another_version_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace(SHA, "a" * 64))
    err = code_of(lambda: reviewfile.for_document(path, SHA, PROVISION_IDS))
    assert err.code == "E392" and SHA[:12] in str(err)


def test_json_review_files_read_too(tmp_path):
    body = {"sha256": SHA, "decisions": {"audit_rights": {"status": "missing", "reason": "no"}}}
    path = write(tmp_path, json.dumps(body), "x.review.json")
    (d,) = reviewfile.read(path, PROVISION_IDS).decisions
    assert (d.action, d.status.value) == ("override", "missing")


def test_scan_review_shows_decisions_in_every_format(engine, tmp_path):
    path = write(tmp_path, GOOD)
    report = engine.scan(HARBOR, review=path, profile="supplier-baseline")
    f = report.finding("audit_rights")
    assert f.status.value == "weak"  # the tool's call, unchanged
    assert f.decision is not None and f.decision.changed and not f.decision.disagrees
    clause = next(c for c in report.structure.clauses if c.label == "8.3")
    assert f.decision.evidence == (clause.start, clause.body_end)
    data = report.to_dict()
    schema = json.loads((Path(writers.__file__).parent / "schema.json").read_text())
    jsonschema.validate(data, schema)
    d = next(x for x in data["findings"] if x["provision"] == "audit_rights")["decision"]
    assert d["label"] == "changed by reviewer to present" and d["tool_now"] == "weak"
    # the profile verdict counts the reviewer's status
    req = next(r for r in data["profile"]["requirements"] if r["provision"] == "audit_rights")
    assert req["status"] == "present" and req["met"]
    for name in ("terminal", "markdown", "csv", "html"):
        text = writers.find(name).render(report)
        assert "changed" in text and "reviewer" in text.lower(), name
    out = writers.write_all(report, ["docx"], tmp_path / "out/")
    import docx

    memo = docx.Document(str(out[0]))
    cells = " ".join(c.text for t in memo.tables for row in t.rows for c in row.cells)
    assert "changed by reviewer to present" in cells


def test_cli_scan_review_and_bad_file_exit_8(tmp_path):
    good = write(tmp_path, GOOD)
    result = CliRunner().invoke(main, ["scan", str(HARBOR), "--review", str(good)])
    assert result.exit_code == 0, result.output
    assert "changed to present" in result.output and "reviewer" in result.output
    bad = write(tmp_path, GOOD.replace("status: present", "status: great"), "bad.review.yaml")
    result = CliRunner().invoke(main, ["scan", str(HARBOR), "--review", str(bad)])
    assert result.exit_code == errors.EXIT_DATA
    assert "E390" in result.output and "bad.review.yaml" in result.output


def test_the_review_format_writes_a_template_that_scan_review_applies(engine, tmp_path):
    report = engine.scan(HARBOR)
    (path,) = writers.write_all(report, ["review"], f"{tmp_path}/out/")
    assert path.name == "supplier_weak_harbor.review.yaml"
    text = path.read_text(encoding="utf-8")
    assert reviewfile.read(path, PROVISION_IDS).decisions == ()  # nothing decided yet
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if line.startswith("#  grievance_mechanism:"))
    lines[i] = lines[i][1:].replace('reason: ""', 'reason: "read 7.1"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reviewed = engine.scan(HARBOR, review=path)
    d = reviewed.finding("grievance_mechanism").decision
    assert d is not None and d.label == "confirmed" and d.reason == "read 7.1"


def test_redline_comments_carry_the_reviewers_decision(engine, tmp_path):
    import zipfile

    docx_in = SAMPLES / "jv_reserved_matters_kestrel.docx"
    sha = hashlib.sha256(docx_in.read_bytes()).hexdigest()
    review = write(
        tmp_path,
        f"sha256: '{sha}'\nreviewer: J. Counsel\ndecisions:\n"
        "  responsible_exit: {action: override, status: weak, reason: wind-down plan}\n",
        "kestrel.review.yaml",
    )
    report = engine.scan(docx_in, review=review)
    (path,) = writers.write_all(report, ["docx"], f"{tmp_path}/out/")
    assert path.name.endswith(".redline.docx")
    with zipfile.ZipFile(path) as z:
        comments = z.read("word/comments.xml").decode("utf-8")
    assert "Reviewer: changed by reviewer to weak (J. Counsel) - wind-down plan" in comments
