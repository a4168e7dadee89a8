"""Gap markers (provisions.md 4.3): unused moments, orphan obligations, broken consequence
ladders."""

from __future__ import annotations

import re

from clausecheck.data.provisions import Provision
from clausecheck.leverage.priority import shift_level
from clausecheck.leverage.traction.moments import HOOK_RANK, MomentData
from clausecheck.types import Finding, Marker, MomentInstance, Status

_IMMEDIATE = re.compile(
    r"\b(?:immediately|forthwith|with immediate effect|without (?:prior )?notice)\b", re.I
)
_CURE = re.compile(r"\b(?:cure|remed(?:y|ied|iate)|rectif\w+|corrective)\b", re.I)
_RESUME = re.compile(r"\b(?:resum\w+|lift\w* the suspension|reinstat\w+)\b", re.I)


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

    # broken consequence ladder
    def present(pid: str) -> bool:
        return status.get(pid) is Status.PRESENT

    def some(pid: str) -> bool:
        return status.get(pid) in (Status.PRESENT, Status.WEAK)

    tfb = fnd.get("termination_for_breach")
    if present("termination_for_breach"):
        text = tfb.evidence[0].text if tfb and tfb.evidence else ""
        immediate = bool(_IMMEDIATE.search(text)) and not _CURE.search(text)
        if not some("remediation") or immediate:
            why = "is expressly immediate" if immediate else "has no remediation step before it"
            out.append(
                Marker(
                    "broken_consequence_ladder",
                    "BL1",
                    sev("remediation"),
                    f"termination for breach {why}: place remediation (notice, a corrective action "
                    "plan, a cure period) before termination",
                    provision="remediation",
                    suggest=suggest_for(
                        "remediation", status.get("remediation", Status.MISSING).value
                    ),
                )
            )
    if (present("termination_for_breach") or present("termination_for_convenience")) and not some(
        "responsible_exit"
    ):
        out.append(
            Marker(
                "broken_consequence_ladder",
                "BL2",
                sev("responsible_exit"),
                "a termination right exists but no responsible exit: add notice, phase-out and "
                "mitigation of the impacts of ending the relationship",
                provision="responsible_exit",
                suggest=suggest_for("responsible_exit", "missing"),
            )
        )
    substantive_present = [p for p in data.substantive if present(p)]
    if (
        substantive_present
        and not some("incident_notification")
        and not present("reporting_covenant")
    ):
        out.append(
            Marker(
                "broken_consequence_ladder",
                "BL3",
                sev("incident_notification"),
                f"{', '.join(substantive_present[:3])} "
                f"{'is' if len(substantive_present) == 1 else 'are'} "
                "present, but nothing obliges the counterparty to report incidents or human-rights "
                "information: add incident notification",
                provision="incident_notification",
                suggest=suggest_for("incident_notification", "missing"),
            )
        )
    susp = fnd.get("suspension_right")
    if present("suspension_right"):
        text = susp.evidence[0].text if susp and susp.evidence else ""
        if not some("remediation") and not _RESUME.search(text):
            out.append(
                Marker(
                    "broken_consequence_ladder",
                    "BL4",
                    sev("remediation"),
                    "suspension has no remediation or resumption path: say what the counterparty "
                    "must do for supply or funding to resume",
                    provision="remediation",
                    suggest=suggest_for(
                        "remediation", status.get("remediation", Status.MISSING).value
                    ),
                )
            )
    return tuple(out)
