"""A finding in words, as the Word redline's comments and the review memo both say it.

Reads the report dict (``json_report.to_dict``); every leverage-map key may be absent or null
in reports stored by older versions.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from clausecheck.errors import DataFileError
from clausecheck.report import digest

EXTEND_ADVICE = (
    "the mechanism is already in the contract and accepted by the counterparty; "
    "widen it to cover human rights rather than adding a separate clause"
)


@lru_cache(maxsize=1)
def _titles() -> dict[str, str]:
    """Titles of the shipped provisions, for reports stored before findings carried their own."""
    from clausecheck.data import registry

    try:
        return {p.id: p.title for p in registry.builtin()}
    except DataFileError:  # a broken provision file must not stop a report from being written
        return {}


def provision_name(provision_id: str, title: str | None = None) -> str:
    """Title and id, e.g. "Audit and inspection rights (audit_rights)"; the bare id if unknown.
    ``title``: the finding's own (a user's provision has no shipped title)."""
    title = title or _titles().get(provision_id)
    return f"{title} ({provision_id})" if title else provision_id


def moment_labels(data: dict[str, Any]) -> dict[str, str]:
    """Moment id -> label from the report's traction section (empty for old reports)."""
    return {
        m["moment"]: m.get("label") or m["moment"]
        for m in digest.traction(data).get("moments") or []
    }


def moments_line(finding: dict[str, Any], labels: dict[str, str]) -> str | None:
    """E.g. "Moments: creates Monitoring and audits; uses Periodic reports"; None if none."""
    moments = finding.get("moments") or {}
    parts = []
    for key in ("creates", "uses"):
        names = [labels.get(m, m.replace("_", " ")) for m in moments.get(key) or []]
        if names:
            parts.append(f"{key} {', '.join(names)}")
    return "Moments: " + "; ".join(parts) if parts else None


def priority_line(finding: dict[str, Any]) -> str | None:
    priority = finding.get("priority")
    if not priority:
        return None
    reason = finding.get("priority_reason")
    return f"Priority: {priority}" + (f" ({reason})" if reason else "")


def status_line(finding: dict[str, Any]) -> str:
    uncertain = " (uncertain: decided by an edge-case rule)" if finding.get("uncertain") else ""
    confidence = float(finding.get("confidence") or 0)
    return f"Status: {finding['status']}{uncertain}, confidence {confidence:.2f}"


def review_line(finding: dict[str, Any]) -> str | None:
    """The reviewer's decision beside the tool's call, if there is one."""
    said = digest.decision_text(finding)
    if not said:
        return None
    reason = (digest.decision(finding) or {}).get("reason")
    return f"Reviewer: {said}" + (f" - {reason}" if reason else "")


def first_reason(finding: dict[str, Any]) -> str | None:
    reasons = finding.get("reasons") or []
    return f"Why: {digest.readable(reasons[0])}" if reasons else None


def finding_lines(finding: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """The comment on a present or weak finding's evidence."""
    lines = [
        f"clausecheck: {provision_name(finding['provision'], finding.get('title'))}",
        status_line(finding),
        review_line(finding),
        first_reason(finding),
        moments_line(finding, labels),
        priority_line(finding),
    ]
    if finding.get("status") == "weak":
        suggestion = digest.top_suggestion(finding)
        rationale = (suggestion or {}).get("rationale")
        lines.append(f"Extend: {EXTEND_ADVICE}" + (f". {rationale}" if rationale else "."))
    return [line for line in lines if line]


def missing_lines(finding: dict[str, Any], labels: dict[str, str]) -> list[str]:
    """The comment on the section where a missing provision's clause would go."""
    lines = [
        f"clausecheck: missing {provision_name(finding['provision'], finding.get('title'))}",
        "Nothing in the contract gives this lever (status: missing); add a clause.",
        review_line(finding),
        priority_line(finding),
        first_reason(finding),
        moments_line(finding, labels),
    ]
    return [line for line in lines if line]


def suggestion_line(suggestion: dict[str, Any] | None, placed: str | None = None) -> str:
    """What was suggested and where it went, e.g. for a comment or the memo."""
    if not suggestion:
        return "No clause-library entry fits this relationship; draft one with counsel."
    where = placed or digest.insertion_text(suggestion.get("insertion"))
    return (
        f"Suggested clause: {suggestion.get('title') or suggestion.get('entry')} "
        f"({suggestion.get('tier')} tier, library entry {suggestion.get('entry')}), {where}."
    )


def clause_heading(suggestion: dict[str, Any]) -> str:
    """The new clause's number and heading (or title), e.g. "11.4 Human rights audits"."""
    number = (suggestion.get("insertion") or {}).get("section_number")
    name = suggestion.get("heading") or suggestion.get("title")
    return digest.joined(number and str(number), name)


def definition(d: dict[str, Any]) -> tuple[str, str]:
    """A needed definition as (quoted term, body starting "means ...")."""
    body = str(d.get("text") or "").strip()
    body = body if body.lower().startswith("means") else f"means {body}"
    return f"\u201c{d.get('term')}\u201d", body


def clause_rows(suggestion: dict[str, Any]) -> list[list[tuple[str, bool]]]:
    """The paragraphs of a suggested clause as (text, bold) runs: the bold heading with the
    text run in (or one paragraph per line of a clause with sub-clauses), then definitions."""
    heading = clause_heading(suggestion)
    lines = [line.strip() for line in (suggestion.get("text") or "").splitlines() if line.strip()]
    rows: list[list[tuple[str, bool]]] = [[(heading, True)] if heading else []]
    rows.extend([(line, False)] for line in lines)  # the heading stands as its own paragraph
    for d in suggestion.get("definitions") or []:
        term, body = definition(d)
        rows.append([(term, True), (f" {body}", False)])
    return [row for row in rows if row]
