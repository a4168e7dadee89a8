"""The reader's digest of a report dict: what the human-facing writers pick out and in what order.

Writers read the JSON dict (``json_report.to_dict``), never the dataclasses. Stored reports from
older versions lack the leverage-map keys (priority, suggestions, traction, profile), so every
accessor here tolerates absent or null values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from clausecheck.report import json_report
from clausecheck.types import Report

PRIORITIES = ("P1", "P2", "P3", "P4")
STATUSES = ("present", "weak", "missing")
_WS = re.compile(r"\s+")


def as_dict(report: Report | dict[str, Any]) -> dict[str, Any]:
    """The report as its JSON dict; a dict (e.g. loaded from a stored report) passes through."""
    return report if isinstance(report, dict) else json_report.to_dict(report)


def one_line(text: str | None, limit: int | None = None) -> str:
    """Whitespace collapsed to single spaces, cut to ``limit`` characters (with an ellipsis)."""
    flat = _WS.sub(" ", text or "").strip()
    if limit is not None and len(flat) > limit:
        return flat[: max(limit - 1, 0)].rstrip() + "…"
    return flat


def joined(*parts: str | None, sep: str = " ") -> str:
    """The non-empty parts joined: ``joined("8.3", None, "Audit")`` -> ``"8.3 Audit"``."""
    return sep.join(p for p in parts if p)


def priority_rank(priority: str | None) -> int:
    """P1 -> 0 ... P4 -> 3; no priority sorts last."""
    return PRIORITIES.index(priority) if priority in PRIORITIES else len(PRIORITIES)


def first_evidence(finding: dict[str, Any]) -> dict[str, Any] | None:
    evidence = finding.get("evidence") or []
    return evidence[0] if evidence else None


def top_suggestion(finding: dict[str, Any]) -> dict[str, Any] | None:
    suggestions = finding.get("suggestions") or []
    return suggestions[0] if suggestions else None


def moments_created(finding: dict[str, Any]) -> list[str]:
    return list((finding.get("moments") or {}).get("creates") or [])


NOT_APPLICABLE = "n/a"


def shown_status(finding: Mapping[str, Any]) -> str:
    """The status as a reader is shown it: "n/a" for a weak or missing provision that does not
    normally apply to the relationship (spec 3.28 '-'), which is reported but is not a gap."""
    status = str(finding.get("status"))
    if finding.get("applicable") is False and status != "present":
        return NOT_APPLICABLE
    return status


def status_counts(data: dict[str, Any]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for f in data.get("findings", []):
        shown = shown_status(f)
        counts[shown] = counts.get(shown, 0) + 1
    return counts


def not_applicable(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Weak and missing findings that do not normally apply to the relationship."""
    return [f for f in data.get("findings", []) if shown_status(f) == NOT_APPLICABLE]


