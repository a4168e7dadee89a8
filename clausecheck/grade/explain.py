"""The prose of a finding, rendered from its decision record (``types.Explanation``).

Reasons and notes are derived here and never parsed back: consumers that need to filter (an
unattached schedule, a soft-wording downgrade, the model's probabilities) read the record.
"""

from __future__ import annotations

from clausecheck.types import Explanation, Rejection, Status


def rejection_text(r: Rejection) -> str:
    if r.code == "lookalike":
        why = f"look-alike ({', '.join(sorted(r.lookalikes))})"
    elif r.code == "judge":
        why = f"the judge scores it p(found)={r.score:.2f}"
    else:
        why = "cue without the required context or wording"
    return f"{r.clause} '{r.snippet}...': {why}"


def _examined(provision: str, e: Explanation) -> str:
    """What a missing finding looked at: the closest rejected clauses, or how much was read."""
    if e.rejected:
        return "closest clauses examined and rejected: " + "; ".join(
            rejection_text(r) for r in e.rejected[:3]
        )
    return (
        f"examined {e.sentences_examined} sentences in {e.clauses_examined} clauses; "
        f"none holds a {provision} cue"
    )


def reasons(provision: str, status: Status, e: Explanation) -> tuple[str, ...]:
    if e.decided_by == "judge":
        return _judge_reasons(provision, status, e)
    if e.decided_by == "no_rule":
        out = [f"missing: no clause meets the rules for {provision}", _examined(provision, e)]
        if e.model is not None:
            out.append(
                f"model: highest p(found)={e.model['found']:.2f} among {e.candidates} "
                "candidate sentences"
            )
        return tuple(out)
    parts = ([e.rule_reason] if e.rule_reason else []) + [d.detail for d in e.downgrades]
    out = [f"{status.value}: {'; '.join(parts) or e.rule} [{e.clause}]"]
    if e.edge:
        out.append(f"decided by an [edge] rule ({e.rule}): uncertain")
    if e.model is not None:
        m = e.model
        out.append(
            f"model: p(present)={m['present']:.2f}, p(weak)={m['weak']:.2f}, "
            f"p(none)={m['none']:.2f}"
        )
    return tuple(out)


def _judge_reasons(provision: str, status: Status, e: Explanation) -> tuple[str, ...]:
    j = e.judge or {}
    c = j.get("contract") or {}
    scores = (
        f"judge: p(present)={c.get('present', 0):.2f}, p(weak)={c.get('weak', 0):.2f}, "
        f"p(missing)={c.get('missing', 0):.2f} over {e.candidates} candidate sentences"
    )
    if status is Status.MISSING:
        out = [
            f"missing: no candidate for {provision} is judged to make it present or weak",
            _examined(provision, e),
        ]
    else:
        parts = ([e.rule_reason] if e.rule_reason else []) + [d.detail for d in e.downgrades]
        why = "; ".join(parts) or "the judge's reading of the clause (no rule matched it)"
        out = [f"{status.value}: {why} [{e.clause}]"]
        if e.edge:
            out.append(f"the rule that matched it is an [edge] rule ({e.rule}): uncertain")
        first = j.get("first_evidence") or {}
        if first.get("rank", 1) > 1:
            where = (
                f" (the ranker's first: {first['ranker_first']})"
                if first.get("ranker_first")
                else ""
            )
            out.append(f"first evidence: {first['why']}{where}")
    out.append(scores)
    if j.get("review"):
        out.append("marked for review: the judge is not confident of this call")
    return tuple(out)


def notes(e: Explanation) -> tuple[str, ...]:
    out = [*e.link_path, *e.flags]
    if e.strength:
        out.append("strength signals: " + ", ".join(e.strength))
    if e.also_supported_by:
        out.append("also supported by: " + ", ".join(e.also_supported_by))
    if e.model_note:
        out.append(e.model_note)
    return tuple(out)
