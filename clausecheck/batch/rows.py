"""Table rows from one JSON report dict (the documented contract, not the dataclasses).

Fields added to the report over time (priority, action, suggestions, traction) are read with
defaults, so reports from every schema-1 version store the same way.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

Report = dict[str, Any]
Row = tuple[Any, ...]


def document_row(report: Report) -> dict[str, Any]:
    doc = report.get("document") or {}
    tool = report.get("tool") or {}
    return {
        "path": doc.get("path"),
        "sha256": doc.get("sha256"),
        "format": doc.get("format"),
        "pages": doc.get("pages"),
        "contract_type": doc.get("contract_type"),
        "relationship": doc.get("relationship"),
        "company": doc.get("company"),
        "parties_json": json.dumps(doc.get("parties") or [], ensure_ascii=False, sort_keys=True),
        "tool_version": tool.get("version"),
        "model_version": tool.get("model"),
    }


def _findings(report: Report) -> Iterator[dict[str, Any]]:
    yield from report.get("findings") or []


def _traction(report: Report, key: str) -> Iterator[dict[str, Any]]:
    yield from (report.get("traction") or {}).get(key) or []


def findings(report: Report) -> Iterator[Row]:
    for f in _findings(report):
        first = (f.get("evidence") or [{}])[0]
        yield (
            f.get("provision"),
            f.get("status"),
            f.get("confidence"),
            _flag(f.get("uncertain")),
            f.get("priority"),
            f.get("action"),
            first.get("section"),
            first.get("page"),
            f.get("rule"),
        )


def evidence(report: Report) -> Iterator[Row]:
    for f in _findings(report):
        for e in f.get("evidence") or []:
            yield (
                f.get("provision"),
                e.get("text"),
                e.get("start"),
                e.get("end"),
                e.get("page"),
                e.get("section"),
            )


def moments(report: Report) -> Iterator[Row]:
    for m in _traction(report, "moments"):
        yield (m.get("moment"), _flag(m.get("created")), m.get("hr_hook"))


def timeline(report: Report) -> Iterator[Row]:
    for t in _traction(report, "timeline"):
        when = t.get("when") or {}
        yield (
            t.get("moment"),
            t.get("phase"),
            when.get("kind"),
            when.get("date"),
            when.get("text"),
            t.get("section"),
        )


def suggestions(report: Report) -> Iterator[Row]:
    for f in _findings(report):
        for s in f.get("suggestions") or []:
            yield (
                f.get("provision"),
                s.get("entry"),
                s.get("action"),
                (s.get("insertion") or {}).get("section_number"),
            )


def _flag(value: Any) -> int | None:
    return None if value is None else int(bool(value))


# child table of documents -> (its columns after document_id, the rows of one report)
CHILDREN: dict[str, tuple[tuple[str, ...], Callable[[Report], Iterator[Row]]]] = {
    "findings": (
        (
            "provision",
            "status",
            "confidence",
            "uncertain",
            "priority",
            "action",
            "section",
            "page",
            "rule",
        ),
        findings,
    ),
    "evidence": (("provision", "text", '"start"', '"end"', "page", "section"), evidence),
    "moments": (("moment", "created", "hr_hook"), moments),
    "timeline": (("moment", "phase", "kind", "date", "text", "section"), timeline),
    "suggestions": (("provision", "entry", "action", "section_number"), suggestions),
}
