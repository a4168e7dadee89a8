"""``clausecheck batch`` end to end: a portfolio with bad files, resume, URLs, timeouts, Dask.

Timeout test: the document that exceeds the limit is a genuine 4 MB contract text (about 9 s of
analysis on the 2-core reference machine) run with ``--timeout 1``: no test hook, and a
9x margin either way, so the outcome does not depend on the machine's load.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import fsspec
import pytest

from clausecheck.errors import EXIT_BATCH_ERRORS
from tests.batch.conftest import HOSTILE_NAME, run_batch
from tests.batch.helpers import count, snapshot, write_variant
from tests.conftest import N_PROVISIONS, REPO, SAMPLES


def test_full_run_stores_every_document_and_records_the_corrupt_one(full_run, portfolio):
    result, db = full_run["result"], full_run["db"]
    assert result.exit_code == EXIT_BATCH_ERRORS, result.output
    assert "9 of 9 documents: 8 analysed, 0 skipped as unchanged, 1 errors" in result.stdout
    assert "errors by code: E103 x1" in result.stdout
    con = sqlite3.connect(str(db))
    paths = [r[0] for r in con.execute("SELECT path FROM documents ORDER BY path")]
    assert len(paths) == 8 and all(os.path.isabs(p) for p in paths)
    assert str(portfolio["folder"] / "region" / HOSTILE_NAME) in paths
    per_doc = set(con.execute("SELECT COUNT(*) FROM findings GROUP BY document_id"))
    assert per_doc == {(N_PROVISIONS,)}
    ((path, sha, code, exit_code, message),) = con.execute(
        "SELECT path, sha256, code, exit_code, message FROM errors"
    )
    assert (path, code, exit_code) == (str(portfolio["folder"] / "corrupt.pdf"), "E103", 3)
    assert len(sha) == 64 and "cannot be parsed" in message
    started, finished, model = con.execute(
        "SELECT started, finished, model_version FROM runs"
    ).fetchone()
    assert finished > started and model
    formats = {r[0] for r in con.execute("SELECT format FROM documents")}
    assert formats == {"pdf", "docx", "html", "markdown", "text"}
    # progress went to stderr, one line a document, with the hostile name escaped
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("[")]
    assert len(lines) == 9 and "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr


def test_rerun_skips_unchanged_reanalyses_modified_and_rescan_forces_all(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    for n in range(2):
        write_variant(folder / f"v{n}.txt", n)
    write_variant(folder / os.fsdecode(b"latin1_caf\xe9.txt"), 2)  # a name that is not UTF-8
    db = str(tmp_path / "p.db")
    first = run_batch(str(folder), "--db", db, "--workers", "2")
    assert first.exit_code == 0 and "3 analysed, 0 skipped" in first.stdout, first.output
    before = snapshot(Path(db))

    again = run_batch(str(folder), "--db", db, "--workers", "2")
    assert again.exit_code == 0 and "0 analysed, 3 skipped as unchanged" in again.stdout
    assert snapshot(Path(db)) == before

    write_variant(folder / "v1.txt", 1, days=45)
    changed = run_batch(str(folder), "--db", db, "--workers", "2", "-q")
    assert changed.exit_code == 0 and "1 analysed, 2 skipped as unchanged" in changed.stdout
    after = snapshot(Path(db))
    assert after["documents"] != before["documents"] and count(Path(db), "documents") == 3
    assert (
        count(Path(db), "findings") == 3 * N_PROVISIONS
    )  # the old rows of v1 were replaced, not added to
    reports = {r["document"]["path"]: r for r in _reports(db)}
    assert "45 days" in json.dumps(reports[str(folder / "v1.txt")])

    forced = run_batch(str(folder), "--db", db, "--workers", "2", "--rescan", "-q")
    assert forced.exit_code == 0 and "3 analysed, 0 skipped" in forced.stdout
    assert snapshot(Path(db)) == after


def _reports(db: str) -> list[dict]:
    from clausecheck.batch.store import Store

    with Store(db, create=False) as store:
        return list(store.reports())


def test_fsspec_memory_urls_are_read_without_files_and_missing_ones_are_errors(tmp_path):
    fs = fsspec.filesystem("memory")
    base = f"/batch-cli-{uuid.uuid4().hex}"
    fs.pipe(f"{base}/docs/harbor.txt", (SAMPLES / "supplier_weak_harbor.txt").read_bytes())
    fs.pipe(
        f"{base}/docs/sub/kestrel.docx", (SAMPLES / "jv_reserved_matters_kestrel.docx").read_bytes()
    )
    listing = tmp_path / "paths.txt"
    listing.write_text(f"# documents elsewhere\nmemory://{base}/gone.pdf\n", encoding="utf-8")
    db = tmp_path / "m.db"
    result = run_batch(
        f"memory://{base}/docs", "--list", str(listing), "--db", str(db), "--workers", "2"
    )
    assert result.exit_code == EXIT_BATCH_ERRORS, result.output
    assert sorted(r["document"]["path"] for r in _reports(str(db))) == [
        f"memory://{base}/docs/harbor.txt",
        f"memory://{base}/docs/sub/kestrel.docx",
    ]
    (error,) = sqlite3.connect(str(db)).execute("SELECT path, code FROM errors").fetchall()
    assert error == (f"memory://{base}/gone.pdf", "E101")
    assert not list(tmp_path.glob("*.txt"))[1:]  # nothing was copied to disk


def test_a_document_over_the_time_limit_is_recorded_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "huge.txt").write_text(
        (SAMPLES / "supplier_weak_harbor.txt").read_text(encoding="utf-8") * 200, encoding="utf-8"
    )
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7 garbage")
    db = tmp_path / "t.db"
    result = run_batch(str(folder), "--db", str(db), "--workers", "2", "--timeout", "1")
    assert result.exit_code == EXIT_BATCH_ERRORS, result.output
    codes = dict(sqlite3.connect(str(db)).execute("SELECT path, code FROM errors").fetchall())
    assert codes == {str(folder / "huge.txt"): "E210", str(folder / "corrupt.pdf"): "E103"}
    assert "errors by code: E103 x1, E210 x1" in result.stdout


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry))
    out, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            out.add(child)
            todo.append(child)
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_sigkill_mid_run_then_resume_gives_the_uninterrupted_store(full_run, portfolio, tmp_path):
    db = tmp_path / "killed.db"
    cmd = [sys.executable, "-m", "clausecheck", "batch", *portfolio["args"], "--db", str(db)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while count(db, "documents") + count(db, "errors") < 1:
        assert proc.poll() is None and time.monotonic() < deadline, (
            "the batch ended before it could be killed"
        )
        workers |= _descendants(proc.pid)
        time.sleep(0.02)
    workers |= _descendants(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    committed = count(db, "documents")
    assert count(db, "documents") + count(db, "errors") < portfolio["count"], (
        "killed too late to test a resume"
    )
    # the worker processes notice and exit by themselves
    end = time.monotonic() + 20
    while any(_alive(p) for p in workers) and time.monotonic() < end:
        time.sleep(0.2)
    assert workers and not any(_alive(p) for p in workers)

    resumed = run_batch(*portfolio["args"], "--db", str(db))
    assert resumed.exit_code == EXIT_BATCH_ERRORS, resumed.output
    assert f"{committed} skipped as unchanged" in resumed.stdout
    assert snapshot(db) == snapshot(full_run["db"])


def test_dask_local_cluster_stores_what_the_local_run_stores(full_run, portfolio, tmp_path):
    names = [
        portfolio["folder"] / "variant_1.txt",
        portfolio["folder"] / "corrupt.pdf",
        portfolio["samples"] / "supplier_weak_harbor.pdf",
        portfolio["samples"] / "jv_reserved_matters_kestrel.docx",
    ]
    db = tmp_path / "dask.db"
    result = run_batch(*map(str, names), "--db", str(db), "--dask-local", "2", "-q")
    assert result.exit_code == EXIT_BATCH_ERRORS, result.output
    assert "3 analysed" in result.stdout
    wanted = {str(p) for p in names}
    local = {
        table: [
            r for r in rows if json.loads(r).get("document_id", json.loads(r).get("path")) in wanted
        ]
        for table, rows in snapshot(full_run["db"]).items()
    }
    assert snapshot(db) == local
    assert sum(len(rows) for rows in local.values()) > 100


@pytest.mark.parametrize(
    "args, words",
    [
        ([], "at least one PATH"),
        (["x", "--scheduler", "tcp://127.0.0.1:1", "--dask-local", "2"], "not both"),
        (["/nonexistent/folder/x.pdf"], "no such file"),
    ],
)
def test_usage_errors_exit_2_before_anything_runs(tmp_path, args, words):
    db = tmp_path / "u.db"
    result = run_batch(*args, "--db", str(db))
    assert result.exit_code == 2 and words in result.output
    assert not db.exists()


def test_help_has_examples():
    result = run_batch("--help")
    assert (
        result.exit_code == 0 and "Examples:" in result.output and "--dask-local" in result.output
    )


def test_batch_takes_the_analysis_options_of_scan_and_reanalyses_when_they_change(tmp_path):
    from tests.data.test_registry import WATER

    folder = tmp_path / "c"
    folder.mkdir()
    write_variant(folder / "v0.txt", 0)
    provisions = tmp_path / "provisions"
    provisions.mkdir()
    (provisions / "water_rights.yaml").write_text(WATER, encoding="utf-8")
    db = tmp_path / "p.db"
    args = [str(folder), "--db", str(db), "--workers", "1", "--provisions", str(provisions)]
    first = run_batch(*args, "--relationship", "partner")
    assert first.exit_code == 0, first.output
    con = sqlite3.connect(str(db))
    assert count(db, "findings") == N_PROVISIONS + 1
    (report,) = [json.loads(r[0]) for r in con.execute("SELECT report_json FROM documents")]
    assert report["document"]["relationship"] == "partner"
    assert "options:" in report["tool"]["model"]
    same = run_batch(*args, "--relationship", "partner")
    assert "1 skipped as unchanged" in same.stdout
    other = run_batch(*args, "--relationship", "customer")
    assert "1 analysed" in other.stdout, other.stdout
    con.close()
