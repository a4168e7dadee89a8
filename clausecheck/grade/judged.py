"""Findings decided by the judge (grade/judge.py) over the rules' candidates.

For each provision: the candidates and their features, the clause classifier on the most likely
ones, the judge's unit scores, then its contract-level decision. The first evidence item is the
candidate that makes the status true (the most probable one for that status); other clauses that
the judge also scores as found follow it. Recitals are weak at most, and never evidence for a
structural provision (spec 2.1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from clausecheck.data.provisions import Provision
from clausecheck.detect.context import Context
from clausecheck.grade import explain, judge
from clausecheck.grade.grader import (
    Grader,
    UnitOutcome,
    _best,
    _evidence_span,
    missing_finding,
    model_texts,
    parties_in,
    rejection,
)
from clausecheck.types import Explanation, Finding, Hit, Status

_SUPPORTING = 2  # supporting clauses cited after the operative one
_STATUS_INDEX = {Status.MISSING: 0, Status.WEAK: 1, Status.PRESENT: 2}


@dataclass
class Scored:
    """A provision's candidates after the judge, for findings and for training."""

    provision: Provision
    candidates: list[judge.Candidate]
    excluded: int
    rules_status: Status | None


def score_all(
    grader: Grader,
    ctx: Context,
    hits: dict[str, list[Hit]],
    outcomes: dict[str, dict[int, UnitOutcome]],
    model: Any,
    the_judge: judge.Judge | None,
    top_k: int,
) -> list[Scored]:
    """Candidates with features (and, given a judge, unit probabilities) for every provision."""
    caches = ctx.memo  # shared with the rules' pass over the same sentences
    mod_cache: dict[int, str] = caches.setdefault("modality", {})
    out = []
    for p in grader.provisions:
        cands, excluded = judge.candidates(p, ctx, outcomes.get(p.id, {}), caches)
        for c in cands:
            mod = grader.unit_modality(ctx, c.ui, mod_cache)
            c.features = judge.unit_features(p, ctx, c, mod, caches)
        best = _best(hits.get(p.id, []))
        out.append(Scored(p, cands, excluded, best.status if best is not None else None))
    _model_features(ctx, out, model, top_k)
    if the_judge is not None:
        _lexicon_features(ctx, out, the_judge.lexicon)
        for s in out:
            the_judge.score(s.provision.id, s.candidates)
    return out


def _lexicon_features(ctx: Context, scored: list[Scored], lexicon: Any) -> None:
    """The judge's lexicon: p(a reviewer cites this sentence) from its words, one batch over the
    distinct candidate sentences."""
    if lexicon is None:
        return
    units = sorted({c.ui for s in scored for c in s.candidates})
    if not units:
        return
    probs = lexicon.predict(model_texts(ctx, units))
    row = {ui: i for i, ui in enumerate(units)}
    for s in scored:
        arr = probs.get(s.provision.id)
        if arr is None:
            continue
        for c in s.candidates:
            value = float(arr[row[c.ui]][2])
            if value:
                c.features["lex"] = value


def _model_features(ctx: Context, scored: list[Scored], model: Any, top_k: int) -> None:
    """The clause classifier's probabilities for each provision's ``top_k`` likeliest candidates,
    read in one batch over the distinct sentences."""
    if model is None:
        return
    wanted: dict[str, list[judge.Candidate]] = {}
    units: set[int] = set()
    for s in scored:
        top = sorted(s.candidates, key=judge.prescore)[:top_k]
        wanted[s.provision.id] = top
        units.update(c.ui for c in top)
    if not units:
        return
    order = sorted(units)
    probs = model.predict(model_texts(ctx, order))
    row = {ui: i for i, ui in enumerate(order)}
    for pid, cands in wanted.items():
        arr = probs.get(pid)
        if arr is None:
            continue
        for c in cands:
            none, weak, present = (float(x) for x in arr[row[c.ui]])
            c.features.update(
                model_scored=1.0, model_none=none, model_weak=weak, model_present=present
            )


def findings(
    grader: Grader,
    ctx: Context,
    hits: dict[str, list[Hit]],
    outcomes: dict[str, dict[int, UnitOutcome]],
    model: Any,
    the_judge: judge.Judge,
) -> list[Finding]:
    scored = score_all(grader, ctx, hits, outcomes, model, the_judge, the_judge.top_k)
    return [_finding(s, ctx, the_judge) for s in scored]


