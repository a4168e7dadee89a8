"""Gap markers (provisions.md 4.3): unused moments, orphan obligations, broken consequence
ladders."""

from __future__ import annotations

from clausecheck.data import policy
from clausecheck.data.provisions import Provision
from clausecheck.leverage.priority import shift_level
from clausecheck.leverage.traction.moments import HOOK_RANK, MomentData
from clausecheck.types import Finding, Marker, MomentInstance, Status


def _severity(pids, by_id: dict[str, Provision], relationship: str, high_risk: bool) -> str | None:
    values = [by_id[p].priority.get(relationship, "-") for p in pids if p in by_id]
    values = [v for v in values if v in ("P1", "P2", "P3", "P4")]
    if not values:
        return None
    best = min(values)
    return shift_level(best, -1) if high_risk else best


def find(
    instances: tuple[MomentInstance, ...],
    findings: tuple[Finding, ...],
    provisions: list[Provision],
    data: MomentData,
    relationship: str,
    *,
    high_risk: bool = False,
    suggest_for=lambda provision, status: None,
) -> tuple[Marker, ...]:
    """``suggest_for(provision, status)`` names a clause-library entry for a marker, if any."""
    by_id = {p.id: p for p in provisions}
    status = {f.provision: f.status for f in findings}
    fnd = {f.provision: f for f in findings}
    out: list[Marker] = []

    def sev(*pids: str) -> str | None:
        return _severity(pids, by_id, relationship, high_risk)

    # unused moments: the moment exists but no instance carries an explicit HR hook
    for mid, moment in data.moments.items():
        insts = [i for i in instances if i.moment == mid]
        if not insts or any(i.hr_hook == "explicit" for i in insts):
            continue
        suppliers = [p.id for p in provisions if mid in p.moments_created]
        best = max(insts, key=lambda i: HOOK_RANK[i.hr_hook])
        where = next((i.clause_id for i in insts if i.clause_id), None)
        if mid == "contract_negotiation" and where is None:
            gaps = sorted(
                p
                for p, s in status.items()
                if s is Status.MISSING and by_id[p].priority.get(relationship) == "P1"
            )
            message = (
                "no review of human-rights terms is scheduled: signing, and each amendment, is the "
                f"moment to negotiate the gaps ({', '.join(gaps) or 'none at P1'})"
            )
        else:
            message = (
                f"{moment.label}: the contract creates this moment ({len(insts)} clause(s)) "
                f"but its human-rights hook is {best.hr_hook}; "
                "extend it to carry human-rights content"
            )
        open_ = [
            p
            for p in suppliers
            if status.get(p) is not Status.PRESENT
            and by_id[p].priority.get(relationship, "-") != "-"
        ]
        target = min(open_, key=lambda p: by_id[p].priority[relationship], default=None)
        if sev(*suppliers) is None:
            continue  # no provision that applies to this relationship could supply the hook
        out.append(
            Marker(
                "unused_moment",
                "UM",
                sev(*suppliers),
                message,
                moment=mid,
                provision=target,
                clause_id=where,
                suggest=suggest_for(target, "weak") if target else None,
            )
        )

    # orphan obligations: a substantive duty with no verification moment behind it
    verified = any(
        i.moment in data.verification_moments and i.hr_hook == "explicit" for i in instances
    )
    if not verified:
        for pid in data.substantive:
            if status.get(pid) in (Status.PRESENT, Status.WEAK):
                ev = fnd[pid].evidence[0].section if fnd[pid].evidence else None
                out.append(
                    Marker(
                        "orphan_obligation",
                        "OO",
                        sev(pid, "audit_rights"),
                        f"{pid} ({status[pid].value}, section {ev or '?'}) has no audit, reporting "
                        "or complaint moment with a human-rights hook to verify it",
                        provision=pid,
                        clause_id=None,
                        suggest=suggest_for(
                            "audit_rights", status.get("audit_rights", Status.MISSING).value
                        ),
                    )
                )

    # broken consequence ladders (policy/ladders.yaml)
    for ladder in policy.ladders():
        marker = _ladder_marker(ladder, status, fnd, data, sev, suggest_for)
        if marker is not None:
            out.append(marker)
    return tuple(out)


def _ladder_marker(ladder, status, fnd, data, sev, suggest_for) -> Marker | None:
    """The marker of one consequence ladder, or None if it holds (or is not triggered)."""

    def present(pid: str) -> bool:
        return status.get(pid) is Status.PRESENT

    def some(pid: str) -> bool:
        return status.get(pid) in (Status.PRESENT, Status.WEAK)

    triggers = [p for p in ladder.triggers if present(p)]
    if not triggers:
        return None
    for cond in ladder.broken_when:
        if any(some(p) for p in cond.lacks_some) or any(present(p) for p in cond.lacks_present):
            continue
        if cond.evidence_of is not None:
            f = fnd.get(cond.evidence_of)
            text = f.evidence[0].text if f and f.evidence else ""
            if cond.matches is not None and not cond.matches.search(text):
                continue
            if cond.not_matches is not None and cond.not_matches.search(text):
                continue
        step_status = status.get(ladder.step, Status.MISSING).value
        message = ladder.message.format(
            reason=cond.reason,
            triggers=", ".join(triggers[:3]),
            is_are="is" if len(triggers) == 1 else "are",
        )
        return Marker(
            "broken_consequence_ladder",
            ladder.code,
            sev(ladder.step),
            message,
            provision=ladder.step,
            suggest=suggest_for(
                ladder.step, step_status if ladder.suggest == "status" else "missing"
            ),
        )
    return None
