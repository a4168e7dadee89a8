"""Clause-number markers: recognise them and order them ("1.2", "(a)", "(iv)", "Article IV")."""

from __future__ import annotations

import re
from dataclasses import dataclass

KEYWORDS = (
    "ARTICLE",
    "SECTION",
    "CLAUSE",
    "SCHEDULE",
    "EXHIBIT",
    "ANNEX",
    "APPENDIX",
    "PART",
    "ATTACHMENT",
    "ADDENDUM",
)
ATTACHMENT_WORDS = {"SCHEDULE", "EXHIBIT", "ANNEX", "APPENDIX", "ATTACHMENT", "ADDENDUM"}
_KW = "|".join(k + "|" + k.title() for k in KEYWORDS)

MARKER = re.compile(
    rf"""(?P<kw>(?:{_KW})\s+(?P<kwnum>\d{{1,3}}(?:\.\d{{1,3}})*|[IVXLC]{{1,7}}|[A-Z])\b\.?)
      | (?P<dec>\d{{1,3}}(?:\.\d{{1,3}}){{0,4}})(?P<decdot>\.?)(?:(?=[\s\u2003])|(?<=\.)(?=[A-Z]))
      | \((?P<paren>[a-z]{{1,4}}|[A-Z]{{1,3}}|\d{{1,2}})\)(?=\s)
      | (?P<letter>[A-Z])\.(?=\s+[A-Z"“])
    """,
    re.X,
)
_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_ROMAN = re.compile(r"^(c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")


def roman_value(s: str) -> int | None:
    s = s.lower()
    if not s or not _ROMAN.match(s):
        return None
    total = 0
    for i, ch in enumerate(s):
        v = _ROMAN_VALUES[ch]
        nxt = _ROMAN_VALUES[s[i + 1]] if i + 1 < len(s) else 0
        total += -v if v < nxt else v
    return total


def alpha_value(s: str) -> int | None:
    s = s.lower()
    if len(set(s)) != 1:
        return None
    return (ord(s[0]) - ord("a") + 1) + 26 * (len(s) - 1)


@dataclass(frozen=True)
class Marker:
    text: str  # as printed, e.g. "12.3", "(a)", "ARTICLE IV"
    kind: str  # kw:<word> | dec<depth> | alpha | ALPHA | roman | ROMAN | digit | letter
    value: tuple[int, ...]  # for ordering: (12, 3) or (1,)
    alt: tuple[str, int] | None = None  # ambiguous "(i)": alpha or roman
    start: int = 0
    end: int = 0

    @property
    def is_attachment(self) -> bool:
        return self.kind.startswith("kw:") and self.kind[3:] in ATTACHMENT_WORDS


def classify(m: re.Match[str], offset: int = 0) -> Marker | None:
    text = m.group(0).strip()
    start, end = offset + m.start(), offset + m.end()
    if m.group("kw"):
        word = m.group("kw").split()[0].upper()
        num = m.group("kwnum")
        if num.isdigit() or "." in num:
            value = tuple(int(p) for p in num.split("."))
        elif roman_value(num) is not None and (len(num) > 1 or num in "IVX"):
            value = (roman_value(num) or 0,)
        else:
            value = (alpha_value(num) or 0,)
        return Marker(text.rstrip("."), f"kw:{word}", value, start=start, end=end)
    if m.group("dec"):
        parts = m.group("dec").split(".")
        return Marker(
            m.group("dec"), f"dec{len(parts)}", tuple(int(p) for p in parts), start=start, end=end
        )
    if m.group("paren"):
        p = m.group("paren")
        if p.isdigit():
            return Marker(text, "digit", (int(p),), start=start, end=end)
        rv, av = roman_value(p), alpha_value(p)
        lower = p.islower()
        if rv is not None and av is not None:
            # "(i)", "(v)", "(x)", "(c)": decided by context in the parser
            return Marker(
                text,
                "alpha" if lower else "ALPHA",
                (av,),
                ("roman" if lower else "ROMAN", rv),
                start=start,
                end=end,
            )
        if rv is not None:
            return Marker(text, "roman" if lower else "ROMAN", (rv,), start=start, end=end)
        if av is not None:
            return Marker(text, "alpha" if lower else "ALPHA", (av,), start=start, end=end)
        return None
    if m.group("letter"):
        return Marker(text, "letter", (alpha_value(m.group("letter")) or 0,), start=start, end=end)
    return None


def is_next(prev: tuple[int, ...], cur: tuple[int, ...]) -> bool:
    """Is ``cur`` the number that follows ``prev`` at the same level (allowing one gap)?"""
    if len(prev) != len(cur) or not cur:
        return False
    return prev[:-1] == cur[:-1] and 0 < cur[-1] - prev[-1] <= 2
