"""Cue regexes from the data files, compiled when first used.

A provision's cue regexes are compiled while it is loaded, so that an invalid one is reported
with the file and field. Once a regex has compiled, the data cache (``data.cache``) remembers
it with its compiled flags; later loads hand out a ``LazyRegex`` instead, which has the same
``pattern`` and ``flags`` and compiles on first use. The anchored search (``nlp.anchors``)
reads only those two, so most cue regexes of a small contract are never compiled: a sixth of a
cold start's engine build, measured.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from clausecheck.data import cache


class Regex(Protocol):
    """What a cue regex offers everywhere: ``re.Pattern`` or ``LazyRegex``."""

    @property
    def pattern(self) -> str: ...

    @property
    def flags(self) -> int: ...


class LazyRegex:
    """A regex known to compile: ``pattern`` and ``flags`` now, everything else of
    ``re.Pattern`` (compiled on first use) through attribute access."""

    __slots__ = ("pattern", "flags", "_compiled")

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self.flags = flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self.pattern, self.flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (LazyRegex, re.Pattern)):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"LazyRegex({self.pattern!r}, {self.flags})"


def compile(source: str, flags: int = 0) -> Regex:
    """``re.compile(source, flags)`` (raising ``re.error`` the same way), or a ``LazyRegex``
    when the cache knows this regex compiles."""
    store = cache.store()
    entry = cache.key("regex", f"{flags}\0{source}")
    known = store.get(entry)
    if type(known) is int:
        return LazyRegex(source, known)
    rx = re.compile(source, flags)
    store.put(entry, rx.flags)
    return rx


def risk(source: str, flags: int = 0) -> str | None:
    """``regex_risk.backtracking_risk(source, flags)``, remembered in the data cache: the check
    parses the pattern (about a millisecond each, most of a cold start over the shipped cue
    regexes), and its answer depends on nothing but the pattern and the flags."""
    from clausecheck.data.regex_risk import backtracking_risk

    store = cache.store()
    entry = cache.key("regex-risk", f"{flags}\0{source}")
    known = store.get(entry)
    if type(known) is str:
        return known or None
    found = backtracking_risk(source, flags)
    store.put(entry, found or "")
    return found
