"""One document in a worker: outcomes for success, skip, bad input, timeouts, memory and bugs.

Runs ``worker.process`` in this process with the session's Engine, so no pool is started.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import pytest

from clausecheck import __version__
from clausecheck.batch import worker
from clausecheck.batch.task import Settings, Task
from clausecheck.limits import Limits
from tests.batch.helpers import write_variant
from tests.conftest import SAMPLES


@pytest.fixture
def warm(engine, monkeypatch):
    monkeypatch.setattr(worker, "_engine", engine)
    return engine


def schema():
    from clausecheck.report import json_report

    return json.loads(
        (Path(json_report.__file__).parent / "schema.json").read_text(encoding="utf-8")
    )


def test_ok_outcome_carries_a_valid_report_named_by_the_batch_path(warm):
    path = str(SAMPLES / "supplier_weak_harbor.pdf")
    out = worker.process(Task(0, path), Settings())
    assert out["status"] == "ok" and out["path"] == path
    jsonschema.validate(out["report"], schema())
    assert out["report"]["document"]["path"] == path
    assert (
        out["sha256"]
        == hashlib.sha256((SAMPLES / "supplier_weak_harbor.pdf").read_bytes()).hexdigest()
    )
    assert (
        out["timings"]["total"] >= out["timings"]["ingest"] > 0
        and out["worker"]["peak_rss_mib"] > 10
    )


def test_unchanged_only_when_hash_tool_and_model_all_match(warm, tmp_path):
    path = write_variant(tmp_path / "v.txt", 1)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    same = worker.process(Task(0, str(path), (sha, __version__, warm.model_version)), Settings())
    assert same == {
        "status": "unchanged",
        "path": str(path),
        "sha256": sha,
        "model_version": warm.model_version,
    }
    for known in [
        ("0" * 64, __version__, warm.model_version),
        (sha, "0.0.0", warm.model_version),
        (sha, __version__, "another model"),
    ]:
        assert worker.process(Task(0, str(path), known), Settings())["status"] == "ok"


def test_bytes_sent_with_the_task_are_analysed_without_reading_the_path(warm):
    data = (SAMPLES / "supplier_weak_harbor.txt").read_bytes()
    out = worker.process(Task(0, "memory://nowhere/harbor.txt", data=data), Settings())
    assert (
        out["status"] == "ok" and out["report"]["document"]["path"] == "memory://nowhere/harbor.txt"
    )


@pytest.mark.parametrize(
    "content, name, code, exit_code",
    [
        (b"%PDF-1.7 garbage", "corrupt.pdf", "E103", 3),
        (None, "missing.txt", "E101", 3),
        (b"PK\x03\x04 not a zip", "broken.docx", "E105", 3),
    ],
)
def test_bad_inputs_become_error_records(warm, tmp_path, content, name, code, exit_code):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    out = worker.process(Task(0, str(path)), Settings())
    assert (out["status"], out["code"], out["exit_code"], out["path"]) == (
        "error",
        code,
        exit_code,
        str(path),
    )
    assert out["message"].startswith(f"error {code}: {path}: ")
    assert out["sha256"] == (hashlib.sha256(content).hexdigest() if content else None)


def test_a_page_limit_is_an_error_record(warm):
    out = worker.process(
        Task(0, str(SAMPLES / "project_loan_solaris.pdf")), Settings(limits=Limits(max_pages=5))
    )
    assert (out["status"], out["code"], out["exit_code"]) == ("error", "E200", 6)


def test_timeout_is_recorded_and_drops_the_engine(warm, monkeypatch, tmp_path):
    slow = tmp_path / "slow.txt"
    slow.write_text((SAMPLES / "supplier_weak_harbor.txt").read_text() * 40)
    out = worker.process(Task(0, str(slow)), Settings(limits=Limits(timeout=0.05)))
    assert (out["code"], out["exit_code"]) == ("E210", 9)
    assert worker._engine is None  # an interrupted analysis may leave caches half-updated


def test_memory_error_is_a_limit_error_and_drops_the_engine(warm, monkeypatch):
    def exhausted(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(warm, "analyse", exhausted)
    out = worker.process(
        Task(0, str(SAMPLES / "supplier_weak_harbor.txt")), Settings(max_memory_mb=700)
    )
    assert (out["code"], out["exit_code"]) == ("E209", 6) and "700 MiB memory cap" in out["message"]
    assert worker._engine is None


def test_a_bug_is_an_internal_error_record_not_an_exception(warm, monkeypatch):
    def bug(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(warm, "analyse", bug)
    out = worker.process(Task(0, str(SAMPLES / "supplier_weak_harbor.txt")), Settings())
    assert (out["status"], out["code"], out["exit_code"]) == ("error", "E000", 70)
    assert "KeyError" in out["message"]


def test_an_engine_that_cannot_be_built_is_fatal(monkeypatch):
    from clausecheck import errors

    def broken(settings=None):
        raise errors.DataFileError("models/clause_model.json", "the model is invalid", "retrain it")

    monkeypatch.setattr(worker, "engine", broken)
    out = worker.process(Task(0, "x.txt"), Settings())
    assert out == {
        "status": "fatal",
        "code": "E300",
        "exit_code": 8,
        "cause": "the model is invalid",
        "fix": "retrain it",
    }


def test_read_errors_found_by_the_parent_pass_through(monkeypatch):
    record = {"status": "error", "path": "memory://x/a.txt", "code": "E101"}
    assert worker.process(Task(0, "memory://x/a.txt", read_error=record), Settings()) is record
