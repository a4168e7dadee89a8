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


def test_a_bar_on_exit_is_never_a_candidate_for_termination_for_convenience(rules_engine):
    """An exclusion rule (status missing) claims the sentence first: the judge never sees it, so
    it can never be cited as the evidence of an exit, whatever the unit model would make of it."""
    text = (
        "1. TERM\n\n1.1 No Shareholder may terminate this Agreement for convenience.\n\n"
        "2. WITHDRAWAL\n\n2.1 Either Shareholder may terminate this Agreement for convenience "
        "on 180 days' written notice to the other Shareholder."
    )
    doc = text_document(text)
    ctx = _context(rules_engine, doc)
    hits, outcomes = rules_engine.grader.outcomes(ctx, collect_all=False)
    scored = judged.score_all(rules_engine.grader, ctx, hits, outcomes, None, None, 6)
    tfc = next(s for s in scored if s.provision.id == "termination_for_convenience")
    cited = [doc.text[ctx.units[c.ui].start : ctx.units[c.ui].end] for c in tfc.candidates]
    assert any("180 days" in s for s in cited)
    assert not any("No Shareholder" in s for s in cited)


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


def _cand(ui: int, none: float, weak: float, present: float) -> judge.Candidate:
    return judge.Candidate(ui, None, probs=(none, weak, present))


def test_the_first_evidence_is_the_best_ranked_candidate_that_supports_the_status():
    """A present finding's first evidence is a candidate the judge reads as present by itself,
    even when the ranker put a weaker one first; the rest keep the ranker's order."""
    ranked = [_cand(1, 0.1, 0.8, 0.1), _cand(2, 0.9, 0.05, 0.05), _cand(3, 0.0, 0.1, 0.9)]
    order, why = judged.status_first(ranked, judged.Status.PRESENT)
    assert [c.ui for c in order] == [3, 1, 2]
    assert why["rank"] == 3
    assert "reads as present" in why["why"] and "ranker's first as weak" in why["why"]
    # a weak finding is supported by a candidate read as weak (or present): the ranker's first
    order, why = judged.status_first(ranked, judged.Status.WEAK)
    assert [c.ui for c in order] == [1, 2, 3]
    assert why["rank"] == 1


def test_without_a_supporting_candidate_the_rankers_first_stays_first():
    ranked = [_cand(5, 0.6, 0.4, 0.0), _cand(6, 0.7, 0.2, 0.1)]
    order, why = judged.status_first(ranked, judged.Status.PRESENT)
    assert [c.ui for c in order] == [5, 6]
    assert why["rank"] == 1 and "no candidate" in why["why"]


def test_sample_findings_cite_first_a_clause_that_makes_their_status_true(engine):
    """On the bundled samples every present or weak finding's first evidence is read as (at
    least) that status by itself, and the record says why it is first."""
    checked = moved = 0
    for path in sorted((SAMPLES / "src").glob("*.txt")):
        for f in engine.scan(path).findings:
            j = f.explanation.judge if f.explanation is not None else None
            if f.status is judged.Status.MISSING or not j:
                continue
            unit = j["unit"]
            if f.status is judged.Status.PRESENT:
                supported = unit["present"] >= max(unit["weak"], unit["none"])
            else:
                supported = unit["weak"] + unit["present"] >= unit["none"]
            assert supported or "no candidate" in j["first_evidence"]["why"], (
                path.name,
                f.provision,
            )
            assert j["first_evidence"]["why"]
            if j["first_evidence"]["rank"] > 1:  # moved before the ranker's first: both named
                moved += 1
                assert "ranker_first" in j["first_evidence"]
                assert f"first evidence: {j['first_evidence']['why']}" in " ".join(f.reasons)
            checked += 1
    assert checked > 50
    assert moved >= 1  # e.g. Northwind remediation: 14.1 before 24.5, which carves HR out
