"""The whole pipeline through the Python API: one finding per provision, self-explaining."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

import clausecheck
from clausecheck.report import json_report
from tests.conftest import N_PROVISIONS, PROVISION_IDS

SCHEMA = json.loads((Path(clausecheck.__file__).parent / "report" / "schema.json").read_text())

CONTRACT = """SUPPLY AGREEMENT

This Supply Agreement is made on 4 March 2024 between Alpha Retail Ltd ("Buyer") and Beta Textiles Co. ("Supplier").

1. COMPLIANCE

1.1 Code. The Supplier shall comply with the Buyer's Supplier Code of Conduct set out in Schedule 1.

1.2 The Supplier shall not use forced labour, prison labour or child labour in making the Goods.

1.3 The Buyer may audit the Supplier's books and records relating to invoiced amounts once a year.

2. TERM

2.1 This Agreement renews automatically for successive one-year periods unless either party gives 90 days' notice of non-renewal.

2.2 Either party may terminate this Agreement if the other commits a material breach which is not cured within 30 days.

SCHEDULE 1 – SUPPLIER CODE OF CONDUCT

1. Suppliers shall respect the rights of workers.
"""


def test_scan_returns_one_finding_per_provision_in_spec_order(tmp_path):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT)
    report = clausecheck.scan(path)
    assert [f.provision for f in report.findings] == list(PROVISION_IDS)
    status = {f.provision: f.status.value for f in report.findings}
    assert status["code_of_conduct"] == "present"
    assert status["labour_standards"] == "present"
    assert status["audit_rights"] == "weak"
    assert status["renewal_term"] == "present"
    assert status["termination_for_breach"] == "weak"
    assert status["board_voting_threshold"] == "missing"


def test_evidence_is_the_document_slice_with_section_and_reasons(tmp_path):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT)
    report = clausecheck.scan(path)
    text = report.document.text
    for f in report.findings:
        assert f.reasons, f.provision
        for ev in f.evidence:
            assert text[ev.start : ev.end] == ev.text
    audit = report.finding("audit_rights")
    assert audit.evidence[0].section == "1.3"
    assert "not tied to HR" in audit.reasons[0]


def test_missing_finding_says_what_was_examined(tmp_path):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT)
    f = clausecheck.scan(path).finding("grievance_mechanism")
    assert f.status.value == "missing" and not f.evidence
    assert any("examined" in r or "rejected" in r for r in f.reasons)


def test_json_report_matches_the_shipped_schema(tmp_path):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT)
    data = json_report.to_dict(clausecheck.scan(path))
    jsonschema.validate(data, SCHEMA)
    assert data["schema_version"] == "3" and len(data["findings"]) == N_PROVISIONS


def test_reports_are_deterministic(tmp_path):
    path = tmp_path / "contract.txt"
    path.write_text(CONTRACT)
    a = json_report.render(clausecheck.scan(path))
    b = json_report.render(clausecheck.scan(path))
    assert a == b


def test_recital_content_is_weak_at_most(engine, make_doc):
    doc = make_doc(
        'SUPPLY AGREEMENT\n\nThis Agreement is made between A Ltd ("Buyer") and B Ltd ("Supplier").\n\n'
        "WHEREAS the Supplier shall not use forced labour or child labour;\n\nNOW, THEREFORE, the parties agree as follows:\n\n"
        "1. SUPPLY\n\n1.1 The Supplier shall deliver the Goods."
    )
    f = engine.analyse(doc).finding("labour_standards")
    assert f.status.value == "weak" and any("not operative" in r for r in f.reasons)


def test_soft_wording_downgrades_to_weak(engine, make_doc):
    f = engine.analyse(
        make_doc(
            "1. LABOUR\n\n1.1 The Supplier shall use reasonable efforts to ensure that no child labour is used."
        )
    ).finding("labour_standards")
    assert f.status.value == "weak" and any("efforts" in r for r in f.reasons)


def test_hr_link_through_cross_reference(engine, make_doc):
    doc = make_doc(
        "1. ANTI-CORRUPTION\n\n1.1 The Distributor shall not offer or pay any bribe to any official.\n\n"
        "2. TERMINATION\n\n2.1 The Company may terminate this Agreement if the Distributor breaches Section 1.1."
    )
    f = engine.analyse(doc).finding("termination_for_breach")
    assert f.status.value == "present" and f.evidence[0].section == "2.1"


def test_edge_rule_marks_finding_uncertain(engine, make_doc):
    doc = make_doc(
        "1. MEMBERS\n\n1.1 The Sponsor Member may remove the Managing Member as manager of the Company for cause."
    )
    f = engine.analyse(doc).finding("termination_for_breach")
    assert f.status.value == "weak" and f.uncertain
    assert any("[edge]" in r for r in f.reasons)
