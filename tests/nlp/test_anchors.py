"""Anchored cue search finds what a full scan finds, only faster."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clausecheck.nlp import anchors


@pytest.mark.parametrize(
    "pattern, expected",
    [
        (r"(?:mutual(?:ly)?\s+agree|by\s+mutual)", {"mutual", "by"}),
        (r"right\s+to\s+audit", {"right"}),
        (r"(?:audit|inspect)(?:s|ed)?\b", {"audit", "inspect"}),
        (r"terminat(?:e|es)\s+for", {"terminate"}),  # the parser factors "e|es" into e(?:|s)
        (r"(?:a|an)\s+(?:b|c)", {"a"}),
        (r"(?:a|b)c", {"ac", "bc"}),  # parsed as the class [ab]
        (r"[sz]ome", {"some", "zome"}),
    ],
)
def test_prefixes_are_read_from_the_pattern(pattern, expected):
    assert anchors.prefixes(re.compile(pattern)) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"[a-c]d",  # a range first
        r"[^a]b",  # a negated class first
        r"\s+shall",  # whitespace first
        r"(?:x|\d)w",  # one alternative without a literal
        r"(?i:Audit)",  # an inline flag changes what a literal matches
        r"(?:-|a)b",  # a prefix must start with a letter or digit
        r"a?bc",  # an optional first character
    ],
)
def test_unknown_prefixes_mean_a_full_scan(pattern):
    assert anchors.prefixes(re.compile(pattern)) is None


WORDS = [
    "audit",
    "audits",
    "reaudit",
    "may",
    "mayor",
    "by",
    "bylaw",
    "mutual",
    "mutually",
    "agree",
    "inspect",
    "right",
    "rights",
    "to",
    "the",
    "supplier",
    "_audit",
    "a1",
    "3rd",
]
SEPARATORS = [" ", "  ", ", ", ". ", "\n", "-", "(", ")", "_", "é"]
PATTERNS = [
    r"(?:audit|inspect)\w*",
    r"may\s+(?:audit|inspect)",
    r"mutual(?:ly)?\s+agree\w*",
    r"rights?\s+to\s+(?:audit|inspect)",
    r"(?:by|may)\b[^.;]{0,20}\baudit",
    r"a1|3rd",
]


def _reference(rx, text):
    """The full scan as detect.py did it: finditer, then keep matches at a word start."""
    return [
        m.start()
        for m in rx.finditer(text)
        if m.start() == 0 or not (text[m.start() - 1].isalnum() or text[m.start() - 1] == "_")
    ]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPARATORS)), max_size=60))
def test_anchored_search_matches_the_full_scan(parts):
    text = "".join(w + s for w, s in parts)
    words = anchors.WordStarts(text)
    for pattern in PATTERNS:
        rx = re.compile(pattern)
        starts = anchors.prefixes(rx)
        assert starts is not None, pattern
        found = [m.start() for m in words.finditer(rx, starts)]
        reference = _reference(rx, text)
        # every full-scan hit is found; anything more is a genuine match at a word start that
        # the full scan skipped because a match inside a word had consumed the text
        assert set(reference) <= set(found), pattern
        for at in set(found) - set(reference):
            assert rx.match(text, at) and (
                at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")
            )
        assert found == sorted(found)


def test_the_shipped_cues_are_nearly_all_anchored(engine):
    anchored = [key for key, pattern in engine.cues.regex if pattern.starts]
    assert len(anchored) >= 0.9 * len(engine.cues.regex)


@pytest.mark.parametrize(
    "pattern, text, expected",
    [
        (
            r"\bAudit\w*",
            "Re-audit. AUDITS and reaudit, audit_x",
            [3, 10, 30],
        ),  # "reaudit" is not a word start
        (r"\bmay\s+inspect", "Buyer MAY  Inspect; dismay inspect", [6]),
        (r"[0-9]+ days", "within 30 days, 40 Days", [7]),  # no re.I: the original text, unanchored
        (r"(?:x|\d)\s+days", "within 30 DAYS", [8]),  # re.I but no leading \b: full scan
    ],
)
def test_prepared_patterns_search_the_original_offsets(pattern, text, expected):
    flags = 0 if pattern.startswith("[0-9]") else re.I
    prepared = anchors.prepare(re.compile(pattern, flags))
    found = [m.start() for m in anchors.WordStarts(text).search(prepared)]
    assert found == expected
    assert found == [
        m.start()
        for m in re.compile(pattern, flags).finditer(text)
        if not prepared.word_start or m.start() == 0 or not text[m.start() - 1].isalnum()
    ]


def test_lower_keeps_offsets():
    text = "\u0130stanbul AUDIT"  # str.lower() would lengthen the first character
    assert len(anchors.lower(text)) == len(text) and anchors.lower(text).endswith("audit")


def _word_starts_by_loop(text: str, prefix: str) -> list[int]:
    """The word index as a loop over \\w+ matches built it: (first three characters -> starts)."""
    import itertools
    import re

    index: dict[str, list[int]] = {}
    for m in re.finditer(r"\w+", text):
        index.setdefault(text[m.start() : m.start() + 3], []).append(m.start())
    if len(prefix) >= 3:
        found = index.get(prefix[:3], [])
        return [p for p in found if text.startswith(prefix, p)] if len(prefix) > 3 else found
    return sorted(
        itertools.chain.from_iterable(v for k, v in index.items() if k.startswith(prefix))
    )


def test_vectorised_word_index_equals_the_loop():
    """WordStarts.of gives the starts the per-word loop gave, for prefixes of one to five
    characters, on random text with non-ASCII letters and digits, a lone surrogate, underscores,
    short words at the end and punctuation keys ("a b", "x.")."""
    import random

    pieces = [
        "the ", "then", "th", "t", "a", "ab", "abc", "abcd", " ", "\n", ".", ",", "_", "_x",
        "é", "été", "ß", "Ⅻ", "²", "٣", "\ud800", "x.", "12", "1", "Tab", "ABC", "ǅ", "-",
    ]  # fmt: skip
    prefixes = ["t", "th", "the", "then", "a", "ab", "abc", "abcd", "é", "ét", "été", "_",
                "_x", "1", "12", "x", "ß", "ⅻ", "٣", "x.", "a b"]  # fmt: skip
    rng = random.Random(3)
    for _ in range(1500):
        original = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        words = anchors.WordStarts(original)
        for prefix in prefixes:
            assert words.of(prefix) == _word_starts_by_loop(words.text, prefix), (original, prefix)
