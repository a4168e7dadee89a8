"""The judge's candidates and features (grade/judge.py, grade/judged.py)."""

from __future__ import annotations

import json

import pytest

from clausecheck import ingest, structure
from clausecheck.detect.context import build_context
from clausecheck.grade import judge, judged
from clausecheck.nlp.pipeline import parse
from tests.conftest import SAMPLES, text_document


def _context(engine, doc):
    return build_context(doc, structure.analyse(doc), parse(doc.text), engine.cues)


def _features(engine, ctx, *, fresh: bool) -> dict[tuple[str, int], dict[str, float]]:
    hits, outcomes = engine.grader.outcomes(ctx, collect_all=False)
    if fresh:  # nothing the rules' pass read is reused
        ctx.memo.clear()
    scored = judged.score_all(engine.grader, ctx, hits, outcomes, engine.model, None, 6)
    return {(s.provision.id, c.ui): c.features for s in scored for c in s.candidates}


def test_features_are_the_same_whether_or_not_the_rules_pass_is_reused(rules_engine):
    """The judge reads modality, clause and linked context from the rules' pass (Context.memo)
    and computes a sentence's provision-independent features once: the features must be what a
    fresh computation gives."""
    doc = ingest.load(SAMPLES / "src" / "services_outsourcing_lumen.txt")
    shared = _features(rules_engine, _context(rules_engine, doc), fresh=False)
    fresh = _features(rules_engine, _context(rules_engine, doc), fresh=True)
    assert shared == fresh
    assert len(shared) > 50


def test_a_long_contract_keeps_at_most_max_candidates_per_provision(rules_engine):
    clauses = [
        f"{i}. Either party may terminate this Agreement for convenience on {i + 10} days' "
        "written notice to the other party."
        for i in range(1, judge.MAX_CANDIDATES + 40)
    ]
    ctx = _context(rules_engine, text_document("\n\n".join(clauses)))
    hits, outcomes = rules_engine.grader.outcomes(ctx, collect_all=False)
    scored = judged.score_all(rules_engine.grader, ctx, hits, outcomes, None, None, 6)
    by_id = {s.provision.id: s for s in scored}
    assert len(by_id["termination_for_convenience"].candidates) == judge.MAX_CANDIDATES
    assert all(len(s.candidates) <= judge.MAX_CANDIDATES for s in scored)


def test_the_shipped_judge_is_plain_json_and_reloads(tmp_path):
    j = judge.load()
    out = tmp_path / "judge.json"
    j.save(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == judge.FORMAT
    again = judge.from_json(data)
    assert again.unit.features == j.unit.features
    assert again.ranker.features == j.ranker.features


def test_a_judge_file_with_a_wrong_shape_is_refused():
    data = judge.load().to_json()
    data["unit"]["coef"] = data["unit"]["coef"][:1]
    with pytest.raises(ValueError, match="unit.coef"):
        judge.from_json(data)
