"""Parties and their defined names, from the preamble and the signature blocks."""

from __future__ import annotations

import re

from clausecheck.structure.definitions import INLINE
from clausecheck.types import Party

_NOT_PARTY_TERMS = {
    "agreement",
    "this agreement",
    "effective date",
    "execution date",
    "closing date",
    "contract",
    "parties",
    "party",
    "amendment",
    "terms",
    "conditions",
    "order",
    "purchase order",
    "services",
    "products",
    "product",
    "territory",
    "term",
    "commencement date",
    "signing date",
    "date hereof",
    "master agreement",
    "supply agreement",
    "llc agreement",
    "plan",
    "act",
    "code",
    "company agreement",
    "original agreement",
    "existing agreement",
    "credit agreement",
    "loan agreement",
    "facility",
}
_ORG_SUFFIX = re.compile(
    r"\b(Inc|Incorporated|Corp|Corporation|LLC|L\.L\.C|Ltd|Limited|plc|PLC|GmbH|AG|S\.A|SA|B\.V|N\.V|"
    r"Co|Company|LP|L\.P|LLP|S\.p\.A|Pty|S\.A\.S|SAS|SARL|S\.r\.l|Bank|Republic|Government|Ministry|"
    r"Authority|State|Kingdom|Trust|Partnership|Group|Holdings)\b\.?",
    re.I,
)
_SPLIT = re.compile(
    r"\b(?:between|among|by\s+and\s+between|by\s+and\s+among|and|with)\b|[;\n]|\(\d\)|\(\w\)\s",
    re.I,
)
_ROLE_WORDS = (
    "buyer",
    "purchaser",
    "customer",
    "client",
    "company",
    "supplier",
    "vendor",
    "seller",
    "manufacturer",
    "contractor",
    "service provider",
    "provider",
    "consultant",
    "distributor",
    "reseller",
    "licensee",
    "licensor",
    "lender",
    "borrower",
    "bank",
    "agent",
    "investor",
    "government",
    "state",
    "member",
    "partner",
    "shareholder",
    "operator",
    "concessionaire",
    "owner",
    "principal",
    "dealer",
    "guarantor",
    "sponsor",
    "developer",
    "producer",
    "party",
)


def find_parties(text: str, preamble_end: int, signature_start: int | None = None) -> list[Party]:
    """Parties named in the preamble with their defined names, in order of appearance."""
    head = text[: min(len(text), max(preamble_end, 400), 6000)]
    parties: list[Party] = []
    seen: set[str] = set()
    for m in INLINE.finditer(head):
        term = m.group("term").strip()
        low = term.lower()
        if low in _NOT_PARTY_TERMS or low in seen or len(term) > 40:
            continue
        name = _name_before(head, m.start())
        if not name:
            continue
        if not (_ORG_SUFFIX.search(name) or any(w in low for w in _ROLE_WORDS) or name.isupper()):
            continue
        seen.add(low)
        parties.append(Party(name=name, defined_as=term, role="other"))
        if len(parties) >= 6:
            break
    return parties


_SUFFIX_CS = re.compile(
    r"\b(?:Inc|INC|Incorporated|INCORPORATED|Corp|CORP|Corporation|CORPORATION|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|"
    r"plc|PLC|GmbH|AG|S\.A|B\.V|N\.V|Co|CO|Company|COMPANY|LP|L\.P|LLP|S\.p\.A|Pty|PTY|SARL|Bank|BANK|"
    r"Group|GROUP|Holdings|HOLDINGS|Trust|TRUST)\b\.?"
    r"|\b(?:THE\s+)?(?:REPUBLIC|KINGDOM|STATE|GOVERNMENT|Republic|Kingdom|State|Government)\s+OF\s+[A-Z][A-Z]+\b"
    r"|\b(?:the\s+)?(?:Republic|Kingdom|State|Government)\s+of\s+[A-Z][a-z]+\b"
)
_CAP_RUN = re.compile(
    r"((?:[A-Z][\w&'’.\-]*|&|of|and|de|la|the)(?:,?\s+(?:[A-Z][\w&'’.\-]*|&|of|and|de|la|the))*)\s*,?\s*$"
)


def _name_by_suffix(window: str) -> str:
    """The organisation name ending at the last company suffix outside parentheses."""
    for m in _SUFFIX_CS.finditer(window):  # the name comes first; addresses and parents follow
        before = window[: m.start()]
        if before.count("(") > before.count(")"):
            continue  # inside "(company number ...)"
        if re.match(r"(?i)(?:the\s+)?(?:republic|kingdom|state|government)\b", m.group(0)):
            return re.sub(r"^(?i:the)\s+", "", m.group(0)).strip()  # a state party: its own name
        run = _CAP_RUN.search(before.rstrip())
        if not run:
            continue
        words = run.group(1).strip()
        words = re.sub(r"^(?:and|of|the|de|la)\s+", "", words)
        words = (
            re.split(r"\b(?:between|among|and|by)\s+(?=[A-Z])", words)[-1]
            if " between " in f" {words} "
            else words
        )
        name = f"{words} {m.group(0)}".strip(" ,")
        if 3 <= len(name) <= 120:
            return re.sub(r"\s+", " ", name)
    return ""


def _name_before(text: str, pos: int) -> str:
    window = text[max(0, pos - 400) : pos]
    for sep in ("(1)", "(2)", "(3)", " between ", " BETWEEN ", ";", '")', "”)"):
        if sep in window:
            window = window[window.rfind(sep) + len(sep) :]
    by_suffix = _name_by_suffix(window)
    if by_suffix:
        return by_suffix
    pieces = [p for p in _SPLIT.split(window) if p and p.strip(' ,:"“”\n')]
    for cand in reversed(pieces):
        cand = cand.strip(' ,:"“”\n')
        cand = re.sub(r"^(the|THE)\s+", "", cand)
        if not cand[:1].isupper() or re.match(
            r"^(Its|It|A|An|Having|Whose|With|Which|Located|Registered)\b", cand
        ):
            continue
        m = _ORG_SUFFIX.search(cand)
        cand = cand[: m.end()] if m else cand.split(",")[0]
        cand = re.sub(r"\s+", " ", cand).strip(" ,.")
        if 2 <= len(cand) <= 120:
            return cand
    return ""
