"""Word automatic numbering: numbering.xml definitions -> the numbers a reader sees.

python-docx does not render list numbers; this module replays Word's counters: levels with
their formats and lvlText templates, per-list counters shared by nums of one abstractNum,
lvlRestart, startOverride / lvlOverride restarts, and isLgl (legal) numbering.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEVELS = 9  # Word's list levels: ilvl 0..8
# ASCII digits only ("²".isdigit() is True but int() rejects it) and a bounded length.
_INT = re.compile(r"^\s*(-?[0-9]{1,9})\s*$")
# Word writes letters up to zzz... and Roman numerals below 4000; past that, plain digits
# (and no multi-megabyte "aaaa..." from a hostile start value).
_MAX_LETTER_VALUE = 26 * 8
_MAX_ROMAN_VALUE = 3999


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # restart after this (1-based) level; 0 = never
    is_legal: bool = False


@dataclass
class NumberingDef:
    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, Level]] = field(default_factory=dict)
    start_overrides: dict[str, dict[int, int]] = field(default_factory=dict)


def _val(el, name: str) -> str | None:
    child = el.find(W + name)
    return None if child is None else child.get(W + "val")


def to_int(value: str | None) -> int | None:
    """An attribute's integer value, or None when it is absent or not a plain number."""
    m = _INT.match(value) if value else None
    return int(m.group(1)) if m else None


def level_index(value: str | None) -> int | None:
    """A list level (ilvl) in Word's range 0..8, or None."""
    n = to_int(value)
    return n if n is not None and 0 <= n < LEVELS else None


def _level(el, base: Level | None = None) -> Level:
    lvl = Level(**vars(base)) if base else Level()
    if (v := _val(el, "numFmt")) is not None:
        lvl.fmt = v
    if (v := _val(el, "lvlText")) is not None:
        lvl.text = v
    if (n := to_int(_val(el, "start"))) is not None:
        lvl.start = n
    if (n := to_int(_val(el, "lvlRestart"))) is not None and n >= 0:
        lvl.restart = n
    if el.find(W + "isLgl") is not None:
        lvl.is_legal = True
    return lvl


def parse(root) -> NumberingDef:
    """Read a numbering.xml root element."""
    nd = NumberingDef()
    if root is None:
        return nd
    for ab in root.findall(W + "abstractNum"):
        levels = {}
        for lv in ab.findall(W + "lvl"):
            ilvl = level_index(lv.get(W + "ilvl", "0"))
            if ilvl is not None:
                levels[ilvl] = _level(lv)
        nd.abstract[ab.get(W + "abstractNumId", "")] = levels
    for num in root.findall(W + "num"):
        num_id = num.get(W + "numId", "")
        nd.nums[num_id] = _val(num, "abstractNumId") or ""
        for ov in num.findall(W + "lvlOverride"):
            ilvl = level_index(ov.get(W + "ilvl", "0"))
            if ilvl is None:
                continue
            if (v := to_int(_val(ov, "startOverride"))) is not None:
                nd.start_overrides.setdefault(num_id, {})[ilvl] = v
            lv = ov.find(W + "lvl")
            if lv is not None:
                base = nd.abstract.get(nd.nums[num_id], {}).get(ilvl)
                nd.overrides.setdefault(num_id, {})[ilvl] = _level(lv, base)
    return nd


_ROMAN = [
    (1000, "m"),
    (900, "cm"),
    (500, "d"),
    (400, "cd"),
    (100, "c"),
    (90, "xc"),
    (50, "l"),
    (40, "xl"),
    (10, "x"),
    (9, "ix"),
    (5, "v"),
    (4, "iv"),
    (1, "i"),
]


def roman(n: int) -> str:
    out = []
    for value, sym in _ROMAN:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def letters(n: int) -> str:
    # Word repeats the letter: a..z, aa..zz, aaa..
    n = max(n, 1)
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_value(n: int, fmt: str) -> str:
    if (fmt.endswith("Letter") and not 0 < n <= _MAX_LETTER_VALUE) or (
        fmt.endswith("Roman") and not 0 < n <= _MAX_ROMAN_VALUE
    ):
        return str(n)
    if fmt == "lowerLetter":
        return letters(n)
    if fmt == "upperLetter":
        return letters(n).upper()
    if fmt == "lowerRoman":
        return roman(n)
    if fmt == "upperRoman":
        return roman(n).upper()
    if fmt == "bullet":
        return "\u2022"
    if fmt == "none":
        return ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Counter:
    """Replays numbering across a document's paragraphs in order."""

    def __init__(self, nd: NumberingDef) -> None:
        self.nd = nd
        self.counts: dict[str, list[int | None]] = {}  # abstractNumId -> counter per level
        self.seen_nums: set[str] = set()

    def _levels(self, num_id: str) -> dict[int, Level]:
        levels = dict(self.nd.abstract.get(self.nd.nums.get(num_id, ""), {}))
        levels.update(self.nd.overrides.get(num_id, {}))
        return levels

    def next(self, num_id: str, ilvl: int) -> str | None:
        """The rendered number for a paragraph of list ``num_id`` at level ``ilvl``."""
        if num_id not in self.nd.nums or num_id == "0" or not 0 <= ilvl < LEVELS:
            return None
        levels = self._levels(num_id)
        if ilvl not in levels:
            return None
        key = self.nd.nums[num_id]
        counts = self.counts.setdefault(key, [None] * LEVELS)
        if num_id not in self.seen_nums:
            self.seen_nums.add(num_id)
            for lvl_no, start in self.nd.start_overrides.get(num_id, {}).items():
                if 0 <= lvl_no < LEVELS:
                    counts[lvl_no] = start - 1
                    for deeper in range(lvl_no + 1, LEVELS):
                        counts[deeper] = None
        lvl = levels[ilvl]
        count = counts[ilvl]
        counts[ilvl] = lvl.start if count is None else count + 1
        for deeper in range(ilvl + 1, LEVELS):
            dl = levels.get(deeper)
            if dl is None or dl.restart != 0:
                counts[deeper] = None
        text = lvl.text
        for ref in range(LEVELS):
            token = f"%{ref + 1}"
            if token not in text:
                continue
            ref_lvl = levels.get(ref, Level())
            ref_count = counts[ref]
            value = ref_count if ref_count is not None else ref_lvl.start
            fmt = "decimal" if (lvl.is_legal and ref != ilvl) else ref_lvl.fmt
            text = text.replace(token, format_value(value, fmt))
        return text.strip() or None
