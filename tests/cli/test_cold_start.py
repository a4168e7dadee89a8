"""A one-off `clausecheck scan` builds its engine with the cyclic collector paused and then frozen
(cli.options._engine): the collector is back on afterwards, also when the build fails."""

from __future__ import annotations

import gc

import pytest

from clausecheck.cli import options
from tests.nlp.test_lean_spacy import cli_scan_then


def test_a_cli_scan_freezes_the_engine_it_built_and_collects_again(tmp_path):
    probe = "print(frozen_before, gc.get_freeze_count() > 10000, gc.isenabled())"
    assert cli_scan_then(tmp_path, probe)[0].split() == ["0", "True", "True"]


def test_the_collector_is_back_on_when_the_build_fails(monkeypatch):
    import clausecheck.engine as engine_mod

    def broken(*args, **kwargs):
        raise RuntimeError("no engine")

    monkeypatch.setattr(engine_mod, "engine", broken)  # a plain function: no cache_info
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


def test_a_stand_in_engine_without_a_cache_is_used_and_nothing_frozen(monkeypatch):
    import clausecheck.engine as engine_mod

    sentinel = object()
    monkeypatch.setattr(engine_mod, "engine", lambda *args: sentinel)
    frozen = gc.get_freeze_count()
    assert options._engine(None, None) is sentinel
    assert gc.isenabled() and gc.get_freeze_count() == frozen
