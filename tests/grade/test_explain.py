"""Each finding carries its decision record; the prose is rendered from it."""

from __future__ import annotations

from clausecheck.engine import Engine, engine
from clausecheck.grade import explain
from clausecheck.report import json_report
from tests.conftest import text_document

SOFT = (
    "SUPPLY AGREEMENT\n\nThis Agreement is between Alder Ltd (\"Buyer\") and Birch Inc (\"Supplier\").\n\n"
    "1. CONDUCT\n\n1.1 The Supplier shall use reasonable efforts to comply with the Buyer Supplier Code "
    "of Conduct on human rights, labour standards and anti-corruption.\n\n"
    "2. AUDIT\n\n2.1 The Buyer may audit the Supplier's books and records relating to invoiced fees.\n"
)


_RULES = []


def _findings(text: str, judged: bool = False):
    if not _RULES:
        _RULES.append(Engine(judge=False))
    eng = engine() if judged else _RULES[0]
    report = eng.analyse(text_document(text))
    return report, {f.provision: f for f in report.findings}


def test_a_soft_wording_downgrade_is_a_coded_step_of_the_record():
    _, found = _findings(SOFT)
    code = found["code_of_conduct"]
    assert code.status.value == "weak"
    e = code.explanation
    assert e is not None and e.decided_by == "rule" and e.rule.startswith("code_of_conduct.")
    assert [d.code for d in e.downgrades] == ["soft_wording"]
    assert e.modality == "efforts" and e.clause.startswith("1.1")
    assert 0 < e.confidence <= 1 and e.confidence == code.confidence
    assert code.reasons == explain.reasons("code_of_conduct", code.status, e)
    assert code.notes == explain.notes(e)


def test_a_missing_finding_records_what_was_examined_and_why_it_was_rejected():
    _, found = _findings(SOFT)
    for f in found.values():
        e = f.explanation
        assert e is not None
        if f.status.value == "missing":
            assert e.decided_by == "no_rule"
            assert e.sentences_examined > 0 and e.clauses_examined > 0
            assert all(r.code in ("lookalike", "no_context") for r in e.rejected)
            assert f.candidates == tuple(explain.rejection_text(r) for r in e.rejected)


def test_the_json_report_carries_the_record():
    report, _ = _findings(SOFT)
    data = json_report.to_dict(report)
    assert data["schema_version"] == "3"
    rec = {f["provision"]: f["explanation"] for f in data["findings"]}
    assert rec["code_of_conduct"]["downgrades"][0]["code"] == "soft_wording"
    assert isinstance(rec["code_of_conduct"]["cues"], list)


def test_a_judged_finding_records_the_candidate_its_features_and_the_scores():
    report, found = _findings(SOFT, judged=True)
    for f in found.values():
        e = f.explanation
        assert e is not None and e.decided_by == "judge"
        j = e.judge
        assert set(j["contract"]) == {"missing", "weak", "present"}
        assert abs(sum(j["contract"].values()) - 1) < 0.01
        assert f.confidence == round(j["contract"][f.status.value], 3)
        assert f.review == (f.confidence < 0.6)
        if f.status.value != "missing":
            assert j["candidate"]["start"] == f.evidence[0].start
            assert j["features"] and j["weights"] and set(j["unit"]) == {"none", "weak", "present"}
    data = json_report.to_dict(report)
    assert all("judge" in (x["explanation"] or {}) for x in data["findings"])
