"""The Python API: Engine exported, reports as dicts and JSON, statuses print as their values."""

from __future__ import annotations

import json
import subprocess
import sys

import clausecheck
from clausecheck.vocab import Status
from tests.conftest import N_PROVISIONS, SAMPLES


def test_engine_is_exported_lazily():
    code = "import sys, clausecheck; print('clausecheck.engine' in sys.modules, clausecheck.Engine.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "Engine"]
    assert "Engine" in clausecheck.__all__


def test_report_to_dict_and_to_json(engine):
    report = engine.scan(SAMPLES / "supplier_weak_harbor.txt")
    data = report.to_dict()
    assert data["schema_version"] == "3" and len(data["findings"]) == N_PROVISIONS
    assert json.loads(report.to_json()) == json.loads(json.dumps(data))
    assert "\n" not in report.to_json(indent=None)


def test_status_prints_as_its_value():
    assert str(Status.WEAK) == "weak" and f"{Status.PRESENT}" == "present"


def test_a_mistyped_keyword_fails_at_the_call_naming_the_allowed_ones(monkeypatch):
    import pytest

    from clausecheck import engine as engine_mod

    built = []
    monkeypatch.setattr(engine_mod, "engine", lambda *a: built.append(a))  # never reached
    with pytest.raises(TypeError) as exc:
        clausecheck.scan(SAMPLES / "supplier_weak_harbor.txt", relatoinship="supplier")
    message = str(exc.value)
    assert "'relatoinship'" in message and "did you mean 'relationship'?" in message
    for allowed in ("relationship", "company", "profile", "ocr", "review", "password"):
        assert allowed in message
    with pytest.raises(ValueError) as exc:
        clausecheck.scan(SAMPLES / "supplier_weak_harbor.txt", relationship="suplier")
    assert "supplier, partner" in str(exc.value)
    assert built == []  # refused before building anything


def test_engine_scan_checks_keywords_too(engine):
    import pytest

    with pytest.raises(TypeError, match="allowed: "):
        engine.scan(SAMPLES / "supplier_weak_harbor.txt", profle="supplier-baseline")


def test_docstrings_have_examples():
    assert "Example" in clausecheck.scan.__doc__ and "clausecheck.scan(" in clausecheck.scan.__doc__
    assert "Example" in clausecheck.Engine.__doc__
