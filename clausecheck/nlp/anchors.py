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

import functools
import itertools
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import numpy

from clausecheck.data import cache, rxcache
from clausecheck.data.regex import Regex

if sys.version_info >= (3, 11):
    from re import _constants as _sre
    from re import _parser as _sre_parse
else:  # Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

_KEY = 3  # words are indexed by their first three characters
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def lower(text: str) -> str:
    """ASCII lower case: the same length as ``text``, so offsets carry over (``str.lower`` can
    lengthen a string, e.g. U+0130)."""
    return text.translate(_ASCII_LOWER)


@dataclass(frozen=True)
class Pattern:
    """A regex prepared for fast search (see ``prepare``); compiled on first use, so a cue
    whose first words a document does not contain costs no compilation."""

    pattern: str  # the regex that runs (lower-cased, its leading \b removed, when on_lower)
    flags: int
    on_lower: bool  # runs on the ASCII-lower-cased text
    word_start: bool  # its leading \b was removed: a match must start a word
    starts: frozenset[str] | None  # literal prefixes, when the search can be anchored

    @functools.cached_property
    def rx(self) -> re.Pattern[str]:
        return rxcache.compile(self.pattern, self.flags)  # the engine code cached across runs


def prepare(rx: Regex) -> Pattern:
    """Case-insensitive patterns run without re.I on an ASCII-lower-cased copy of the text, a
    leading \\b is checked on the match instead of by the engine, and, when the first words are
    known, the search is anchored at them: each step lets the engine skip positions fast
    (re.I alone measured 3-4x slower on contract text). Offsets are unchanged.

    What this derives from a regex (its lower-cased form and prefixes, which take a parse) is
    kept in the data cache (``data.cache``), keyed by the regex; on a miss it is derived and
    compiled here, so a regex that does not compile fails here as before."""
    if not rx.flags & re.I:
        return Pattern(rx.pattern, rx.flags, False, False, None)
    flags = rx.flags & ~re.I
    store = cache.store()
    entry = cache.key("anchor", f"{rx.flags}\0{rx.pattern}")
    known = store.get(entry)
    if (
        isinstance(known, list)
        and len(known) == 3
        and isinstance(known[0], str)
        and isinstance(known[1], bool)
        and (
            known[2] is None
            or (isinstance(known[2], list) and all(isinstance(p, str) and p for p in known[2]))
        )
    ):
        starts = frozenset(known[2]) if known[2] else None
        return Pattern(known[0], flags, True, known[1], starts)
    pattern = _lower_pattern(rx.pattern)
    word_start = pattern.startswith("\\b")
    if word_start:
        pattern = pattern[2:]
    prepared = Pattern(pattern, flags, True, word_start, None)
    fast = prepared.rx  # compiled now: an error shows here, not mid-analysis
    if word_start:
        prepared = Pattern(pattern, flags, True, word_start, prefixes(fast))
        prepared.__dict__["rx"] = fast
    found = sorted(prepared.starts) if prepared.starts else None
    store.put(entry, [pattern, word_start, found])
    return prepared


def _lower_pattern(pattern: str) -> str:
    """Lower-case a regex's literals, leaving escapes (\\S, \\W, \\B, \\D) intact."""
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def prefixes(rx: re.Pattern[str]) -> frozenset[str] | None:
    """The literal strings every match of ``rx`` starts with (each beginning with a letter or
    digit), or None when they cannot be known from the pattern."""
    try:
        # SubPattern iterates through __getitem__, which typeshed's stub does not declare
        found = _prefixes(list(_sre_parse.parse(rx.pattern, rx.flags)))  # type: ignore[call-overload]
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
        rest = items[i + 1 :]
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


_BITS = 21  # a code point + 1 fits in 21 bits (0 stands for "past the end of the text")
_ASCII_WORD = numpy.array([chr(i).isalnum() or chr(i) == "_" for i in range(128)])


def _word_index(text: str) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Where the words of ``text`` begin (the starts of ``\\w+`` matches), sorted by a code of
    the word's first ``_KEY`` characters (``text[start : start + 3]``, shorter at the end of the
    text), starts in text order within a code. Vectorised: a Python loop over every word took
    13 ms of a 25-page contract's analysis."""
    n = len(text)
    if not n:
        return numpy.zeros(0, dtype=numpy.uint64), numpy.zeros(0, dtype=numpy.int64)
    cps = numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=numpy.uint32)
    word = numpy.zeros(n, dtype=bool)
    ascii_ = cps < 128
    word[ascii_] = _ASCII_WORD[cps[ascii_]]
    if not ascii_.all():  # \w beyond ASCII is str.isalnum (checked for every code point)
        other = numpy.flatnonzero(~ascii_)
        values, inverse = numpy.unique(cps[other], return_inverse=True)
        word[other] = numpy.array([chr(v).isalnum() for v in values.tolist()])[inverse]
    begins = word.copy()
    begins[1:] &= ~word[:-1]
    starts = numpy.flatnonzero(begins)
    padded = numpy.zeros(n + _KEY, dtype=numpy.uint64)
    padded[:n] = cps.astype(numpy.uint64) + 1
    codes = numpy.zeros(len(starts), dtype=numpy.uint64)
    for k in range(_KEY):
        codes = (codes << numpy.uint64(_BITS)) | padded[starts + k]
    order = numpy.argsort(codes, kind="stable")
    return codes[order], starts[order].astype(numpy.int64)


def _code_range(key: str) -> tuple[int, int]:
    """The codes of every indexed key that starts with ``key`` (at most ``_KEY`` characters)."""
    code = 0
    for ch in key:
        code = (code << _BITS) | (ord(ch) + 1)
    free = _BITS * (_KEY - len(key))
    return code << free, (code << free) | ((1 << free) - 1)


