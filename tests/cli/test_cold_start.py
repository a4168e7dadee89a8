"""A one-off `clausecheck scan` builds its engine with the cyclic collector paused and then frozen
(cli.options._engine): the collector is back on afterwards, also when the build fails."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap

import pytest

from clausecheck.cli import options
from tests.conftest import SAMPLES
from tests.hostile import cli_env


def test_a_cli_scan_freezes_the_engine_it_built_and_collects_again(tmp_path):
    code = f"""
        import gc, sys
        from clausecheck.cli.main import main
        frozen_before = gc.get_freeze_count()
        sys.argv = ["clausecheck", "scan", {str(SAMPLES / "supplier_weak_harbor.txt")!r},
                    "--format", "json", "-o", {str(tmp_path / "r.json")!r}]
        try:
            main()
        except SystemExit:
            pass
        print(frozen_before, gc.get_freeze_count() > 10000, gc.isenabled())
    """
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        env=cli_env(),
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["0", "True", "True"]
    assert (tmp_path / "r.json").stat().st_size > 1000


def test_the_collector_is_back_on_when_the_build_fails(monkeypatch):
    import clausecheck.engine as engine_mod

    def broken(*args, **kwargs):
        raise RuntimeError("no engine")

    broken.cache_info = engine_mod.engine.cache_info  # type: ignore[attr-defined]
    monkeypatch.setattr(engine_mod, "engine", broken)
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with pytest.raises(RuntimeError):
        options._engine(None, None)
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen  # nothing frozen for an engine never built


def test_an_engine_already_built_is_not_frozen_again():
    from clausecheck.engine import engine

    first = options._engine(None, None)  # the session's engine, maybe built here
    frozen = gc.get_freeze_count()
    assert options._engine(None, None) is first is engine(None, None)
    assert gc.get_freeze_count() == frozen and gc.isenabled()
