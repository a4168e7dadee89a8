"""Output writes end in a documented exit code and one line, and leave no partial file: a full
disk, a file-size limit, a path through a file; a device is written in place, never replaced."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck import errors
from clausecheck.cli.main import main
from clausecheck.report import atomic

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests"))

import hostile  # noqa: E402


@pytest.fixture
def contract(tmp_path) -> Path:
    return hostile.visible_contract(tmp_path)


def test_a_full_device_is_exit_11_and_stays_a_device(contract):
    full = Path("/dev/full")
    assert stat.S_ISCHR(full.stat().st_mode)
    result = CliRunner().invoke(main, ["scan", str(contract), "--format", "json", "-o", str(full)])
    assert result.exit_code == errors.EXIT_OUTPUT, result.output
    assert "E403" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert stat.S_ISCHR(full.stat().st_mode)  # not replaced by a regular file


def test_dev_null_is_written_in_place(contract):
    result = CliRunner().invoke(main, ["scan", str(contract), "--format", "json", "-o", os.devnull])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)


def test_a_path_through_a_file_is_exit_11(contract, tmp_path):
    target = contract / "x.json"
    result = CliRunner().invoke(
        main, ["scan", str(contract), "--format", "json", "-o", str(target)]
    )
    assert result.exit_code == errors.EXIT_OUTPUT
    assert "E406" in result.stderr


def _small_files() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))


def test_a_file_size_limit_is_exit_11_and_leaves_nothing(contract, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    env = hostile.cli_env()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "clausecheck",
            "scan",
            str(contract),
            "--format",
            "html",
            "-o",
            str(out / "r.html"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_small_files,
        env=env,
    )
    assert proc.returncode == errors.EXIT_OUTPUT, proc.stderr
    assert "E404" in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert list(out.iterdir()) == []  # no truncated report, no temporary file


def test_every_writer_goes_through_atomic(monkeypatch, tmp_path, contract):
    """Every format of scan, written into a folder, is written by atomic.opened."""
    seen: list[str] = []
    real = atomic.opened.__wrapped__  # the generator behind the context manager

    import contextlib

    @contextlib.contextmanager
    def spy(path, **kwargs):
        seen.append(Path(path).suffix)
        with contextlib.contextmanager(real)(path, **kwargs) as fh:
            yield fh

    monkeypatch.setattr(atomic, "opened", spy)
    out = tmp_path / "all"
    result = CliRunner().invoke(
        main,
        ["scan", str(contract), "--format", "json,html,docx,markdown,csv", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    written = sorted(p.suffix for p in out.iterdir())
    assert sorted(seen) == written and len(written) == 5
