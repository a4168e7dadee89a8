"""Decisions as records: built from a store row or a review file, applied to a Report or to a
stored report's dict, and written as the JSON report's ``decision`` object."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from clausecheck.types import Decision, Report
from clausecheck.vocab import Status

ACTIONS = ("accept", "override")


def from_record(rec: Mapping[str, Any]) -> Decision:
    """A decision from a validated mapping (a store row or a review-file entry)."""
    status = Status(rec["status"])
    action = rec.get("action") or "override"
    tool_status = rec.get("tool_status")
    if action == "accept":
        tool_status = status.value  # accepting is agreeing with the call the reviewer saw
    evidence = rec.get("evidence")
    return Decision(
        provision=str(rec["provision"]),
        action=action,
        status=status,
        reason=str(rec.get("reason") or ""),
        reviewer=rec.get("reviewer"),
        at=rec.get("at"),
        tool_status=tool_status,
        section=rec.get("section"),
        evidence=(int(evidence[0]), int(evidence[1])) if evidence else None,
    )


def apply(report: Report, decisions: Iterable[Decision]) -> Report:
    """``report`` with each decision beside its finding (the findings' own calls unchanged).

    A decision citing a section takes that clause's span as its evidence."""
    by_pid = {d.provision: d for d in decisions}
    if not by_pid:
        return report
    labels = {c.label: c for c in report.structure.clauses}
    found = []
    for f in report.findings:
        d = by_pid.get(f.provision)
        if d is not None:
            d = replace(d, tool_now=f.status.value)
            clause = labels.get(d.section) if d.section and d.evidence is None else None
            if clause is not None:
                d = replace(d, evidence=(clause.start, clause.body_end))
            f = replace(f, decision=d)
        found.append(f)
    profile = report.profile
    if profile is not None:  # the verdict a reader acts on: the reviewers' statuses count
        reqs = []
        for pid, minimum, status, met, basis in profile.requirements:
            d = by_pid.get(pid)
            if d is not None:
                status = d.status.value
                met = d.status.rank >= Status(minimum).rank
            reqs.append((pid, minimum, status, met, basis))
        profile = replace(profile, requirements=tuple(reqs))
    return replace(report, findings=tuple(found), profile=profile)


def to_dict(d: Decision) -> dict[str, Any]:
    """The JSON report's ``decision`` object."""
    return {
        "action": d.action,
        "status": d.status.value,
        "reason": d.reason,
        "reviewer": d.reviewer,
        "at": d.at,
        "tool_status": d.tool_status,
        "tool_now": d.tool_now,
        "section": d.section,
        "evidence": list(d.evidence) if d.evidence else None,
        "label": d.label,
        "changed": d.changed,
        "disagrees": d.disagrees,
    }


def annotate(report: dict[str, Any], records: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """A stored report's dict with each provision's decision (``records``: provision -> row)
    set on its finding as ``decision``; returns the same dict."""
    for finding in report.get("findings") or []:
        rec = records.get(finding.get("provision"))
        if rec is not None:
            d = replace(from_record(rec), tool_now=finding.get("status"))
            finding["decision"] = to_dict(d)
    return report


def effective_status(finding: Mapping[str, Any]) -> str | None:
    """The status a reader should act on: the reviewer's where there is a decision."""
    d = finding.get("decision")
    return d["status"] if d else finding.get("status")
