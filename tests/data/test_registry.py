"""The registry: a user's provision directory extends the vocabulary everywhere."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.data import registry
from tests.conftest import N_PROVISIONS

WATER = """\
id: water_rights
title: Community water rights
definition: A binding duty to protect the water access of communities near the operations.
applies: [supplier, partner]
shift: {category: A, purpose: oblige}
moments: {creates: [contract_negotiation], uses: [monitoring_audit]}
nexus: [HR]
priority: {supplier: P2, partner: P1, customer: "-", lender: P2, government: P2}
cues:
  water: [water access, community water, water source]
  duty: {regex: ['\\\\bshall\\\\b']}
rules:
  - id: water_duty
    status: present
    sentence: [water, duty]
    modality: [binding, right, rep]
    reason: binding duty to protect community water access
"""

PROFILE = """\
id: water-policy
title: Our water policy
relationship: supplier
requires:
  water_rights: present
  anti_bribery: present
"""

ENTRY = """\
id: water_rights_supplier_baseline
kind: clause
provision: water_rights
relationship_types: [supplier]
tier: baseline
use_when: {status: [missing, weak], fixes: []}
title: Community water access
variables:
  counterparty: {default: Supplier, description: the counterparty's defined name}
text: |
  {counterparty} shall protect the water access of the communities living near each site and shall not reduce any community water source.
drafting_notes: []
rationale: {key: signal_importance, text: Water access is a human right the supply chain can harm.}
shift: {category: A, purpose: oblige}
moments: {creates: [contract_negotiation], uses: [monitoring_audit]}
ladder: {depends_on: [], precedes: []}
frameworks: []
anti_patterns_avoided: []
self_check: {status: present, signals: []}
provenance: original drafting
licence: CC-BY-4.0
version: 1
last_reviewed: "2026-12-07"
"""

CONTRACT = """\
SUPPLY AGREEMENT

This Supply Agreement is made between Alder Foods Ltd ("Buyer") and Birch Farms Inc ("Supplier").

1. ANTI-CORRUPTION

1.1 The Supplier shall not offer, promise or pay any bribe, kickback or other improper payment to any person.

2. TERM

2.1 This Agreement begins on the date of signature and continues for three years.
"""


def _user_data(tmp_path):
    provisions = tmp_path / "provisions"
    library = tmp_path / "library"
    provisions.mkdir()
    library.mkdir()
    (provisions / "water_rights.yaml").write_text(WATER, encoding="utf-8")
    (library / "water_rights_supplier_baseline.yaml").write_text(ENTRY, encoding="utf-8")
    profile = tmp_path / "water-policy.yaml"
    profile.write_text(PROFILE, encoding="utf-8")
    contract = tmp_path / "supply.txt"
    contract.write_text(CONTRACT, encoding="utf-8")
    return provisions, library, profile, contract


def test_a_users_provision_extends_the_registry(tmp_path):
    provisions, *_ = _user_data(tmp_path)
    reg = registry.load(provisions)
    assert len(reg) == N_PROVISIONS + 1
    assert reg.ids[-1] == "water_rights" and "water_rights" in reg
    assert "water_rights" not in registry.builtin()


def test_a_28th_provision_with_its_profile_and_library_entry_in_one_scan(tmp_path):
    provisions, library, profile, contract = _user_data(tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(
        main,
        [
            "scan", str(contract), "--provisions", str(provisions), "--library", str(library),
            "--profile", str(profile), "--format", "json", "-o", str(out),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    findings = {f["provision"]: f for f in report["findings"]}
    assert len(findings) == N_PROVISIONS + 1
    water = findings["water_rights"]
    assert water["status"] == "missing"
    assert [s["entry"] for s in water["suggestions"]] == ["water_rights_supplier_baseline"]
    assert "Supplier shall protect the water access" in water["suggestions"][0]["text"]
    required = {r["provision"]: r for r in report["profile"]["requirements"]}
    assert required["water_rights"]["met"] is False and required["anti_bribery"]["met"] is True


def test_the_same_profile_without_the_users_provisions_is_refused(tmp_path):
    _, _, profile, contract = _user_data(tmp_path)
    result = CliRunner().invoke(main, ["scan", str(contract), "--profile", str(profile)])
    assert result.exit_code == 8
    assert "water_rights" in result.output
