"""Whether a user's regular expression can backtrack catastrophically.

Python's ``re`` backtracks: ``(?:a|a)+$`` or ``(a+)+$`` against a long run of ``a`` followed by
something else takes exponential time, and a provision file's regex runs over every sentence of
every contract. So a regex is refused when a repeated part can match the same text in more than
one way: a repeat nested in an unbounded repeat, or an unbounded repeat of alternatives that can
begin with the same character. The check is conservative (it may refuse a harmless pattern,
which can always be rewritten) and reads the parsed pattern, never runs it.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_ALL = frozenset(range(256))
_WIDE = 256  # stands for "some character above U+00FF"
_CATEGORY = {
    _c.CATEGORY_DIGIT: frozenset(range(48, 58)),
    _c.CATEGORY_SPACE: frozenset(b" \t\n\r\x0b\x0c"),
    _c.CATEGORY_WORD: frozenset(c for c in range(256) if chr(c).isalnum() or c == 95) | {_WIDE},
}
_NOT = {
    _c.CATEGORY_NOT_DIGIT: _c.CATEGORY_DIGIT,
    _c.CATEGORY_NOT_SPACE: _c.CATEGORY_SPACE,
    _c.CATEGORY_NOT_WORD: _c.CATEGORY_WORD,
}
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT) + (
    (_c.POSSESSIVE_REPEAT,) if hasattr(_c, "POSSESSIVE_REPEAT") else ()
)


def _cases(code: int) -> set[int]:
    """Both cases of a character, as codes (``_WIDE`` above U+00FF; 'ß'.upper() is 'SS')."""
    out = set()
    for other in (chr(code).lower(), chr(code).upper()):
        if len(other) == 1:
            out.add(ord(other) if ord(other) < 256 else _WIDE)
    return out


def _category(cat: Any) -> frozenset[int]:
    if cat in _CATEGORY:
        return _CATEGORY[cat]
    if cat in _NOT:
        return (_ALL | {_WIDE}) - _CATEGORY[_NOT[cat]] | {_WIDE}
    return _ALL | {_WIDE}


def _first(items: list, ignore_case: bool) -> frozenset[int]:
    """Characters the sequence ``items`` can begin with (over-approximated)."""
    out: set[int] = set()
    for op, av in items:
        if op == _c.LITERAL:
            chars = {av if av < 256 else _WIDE}
            if ignore_case and av < 256:
                chars |= _cases(av)
            return frozenset(out | chars)
        if op == _c.NOT_LITERAL or op == _c.ANY:
            return _ALL | {_WIDE}
        if op == _c.IN:
            return frozenset(out | _in_set(av, ignore_case))
        if op == _c.SUBPATTERN:
            return frozenset(out | _first(list(av[-1]), ignore_case))
        if op == _c.BRANCH:
            return frozenset(out.union(*(_first(list(b), ignore_case) for b in av[1])))
        if op in _REPEATS:
            low, _, body = av
            out |= _first(list(body), ignore_case)
            if low > 0:
                return frozenset(out)
            continue  # may match nothing: the next item can begin too
        if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        return _ALL | {_WIDE}  # groupref and the rest: anything
    return frozenset(out)


def _in_set(items: list, ignore_case: bool) -> frozenset[int]:
    chars: set[int] = set()
    negate = False
    for op, av in items:
        if op == _c.NEGATE:
            negate = True
        elif op == _c.LITERAL:
            chars.add(av if av < 256 else _WIDE)
        elif op == _c.RANGE:
            lo, hi = av
            chars.update(range(lo, min(hi, 255) + 1))
            if hi > 255:
                chars.add(_WIDE)
        elif op == _c.CATEGORY:
            chars |= _category(av)
        else:
            return _ALL | {_WIDE}
    if ignore_case:
        chars |= {o for c in list(chars) if c < 256 for o in _cases(c)}
    return (_ALL | {_WIDE}) - chars | {_WIDE} if negate else frozenset(chars)


def _children(op: Any, av: Any) -> list[list]:
    if op == _c.SUBPATTERN:
        return [list(av[-1])]
    if op == _c.BRANCH:
        return [list(b) for b in av[1]]
    if op in _REPEATS:
        return [list(av[2])]
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [list(av[1])]
    return []


def _can_be_empty(items: list) -> bool:
    for op, av in items:
        if op in _REPEATS:
            if av[0] > 0 and not _can_be_empty(list(av[2])):
                return False
        elif op == _c.SUBPATTERN:
            if not _can_be_empty(list(av[-1])):
                return False
        elif op == _c.BRANCH:
            if not any(_can_be_empty(list(b)) for b in av[1]):
                return False
        elif op not in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            return False
    return True


def _tail_repeat_chars(items: list, ignore_case: bool) -> frozenset[int]:
    """Characters an unbounded repeat at the end of ``items`` (only optional parts after it)
    can go on consuming: where one iteration of an outer repeat can end in several places."""
    out: set[int] = set()
    for op, av in reversed(items):
        if op in _REPEATS and av[1] == _c.MAXREPEAT:
            out |= _first(list(av[2]), ignore_case)
        elif op == _c.SUBPATTERN:
            out |= _tail_repeat_chars(list(av[-1]), ignore_case)
        elif op == _c.BRANCH:
            for branch in av[1]:
                out |= _tail_repeat_chars(list(branch), ignore_case)
        elif op in _REPEATS:
            out |= _tail_repeat_chars(list(av[2]), ignore_case)
        if not _can_be_empty([(op, av)]):
            break
    return frozenset(out)


def _ambiguous_branch(items: list, ignore_case: bool) -> bool:
    """A choice inside ``items`` whose alternatives can begin with the same character, or of
    which several can match nothing (``(?:a|a)`` parses as ``a(?:|)``)."""
    for op, av in items:
        if op == _c.BRANCH:
            seen: set[int] = set()
            empty = 0
            for branch in av[1]:
                branch = list(branch)
                if _can_be_empty(branch):
                    empty += 1
                first = _first(branch, ignore_case)
                if seen & first or empty > 1:
                    return True
                seen |= first
        if any(_ambiguous_branch(sub, ignore_case) for sub in _children(op, av)):
            return True
    return False


def _risk(items: list, ignore_case: bool) -> str | None:
    possessive = getattr(_c, "POSSESSIVE_REPEAT", None)
    for op, av in items:
        if op in _REPEATS and op != possessive and av[1] == _c.MAXREPEAT:
            body = list(av[2])
            if _tail_repeat_chars(body, ignore_case) & _first(body, ignore_case):
                return (
                    "a repeat inside a repeat that can split the same text several ways, "
                    "such as (a+)+"
                )
            if _ambiguous_branch(body, ignore_case):
                return (
                    "a repeated choice whose alternatives can match the same text, such as (a|a)+"
                )
        for sub in _children(op, av):
            found = _risk(sub, ignore_case)
            if found:
                return found
    return None


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` can backtrack catastrophically, or None when it cannot (as far as
    this check sees)."""
    try:
        parsed = _p.parse(pattern, flags)
    except (re.error, RecursionError):
        return None  # re.compile reports it
    ignore_case = bool((flags | parsed.state.flags) & re.IGNORECASE)
    try:
        return _risk(list(parsed), ignore_case)
    except RecursionError:
        return "nested too deeply to check"