def gaps(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Weak and missing findings that apply, P1 first; then missing before weak, then report
    order."""
    open_ = [f for f in data.get("findings", []) if shown_status(f) in ("weak", "missing")]
    return sorted(open_, key=lambda f: (priority_rank(f.get("priority")), f["status"] != "missing"))


def traction(data: dict[str, Any]) -> dict[str, Any]:
    return data.get("traction") or {}


def created_moments(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The moments of traction the contract creates, in the report's order."""
    return [m for m in traction(data).get("moments") or [] if m.get("created")]


def markers_by_severity(data: dict[str, Any]) -> list[dict[str, Any]]:
    """Gap markers, most severe first (stable within a severity)."""
    return sorted(
        traction(data).get("markers") or [], key=lambda m: priority_rank(m.get("severity"))
    )


def insertion_text(insertion: dict[str, Any] | None) -> str:
    """Where a suggestion goes, in words: "after 9.4 Termination, as new 9.5 (reason)"."""
    if not insertion:
        return "no insertion point"
    anchor = insertion.get("anchor") or {}
    where = joined(anchor.get("section"), anchor.get("heading"))
    mode = insertion.get("mode") or "end"
    place = f"{mode} {where}" if where and mode != "end" else "at the end of the contract"
    number = insertion.get("section_number")
    text = f"{place}, as new {number}" if number else place
    reason = insertion.get("reason")
    return f"{text} ({reason})" if reason else text


def provision_name(finding: Mapping[str, Any], *, ids: bool = False) -> str:
    """The provision as a reader knows it: its title ("Audit and inspection rights"), or its
    stable id when asked for (``--ids``)."""
    pid = str(finding.get("provision"))
    if ids:
        return pid
    if finding.get("title"):
        return str(finding["title"])
    from clausecheck.report.cards import provision_title

    return provision_title(pid)


def decision(finding: Mapping[str, Any]) -> dict[str, Any] | None:
    """The reviewer's decision on the finding, if any (clausecheck/review)."""
    d = finding.get("decision")
    return d if isinstance(d, dict) else None


def decision_text(finding: Mapping[str, Any]) -> str | None:
    """One line beside the tool's call: "confirmed by reviewer", "changed by reviewer to
    present (was weak)", with a warning when a re-scan disagrees; None without a decision."""
    d = decision(finding)
    if d is None:
        return None
    who = f" ({d['reviewer']})" if d.get("reviewer") else ""
    if d.get("disagrees"):
        text = (
            f"reviewer says {d['status']}{who}; re-scan disagrees: the tool now says "
            f"{d.get('tool_now')} (was {d.get('tool_status')} when reviewed)"
        )
    elif d.get("changed"):
        text = f"changed by reviewer to {d['status']}{who}"
    else:
        text = f"confirmed by reviewer{who}"
    return text


def profile_summary(data: Mapping[str, Any], *, ids: bool = False) -> list[str]:
    """The profile verdict as lines every format can print: the verdict with the count of
    requirements met and the unmet ones, and a warning when the profile is written for another
    relationship than the contract's."""
    p = data.get("profile")
    if not p:
        return []
    reqs = p.get("requirements") or []
    met = sum(1 for r in reqs if r.get("met"))
    verdict = "met" if p.get("passed") else "not met"
    unmet = [
        f"{provision_name(r, ids=ids)} ({r.get('status')}, needs {r.get('minimum')})"
        for r in reqs
        if not r.get("met")
    ]
    title = p.get("title") or p.get("id")
    line = f"profile {p.get('id')} ({title}): {verdict}, {met} of {len(reqs)} requirements met"
    if unmet:
        line += "; unmet: " + "; ".join(unmet)
    lines = [line]
    warn = profile_relationship_warning(data)
    if warn:
        lines.append(warn)
    return lines


def profile_relationship_warning(data: Mapping[str, Any]) -> str | None:
    """A profile written for one relationship applied to a contract with another."""
    p = data.get("profile") or {}
    theirs = p.get("relationship")
    ours = (data.get("document") or {}).get("relationship")
    if theirs and ours and theirs != ours:
        return (
            f"warning: profile {p.get('id')} is written for a {theirs} relationship, but the "
            f"counterparty of this contract is a {ours} (--relationship to override)"
        )
    return None


def _titles() -> dict[str, str]:
    from clausecheck.report.finding_notes import _titles as titles

    return titles()


def readable(text: Any, titles: Mapping[str, str] | None = None) -> str:
    """``text`` (a reason, a note, a marker message) with provision ids written as their names,
    for the formats people read; the JSON keeps the ids."""
    names = dict(titles) if titles is not None else _titles()
    # snake_case ids only: a one-word id ("remediation") is also an ordinary word of the prose
    names = {k: v for k, v in names.items() if "_" in k}
    if not names:
        return str(text or "")
    pattern = _id_pattern(tuple(sorted(names, key=len, reverse=True)))
    return pattern.sub(lambda m: names[m.group(0)], str(text or ""))


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _id_pattern(ids: tuple[str, ...]) -> re.Pattern[str]:
    if ids not in _PATTERNS:
        # whole ids only: "audit_rights" but not inside "audit_rights_supplier_extend"
        _PATTERNS[ids] = re.compile(r"(?<![\w])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w])")
    return _PATTERNS[ids]