def _pick(s: Scored, the_judge: judge.Judge) -> list[judge.Candidate]:
    """Candidates in the order a reviewer would cite them (the judge's ranker)."""
    ranked = the_judge.rank(s.provision.id, s.candidates)
    if s.provision.structural:
        ranked = [c for c in ranked if not c.features.get("recital")]
    return ranked


def _finding(s: Scored, ctx: Context, the_judge: judge.Judge) -> Finding:
    p = s.provision
    status, probs, row = the_judge.decide(p.id, s.candidates, s.rules_status)
    ranked = _pick(s, the_judge) if status is not Status.MISSING else []
    if status is not Status.MISSING and not ranked:
        status = Status.MISSING
    first_why: dict[str, Any] = {}
    if ranked:
        ranked, first_why = status_first(ranked, status)
        if first_why["rank"] > 1:  # the ranker's first now follows it
            u = ctx.units[ranked[1].ui]
            clause = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
            first_why["ranker_first"] = clause.label if clause is not None else None
    downgrades = ()
    if status is Status.PRESENT and ranked[0].features.get("recital"):
        status = Status.WEAK  # a recital is not operative: weak at most (spec 2.1)
    confidence = round(probs[_STATUS_INDEX[status]], 3)
    record: dict[str, Any] = {
        "clauses": _clause_verdicts(ctx, s),
        "contract": {
            "missing": round(probs[0], 3),
            "weak": round(probs[1], 3),
            "present": round(probs[2], 3),
        },
        "contract_features": {k: round(v, 3) for k, v in row.items() if v},
        "candidates": len(s.candidates),
        "excluded_as_lookalikes": s.excluded,
        "review": confidence < judge.REVIEW_BELOW,
    }
    if status is Status.MISSING:
        return _missing(s, ctx, confidence, record)
    top = ranked[0]
    hit = top.hit
    clauses = {c.id: c for c in ctx.structure.clauses}
    operative = _evidence_span(ctx, *_span(ctx, top), clauses)
    others = [c for c in ranked[1:] if c.probs[1] + c.probs[2] >= 0.5]
    supporting = _distinct_clauses(ctx, top, others)[:_SUPPORTING]
    evidence = (operative, *(_evidence_span(ctx, *_span(ctx, c), clauses) for c in supporting))
    also = tuple(e.section for e in evidence[1:] if e.section)
    where = (
        f"{operative.section} ({operative.heading})"
        if operative.heading
        else (operative.section or "unnumbered text")
    )
    unit_row = the_judge.unit_rows(p.id, [top])[0]
    record["candidate"] = {
        "start": operative.start,
        "end": operative.end,
        "clause": operative.section,
    }
    record["first_evidence"] = first_why
    record["unit"] = {
        "none": round(top.probs[0], 3),
        "weak": round(top.probs[1], 3),
        "present": round(top.probs[2], 3),
    }
    record["features"] = {k: round(v, 3) for k, v in sorted(top.features.items())}
    record["weights"] = dict(
        the_judge.unit.contributions(unit_row, 2 if status is Status.PRESENT else 1)
    )
    mod = next((k[4:] for k in top.features if k.startswith("mod_")), None)
    text = ctx.doc.text[ctx.units[top.ui].start : ctx.units[top.ui].end]
    obligor, holder = (
        (hit.obligor, hit.holder) if hit is not None else parties_in(text, ctx, mod or "none")
    )
    expl = Explanation(
        decided_by="judge",
        rule=hit.rule if hit is not None else None,
        rule_reason=hit.rule_reason if hit is not None else "",
        clause=where,
        cues=_cue_names(p, ctx, top.ui),
        link_path=hit.links if hit is not None else (),
        modality=mod,
        edge=bool(hit is not None and hit.edge),
        downgrades=downgrades if hit is None else hit.downgrades,
        flags=hit.flags if hit is not None else (),
        strength=hit.strength if hit is not None else (),
        also_supported_by=also,
        candidates=len(s.candidates),
        prior=0.0,
        model=None,
        judge=record,
        confidence=confidence,
    )
    return Finding(
        p.id,
        status,
        confidence,
        bool(hit is not None and hit.edge),
        evidence,
        explain.reasons(p.id, status, expl),
        obligor,
        holder,
        expl.rule,
        expl.cues,
        round(top.probs[2], 3),
        explain.notes(expl),
        explanation=expl,
        review=confidence < judge.REVIEW_BELOW,
    )


