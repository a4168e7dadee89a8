"""Anchored cue search: run a cue regex only where one of its possible first words begins.

Most cue regexes open with ``\\b`` and an alternation of words (``\\b(?:mutual(?:ly)?|by|if)...``).
Scanned with ``finditer``, the regex engine tries every character of the contract; 217 of them
took 0.34-0.41 s of a 200-page analysis, the largest single cost of the NLP step. Here each
regex's set of literal prefixes is read from its parse tree once; per document, one pass over
the words of the lower-cased text indexes where words begin, and the regex is tried only at the
word starts that carry one of its prefixes (0.15-0.2 s for the same 217, identical hits on
every dev and sample contract).

The matches are the ones ``finditer`` gives whose start passes the word-start check that
``detect`` applies anyway: left to right, non-overlapping. A regex whose prefixes cannot be
derived (a class, a repeat or an inline flag first, a parse this Python does not offer) is
scanned with ``finditer`` as before.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

try:  # Python >= 3.11
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_WORD = re.compile(r"\w+")
_KEY = 3  # words are indexed by their first three characters


def prefixes(rx: re.Pattern[str]) -> frozenset[str] | None:
    """The literal strings every match of ``rx`` starts with (each beginning with a letter or
    digit), or None when they cannot be known from the pattern."""
    try:
        found = _prefixes(list(_sre_parse.parse(rx.pattern, rx.flags)))
    except Exception:  # noqa: BLE001 - a private parser: any surprise means "scan it all"
        return None
    return frozenset(found) if found else None


def _prefixes(items: list) -> set[str] | None:
    out = ""
    for i, (op, av) in enumerate(items):
        if op is _sre.LITERAL and (out or chr(av).isalnum()):
            out += chr(av)
            continue
        if out:
            return {out}
        rest = items[i + 1:]
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags:
                return None  # (?i:...) and the like change what a literal matches
            return _prefixes(list(sub) + rest)
        if op is _sre.IN and len(av) <= 8 and all(member is _sre.LITERAL for member, _ in av):
            # "(?:a|b)" parses as the class [ab]: one alternative per character
            av = (None, [[(_sre.LITERAL, ch)] for _, ch in av])
            op = _sre.BRANCH
        if op is _sre.BRANCH:
            found: set[str] = set()
            for alternative in av[1]:
                alt = _prefixes(list(alternative) + rest)
                if not alt:
                    return None
                found |= alt
            return found
        return None
    return {out} if out else None


class WordStarts:
    """Where the words of one (lower-cased) text begin, by their first characters."""

    def __init__(self, text: str) -> None:
        self.text = text
        index: dict[str, list[int]] = {}
        for m in _WORD.finditer(text):
            start = m.start()
            index.setdefault(text[start:start + _KEY], []).append(start)
        self._index = index
        self._cache: dict[str, list[int]] = {}

    def of(self, prefix: str) -> list[int]:
        """Sorted starts of the words that begin with ``prefix``."""
        found = self._cache.get(prefix)
        if found is None:
            if len(prefix) >= _KEY:
                found = self._index.get(prefix[:_KEY], [])
                if len(prefix) > _KEY:
                    found = [p for p in found if self.text.startswith(prefix, p)]
            else:
                found = sorted(itertools.chain.from_iterable(
                    v for k, v in self._index.items() if k.startswith(prefix)))
            self._cache[prefix] = found
        return found

    def finditer(self, rx: re.Pattern[str], starts: frozenset[str]) -> Iterator[re.Match[str]]:
        """``rx.finditer(text)`` restricted to matches at word starts carrying one of ``starts``."""
        lists = [self.of(p) for p in starts]
        candidates = lists[0] if len(lists) == 1 else sorted(itertools.chain.from_iterable(lists))
        end = last = -1
        for pos in candidates:
            if pos < end or pos == last:
                continue
            last = pos
            m = rx.match(self.text, pos)
            if m:
                yield m
                end = m.end()
