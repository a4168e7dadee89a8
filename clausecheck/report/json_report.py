"""The JSON report: the documented, versioned contract of the tool (schema in schema.json)."""

from __future__ import annotations

import json
from typing import Any

from clausecheck.types import Finding, Report

SCHEMA_VERSION = "1"


def finding_dict(f: Finding) -> dict[str, Any]:
    return {
        "provision": f.provision,
        "status": f.status.value,
        "confidence": round(f.confidence, 3),
        "uncertain": f.uncertain,
        "evidence": [
            {"text": e.text, "start": e.start, "end": e.end, "page": e.page, "section": e.section,
             "heading": e.heading, "ocr": e.ocr}
            for e in f.evidence
        ],
        "reasons": list(f.reasons),
        "obligor": f.obligor,
        "holder": f.holder,
        "rule": f.rule,
        "cues": list(f.cues),
        "notes": list(f.notes),
        "candidates": list(f.candidates),
    }


def to_dict(report: Report) -> dict[str, Any]:
    doc = report.document
    st = report.structure
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "clausecheck", "version": report.tool_version, "model": report.model_version},
        "document": {
            "path": doc.path,
            "sha256": doc.sha256,
            "format": doc.format,
            "pages": doc.page_count,
            "characters": len(doc.text),
            "ocr": doc.ocr,
            "title": st.title,
            "contract_type": st.contract_type,
            "relationship": st.relationship,
            "company": st.company,
            "effective_date": st.effective_date,
            "parties": [{"name": p.name, "defined_as": p.defined_as, "role": p.role} for p in st.parties],
            "reasons": list(st.reasons),
        },
        "findings": [finding_dict(f) for f in report.findings],
        "errors": list(report.errors),
    }


def render(report: Report, *, indent: int | None = 2) -> str:
    return json.dumps(to_dict(report), indent=indent, ensure_ascii=False)
