"""Compiled regexes without compiling them again: the regex engine's code kept in the data cache.

``re.compile`` parses a pattern and generates the engine's code in pure Python (``re._parser``,
``re._compiler``) before the C engine takes it (``_sre.compile``); for the few hundred cue and
tokenizer regexes a scan needs, that was about a fifth of a cold start. Here the generated code
(a list of integers), the flags and the group names go into the data cache (``data.cache``: JSON,
never pickle), keyed by the pattern, the flags and the exact Python build (``sys.version`` and the
engine's ``MAGIC``); a later process hands them to ``_sre.compile`` directly, which checks the
code itself before use.

Only what is proven equal is kept: on a miss the pattern is compiled by ``re.compile`` as
always, and its code is stored only if a pattern built from the stored parts compares equal to
it (``Pattern.__eq__`` compares the flags, the pattern and the engine code) with the same groups.
A Python whose internals differ, a pattern with ``re.DEBUG``, bytes patterns, a corrupt entry or a
turned-off cache all simply take ``re.compile``.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

from clausecheck.data import cache

try:
    import _sre

    if sys.version_info >= (3, 11):
        from re import _compiler as _sre_compile
        from re import _parser as _sre_parse
    else:  # Python 3.10
        import sre_compile as _sre_compile
        import sre_parse as _sre_parse
except ImportError:  # another implementation of Python: re.compile only
    _sre = None

_re_compile = re.compile  # the real one, also while cached_compiles() stands in for it
_BUILD = f"{sys.version}\0{getattr(_sre, 'MAGIC', '')}\0{getattr(_sre, 'CODESIZE', '')}"


def _parts(pattern: str, flags: int) -> list[Any]:
    """What ``re._compiler.compile`` hands to ``_sre.compile``, as JSON-friendly values."""
    p = _sre_parse.parse(pattern, flags)
    code = _sre_compile._code(p, flags)  # type: ignore[attr-defined]
    groupindex = dict(p.state.groupdict)
    indexgroup: list[str | None] = [None] * p.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return [
        flags | p.state.flags,
        [int(c) for c in code],
        p.state.groups - 1,
        groupindex,
        indexgroup,
    ]


def _build(pattern: str, parts: list[Any]) -> re.Pattern[str]:
    flags, code, groups, groupindex, indexgroup = parts
    if not (
        isinstance(flags, int)
        and isinstance(code, list)  # its items: _sre.compile takes integers only
        and isinstance(groups, int)
        and isinstance(groupindex, dict)
        and isinstance(indexgroup, list)
    ):
        raise ValueError("not a cached regex")
    return _sre.compile(pattern, flags, code, groups, groupindex, tuple(indexgroup))  # type: ignore[union-attr]


def _same(a: re.Pattern[str], b: re.Pattern[str]) -> bool:
    return a == b and a.groups == b.groups and a.groupindex == b.groupindex


def compile(pattern: str, flags: int = 0) -> re.Pattern[str]:  # noqa: A001 - re.compile's name
    """``re.compile(pattern, flags)``, from the data cache when this Python compiled it before."""
    flags = int(flags)
    if _sre is None or not isinstance(pattern, str) or flags & re.DEBUG:
        return _re_compile(pattern, flags)
    store = cache.store()
    entry = cache.key("rx", f"{_BUILD}\0{flags}\0{pattern}")
    known = store.get(entry)
    if isinstance(known, list) and len(known) == 5:
        try:
            return _build(pattern, known)
        except Exception:  # noqa: BLE001 - anything wrong with an entry: compile as usual
            pass
    rx = _re_compile(pattern, flags)  # errors are re.compile's own
    try:
        parts = _parts(pattern, flags)
        if _same(_build(pattern, parts), rx):
            store.put(entry, parts)
    except Exception:  # noqa: BLE001 - private parts of re differ here: never cache
        pass
    return rx


def derived(source: str, make: Callable[[], re.Pattern[str]]) -> re.Pattern[str]:
    """The regex ``make()`` builds (another library's way of assembling a pattern), from the
    cache when ``source`` (a text standing for everything ``make`` depends on) was seen before.
    The pattern text and flags are kept under ``source``; the compiled code as ``compile``."""
    store = cache.store()
    entry = cache.key("rx-source", source)
    known = store.get(entry)
    if isinstance(known, list) and len(known) == 2 and isinstance(known[0], str):
        if isinstance(known[1], int):
            return compile(known[0], known[1])
    rx = make()
    if isinstance(rx.pattern, str):
        store.put(entry, [rx.pattern, int(rx.flags)])
        compile(rx.pattern, rx.flags)  # fills the cache for the next process
    return rx


@contextlib.contextmanager
def cached_compiles() -> Iterator[None]:
    """While open, ``re.compile`` itself goes through ``compile``: the module-level regexes of
    everything imported meanwhile (clausecheck's own, spaCy's, ...) come from the cache. For a
    one-off command (``clausecheck scan``) that imports, builds and analyses once; the patterns
    are the same either way (see the module docstring). Nested or under someone else's
    ``re.compile``, it changes nothing."""
    if re.compile is not _re_compile:
        yield
        return
    re.compile = compile  # type: ignore[assignment]
    try:
        yield
    finally:
        if re.compile is compile:
            re.compile = _re_compile
