"""Defined terms: '"X" means ...', '(the "Supplier")', definitions sections."""

from __future__ import annotations

import re

_Q = "\"“”'‘’"
MEANS = re.compile(
    r"[\"“]\s*(?P<term>[A-Z0-9][^\"“”\n]{0,80}?)\s*[\"”]\s*"
    r"(?:,?\s*(?:as used herein|in this agreement),?\s*)?"
    r"(?:shall\s+have\s+the\s+meaning|has\s+the\s+meaning|shall\s+mean|means|mean|includes|shall\s+include|refers\s+to|is\s+defined|:)",
)
INLINE = re.compile(
    r"\(\s*(?:each\s+(?:a|an)\s+|each,?\s+|collectively,?\s+|together,?\s+|individually,?\s+)?"
    r"(?:the\s+|this\s+|a\s+|an\s+|hereinafter\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|herein\s+(?:referred\s+to\s+as\s+|called\s+)?(?:the\s+)?|referred\s+to\s+as\s+(?:the\s+)?)?"
    r"[\"“](?P<term>[A-Za-z0-9&][^\"“”\n]{0,60}?)[\"”](?:\s*(?:or|and)\s+(?:the\s+)?[\"“][^\"“”]{1,60}[\"”])?[^)]{0,40}?\)",
)
_SENTENCE_END = re.compile(r"(?<=[.;])\s+(?=[A-Z\"“(\d])|\n\n")


def find_definitions(text: str) -> dict[str, tuple[int, int]]:
    """Defined term -> span of its definition (the defining sentence)."""
    out: dict[str, tuple[int, int]] = {}
    means = list(MEANS.finditer(text))
    for i, m in enumerate(means):
        term = _norm(m.group("term"))
        if not term or term in out:
            continue
        end = _sentence_end(text, m.end())
        if i + 1 < len(means):
            end = min(end, means[i + 1].start())  # a definition ends where the next begins
        out[term] = (m.start(), end)
    for m in INLINE.finditer(text):
        term = _norm(m.group("term"))
        if not term or term in out:
            continue
        start = _sentence_start(text, m.start())
        out[term] = (start, _sentence_end(text, m.end()))
    return out


def _norm(term: str) -> str:
    return re.sub(r"\s+", " ", term.strip(" ,.;:" + _Q))


def _sentence_end(text: str, pos: int) -> int:
    m = _SENTENCE_END.search(text, pos, min(len(text), pos + 3000))
    return m.start() if m else min(len(text), pos + 3000)


def _sentence_start(text: str, pos: int) -> int:
    lo = max(0, pos - 1500)
    last = lo
    for m in _SENTENCE_END.finditer(text, lo, pos):
        last = m.end()
    return last
