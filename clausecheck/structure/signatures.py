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
    rf"(?<![A-Za-z])(?P<name>[A-Z][A-Z0-9&'’.,\-/()]*(?:[ \t]+{_CAPS_WORD}){{0,10}})\s*"
    r"(?P<mark>By\s*:|/s/)"
)
# "Alder Partners I, LLC    By: /s/ ...": a name and its signature on one line
_NAME_THEN_MARK = re.compile(r"(?m)^[ \t]*(?P<name>[A-Z0-9][^\n]{1,90}?)[ \t]+(?:By\s*:|/s/)")
# a page whose line breaks became wide gaps: "   Alder Fund L.P.      By: ..." / "   Date: ..."
_COLUMN_NAME = re.compile(
    r"(?m)(?:^|(?<=\s{3}))(?P<name>[A-Z0-9](?:(?![ \t]{3})[^\n]){1,90}?)[ \t]{3,}"
    r"(?=(?:By|Date)\s*:)"
)
_PARTICLES = {"of", "and", "&", "for", "de", "du", "der", "von", "van"}
_MARK_AFTER = re.compile(r"(?i)\bby\s*:|/s/|signature|_{4,}")


def signature_block(text: str) -> str:
    """The text of the first signature block ('' when there is none)."""
    m = _WITNESS[0].search(text) or _WITNESS[1].search(text)
    if m is None and len(text) <= _SHORT:
        m = _UNDERSIGNED.search(text)
        if m is None:  # a short filing that is little but its signatures
            return text
    return text[m.end() : m.end() + _BLOCK] if m else ""


# a registration number or a form after a signatory's name: "(128740-P)", "(publ)"
_REGISTRATION = re.compile(r"\s*\((?:[\d\-A-Z]{4,}|publ)\)\s*$")


def signing_names(
    block: str,
    is_name: Callable[[str], bool],
    is_signed_name: Callable[[str], bool] | None = None,
) -> list[str]:
    """Names of the signing organisations in a signature block, in order, each once. A name
    after "For and on behalf of" with a signature line ("By:") under it is tested with
    is_signed_name when given (the line itself says an organisation signs), else is_name."""
    suffix = policy.party_words().suffix
    found: list[tuple[int, str, bool]] = []
    for line in _SIGNER.finditer(block):
        after = block[line.end() : line.end() + 160]
        if _MARK_AFTER.search(after):
            for column in re.split(r"[ \t]{3,}", line.group(0)):  # two columns on one line
                for part in _split_after_suffix(column, suffix):
                    found.append((line.start(), part, False))
    for m in _COLUMN_NAME.finditer(block):
        found.append((m.start(), m.group("name"), False))
    for m in _NAME_THEN_MARK.finditer(block):
        for part in _split_after_suffix(m.group("name"), suffix):  # two columns on one line
            found.append((m.start(), part, False))
    for m in _ON_BEHALF.finditer(block):
        name = re.split(r"\s{3,}|\s*\bBy\s*:", m.group("name"))[0]
        rest = m.group("name")[len(name) :] + block[m.end() : m.end() + 80]
        signed = bool(re.match(r"(?i)\s*(?:By\s*:|/s/|_{4,}|signature\b)", rest))
        found.append((m.start(), _REGISTRATION.sub("", name.strip(" ,;:")), signed))
    for m in _CAPS_BEFORE.finditer(block):
        for part in _split_after_suffix(m.group("name"), suffix):
            found.append((m.start(), part, False))
    out: list[str] = []
    for _, raw, signed in sorted(found):
        name = raw.strip(" ,;:")
        short = re.search(r"\s*\([A-Za-z][\w .]{0,30}\)$", name)
        if short and suffix.search(name[: short.start()][-12:] + " "):
            name = name[: short.start()]  # "KESTREL CORPORATION(Kestrel)": its short name
        test = is_signed_name if signed and is_signed_name is not None else is_name
        if test(name) and not any(_key(name) == _key(o) for o in out):
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
