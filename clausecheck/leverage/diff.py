"""Compare two drafts of a contract, provision by provision.

A negotiation is a moment of traction: the provisions a new draft removes or weakens are what
the company gives up, so they head the result. Changes per provision:

- ``added``: missing -> weak or present
- ``removed``: weak or present -> missing
- ``weakened``: present -> weak
- ``strengthened``: weak -> present
- ``unchanged``: same status (``wording_changed`` says whether the evidence text differs)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clausecheck.report.cards import priority_of, priority_rank, provision_title, spec_rank

CHANGES = ("removed", "weakened", "added", "strengthened", "unchanged")
HEADLINE = ("removed", "weakened")
EXCERPT_CHARS = 300


_RANK = {"missing": 0, "none": 0, "weak": 1, "present": 2}


def clause_verdicts(finding: Mapping[str, Any] | None) -> dict[str, str]:
    """Section -> the judge's verdict on that clause alone (present / weak), from the finding's
    decision record; empty for reports decided by the rules alone."""
    if not finding:
        return {}
    record = (finding.get("explanation") or {}).get("judge") or {}
    return {
        str(c["section"]): str(c.get("status"))
        for c in record.get("clauses") or ()
        if isinstance(c, Mapping) and c.get("section")
    }


def weakened_clauses(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> list[str]:
    """Clauses whose own verdict fell between the drafts ("7.2: present -> weak"), even when
    another clause keeps the provision's status."""
    before, after = clause_verdicts(old), clause_verdicts(new)
    out = []
    for section, status in before.items():
        now = after.get(section, "none")
        if _RANK.get(now, 0) < _RANK.get(status, 0):
            out.append(f"{section}: {status} -> {now}")
    return out


def change(old: str, new: str) -> str:
    """The change from status ``old`` to status ``new``."""
    if old == new:
        return "unchanged"
    if new == "missing":
        return "removed"
    if old == "missing":
        return "added"
    return "weakened" if new == "weak" else "strengthened"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"


def _side(finding: Mapping[str, Any] | None, relationship: str | None) -> dict[str, Any]:
    if finding is None:  # a provision one report does not know (custom provisions)
        return {
            "status": "missing",
            "priority": None,
            "section": None,
            "heading": None,
            "page": None,
            "excerpt": None,
        }
    ev = (finding.get("evidence") or [{}])[0]
    return {
        "status": finding.get("status", "missing"),
        "priority": priority_of(finding, relationship),
        "section": ev.get("section"),
        "heading": ev.get("heading"),
        "page": ev.get("page"),
        "excerpt": excerpt(ev["text"]) if ev.get("text") else None,
    }


def _document(report: Mapping[str, Any]) -> dict[str, Any]:
    doc = report.get("document") or {}
    return {
        k: doc.get(k)
        for k in ("path", "sha256", "title", "contract_type", "relationship", "company")
    }


def _findings(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    return {f["provision"]: f for f in report.get("findings") or () if f.get("provision")}


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Per provision: change, and each side's status, priority and evidence.

    ``headline`` lists the removed and weakened provisions, most urgent first (priority in
    the new draft, removals before weakenings)."""
    old_f, new_f = _findings(old), _findings(new)
    rel_old = (old.get("document") or {}).get("relationship")
    rel_new = (new.get("document") or {}).get("relationship")
    rows: list[dict[str, Any]] = []
    for pid in sorted(set(old_f) | set(new_f), key=lambda p: (spec_rank(p), p)):
        a, b = _side(old_f.get(pid), rel_old), _side(new_f.get(pid), rel_new)
        kind = change(a["status"], b["status"])
        if kind == "strengthened" and a["excerpt"] and a["excerpt"] == b["excerpt"]:
            kind = "unchanged"  # the same clause, word for word, has gained nothing
        clauses = (
            weakened_clauses(old_f.get(pid), new_f.get(pid)) if a["status"] != "missing" else []
        )
        if kind == "unchanged" and clauses:
            kind = "weakened"  # a clause lost force though another keeps the provision's status
        rows.append(
            {
                "provision": pid,
                "title": provision_title(pid),
                "change": kind,
                "old": a,
                "new": b,
                "weakened_clauses": clauses,
                "wording_changed": kind == "unchanged" and a["excerpt"] != b["excerpt"],
            }
        )
    headline = sorted(
        (r for r in rows if r["change"] in HEADLINE),
        key=lambda r: (
            priority_rank(r["new"]["priority"] or r["old"]["priority"]),
            HEADLINE.index(r["change"]),
            spec_rank(r["provision"]),
        ),
    )
    return {
        "old": _document(old),
        "new": _document(new),
        "summary": {k: sum(1 for r in rows if r["change"] == k) for k in CHANGES},
        "headline": [r["provision"] for r in headline],
        "changes": rows,
    }


def _where(side: Mapping[str, Any]) -> str:
    if not side["excerpt"]:
        return "no clause found"
    head = " ".join(
        x
        for x in (f"\u00a7 {side['section']}" if side["section"] else "", side["heading"] or "")
        if x
    )
    return f'{head + ": " if head else ""}"{side["excerpt"]}"'


def _entry(r: Mapping[str, Any]) -> list[str]:
    prio = r["new"]["priority"] or r["old"]["priority"] or "-"
    lines = [
        f"  {r['change'].upper():12s} {prio:3s} {r['title']} "
        f"({r['old']['status']} -> {r['new']['status']})",
        f"      old: {_where(r['old'])}",
        f"      new: {_where(r['new'])}",
    ]
    if r.get("weakened_clauses"):
        lines.append("      clauses weakened: " + "; ".join(r["weakened_clauses"]))
    return lines


def render(result: Mapping[str, Any]) -> str:
    """Plain text: the removed and weakened provisions first, then the gains."""
    by_id = {r["provision"]: r for r in result["changes"]}
    s = result["summary"]
    lines = [
        f"{result['old']['path']} -> {result['new']['path']}",
        ", ".join(f"{s[k]} {k}" for k in CHANGES),
        "",
    ]
    if result["headline"]:
        lines.append(
            f"Given up in the new draft ({len(result['headline'])}): "
            "push back while the deal is open"
        )
        for pid in result["headline"]:
            lines += _entry(by_id[pid])
    else:
        lines.append("Nothing removed or weakened in the new draft.")
    gains = [r for r in result["changes"] if r["change"] in ("added", "strengthened")]
    if gains:
        lines += ["", f"Gained in the new draft ({len(gains)})"]
        for r in gains:
            lines += _entry(r)
    reworded = [r["title"] for r in result["changes"] if r["wording_changed"]]
    if reworded:
        lines += ["", f"Same status, different wording: {', '.join(reworded)}"]
    return "\n".join(lines) + "\n"
