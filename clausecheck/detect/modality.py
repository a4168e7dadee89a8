"""Modality of a sentence (specification §2.3-2.4): binding duty, right, representation,
efforts, aspiration, inform-only, or negated."""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from clausecheck.nlp import anchors

_NEGATED = re.compile(
    r"\bnothing\s+(?:in\s+this\s+\w+|herein|contained\s+herein)[^.;]{0,60}?\b(?:(?:shall|will|is\s+intended\s+to)\s+(?:require|oblige|obligate|entitle|permit|be\s+construed)|requires|obliges|entitles|permits|obligates)"
    r"|\b(?:shall|will)\s+not\s+be\s+(?:obliged|obligated|required|entitled)\s+to\b"
    r"|\bis\s+not\s+(?:obliged|obligated|required|entitled)\s+to\b|\bno\s+(?:obligation|right)\s+to\b"
    r"|\bnot\s+(?:be\s+)?entitled\s+to\b|\bin\s+no\s+event\s+shall\b[^.;]{0,40}\bhave\s+(?:the\s+)?right",
    re.I,
)
_EFFORTS = re.compile(
    r"\b(?:best|reasonable|commercially\s+reasonable|all\s+reasonable|good[\s-]faith|diligent|reasonable\s+commercial)\s+(?:efforts|endeavou?rs)\b"
    r"|\b(?:shall|will|must|agrees?\s+to|undertakes?\s+to)\s+(?:\w+\s+){0,2}(?:endeavou?r|seek|strive)\s+to\b"
    r"|\buse\s+(?:its|their)\s+efforts\b",
    re.I,
)
_ASPIRATION = re.compile(
    r"\bshould\b|\b(?:is|are)\s+(?:strongly\s+)?encouraged\b|\bencourages?\b|\bexpects?\b|\baims?\s+to\b"
    r"|\b(?:supports?|is\s+committed\s+to|are\s+committed\s+to|aspires?\s+to|will\s+consider|shall\s+consider)\b",
    re.I,
)
_INFORM = re.compile(
    r"\b(?:alert|inform|make\s+(?:\w+\s+)?aware|acknowledges?\s+(?:receipt|that\s+it\s+has\s+(?:received|read))|has\s+read|have\s+read|draw\s+(?:\w+\s+)?attention)\b",
    re.I,
)
_REP = re.compile(
    r"\b(?:represents?|warrants?|certif(?:y|ies|ied)|confirms?)\b|\b(?:has|have)\s+not\b", re.I
)
_RIGHT = re.compile(
    r"\bmay\b|\b(?:shall|will)\s+have\s+the\s+right\b|\bhave\s+the\s+right\b|\bhas\s+the\s+right\b|\bentitled\s+to\b|\bright\s+to\b"
    r"|\bupon\s+(?:\w+[^\w.;]+){0,2}request\b|\bon\s+(?:\w+[^\w.;]+){0,2}request\b|\bat\s+(?:the\s+)?request\b|\bif\s+requested\b|\bas\s+requested\b",
    re.I,
)
_BINDING = re.compile(
    r"\bshall\b|\bmust\b|\bwill\b|\bagrees?\b|\bundertakes?\b|\bcovenants?\b|\bprocures?\b|\bis\s+(?:obliged|obligated|required)\b"
    r"|\bare\s+(?:obliged|obligated|required)\b|\bobligations?\s+to\b|\bis\s+responsible\s+for\b|\bensures?\b",
    re.I,
)
_PROHIBIT = re.compile(
    r"\b(?:shall|will|must|may)\s+not\b|\bprohibited\b|\bnot\s+permitted\b|\bshall\s+neither\b|\bno\s+\w+\s+shall\b",
    re.I,
)


# "shall", "must", ... anywhere: a binding sentence with an aspiration stays binding
_FIRM = re.compile(r"\b(?:shall|must|agrees?|undertakes?|covenants?)\b", re.I)


class _Patterns(NamedTuple):
    negated: re.Pattern[str]
    efforts: re.Pattern[str]
    aspiration: re.Pattern[str]
    inform: re.Pattern[str]
    rep: re.Pattern[str]
    right: re.Pattern[str]
    binding: re.Pattern[str]
    prohibit: re.Pattern[str]
    firm: re.Pattern[str]


_PLAIN = _Patterns(
    _NEGATED, _EFFORTS, _ASPIRATION, _INFORM, _REP, _RIGHT, _BINDING, _PROHIBIT, _FIRM
)


@functools.lru_cache(maxsize=1)
def _on_lower() -> _Patterns | None:
    """The patterns without re.I, for the lower-cased sentence (``anchors.caseless``: the same
    matches at the same offsets, about twice as fast); None if one of them does not qualify."""
    fast = [anchors.caseless(rx) for rx in _PLAIN]
    if any(rx is None for rx in fast):
        return None
    return _Patterns(*fast)  # type: ignore[arg-type]


_calls = [0]
_WARM_CALLS = 500  # the fast patterns cost ~2 ms to prove and build: not for a small contract


def classify(text: str) -> str:
    """One of negated, efforts, aspiration, inform, rep, right, binding, none."""
    if _calls[0] < _WARM_CALLS:  # a cold scan of a small contract keeps the plain patterns
        _calls[0] += 1
        return _classify(text, _PLAIN)
    fast = _on_lower()
    low = anchors.lowered(text) if fast is not None else None
    if fast is not None and low is not None:
        return _classify(low, fast)
    return _classify(text, _PLAIN)


def _classify(text: str, rx: _Patterns) -> str:
    neg = rx.negated.search(text)
    if neg:
        # A negation governs the sentence only if it comes before any positive duty or right
        # ("... Company shall be entitled to terminate, in which case it has no obligation to pay").
        head = text[: neg.start()]
        if not (rx.binding.search(head) or rx.right.search(head)):
            return "negated"
    efforts = rx.efforts.search(text)
    if efforts:
        # "shall use reasonable efforts" is efforts; another binding verb elsewhere keeps it binding
        # the verb the efforts govern ("efforts to ensure") is not a separate binding duty
        rest = text[: max(0, efforts.start() - 30)] + " " + text[efforts.end() + 15 :]
        binding_elsewhere = bool(rx.binding.search(rest))
        if not binding_elsewhere:
            return "efforts"
    if rx.prohibit.search(text):
        return "binding"
    if rx.binding.search(text):
        if rx.aspiration.search(text) and not rx.firm.search(text):
            return "aspiration"
        return "binding"
    if rx.rep.search(text):
        return "rep"
    if rx.right.search(text):
        return "right"
    if rx.aspiration.search(text):
        return "aspiration"
    if rx.inform.search(text):
        return "inform"
    return "none"


def is_soft(modality: str) -> bool:
    return modality in ("efforts", "aspiration", "inform")
