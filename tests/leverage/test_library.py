"""The clause library: validation, coverage, filling, and the detector's self-check."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.data.provisions import load_all
from clausecheck.errors import DataFileError
from clausecheck.leverage.library import coverage_gaps, load_entry, load_library
from tests.conftest import PROVISION_IDS, text_document

LIB = load_library()
TYPE_FOR = {
    "partner": "joint_venture",
    "lender": "loan",
    "government": "host_government",
    "supplier": "supply",
    "customer": "distribution",
}


def test_every_provision_and_p1_pair_is_covered():
    assert {e.provision for e in LIB.values()} == set(PROVISION_IDS)
    assert coverage_gaps(LIB, load_all()[1]) == []


def test_required_schedules_exist():
    for sid in (
        "schedule_supplier_human_rights_standards",
        "schedule_buyer_responsible_purchasing",
    ):
        assert LIB[sid].kind == "schedule"


@pytest.mark.parametrize("entry_id", sorted(k for k, e in LIB.items() if e.kind == "clause"))
def test_entry_text_grades_as_its_self_check(engine, entry_id):
    entry = LIB[entry_id]
    text, _ = entry.fill()
    report = engine.analyse(
        text_document(text.replace("\n", "\n\n")),
        contract_type=TYPE_FOR[entry.relationship_types[0]],
    )
    assert report.finding(entry.provision).status.value == entry.self_check_status


def test_fill_uses_the_contracts_party_names():
    text, _ = LIB["audit_rights_supplier_baseline"].fill(
        {"company": "Purchaser", "counterparty": "Vendor"}
    )
    assert "Purchaser and its appointed auditors" in text and "{" not in text


def test_placeholders_cannot_reach_attributes(tmp_path):
    src = LIB["audit_rights_supplier_baseline"].source
    bad = tmp_path / "evil_entry.yaml"
    raw = (
        Path(src)
        .read_text(encoding="utf-8")
        .replace("id: audit_rights_supplier_baseline", "id: evil_entry")
    )
    bad.write_text(
        raw.replace("{company} and its", "{company.__class__} and its"), encoding="utf-8"
    )
    with pytest.raises(DataFileError, match="placeholders without a declared default"):
        load_entry(bad)


def test_user_library_takes_precedence_and_errors_name_the_field(tmp_path):
    src = Path(LIB["audit_rights_supplier_baseline"].source).read_text(encoding="utf-8")
    (tmp_path / "audit_rights_supplier_baseline.yaml").write_text(
        src.replace("title: Human rights audit and inspection right", "title: Our own audit clause")
    )
    assert load_library(tmp_path)["audit_rights_supplier_baseline"].title == "Our own audit clause"
    (tmp_path / "broken.yaml").write_text(
        src.replace("id: audit_rights_supplier_baseline", "id: broken").replace(
            "tier: baseline", "tier: gold"
        )
    )
    with pytest.raises(DataFileError, match="broken.yaml.*'tier'"):
        load_library(tmp_path)


def test_library_cli():
    runner = CliRunner()
    assert runner.invoke(main, ["library", "validate"]).exit_code == 0
    listed = runner.invoke(main, ["library", "list", "--provision", "audit_rights"])
    assert "audit_rights_supplier_baseline" in listed.output
    shown = runner.invoke(
        main, ["library", "show", "audit_rights_supplier_baseline", "--company", "Purchaser"]
    )
    assert shown.exit_code == 0 and "Purchaser and its appointed auditors" in shown.output
    missing = runner.invoke(main, ["library", "show", "nope"])
    assert missing.exit_code == 8 and "no library entry" in missing.output
