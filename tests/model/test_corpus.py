"""The labelled corpus: offsets only, consistent with the adjudication, aligned with the texts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from clausecheck.model import corpus
from tests.conftest import PROVISION_IDS

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "models" / "labels"
POOL = REPO.parent / "shared" / "real_contracts" / "pool" / "contracts"


def test_locator_is_tolerant_of_case_and_whitespace_and_returns_source_offsets():
    text = "1.1  The Supplier\nSHALL   not  bribe.\n"
    loc = corpus.Locator(text)
    start, end = loc.find("the supplier shall not bribe.")
    assert text[start:end] == "The Supplier\nSHALL   not  bribe."
    assert loc.find("shall bribe") is None


def test_import_quotes_stores_offsets_not_text(tmp_path):
    (tmp_path / "c.txt").write_text("Preamble.\nSupplier shall comply with the Code of Conduct.\n")
    raw = {
        "file": "c.txt",
        "labeller": "X",
        "labels": {
            "code_of_conduct": {
                "status": "present",
                "evidence": ["supplier shall comply with the code of conduct"],
            },
            "audit_rights": {"status": "weak", "evidence": ["not in the text at all"]},
        },
    }
    out, problems = corpus.import_quotes([raw], tmp_path)
    assert problems == ["c.txt audit_rights: a evidence quote is not in the text"]
    rec = out[0]
    assert rec["sha256"] == corpus.sha256(tmp_path / "c.txt")
    assert rec["labels"]["code_of_conduct"]["evidence"] == [[10, 56]]
    assert "Supplier shall" not in json.dumps(rec)


def test_cohen_kappa():
    assert corpus.cohen_kappa(["present", "missing"] * 5, ["present", "missing"] * 5) == 1.0
    assert corpus.cohen_kappa(["present", "missing"], ["missing", "present"]) == pytest.approx(-1.0)
    assert corpus.cohen_kappa([], []) is None


@pytest.fixture(scope="module")
def pool_labels():
    return corpus.load(LABELS / "pool.jsonl")


def test_pool_labels_cover_every_provision_with_offsets_only(pool_labels):
    assert len(pool_labels) >= 150
    for c in pool_labels:
        assert len(c.sha256) == 64
        assert set(c.labels) == set(PROVISION_IDS), c.file
        for pid, lab in c.labels.items():
            assert (lab.status == "missing") == (not lab.evidence), (c.file, pid)
            assert len(lab.note.split()) <= 40, (c.file, pid)
    raw = (LABELS / "pool.jsonl").read_text()
    assert '"text"' not in raw and '"quote' not in raw


def test_adjudicated_calls_are_the_ones_in_the_corpus(pool_labels):
    by_file = {c.file: c for c in pool_labels}
    lines = (LABELS / "adjudication.jsonl").read_text().splitlines()
    assert lines
    for line in lines:
        rec = json.loads(line)
        lab = by_file[rec["file"]].labels[rec["provision"]]
        assert lab.status == rec["status"], rec
        assert rec["note"] and rec["labels"], rec  # the reason and the calls it settled


def test_second_labels_overlap_the_primary_set(pool_labels):
    second = corpus.load(LABELS / "pool_second.jsonl")
    assert len(second) >= 25
    assert {c.file for c in second} <= {c.file for c in pool_labels}


def test_labels_align_with_the_pool_texts(pool_labels):
    """The shared pool is beside the repository in CI: every span lies inside its file."""
    checked = 0
    for c, _path, text in corpus.texts(pool_labels, POOL):
        for lab in c.labels.values():
            for s, e in lab.evidence + lab.rejected:
                assert 0 <= s < e <= len(text)
        checked += 1
    assert checked == len(pool_labels)


def _judged_line(**over):
    rec = {
        "file": "c.txt",
        "sha256": "a" * 64,
        "provision": "audit_rights",
        "status": "weak",
        "span": [10, 40],
        "verdict": "valid",
        "judge": "J1",
        "control": False,
        "note": "",
    }
    rec.update(over)
    return json.dumps(rec)


def _contract(status="weak", sha="a" * 64):
    return corpus.LabelledContract(
        file="c.txt",
        sha256=sha,
        labeller="L",
        relationship=None,
        contract_type=None,
        labels={"audit_rights": corpus.Label(status=status, evidence=((0, 9),))},
    )


def test_judged_evidence_counts_only_valid_non_control_spans_against_the_current_label(tmp_path):
    path = tmp_path / "judged.jsonl"
    path.write_text(
        "\n".join(
            [
                _judged_line(),
                _judged_line(span=[50, 60], verdict="supporting"),
                _judged_line(span=[70, 80], verdict="uncertain"),
                _judged_line(span=[0, 9], control=True),
                _judged_line(span=[90, 99], provision="code_of_conduct"),
            ]
        )
    )
    judged = corpus.load_judged(path)
    assert len(judged) == 5
    assert corpus.valid_alternatives(judged, [_contract()]) == {
        "c.txt": {"audit_rights": [(10, 40)]}
    }
    # a relabelled status or a changed file version voids the judgement
    assert corpus.valid_alternatives(judged, [_contract(status="present")]) == {}
    assert corpus.valid_alternatives(judged, [_contract(sha="b" * 64)]) == {}


@pytest.mark.parametrize(
    "bad",
    [
        {"verdict": "maybe"},
        {"status": "strong"},
        {"span": [40, 10]},
        {"span": "x"},
    ],
)
def test_a_bad_judged_line_is_a_coded_error_naming_the_line(tmp_path, bad):
    path = tmp_path / "judged.jsonl"
    path.write_text(_judged_line() + "\n" + _judged_line(**bad) + "\n")
    with pytest.raises(Exception) as info:
        corpus.load_judged(path)
    assert "E36" in str(getattr(info.value, "code", "")) + str(info.value)
    assert "2" in str(info.value)


def test_shipped_judged_evidence_holds_offsets_only_and_aligns_with_the_pool(pool_labels):
    path = LABELS / "evidence_judged.jsonl"
    raw = path.read_text()
    assert '"text"' not in raw and '"quote' not in raw
    judged = corpus.load_judged(path)
    assert judged
    by_file = {c.file: c for c in pool_labels}
    for j in judged:
        assert j.file in by_file and j.provision in by_file[j.file].labels, j
        assert j.sha256 == by_file[j.file].sha256, j
        assert len(j.note.split()) <= 40, j
    for c, _path, text in corpus.texts([by_file[f] for f in {j.file for j in judged}], POOL):
        for j in judged:
            if j.file == c.file:
                assert j.span[1] <= len(text), j


def test_judged_summary_counts_controls_and_agreement_between_judges(tmp_path):
    path = tmp_path / "judged.jsonl"
    path.write_text(
        "\n".join(
            [
                _judged_line(),
                _judged_line(judge="J2"),
                _judged_line(span=[50, 60], verdict="invalid"),
                _judged_line(span=[50, 60], verdict="valid", judge="J2"),
                _judged_line(span=[0, 9], control=True),
                _judged_line(span=[0, 5], control=True, verdict="supporting"),
            ]
        )
    )
    out = corpus.judged_summary(corpus.load_judged(path))
    assert out["spans"] == 4 and out["judgements"] == 6
    assert out["controls"] == 2 and out["controls_valid"] == 1
    assert out["double_judged"] == 2 and out["double_agree"] == 1
    assert out["verdicts"]["valid"] == 3 and out["verdicts"]["invalid"] == 1
