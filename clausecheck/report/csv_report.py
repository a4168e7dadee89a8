"""CSV report: one row per (contract, provision), for spreadsheets and portfolio roll-ups.

Contract text is hostile data and spreadsheets execute cells that look like formulas, so every
text cell that starts (after optional whitespace) with ``=``, ``+``, ``-`` or ``@``, or that starts
with a tab or carriage return, gets a leading single quote (OWASP "CSV Injection"). Numbers the
tool computes itself (confidence, page) are written as numbers. Rows end in CRLF, as Excel expects;
``bom=True`` adds a UTF-8 byte-order mark so Excel picks the right encoding.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from clausecheck.report import atomic
from clausecheck.report.digest import (
    as_dict,
    decision,
    decision_text,
    first_evidence,
    moments_created,
    one_line,
    provision_name,
    shown_status,
    top_suggestion,
)
from clausecheck.types import Report

EXTENSION = ".csv"
EVIDENCE_CHARS = 200
COLUMNS = (
    "path",
    "sha256",
    "contract_type",
    "relationship",
    "provision",
    "status",
    "confidence",
    "uncertain",
    "section",
    "heading",
    "page",
    "priority",
    "action",
    "moments",
    "rule",
    "evidence",
    "suggestion",
    "applicable",
    "review",
    "title",
    "reviewer_status",
    "reviewer_decision",
    "reviewer_reason",
    "profile",
    "required",
    "minimum",
    "met",
)
_FORMULA_START = ("=", "+", "-", "@")


def _first_visible(value: str) -> str:
    """The first character a spreadsheet sees, folded (NFKC: full-width '＝' is '='), skipping
    spaces and invisible format characters."""
    for ch in value:
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        return unicodedata.normalize("NFKC", ch)[:1]
    return ""


def neutralise(value: Any) -> Any:
    """A text cell a spreadsheet cannot read as a formula; numbers and None pass through."""
    if not isinstance(value, str):
        return value
    if value[:1] in ("\t", "\r") or _first_visible(value) in _FORMULA_START:
        return "'" + value
    return value


def _profile_cells(profile: dict[str, Any] | None, pid: str) -> dict[str, Any]:
    """The profile verdict for one provision: required, minimum and met, so a spreadsheet can
    filter pass / fail (blank without a profile)."""
    if not profile:
        return {"profile": None, "required": None, "minimum": None, "met": None}
    req = next((r for r in profile.get("requirements") or [] if r.get("provision") == pid), None)
    return {
        "profile": profile.get("id"),
        "required": "true" if req else "false",
        "minimum": req.get("minimum") if req else None,
        "met": ("true" if req.get("met") else "false") if req else None,
    }


def _row(
    doc: dict[str, Any], finding: dict[str, Any], profile: dict[str, Any] | None = None
) -> dict[str, Any]:
    ev = first_evidence(finding) or {}
    suggestion = top_suggestion(finding) or {}
    d = decision(finding) or {}
    return {
        "title": provision_name(finding),
        "reviewer_status": d.get("status"),
        "reviewer_decision": decision_text(finding),
        "reviewer_reason": d.get("reason"),
        **_profile_cells(profile, finding["provision"]),
        "path": doc.get("path"),
        "sha256": doc.get("sha256"),
        "contract_type": doc.get("contract_type"),
        "relationship": doc.get("relationship"),
        "provision": finding["provision"],
        "status": shown_status(finding),
        "confidence": float(finding["confidence"]),
        "uncertain": "true" if finding.get("uncertain") else "false",
        "applicable": "false" if finding.get("applicable") is False else "true",
        "review": "true" if finding.get("review") else "false",
        "section": ev.get("section"),
        "heading": ev.get("heading"),
        "page": ev.get("page"),
        "priority": finding.get("priority"),
        "action": finding.get("action"),
        "moments": ";".join(moments_created(finding)),
        "rule": finding.get("rule"),
        "evidence": one_line(ev.get("text"))[:EVIDENCE_CHARS].rstrip(),
        "suggestion": suggestion.get("entry"),
    }


def rows(report_dict: dict[str, Any], *, safe: bool = True) -> list[dict[str, Any]]:
    """One dict per provision, keyed by ``COLUMNS``; ``safe`` neutralises formula-like cells."""
    doc = report_dict.get("document") or {}
    profile = report_dict.get("profile")
    out = [_row(doc, f, profile) for f in report_dict.get("findings", [])]
    if safe:
        out = [{k: neutralise(v) for k, v in row.items()} for row in out]
    return out


def _write_rows(fh: Any, reports: Iterable[dict[str, Any]]) -> None:
    # QUOTE_NONNUMERIC quotes every text cell (OWASP advice) and leaves our numbers bare.
    writer = csv.DictWriter(
        fh, fieldnames=COLUMNS, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC
    )
    writer.writeheader()
    for data in reports:
        writer.writerows(rows(data))


def render(report: Report | dict[str, Any]) -> str:
    """The CSV text (no byte-order mark)."""
    buf = io.StringIO()
    _write_rows(buf, [as_dict(report)])
    return buf.getvalue()


def write_many(
    reports: Iterable[Report | dict[str, Any]],
    path: Path,
    bom: bool = False,
    *,
    force: bool = False,
) -> None:
    """Several reports in one file under one header (a portfolio)."""
    encoding = "utf-8-sig" if bom else "utf-8"
    with atomic.opened(path, encoding=encoding, newline="", force=force) as fh:
        _write_rows(fh, (as_dict(r) for r in reports))


def write(
    report: Report | dict[str, Any], path: Path, *, bom: bool = False, force: bool = False
) -> None:
    write_many([report], path, bom, force=force)
