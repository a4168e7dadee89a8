"""regex.literal_first: a pattern rewritten so that its alternatives open with a literal finds
exactly what the pattern finds."""

from __future__ import annotations

import random
import re

import pytest

from clausecheck.data import policy
from clausecheck.data.regex import literal_first

SYNTHETIC = [
    r"\bjv\b|joint\s+venture|\bthe\s+state\b",
    r"\blenders?\b|(?:\bborrower|drawdown)\b|[\]a|]x|\b_x",
    r"(\bab)|\bab(c)|\b\w+er\b",
    r"\b(?:ab|cd)\b|\b-\b|\bé\w",
    r"a\|b|\ba[|]b|\\bab",
    r"(?i)\bAB|\bcd",
    r"\bab\b",
]


def _patterns() -> list[str]:
    types = policy.contract_types()
    shipped = [types.title[t] for t in types.order] + [p for p in types.body.values() if p]
    return shipped + SYNTHETIC


def test_rewrites_alternatives_that_open_with_a_boundary():
    assert literal_first(r"\bjv\b|drawdown") == r"j(?<!\w[\s\S])v\b|drawdown"
    assert literal_first(r"(?:\bjv)|\b(x)") == r"(?:\bjv)|\b(x)"  # not top level, not a literal
    assert literal_first(r"[]|]\bx|\by") == r"[]|]\bx|\by"  # a class opening with "]": as is


@pytest.mark.parametrize("pattern", _patterns())
def test_same_matches_on_random_text(pattern):
    old, new = re.compile(pattern), re.compile(literal_first(pattern))
    pieces = [
        "jv", "xjv", "the state", "lender", "lenders", "borrower", "drawdown", "ab", "abc",
        "cd", "é", "éa", "_x", "x", "-", "a-b", "a|b", "]a", "\\ab", " ", "\n", ".", "AB",
        "joint venture", "concession", "distributor", "2", "_", "licensee", "supplier",
    ]  # fmt: skip
    rng = random.Random(pattern)
    for _ in range(400):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert new.findall(text) == old.findall(text), (pattern, text)
        assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
