"""Inputs for the writer tests: a hand-built report dict, hostile scans and the sample contracts.

The hand-built dict follows schema.json and carries every leverage-map key (priority, suggestions,
traction, timeline, profile), with text that tries spreadsheet formulas, Markdown tables, raw HTML
and rich markup. Real scans of the sample contracts check the writers against actual output.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from tests.conftest import SAMPLES

# every sample contract the engine reads without OCR
SAMPLE_FILES = sorted(
    p
    for p in SAMPLES.glob("*.*")
    if p.suffix in {".txt", ".md", ".html", ".docx", ".pdf"} and "scanned" not in p.name
)

PROVISIONS = (
    "code_of_conduct",
    "audit_rights",
    "termination_for_breach",
    "grievance_mechanism",
    "reporting_covenant",
    "board_voting_threshold",
    "labour_standards",
    "flow_down",
    "anti_bribery",
    "renewal_term",
    "termination_for_convenience",
    "remediation",
    "capacity_building",
    "conflict_minerals",
    "external_standards",
    "due_diligence",
    "impact_assessment",
    "action_plan",
    "disbursement_conditions",
    "incident_notification",
    "suspension_right",
    "responsible_exit",
    "responsible_purchasing",
    "end_use_restriction",
    "stakeholder_engagement",
    "hr_management_lead",
    "security_and_human_rights",
)

# provision -> evidence text a spreadsheet would run as a formula
FORMULAS = {
    "audit_rights": '=HYPERLINK("http://evil.example/x","click me")',
    "termination_for_breach": "+cmd|' /C calc'!A0",
    "grievance_mechanism": "-1+2",
    "reporting_covenant": "@SUM(A1:A9)",
    "flow_down": "   =1+1 after spaces",
    "remediation": "\tTAB-led clause",
}
HOSTILE_HEADING = "Audit | Access <script>alert(1)</script>"
HOSTILE_TEXT = (
    "Buyer may inspect `records` | wages <img src=x onerror=alert(1)> "
    "[bold]markup[/bold] [link](http://x)"
)
SHA = "0" * 63 + "f"


def _suggestion(provision: str, action: str) -> dict[str, Any]:
    return {
        "entry": f"{provision}_supplier_{'extend' if action == 'extend' else 'baseline'}",
        "title": f"{provision.replace('_', ' ').title()} (model clause)",
        "tier": "extend" if action == "extend" else "baseline",
        "action": action,
        "heading": f"Heading for {provision}",
        "text": f"The Supplier shall do the thing for {provision}.\n```\nfence breaker\n```\n",
        "definitions": [
            {"term": "Human Rights Law", "text": "means the laws listed in Schedule 9."}
        ],
        "rationale": "signal_importance: a drafted duty signals that the issue matters.",
        "shift_key": "signal_importance",
        "fixes": ["generic_scope"],
        "frameworks": ["UNGP 19"],
        "moments": ["monitoring_audit"],
        "insertion": {
            "mode": "after",
            "anchor": {
                "section": "8.3",
                "heading": "Audit of Records",
                "start": 10,
                "end": 20,
                "page": 2,
            },
            "offset": 20,
            "section_number": "8.4",
            "reason": "next to the audit clause",
        },
    }


def _finding(i: int, provision: str) -> dict[str, Any]:
    status = ("present", "weak", "missing")[i % 3] if provision not in FORMULAS else "weak"
    if provision == "audit_rights":
        status = "weak"
    has_evidence = status != "missing"
    text = FORMULAS.get(
        provision,
        HOSTILE_TEXT if provision == "hr_management_lead" else f"Clause text {i}  \n spread",
    )
    priority = None if status == "present" else ("P1", "P2", "P3", "P4", None)[i % 5]
    action = {"present": None, "weak": "extend", "missing": "add"}[status]
    return {
        "provision": provision,
        "status": status,
        "confidence": round(0.5 + i / 100, 3),
        "uncertain": i % 4 == 0,
        "evidence": [
            {
                "text": text,
                "start": 100 * i,
                "end": 100 * i + 50,
                "page": 2,
                "section": f"{i}.1",
                "heading": HOSTILE_HEADING if provision == "audit_rights" else f"Heading {i}",
                "ocr": False,
            }
        ]
        if has_evidence
        else [],
        "reasons": [f"{status}: reason for {provision} | quoting <b>{text[:20]}</b>"],
        "obligor": "Supplier",
        "holder": "Buyer",
        "rule": f"{provision}.rule_{status}" if has_evidence else None,
        "cues": [],
        "notes": [],
        "candidates": []
        if has_evidence
        else [f"2.{i} 'some clause <i>x</i>': cue without context"],
        "moments": {
            "creates": ["monitoring_audit", "periodic_reporting"] if i % 2 else [],
            "uses": [],
        },
        "leverage": {"category": "A", "purpose": "oblige"},
        "priority": priority,
        "priority_reason": f"supplier base {priority}" if priority else None,
        "action": action,
        "suggestions": [_suggestion(provision, action)] if action else [],
    }


def _moment(name: str, created: bool, hook: str) -> dict[str, Any]:
    return {
        "moment": name,
        "label": name.replace("_", " ").capitalize(),
        "shift": True,
        "created": created,
        "hr_hook": hook,
        "instances": [
            {
                "section": "8.3",
                "heading": "Audit",
                "start": 1,
                "end": 2,
                "provisions": [{"id": "audit_rights", "status": "weak"}],
                "lever": "inspect",
                "hr_hook": hook,
                "markers": ["UM"],
            }
        ]
        if created
        else [],
    }


def report_dict() -> dict[str, Any]:
    """A fresh schema-valid report dict (callers may mutate it)."""
    data = {
        "schema_version": "3",
        "tool": {"name": "clausecheck", "version": "0.0-test", "model": None},
        "document": {
            "path": "contracts/hostile <script>|.txt",
            "sha256": SHA,
            "format": "text",
            "pages": 3,
            "characters": 5000,
            "ocr": False,
            "title": "SUPPLY | AGREEMENT <script>alert(1)</script>",
            "contract_type": "supply",
            "relationship": "supplier",
            "company": "Buyer",
            "effective_date": "2024-01-01",
            "parties": [
                {"name": "Acme [red]Corp[/red]", "defined_as": "Buyer", "role": "company"},
                {"name": "Widget `Ltd`", "defined_as": "Supplier", "role": "counterparty"},
            ],
            "reasons": [],
        },
        "findings": [_finding(i, p) for i, p in enumerate(PROVISIONS)],
        "errors": ["a warning with <b>html</b>"],
        "context": {"high_risk": False, "profile": "supplier_basic"},
        "traction": {
            "moments": [
                _moment("monitoring_audit", True, "possible"),
                _moment("exit", True, "explicit"),
                _moment("disbursement", False, "absent"),
            ],
            "markers": [
                {
                    "type": "unused_moment",
                    "code": "UM",
                    "severity": "P3",
                    "message": "books-only audit",
                    "moment": "monitoring_audit",
                    "provision": "audit_rights",
                    "section": "8.3",
                    "suggest": "audit_rights_supplier_extend",
                },
                {
                    "type": "broken_consequence_ladder",
                    "code": "BL2",
                    "severity": "P1",
                    "message": "termination without responsible exit | <b>x</b>",
                    "moment": "exit",
                    "provision": "responsible_exit",
                    "section": None,
                    "suggest": None,
                },
                {
                    "type": "orphan_obligation",
                    "code": "OO",
                    "severity": None,
                    "message": "orphan",
                    "moment": None,
                    "provision": "flow_down",
                    "section": "2.3",
                    "suggest": None,
                },
                {
                    "type": "broken_consequence_ladder",
                    "code": "BL1",
                    "severity": "P2",
                    "message": "no remediation before termination",
                    "moment": "exit",
                    "provision": "termination_for_breach",
                    "section": "9.4",
                    "suggest": None,
                },
            ],
            "timeline": [
                {
                    "moment": "monitoring_audit",
                    "phase": "performance",
                    "when": {
                        "kind": "recurrence",
                        "text": "once per contract year",
                        "date": None,
                        "start": None,
                        "end": None,
                        "every": {"n": 1, "unit": "year"},
                        "offset_days": None,
                    },
                    "label": "Audit of records <u>|</u>",
                    "section": "8.3",
                    "heading": "Audit of Records",
                    "provisions": ["audit_rights"],
                    "lever": "inspect",
                    "hr_hook": "possible",
                    "holder": "Buyer",
                    "obligor": "Supplier",
                    "markers": ["UM"],
                    "source": {"start": 1, "end": 2, "text": "x"},
                },
            ],
            "dates": {
                "effective_date": "2024-01-01",
                "automatic_renewal": True,
                "reporting": [],
                "cure_periods": [],
                "disbursement": [],
            },
            "leverage_density": 0.5,
        },
        "profile": {
            "id": "supplier_basic",
            "title": "Supplier basics",
            "relationship": "supplier",
            "fail_on": "missing",
            "passed": False,
            "requirements": [
                {
                    "provision": "audit_rights",
                    "minimum": "present",
                    "status": "weak",
                    "met": False,
                    "basis": "policy",
                },
                {
                    "provision": "renewal_term",
                    "minimum": "weak",
                    "status": "present",
                    "met": True,
                    "basis": None,
                },
            ],
        },
    }
    return copy.deepcopy(data)


def old_report_dict() -> dict[str, Any]:
    """The same report as an older version stored it: no leverage-map keys at all."""
    data = report_dict()
    for key in ("context", "traction", "profile"):
        data.pop(key)
    for f in data["findings"]:
        for key in ("moments", "leverage", "priority", "priority_reason", "action", "suggestions"):
            f.pop(key)
    return data


def scan_text(engine, directory: Path, name: str, text: str):
    """Write ``text`` as a contract file and scan it."""
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return engine.scan(path)
