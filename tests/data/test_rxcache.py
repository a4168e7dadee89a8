"""Regexes built from cached engine code (data.rxcache) equal what re.compile gives, and anything
doubtful takes re.compile."""

from __future__ import annotations

import re

import pytest

from clausecheck.data import cache, rxcache
from tests.data import test_cache

store = test_cache.store  # the fresh-store fixture

PATTERNS = [
    (r"\b(?:mutual(?:ly)?|by|if)\s+agree(?:d|ment)?\b", 0),
    (r"(?P<num>\d{1,3}(?:,\d{3})*)\s*(?P<unit>days?|months?)", re.I),
    (r"^\s*(?:section|clause)\s+(\d+(?:\.\d+)*)", re.M | re.I),
    (r"""(?x) (?<=[.;:]) \s+ (?=[A-Z(]) # a comment""", 0),
    (r"(['\"])(?:(?!\1).)*\1", re.S),
    (r"[\u00c0-\u024f\w][^\W\d_]{2,}|[^\x00-\x7f]+", 0),
    (r"\bhuman\s+rights?\b(?!\s+policy)", re.A),
]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return a == b and a.groups == b.groups and a.groupindex == b.groupindex


def _refuse_re_compile(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("re.compile called although the cache holds the pattern")

    monkeypatch.setattr(rxcache, "_re_compile", refuse)


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_cached_code_gives_the_same_pattern(store, monkeypatch, pattern, flags):
    want = re.compile(pattern, flags)
    first = rxcache.compile(pattern, flags)  # a miss: compiled and stored
    assert _same(first, want)
    entry = cache.key("rx", f"{rxcache._BUILD}\0{int(flags)}\0{pattern}")
    assert store.get(entry) is not None
    _refuse_re_compile(monkeypatch)
    again = rxcache.compile(pattern, flags)  # a hit: built from the stored parts
    assert _same(again, want)
    text = "By mutual agreement 1,000 days; Section 4.2 'q' ÉLAN human rights duty."
    assert [m.span() for m in again.finditer(text)] == [m.span() for m in want.finditer(text)]


def test_a_corrupt_entry_is_ignored(store):
    pattern = r"\bterminat(?:e|ion)\b"
    entry = cache.key("rx", f"{rxcache._BUILD}\0{0}\0{pattern}")
    parts = rxcache._parts(pattern, 0)
    bad_code = [parts[0], [9999] * len(parts[1]), *parts[2:]]
    for bad in ([1, 2, 3], [parts[0], ["x"], *parts[2:]], bad_code, {"a": 1}, "text"):
        store.put(entry, bad)
        assert _same(rxcache.compile(pattern), re.compile(pattern))


def test_errors_and_uncacheable_patterns_behave_as_re_compile(store):
    with pytest.raises(re.error):
        rxcache.compile(r"(unclosed")
    assert rxcache.compile(rb"bytes\d").pattern == rb"bytes\d"  # type: ignore[arg-type]
    assert len(store._load()) == 0  # nothing was stored for either


def test_turned_off_cache_still_compiles(monkeypatch):
    monkeypatch.setenv("CLAUSECHECK_CACHE_DIR", "off")
    cache.reset()
    try:
        assert _same(rxcache.compile(r"\bweak\b", re.I), re.compile(r"\bweak\b", re.I))
    finally:
        cache.reset()


def test_derived_keeps_the_assembled_pattern(store, monkeypatch):
    calls = []

    def make():
        calls.append(1)
        return re.compile("|".join(["^" + p for p in ["\\(", "\\$", "§"]]))

    first = rxcache.derived("test-source", make)
    second = rxcache.derived("test-source", make)
    assert calls == [1]  # the second one came from the cache
    assert _same(first, make()) and _same(second, make())


def test_spacy_affix_regexes_from_the_cache_equal_spacys(store):
    from spacy import util

    from clausecheck.nlp import spacy_loader

    defaults = spacy_loader._Defaults()
    for kind, entries in (
        ("prefix", defaults.prefixes),
        ("suffix", defaults.suffixes),
        ("infix", defaults.infixes),
    ):
        want = getattr(util, f"compile_{kind}_regex")(entries)
        assert _same(spacy_loader._affixes(kind, entries, util), want)  # a miss
        assert _same(spacy_loader._affixes(kind, entries, util), want)  # a hit


def test_cached_compiles_stands_in_and_restores(store):
    real = re.compile
    with rxcache.cached_compiles():
        assert re.compile is rxcache.compile
        with rxcache.cached_compiles():  # nested: no change
            assert re.compile is rxcache.compile
        assert re.compile is rxcache.compile
        assert _same(re.compile(r"\bweak\b", re.I), real(r"\bweak\b", re.I))
    assert re.compile is real
    with pytest.raises(ValueError):
        with rxcache.cached_compiles():
            raise ValueError("boom")
    assert re.compile is real


def test_cli_scan_with_cached_regexes_reports_as_the_library(tmp_path):
    """`clausecheck scan` compiles through the cache (cli.options.run_scan): its report equals
    the library's, with an empty cache and with a full one; the second run, under another hash
    seed, finds every regex it needs and rewrites nothing."""
    import json
    import subprocess
    import sys

    from clausecheck.engine import scan
    from clausecheck.report import json_report
    from tests.conftest import SAMPLES
    from tests.hostile import cli_env

    sample = SAMPLES / "supplier_weak_harbor.txt"
    volatile = {"timings", "generated", "tool", "tool_version", "model_version"}

    def strip(obj):
        if isinstance(obj, dict):
            return {k: strip(v) for k, v in obj.items() if k not in volatile}
        if isinstance(obj, list):
            return [strip(v) for v in obj]
        return obj

    want = strip(json.loads(json.dumps(json_report.to_dict(scan(sample)))))
    store_file = tmp_path / "cache" / "data.json"
    written = []
    for seed, run in (("1", "empty cache"), ("2", "full cache")):
        # another hash seed: a pattern built from a set in set order would be another entry
        env = dict(cli_env(), CLAUSECHECK_CACHE_DIR=str(tmp_path / "cache"), PYTHONHASHSEED=seed)
        before = store_file.read_bytes() if store_file.exists() else b""
        out = tmp_path / f"{run}.json"
        proc = subprocess.run(
            [sys.executable, "-m", "clausecheck", "scan", str(sample), "--format", "json"]
            + ["-o", str(out)],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode in (0, 1), proc.stderr[-2000:]
        assert strip(json.loads(out.read_text())) == want, run
        written.append(store_file.read_bytes() != before)
    assert written == [True, False]  # the second run found everything and wrote nothing
    stored = json.loads(store_file.read_text())["entries"]
    assert sum(k.startswith("rx:") for k in stored) > 100