class WordStarts:
    """One document's text, its ASCII-lower-cased copy and where its words begin (indexed by
    their first characters); built once per analysis and shared by every search."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.text = text = lower(original)
        self._codes, self._starts = _word_index(text)
        keys, first, count = numpy.unique(self._codes, return_index=True, return_counts=True)
        # key code -> (first, end) in _starts: one entry per distinct key, not per word
        ends = (first + count).tolist()
        self._spans = dict(zip(keys.tolist(), zip(first.tolist(), ends, strict=True), strict=True))
        self._cache: dict[str, list[int]] = {}

    def of(self, prefix: str) -> list[int]:
        """Sorted starts of the words that begin with ``prefix``."""
        found = self._cache.get(prefix)
        if found is None:
            lo, hi = _code_range(prefix[:_KEY])
            if lo == hi:  # a whole key
                first, last = self._spans.get(lo, (0, 0))
                found = self._starts[first:last].tolist()
            else:  # a shorter prefix: several keys, whose starts interleave
                first = int(numpy.searchsorted(self._codes, numpy.uint64(lo), "left"))
                last = int(numpy.searchsorted(self._codes, numpy.uint64(hi), "right"))
                found = numpy.sort(self._starts[first:last]).tolist()
            if len(prefix) > _KEY:
                found = [p for p in found if self.text.startswith(prefix, p)]
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

    def search(self, pattern: Pattern) -> Iterator[re.Match[str]]:
        """Every match of a prepared pattern, left to right, non-overlapping, each starting a
        word when the pattern asks for it; match offsets are offsets in the original text."""
        if pattern.starts:
            if any(self.of(p) for p in pattern.starts):  # else: nothing to compile or try
                yield from self.finditer(pattern.rx, pattern.starts)
            return
        source = self.text if pattern.on_lower else self.original
        for m in pattern.rx.finditer(source):
            at = m.start()
            if (
                pattern.word_start
                and at > 0
                and (source[at - 1].isalnum() or source[at - 1] == "_")
            ):
                continue
            yield m


# the only characters that re.I matches to an ASCII letter besides the letters themselves
# (checked over every code point): dotted and dotless i, long s, the Kelvin sign. U+0130 is
# also the only one whose str.lower() is longer than one character.
FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")


def lowered(text: str) -> str | None:
    """``text.lower()`` for the patterns of ``caseless``, or None when the text holds a
    character that re.I matches to an ASCII letter (there lower-casing the text is not the same
    as ignoring case). Offsets carry over: no other character lower-cases to two."""
    if any(ch in text for ch in FOLDS_TO_ASCII):
        return None
    low = text.lower()
    return low if len(low) == len(text) else None


@functools.lru_cache(maxsize=64)
def caseless(cue: re.Pattern[str]) -> re.Pattern[str] | None:
    """The re.I cue as a pattern without re.I for lower-cased text, when that finds exactly
    what the cue finds in the original text (given ``lowered``'s check): an ASCII
    pattern of literals, classes whose ranges do not mix letters and other characters,
    groups without inline flags, repeats, alternatives, lookarounds and escapes whose meaning
    does not depend on case; its literals lower-cased. Else None."""
    pattern = cue.pattern
    if not cue.flags & re.I or not _uncased_beyond_ascii(pattern):
        return None
    if not _case_free_escapes(pattern):
        return None
    try:
        parsed = list(_sre_parse.parse(pattern, cue.flags))  # type: ignore[call-overload]
        if not _case_free(parsed):
            return None
    except Exception:  # noqa: BLE001 - a private parser: any surprise keeps the plain search
        return None
    return re.compile(_lower_pattern(pattern), cue.flags & ~re.I)


def _uncased_beyond_ascii(pattern: str) -> bool:
    """Whether every character is ASCII or general punctuation (U+2000-U+206F: curly quotes,
    dashes), which has no case and which re.I matches to nothing else."""
    return all(ch.isascii() or "\u2000" <= ch <= "\u206f" for ch in pattern)


def _case_free_escapes(pattern: str) -> bool:
    """Whether every escape is \\s \\S \\b \\B \\w \\W \\d \\D or an escaped
    non-alphanumeric character (\\x41 would name a letter that lower-casing leaves alone)."""
    i = 0
    while i < len(pattern):
        if pattern[i] == "\\":
            nxt = pattern[i + 1 : i + 2]
            if not nxt or (nxt.isalnum() and nxt not in "sSbBwWdD"):
                return False
            i += 2
            continue
        i += 1
    return True


_LETTERS = (ord("A"), ord("Z")), (ord("a"), ord("z"))
_REPEATS = tuple(
    op
    for op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None))
    if op is not None
)


def _case_free(items: list) -> bool:
    """Whether a parsed pattern uses only what lower-casing carries over exactly."""
    for op, av in items:
        if op in (_sre.LITERAL, _sre.NOT_LITERAL, _sre.ANY, _sre.AT):
            continue
        if op is _sre.IN:
            for member, value in av:
                if member is _sre.RANGE:
                    lo, hi = value
                    inside = any(a <= lo and hi <= b for a, b in _LETTERS)
                    apart = all(hi < a or lo > b for a, b in _LETTERS)
                    if not (inside or apart):
                        return False
                elif member not in (_sre.LITERAL, _sre.NEGATE, _sre.CATEGORY):
                    return False
            continue
        if op is _sre.BRANCH:
            if not all(_case_free(list(alt)) for alt in av[1]):
                return False
            continue
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if add_flags or del_flags or not _case_free(list(sub)):
                return False
            continue
        if op in _REPEATS:
            if not _case_free(list(av[2])):
                return False
            continue
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            if not _case_free(list(av[1])):
                return False
            continue
        return False  # a back reference, a conditional, an atomic group: not worth the proof
    return True
