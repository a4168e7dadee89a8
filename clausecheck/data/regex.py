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


def literal_first(pattern: str) -> str:
    """``pattern`` with each top-level alternative that opens with ``\\b`` and a letter or
    digit (``\\bjv\\b``) rewritten to open with that character, the boundary checked by a
    lookbehind after it (``j(?<!\\w[\\s\\S])v\\b``): the same matches, in the same order.

    Before a word character, ``\\b`` holds exactly when the previous character is not one (or
    there is none), which is what the lookbehind checks. With every alternative opening with
    a literal, the regex engine scans for the alternatives' first characters at C speed instead
    of trying the whole alternation at every position (5x faster on the contract-type cues).
    A pattern this does not parse with certainty (verbose mode, a class opening with "]") is
    returned unchanged."""
    if "[]" in pattern or "[^]" in pattern or "(?x" in pattern or "#" in pattern:
        return pattern
    alternatives, current, depth, in_class, i = [], [], 0, False, 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            current.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append("".join(current))
            current = []
            i += 1
            continue
        current.append(ch)
        i += 1
    alternatives.append("".join(current))
    out = []
    for alt in alternatives:
        if alt.startswith("\\b") and len(alt) > 2 and alt[2].isalnum():
            alt = alt[2] + "(?<!\\w[\\s\\S])" + alt[3:]
        out.append(alt)
    return "|".join(out)
