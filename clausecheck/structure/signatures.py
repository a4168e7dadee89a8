"""The organisations that sign a contract, read from its signature block: a name on its own
line above "By:", a name after "For and on behalf of", or a capitalised name run into the line
before "By:" or "/s/" (signature pages whose line breaks were lost)."""

from __future__ import annotations

import re
from collections.abc import Callable

from clausecheck.data import policy

# where the signature block starts, surest first ("agreed to by" also occurs in the body)
_WITNESS = (
    re.compile(r"(?i)in\s+(?:witness|evidence)\s+where(?:of|for)"),
    re.compile(r"(?i)signature\s+page|agreed\s+(?:and\s+accepted|to)\s+by"),
)
# a short filing signed by "the undersigned" has no witness clause
_UNDERSIGNED = re.compile(r"(?i)\bthe\s+undersigned\b")
_SHORT = 6000
_BLOCK = 12000
_SIGNER = re.compile(r"(?m)^[ \t]*(?:[A-Z][^\n]{1,90}?)[ \t]*$")
_ON_BEHALF = re.compile(r"(?i:(?:for\s+and\s+)?on\s+behalf\s+of)\s+(?P<name>[^\n]{2,100})")
_CAPS_WORD = r"(?:[A-Z0-9][A-Z0-9&'’.,\-/()]*|&)"
_CAPS_BEFORE = re.compile(
    rf"(?P<name>[A-Z][A-Z0-9&'’.,\-/()]*(?:[ \t]+{_CAPS_WORD}){{0,10}})\s*(?P<mark>By\s*:|/s/)"
)
_PARTICLES = {"of", "and", "&", "for", "the", "de", "du", "der", "von", "van"}
_MARK_AFTER = re.compile(r"(?i)\bby\s*:|/s/|signature|_{4,}")


def signature_block(text: str) -> str:
    """The text of the first signature block ('' when there is none)."""
    m = _WITNESS[0].search(text) or _WITNESS[1].search(text)
    if m is None and len(text) <= _SHORT:
        m = _UNDERSIGNED.search(text)
    return text[m.end() : m.end() + _BLOCK] if m else ""


def signing_names(block: str, is_name: Callable[[str], bool]) -> list[str]:
    """Names of the signing organisations in a signature block, in order, each once."""
    suffix = policy.party_words().suffix
    found: list[tuple[int, str]] = []
    for line in _SIGNER.finditer(block):
        after = block[line.end() : line.end() + 160]
        if _MARK_AFTER.search(after):
            found.append((line.start(), line.group(0)))
    for m in _ON_BEHALF.finditer(block):
        name = re.split(r"\s{3,}|\s*\bBy\s*:", m.group("name"))[0]
        found.append((m.start(), name))
    for m in _CAPS_BEFORE.finditer(block):
        for part in _split_after_suffix(m.group("name"), suffix):
            found.append((m.start(), part))
    out: list[str] = []
    for _, raw in sorted(found):
        name = raw.strip(" ,;:")
        if is_name(name) and not any(_key(name) == _key(o) for o in out):
            out.append(name)
    return out


def _split_after_suffix(run: str, suffix: re.Pattern[str]) -> list[str]:
    """'ALPHA FUND L.P. BETA GP LLC' -> both names: a capitalised run splits after a legal-form
    suffix that the next word does not continue."""
    parts, start = [], 0
    tokens = list(re.finditer(r"\S+", run))
    for i, tok in enumerate(tokens):
        word = tok.group(0).rstrip(",")
        nxt = tokens[i + 1].group(0).rstrip(",") if i + 1 < len(tokens) else None
        if (
            suffix.fullmatch(word)
            and nxt is not None
            and not suffix.fullmatch(nxt)
            and not nxt.startswith("(")
            and nxt.lower() not in _PARTICLES  # "BANK OF AMERICA CORPORATION"
            and len(run[start : tok.end()].split()) >= 2
        ):
            parts.append(run[start : tok.end()])
            start = tokens[i + 1].start()
    parts.append(run[start:])
    return [p for p in parts if p.strip()]


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())
