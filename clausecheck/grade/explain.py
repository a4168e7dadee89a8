"""The prose of a finding, rendered from its decision record (``types.Explanation``).

Reasons and notes are derived here and never parsed back: consumers that need to filter (an
unattached schedule, a soft-wording downgrade, the model's probabilities) read the record.
"""

from __future__ import annotations

from clausecheck.types import Explanation, Rejection, Status


def rejection_text(r: Rejection) -> str:
    why = (
        f"look-alike ({', '.join(sorted(r.lookalikes))})"
        if r.code == "lookalike"
        else "cue without the required context or wording"
    )
    return f"{r.clause} '{r.snippet}...': {why}"


def reasons(provision: str, status: Status, e: Explanation) -> tuple[str, ...]:
    if e.decided_by == "no_rule":
        out = [f"missing: no clause meets the rules for {provision}"]
        if e.rejected:
            out.append(
                "closest clauses examined and rejected: "
                + "; ".join(rejection_text(r) for r in e.rejected[:3])
            )
        else:
            out.append(
                f"examined {e.sentences_examined} sentences in {e.clauses_examined} clauses; "
                f"none holds a {provision} cue"
            )
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


def notes(e: Explanation) -> tuple[str, ...]:
    out = [*e.link_path, *e.flags]
    if e.strength:
        out.append("strength signals: " + ", ".join(e.strength))
    if e.also_supported_by:
        out.append("also supported by: " + ", ".join(e.also_supported_by))
    if e.model_note:
        out.append(e.model_note)
    return tuple(out)