def unit_verdict(c: judge.Candidate) -> int:
    """The judge's verdict on one candidate by itself: its unit model's likeliest class
    (0 none, 1 weak, 2 present)."""
    return max(range(3), key=lambda i: (c.probs[i], -i))


def status_first(
    ranked: list[judge.Candidate], status: Status
) -> tuple[list[judge.Candidate], dict[str, Any]]:
    """The first evidence item makes the status true: the best-ranked candidate that the judge's
    unit model reads by itself as the decided status or stronger (present: present; weak: weak
    or present), the others after it in the ranker's order; the ranker's first when no candidate
    is. Returns the order and why the first is first (kept in the finding's record).

    The rules' verdict on the candidate is not asked separately: it is one of the unit model's
    features, and a rule alone can misread a clause (a cure clause that carves human-rights
    breaches out still matches the rule for a cure linked to them)."""
    need = _STATUS_INDEX[status]
    for at, c in enumerate(ranked):
        own = unit_verdict(c)
        if own < need:
            continue
        if at == 0:
            why = f"ranked first; the judge reads it as {_UNIT_STATUS[own]} by itself"
            return ranked, {"rank": 1, "why": why}
        why = (
            f"the best-ranked candidate the judge reads as {_UNIT_STATUS[own]} by itself "
            f"(ranked {at + 1}); it reads the ranker's first as "
            f"{_UNIT_STATUS[unit_verdict(ranked[0])]}, which does not make the provision "
            f"{status.value}"
        )
        return [c, *ranked[:at], *ranked[at + 1 :]], {"rank": at + 1, "why": why}
    why = f"ranked first; no candidate is read as {status.value} by itself"
    return ranked, {"rank": 1, "why": why}


def _missing(s: Scored, ctx: Context, confidence: float, record: dict[str, Any]) -> Finding:
    p = s.provision
    look = {g.key: name for name, g in p.lookalikes.items()}
    ranked = sorted(s.candidates, key=lambda c: (-(c.probs[1] + c.probs[2]), c.ui))[:5]
    rejected = [
        rejection(ctx, c.ui, look, "judge", round(c.probs[1] + c.probs[2], 3)) for c in ranked
    ]
    expl = Explanation(
        decided_by="judge",
        sentences_examined=len(ctx.units),
        clauses_examined=len(ctx.structure.clauses),
        candidates=len(s.candidates),
        rejected=tuple(rejected),
        judge=record,
        confidence=confidence,
    )
    return missing_finding(p.id, expl, review=confidence < judge.REVIEW_BELOW)


CLAUSE_FLOOR = 0.3  # the clause verdicts a finding records: candidates judged at least this found
_UNIT_STATUS = ("none", "weak", "present")


def _clause_verdicts(ctx: Context, s: Scored) -> list[dict[str, Any]]:
    """Each clause the judge finds for the provision, with its own verdict: what a draft
    comparison needs to see a clause weakened while another keeps the provision present."""
    best: dict[str, dict[str, Any]] = {}
    for c in s.candidates:
        found = c.probs[1] + c.probs[2]
        if found < CLAUSE_FLOOR:
            continue
        u = ctx.units[c.ui]
        clause = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
        key = clause.label if clause is not None else f"@{u.start}"
        status = "present" if c.probs[2] >= c.probs[1] else "weak"
        entry = {
            "section": clause.label if clause else None,
            "status": status,
            "found": round(found, 3),
        }
        if key not in best or found > best[key]["found"]:
            best[key] = entry
    return sorted(best.values(), key=lambda e: -e["found"])[:12]


def _span(ctx: Context, c: judge.Candidate) -> tuple[int, int, str | None]:
    u = ctx.units[c.ui]
    clause = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
    return u.start, u.end, clause.id if clause is not None else None


def _distinct_clauses(
    ctx: Context, top: judge.Candidate, others: list[judge.Candidate]
) -> list[judge.Candidate]:
    seen = {ctx.units[top.ui].clause}
    out = []
    for c in others:
        ci = ctx.units[c.ui].clause
        if ci not in seen:
            seen.add(ci)
            out.append(c)
    return out


def _cue_names(p: Provision, ctx: Context, ui: int) -> tuple[str, ...]:
    groups = ctx.units[ui].groups
    return tuple(
        sorted(k.split(":", 1)[1] for k in groups if k.startswith((p.id + ":", "common:")))
    )
