"""A batch goes on past one bad input: a malformed URL in --list is one error row; too few
file descriptors is a coded environment error, not a bug (exit 6, not 70)."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys

from clausecheck.errors import EXIT_BATCH_ERRORS
from tests.batch.conftest import run_batch
from tests.batch.helpers import write_variant
from tests.hostile import cli_env


def test_a_bad_url_in_the_list_is_one_error_row(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    good = [write_variant(folder / f"v{n}.txt", n) for n in (1, 2)]
    listing = tmp_path / "paths.txt"
    listing.write_text(f"{good[0]}\nhttp://[::1\n{good[1]}\n", encoding="utf-8")
    db = tmp_path / "s.db"
    result = run_batch("--list", str(listing), "--db", str(db), "--workers", "1")
    assert result.exit_code == EXIT_BATCH_ERRORS, result.output
    con = sqlite3.connect(str(db))
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    errors = con.execute("SELECT path, code FROM errors").fetchall()
    assert len(errors) == 1 and errors[0][0].startswith("http://[::1")


def test_too_few_file_descriptors_is_a_coded_error(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    write_variant(folder / "v1.txt", 1)

    def few_files() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (12, 12))

    env = cli_env()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "clausecheck",
            "batch",
            str(folder),
            "--db",
            str(tmp_path / "f.db"),
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=few_files,
        env=env,
    )
    assert proc.returncode != 70, proc.stderr
    if proc.returncode not in (0, EXIT_BATCH_ERRORS):  # failed as a whole: one coded line
        assert proc.returncode == 6, proc.stderr
        lines = [ln for ln in proc.stderr.splitlines() if ln.startswith("clausecheck: error")]
        assert len(lines) == 1 and "E213" in lines[0], proc.stderr
