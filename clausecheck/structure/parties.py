"""Parties and their defined names, from the preamble and the signature blocks."""

from __future__ import annotations

import difflib
import re

from clausecheck.data import policy
from clausecheck.structure.definitions import INLINE
from clausecheck.structure.signatures import signature_block, signing_names
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
    """Parties named in the preamble with their defined names, in order of appearance.

    The party list after "between" / "among" / "entered into by" is read first; the defined
    terms of the preamble (before any recital) fill in when it names fewer than two parties.
    """
    limit = min(len(text), max(preamble_end, 3000), 8000)
    found = _find(text, 0, limit)
    if not found:
        # a table of contents or a cover page before the preamble: read from its opening
        # sentence ("This Agreement is made ... between") when the first page names no party
        later = _PREAMBLE.search(text, limit, _PREAMBLE_REACH) or _ANCHOR.search(
            text, limit, _PREAMBLE_REACH
        )
        if later:
            found = _find(text, later.start(), min(len(text), later.start() + 8000))
    return found


def _find(text: str, start: int, limit: int) -> list[Party]:
    """The parties of find_parties, read from the preamble in text[start:limit]."""
    words = policy.party_words()
    labelled = _labelled(text, limit, words)
    if len(labelled) >= 2:  # "Party A: Alder Internet Co., Ltd." on a line of its own
        return labelled
    parties: list[Party] = []
    anchors = [
        *_ANCHOR.finditer(text, start, limit),
        *_PARTIES_HEADING.finditer(text, start, limit),
    ]
    if not anchors:  # "A, a ... corporation, and B Ltd. hereby enter into / agree as follows"
        verb = _SUBJECTS_VERB.search(text, start, limit)
        line = text.rfind("\n", start, verb.start()) if verb else -1
        subjects = _SUBJECTS.match(text, max(line + 1, start)) if verb else None
        if subjects:
            anchors.append(subjects)
    complete = False
    for anchor in sorted(anchors, key=lambda a: a.start())[:4]:
        for party in _listed(text, anchor.end(), words):
            known = next((i for i, p in enumerate(parties) if _same(party, p)), None)
            if known is None and not complete:
                parties.append(party)
            elif known is not None and parties[known].defined_as is None and party.defined_as:
                parties[known] = party  # a cover page names it; the preamble defines it
        # two parties end the list; a later list may still define the names a cover page gave
        complete = complete or len(parties) >= 2
        if complete and all(p.defined_as for p in parties):
            break
    if len(parties) < 2:
        head = text[start:limit]
        defined = _by_definitions(head, len(head), words)
        for party in defined + _referred_to(head, len(head), words):
            if sum(q.defined_as == party.defined_as for q in defined) > 1:
                # 'A, Inc. and B, Inc. (collectively "B")': members of one defined name
                if not any(_same(party, p) for p in parties):
                    parties.append(party)
                continue
            short = _plain(party.defined_as or "")
            owner = next(
                (i for i, p in enumerate(parties) if short and short == _core(p.name, words)), None
            )
            listed = next((i for i, p in enumerate(parties) if _same(party, p)), None)
            owner = owner if owner is not None else listed
            if owner is not None:  # '"VELKOR"' is the short name of "Velkor, Inc."
                # the party list named it, a later "(hereinafter "EIT")" defines it: one
                # defined name is one party's, no second party takes it
                if parties[owner].defined_as is None:
                    parties[owner] = Party(parties[owner].name, party.defined_as, "other")
            elif not any(_same_defined(party, p) for p in parties):
                parties.append(party)
    elsewhere = _listed_elsewhere(text, limit, words)
    if elsewhere is not None:  # "among the persons listed on Schedule A (collectively, "X")"
        parties = [p for p in parties if not ({p.name, p.defined_as} & elsewhere)]
    if len(parties) < 2 or elsewhere is not None:
        for party in _signatories(text, words):
            if not any(
                _same(party, p) or _same_defined(party, p) or _near(party, p, words)
                for p in parties
            ):
                parties.append(party)
    elif not _two_announced(text, anchors, parties):
        # the organisations that sign are parties too ("Acknowledged by the Borrowers")
        named = list(parties)
        for party in _signatories(text, words):
            if not any(
                _same(party, p) or _same_defined(party, p) or _near(party, p, words)
                for p in parties
            ) and not any(_alike(party, p, words) for p in named):
                if _mentioned(party.name, text):  # a party the contract introduces
                    parties.append(party)
    kept = [
        p
        for p in _tidied(parties, words)
        if p.defined_as == p.name or not _common_word(p.name, text, words)  # a form's blank
    ]
    return _without_joined(kept, text)[:_MANY]


# a preamble whose parties are the subject of its verb: "A, a Velandia corporation, and B Ltd.
# hereby enter into this Agreement", "..., agree as follows"
_SUBJECTS_VERB = re.compile(r"\s(?:hereby\s+)?(?:enter\s+into\s+this|agree\s+as\s+follows)\b")
_SUBJECTS = re.compile(r"[ \t]*(?:[A-Z][A-Z \t]{3,80}?AGREEMENT\b[ \t]*)?")
# the opening sentence of a preamble: "This Agreement is made and entered into ... by and between"
_PREAMBLE = re.compile(
    r"(?i)\bthis\s+(?:[\w\-]+\s+){0,5}?agreement\b[^.;]{0,200}?\b(?:is\s+)?"
    r"(?:made|entered\s+into|executed|concluded)\b[^.;]{0,300}?\b(?:between|among)\b"
)
_PREAMBLE_REACH = 40000


def _common_word(name: str, text: str, words: policy.PartyWords) -> bool:
    """A one-word name without a legal form that the contract writes as an ordinary word in
    prose ("DISTRIBUTION" beside "the distribution of the Shares"): a heading, not a party. A
    real one-word name ("Velkor") is not written in lower case after another word."""
    tokens = name.strip(" .,;:").split()
    if len(tokens) != 1 or words.suffix.search(name) or not tokens[0].isalpha():
        return False
    low = tokens[0].lower()
    return len(re.findall(rf"\b[a-z]+\s+{re.escape(low)}\b(?![.@/\-]\w)", text)) >= 2


def _two_announced(text: str, anchors: list[re.Match[str]], parties: list[Party]) -> bool:
    """The preamble's grammar announces two parties ("between A and B") and both are found: a
    further organisation in the signature block signs for one of them or acknowledges, it is
    not a third party ("among" announces any number)."""
    if not anchors or len(_without_joined(_tidied(parties, policy.party_words()), text)) != 2:
        return False
    first = min(anchors, key=lambda a: a.start())
    return re.search(r"(?i)\bbetween\b", first.group(0)) is not None


def _mentioned(name: str, text: str) -> bool:
    """The name is written in the contract before its signature block."""
    block = signature_block(text)
    end = text.find(block[:200]) if block else len(text)
    body = text[: end if end > 0 else len(text)]
    pattern = r"[\s,]+".join(re.escape(w) for w in re.sub(r"[,]", " ", name).split())
    return re.search(pattern, body, re.I) is not None


_MANY = 60  # a consortium or a joint filing can have dozens of parties

# a preamble that names its parties elsewhere: "the Parties signatory hereto", "the persons
# listed on Schedule A", "the entities set forth on the signature pages"
_ELSEWHERE = re.compile(
    r"(?i)\b(?:signator(?:y|ies)\s+(?:hereto|to\s+this)|whose\s+names\s+appear|"
    r"(?:listed|named|identified|set\s+(?:forth|out))\s+(?:on|in)\s+(?:the\s+)?"
    r"(?:Schedule|Annex|Appendix|Exhibit|Attachment|signature\s+page(?:s|\(s\))?))"
)
_COLLECTIVE = re.compile(r"(?i)\bcollectively,?\s+(?:the\s+)?[\"“]([^\"”\n]{1,60})[\"”]")


def _listed_elsewhere(text: str, limit: int, words: policy.PartyWords) -> set[str | None] | None:
    """When the preamble says its parties are listed elsewhere (a schedule, the signature
    pages), the collective names it gives them ("ValueAct Group"), which are no party's name;
    None when it lists them itself."""
    head = text[:limit]
    stop = words.recital.search(head, 200)
    head = head[: stop.start()] if stop else head
    m = next(
        (
            e
            for a in _ANCHOR.finditer(head)
            if (e := _ELSEWHERE.search(head, a.end(), a.end() + 200))
        ),
        None,
    )
    if m is None:
        return None
    near = head[m.start() : m.end() + 200]
    return {c.strip(" ,.") for c in _COLLECTIVE.findall(near)}


# a party introduced by its label at the start of a line: "Party A: NAME", "Party B：NAME", or
# the label on a line of its own over the name
_LABEL = re.compile(
    r"(?m)(?:^|(?<=\S[ \t]{3}))[ \t]*(?P<label>Party\s+[A-H1-8]|(?:First|Second|Third)\s+Party|"
    r"Party\s+(?:One|Two|Three))[ \t]*[:：][ \t]*(?:\n[ \t]*){0,2}"
    r"(?P<name>(?:(?![ \t]{3}Party\s)[^\n]){2,160})"
)
# where a labelled name ends: an address, a second column, a name in another script
_LABEL_END = re.compile(
    r"(?i)\s{2,}|\s*\(\s*[\"“]|\s*\((?=[^)]*[^\x00-\x7f])|[^\x00-\x7f]|\b(?:registration\s+|registered\s+)?"
    r"address\b|\blegal\s+representative\b|\b(?:with|whose)\s+"
)


def _labelled(text: str, limit: int, words: policy.PartyWords) -> list[Party]:
    """Parties written as labelled lines ("Party A: ...", "Party B: ..."), each label once; the
    label is the party's defined name."""
    out: list[Party] = []
    labels: set[str] = set()
    for m in _LABEL.finditer(text, 0, limit):
        label = re.sub(r"\s+", " ", m.group("label"))
        raw = m.group("name")
        end = _LABEL_END.search(raw)
        name = _cut_name(raw[: end.start()] if end else raw, words)
        plain = re.sub(r"\s*\(([^()]*)\)", r" \1", name)  # "Birch Online (Beijing) Co., Ltd."
        if label.lower() in labels or not words.suffix.search(name) or not _looks_like_name(plain):
            continue
        labels.add(label.lower())
        out.append(Party(name=name, defined_as=label, role="other"))
    return out


def _signatories(text: str, words: policy.PartyWords) -> list[Party]:
    """Organisations named in the first signature block (structure.signatures)."""

    def is_name(raw: str) -> bool:
        name = _cut_name(raw, words)
        core = words.suffix.sub(" ", name)
        return (
            bool(name)
            and name == raw.strip(" ,;:")
            and not re.match(r"(?i)for\b", name)  # "FOR ALDER MEDIA FOR BIRCH, INC."
            and not any(r in name.lower() for r in words.roles if " " in r)  # "... Chief Executive"
            # "ALDER LLC DEVELOPER": a role label after the name
            and (
                name.split()[-1].lower() not in words.roles
                or words.suffix.fullmatch(name.split()[-1]) is not None
            )
            and bool(re.search(r"[A-Za-z0-9]{2}", core))  # not "I, LLC" cut from a longer name
            and bool(words.suffix.search(name))
            and _looks_like_name(name)
            and len(name) <= 80
            and not words.heading.search(name)
        )

    def is_signed_name(raw: str) -> bool:
        # "For and on behalf of NAME" over a signature line: an organisation signs, so a name
        # in lower case ("edge2net Inc.") or without a legal form ("Korea Telecom") is enough
        name = re.sub(r"^(?:the|THE)\s+", "", raw.strip(" ,;:"))
        tokens = name.split()
        return (
            is_name(raw)
            or 1 <= len(tokens) <= 10
            and len(name) <= 80
            and bool(re.match(r"[A-Za-z0-9]", name))
            and (bool(words.suffix.search(name)) or _looks_like_name(name))
            and name.lower() not in words.roles
            and not any(t.lower() in words.roles for t in tokens[:1])
            and not words.heading.search(name)
            and not _PROSE.search(name)
            and not words.place.match(name)
        )

    names = signing_names(signature_block(text), is_name, is_signed_name)
    return [Party(name=n, defined_as=None, role="other") for n in names][:_MANY]


def _same_defined(a: Party, b: Party) -> bool:
    names = {x.lower() for x in (a.defined_as, b.defined_as) if x}
    return bool(names & {a.name.lower(), b.name.lower()}) or (
        a.defined_as is not None and (a.defined_as or "").lower() == (b.defined_as or "").lower()
    )


# prose run into a name: "ALDER GROUP and RESELLER AGREE AS FOLLOWS", "X CORP. REGARDING ..."
_PROSE = re.compile(r"(?i)\b(?:agrees?|as\s+follows|regarding|witnesseth|hereby|whereby)\b")


# a role written as a label before a name ("RESELLER ACME CORPORATION"); not a role
# that begins names ("Principal Mutual Assurance Company", "Partner Telecom")
_LABEL_ROLE = re.compile(
    r"(?i)reseller|distributor|licensee|licensor|supplier|customer|buyer|seller|vendor|"
    r"contractor|consultant|client|purchaser|manufacturer|franchisee|franchisor"
)


# a document's title is not a party ("Second Amended and Restated Agreement of Limited
# Partnership" cut at its legal-form-like last word)
_TITLE_WORD = re.compile(r"\b(?:Agreement|AGREEMENT)\b")


def _tidied(parties: list[Party], words: policy.PartyWords) -> list[Party]:
    """Names without what ran into them: a sentence before ("Effective Date. Acme Inc." -> "Acme
    Inc."), a role word before ("RESELLER ACME CORPORATION"); a name that is only a legal form
    ("Corporation"), a role or prose is dropped, and a name repeated after tidying counts once."""
    out: list[Party] = []
    for party in parties:
        name = party.name
        for m in reversed(list(re.finditer(r"\b([A-Za-z]*[a-z]{3})\.\s+(?=[A-Z])", name))):
            if not words.suffix.fullmatch(m.group(1)) and not words.suffix.match(name, m.end()):
                name = name[m.end() :]
                break
        name = _LEAD.sub("", name)
        first, _, rest = name.partition(" ")
        if _LABEL_ROLE.fullmatch(first) and words.suffix.search(rest):
            name = rest
        bare = name.strip(" .,;:")
        if (
            not bare
            or words.suffix.fullmatch(bare)
            # a role alone is no name, but for a form's blank party called by its role
            or (bare.lower() in words.roles and party.defined_as != name)
            or bare.lower() in words.not_party
            or _PROSE.search(name)
            or _TITLE_WORD.search(name)
        ):
            continue
        tidy = Party(name=name, defined_as=party.defined_as, role=party.role, reason=party.reason)
        if not any(_same(tidy, q) for q in out):
            out.append(tidy)
    return out


def _without_joined(parties: list[Party], text: str = "") -> list[Party]:
    """Drop "A and B" when B is a party of its own, and a fragment of a longer name.

    Whether "A and B" is two parties or one name ("Alder Film and Entertainment Corporation")
    is read from the text: B written on its own, not after "and", makes B a party of its own;
    otherwise B is the fragment and the joined name stays."""
    words = policy.party_words()
    joined: set[int] = set()
    for i, p in enumerate(parties):
        low = _plain(p.name)
        for q in parties:
            if q is p:
                continue
            ql = re.escape(_plain(q.name))
            if re.search(rf"^{ql}\s*(?:\band\b|&)", low) or (
                re.search(rf"(?:\band\b|&)\s*{ql}$", low) and _stands_alone(q.name, text)
            ):
                joined.add(i)
    kept = [p for i, p in enumerate(parties) if i not in joined]
    out = []
    for p in kept:
        low = _plain(p.name)
        if any(len(q.name) > len(p.name) and _plain(q.name).endswith(" " + low) for q in kept):
            continue
        if not words.suffix.search(p.name) and any(
            _plain(q.name).startswith(low + " ") and words.suffix.search(q.name) for q in kept
        ):
            continue  # "Acme" beside "Acme Nutrition Corporation": its short name
        out.append(p)
    return out


def _core(name: str, words: policy.PartyWords) -> str:
    """A name without its legal forms, for comparing: "Alder Tools, Inc." -> "alder tools"."""
    return _plain(words.suffix.sub(" ", name))


def _plain(name: str) -> str:
    """A name for comparing spellings: lower case, punctuation as space ("Alder, Inc." /
    "Alder Inc.")."""
    return " ".join(re.sub(r"[^\w&]+", " ", name.lower()).split())


def _stands_alone(name: str, text: str) -> bool:
    """The name is written somewhere on its own, not as the end of "... and NAME"; without
    the text, assume it is."""
    if not text:
        return True
    pattern = r"\s+".join(re.escape(w) for w in name.split())
    return any(
        not re.search(r"(?i)(?:\band|&)\s*$", text[max(0, m.start() - 8) : m.start()])
        for m in re.finditer(pattern, text, re.I)
    )


_ANCHOR = re.compile(
    r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among|"
    # "made and entered into as of the 28th day of March 2006 by A ..."
    r"(?:made|executed|concluded|entered\s+into)\s+(?:[\w ,]{0,70}?\s)?by(?!\s+and\b))\b"
    # "the parties have executed this Agreement by their duly authorized officers": signatures
    r"(?!\s+(?:their|its|his|her|duly|the\s+undersigned|an?\s+(?:duly\s+)?authori[sz]ed))\s*:?",
    re.I,
)
# a heading over a numbered party list: "PARTIES  (1) ALDER LTD ...; and (2) BIRCH PLC ..."
_PARTIES_HEADING = re.compile(
    r"(?:^|(?<=\s\s))(?:PARTIES|Parties)[ \t]*:?\s*(?=\((?:1|a|A)\)\s)", re.M
)
_FIRST_CLAUSE = re.compile(
    r"(?:^|\n|\s{2,}|\.\s+)(?:1\.|1\.1|ARTICLE\s+(?:1|I)\b|Section\s+1\b|SECTION\s+1\b)\s*[A-Z]"
)
_NAME_WORD = re.compile(
    r"(?:[A-Z0-9][\w'’.&/\-]*|[a-z]{1,2}[A-Z][\w'’.\-]*|[a-z][\w\-]*\.(?:com|net|org)\b[\w.]*|"
    r"[a-z]-[a-z][\w\-]*|"  # "e-centives"
    r"of|and|the|de|la|du|des|del|der|van|von|für|for|d/b/a|dba|y|e|&|[-–—,.()/]|\d[\w\-]*)"
)
_NOT_NAME_START = re.compile(
    r"(?i)^(?:this|these|such|effective|dated?|each|all|any|both|"
    r"section|article|clause|schedule|exhibit|table)\b"
)
_NEXT_NAME = re.compile(
    r",?\s+(?=[A-Z][\w'’.&\-]*(?:\s+[A-Z][\w'’.&\-]*){0,6},?\s+(?:Inc|LLC|Ltd|Limited|Corporation|Corp|"
    r"Company|GmbH|AG|S\.A|B\.V|N\.V|L\.P|LP|plc|PLC|INC|LTD|LIMITED|CORPORATION|COMPANY)\b)"
)
# "(1) A ...; (2) B ..." or "(a) A ..., (b) B ...": an enumerated party list
_ENUMERATED = re.compile(r"\(1\)[^()]{3,}[\s\S]*\(2\)|\(a\)[^()]{3,}[\s\S]*\(b\)")
# "A Inc. ... in favor of B Bank": a one-sided instrument names its beneficiary as a party
_FAVOUR = r",?\s*\b(?:in\s+fav(?:ou|o)r\s+of|for\s+the\s+benefit\s+of)\b"
_SEGMENT_SPLIT = re.compile(
    # "Jo Hale, in his individual capacity and as a member of ...", "... SA., a company, and
    # represented by ...": one entry
    r"\s*(?:;|\band\b(?!\s+(?:as|in|on|its|his|her|their)\s|\s+(?!the\b)[a-z]+\b(?![.\-'’]))|\bAND\b|\bAnd\b|\(\d\)|"
    r"\([ivx]+\)(?=\s))\s*|\n\s*\n|" + _FAVOUR + r"\s*"
)
# a quoted name; an apostrophe inside a word ("Peoples' Republic", "Alder's") is no quote
_QUOTED = re.compile(
    r"(?:[\"“”]|(?<![A-Za-z])')\s*([A-Za-z0-9][^\"“”\n]{0,60}?)\s*(?:[\"“”]|'(?![A-Za-z]))"
)
# a defined name in a parenthesis without quotes, or with one of them lost: ("Celebrity)
_BARE_DEFINED = re.compile(r"\(\s*[\"“]?([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})[\"”]?\s*\)")
_LEAD = re.compile(
    r"^(?:[\s,:\-–—●•▪◦]|the\s+(?=[A-Z])|THE\s+|AND\s+|and\s+|&\s+|between\s+)+", re.I
)


def _listed(text: str, start: int, words: policy.PartyWords) -> list[Party]:
    """The parties of one "between A and B" list."""
    span = text[start : min(len(text), start + 2000)]
    stop = words.recital.search(span)
    end = stop.start() if stop else len(span)
    numbered = _FIRST_CLAUSE.search(span, 0, end)
    end = numbered.start() if numbered else end
    other = re.search(r"(?i)\b(?:that\s+certain|as\s+an\s+amendment\s+to)\b", span[:end])
    end = other.start() if other else end  # "... as an amendment to that certain Agreement among"
    dated = re.search(r"\b(?:[Dd]ated|DATED|[Ee]ffective\s+as\s+of|Source:)\b", span[:end])
    if dated and not _QUOTED.search(span[: dated.start()]):
        end = dated.start()  # a cover page: "by and between A and B dated as of ..."
    sentence = _sentence_end(span[:end], words)
    segments = _segments(span[:sentence], text)
    out: list[Party] = []
    people: list[str] = []  # "Mr. Jon Hale, Mr. Li Wei and Ms. Ana Ruiz ("Developer")"
    for seg in segments:
        if _PEOPLE.fullmatch(seg.strip(" ,:\n")):
            people = [n.strip() for n in seg.strip(" ,:\n").split(",") if n.strip()]
            continue
        party = _party_of(seg, words)
        if party is not None:
            if people and _TITLED.match(party.name):
                out.extend(Party(name=n, defined_as=party.defined_as, role="other") for n in people)
            out.append(party)
        people = []
    if len(segments) == 2 and len(out) == 1:
        blank = _blank_side(segments[1], words)
        if blank is not None:  # "... and the Agent named on the signature page (the "Agent")"
            return [*out, blank]
    if len(segments) >= 2 and len(out) == 1:
        # "between Harlan Voss and Kestrel Clubs Inc.": the other side of a two-party list
        # needs neither a legal form nor a defined name (a person, a trade name)
        first, second = (_party_of(seg, words, bare=True) for seg in segments[:2])
        if first is None or second is None or _same(first, second):
            return out
        if any(  # a defined term ("the Adviser and FASC") is no bare name
            re.search(rf"[\"“]{re.escape(b.name)}[\"”]", text) for b in (first, second)
        ):
            return out
        if _same(out[0], first) or _same(out[0], second):
            return [first, second]
    return out


# a form's blank for a party's name: "<<enter Company Name>>", "[name]", "____", "the Agent
# named on the signature page hereof"
_BLANK = re.compile(
    r"(?i)^\s*(?:<<[^<>]{0,40}>>|\[[^\[\]]{0,40}\]|_{3,}|(?:the\s+)?[a-z ]{2,30}\s+"
    r"(?:named|identified|specified|listed|set\s+forth)\s+(?:on|in)\s+(?:the\s+)?"
    r"(?:signature\s+page|schedule|exhibit|annex|appendix)\b)"
)


def _blank_side(seg: str, words: policy.PartyWords) -> Party | None:
    """The other party of a form, left blank but for its defined role: "<<enter Company
    Name>> ("Supplier")" -> a party called "Supplier"."""
    seg = _LEAD.sub("", re.sub(r"\s+", " ", seg))
    defined = re.search(r"\(\s*(?:the\s+)?[\"“]([A-Za-z][\w \-]{1,30})[\"”]", seg)
    if not _BLANK.match(seg) or not defined or defined.group(1).lower() not in words.roles:
        return None
    return Party(name=defined.group(1), defined_as=defined.group(1), role="other")


# people named by their titles, separated by commas: "Mr. Jon Hale, Mr. Li Wei"
_TITLED = re.compile(r"(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z]")
_PERSON = r"(?:Mr|Mrs|Ms|Dr)\.?\s+[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’.\-]*){0,3}"
_PEOPLE = re.compile(rf"{_PERSON}(?:\s*,\s*{_PERSON})*")


def _sentence_end(span: str, words: policy.PartyWords) -> int:
    """Where the sentence naming the parties ends: a full stop that does not close "Inc." or an
    initial."""
    for m in re.finditer(r"\.\s+(?=[A-Z][a-z])", span):
        before = span[max(0, m.start() - 12) : m.start() + 1]
        if re.match(r"\s*(?:This|The|In|Each|All|Both|Whereas|WHEREAS|Now)\b", span[m.end() - 1 :]):
            return m.start() + 1
        if re.match(r"\s*(?:Hereinafter|Herein|Referred|And)\b", span[m.end() - 1 :]):
            continue  # "... Israel. Hereinafter referred to as "Customer" And B Ltd."
        if words.suffix.search(before[-8:]) or re.search(
            r"(?:\b[A-Z]|\bNo|\bSt|\bMr|\bMs|\bDr)\.$", before
        ):
            continue
        return m.start()
    return len(span)


def _segments(span: str, text: str = "") -> list[str]:
    """Split a party list at top-level "and" / ";" / "(1)", keeping "and" inside parentheses and
    quotes; a bare fragment ("Research") is joined to the next when only together they end in a
    legal-form suffix."""
    pieces: list[str] = []
    seps: list[str] = []  # the separator after each piece
    depth, last = 0, 0
    splitter = _SEGMENT_SPLIT.pattern
    if _ENUMERATED.search(span):  # "(1) A ...; and (2) B ...": "and" inside an entry stays,
        # "(d) A Inc., listed on X and the Y Exchange, ...; and (e) B": no party "the Y Exchange"
        # ... and '(1) A ("A") and B ("B"), and (2) C': two parties in one entry
        splitter = (
            r"\s*(?:;\s*(?:and\s+|AND\s+)?|\((?:\d|[a-h])\))\s*|\n\s*\n|(?<=\))\s*,?\s+and\s+(?=[A-Z])|"
            + _FAVOUR
            + r"\s*"
        )
    for m in re.finditer(r"[()]|\s&\s|" + splitter, span):
        tok = m.group(0)
        if tok.strip() == "&":
            if (
                depth == 0
                and policy.party_words().suffix.search(
                    span[max(0, m.start() - 14) : m.start()] + " "
                )
                and not policy.party_words().suffix.match(span, m.end())  # "GmbH & Co KG"
            ):
                pieces.append(span[last : m.start()])
                seps.append(tok)
                last = m.end()
        elif tok == "(":
            depth += 1
        elif tok == ")":
            depth = max(0, depth - 1)
            inside = span[span.rfind("(", 0, m.start()) : m.start()]
            # 'A Inc. ("A") B LLC': a defined name closes one entry; "Lintu (Tianjin) Education
            # Co., Ltd." is one name
            entry = re.search(r"[\"“”]|herein", inside) or re.fullmatch(
                r"\(\s*(?:[a-zA-Z]|[ivx]{1,4}|\d{1,2})\s*", inside
            )
            if depth == 0 and entry and _NEXT_NAME.match(span, m.end()):
                pieces.append(span[last : m.end()])  # 'A Inc. ("A") B LLC ("B")': no "and"
                seps.append("")
                last = m.end()
        elif depth == 0:
            if (
                re.match(r"\s*and\b", tok, re.I)
                and _LAWS_OF.search(span, 0, m.start())
                and not policy.party_words().suffix.search(re.split(r"[,;(]", span[m.end() :])[0])
            ):
                continue  # "the laws of England and Wales", not "the laws of Singapore and B Ltd"
            pieces.append(span[last : m.start()])
            seps.append(tok)
            last = m.end()
    pieces.append(span[last:])
    out: list[str] = []
    for i, piece in enumerate(pieces):
        whole = re.match(
            r"\s*[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-.]*){0,3}\s*,?\s*"
            + r"(?:"
            + policy.party_words().suffix.pattern
            + r")",
            piece,
        )
        if (
            out
            and whole
            and "\n" not in seps[i - 1]  # "ALDER\n\nAND\n\nBIRCH S.A.": two entries
            and re.fullmatch(r"\s*[A-Z][\w&\-]*(?:\s+[A-Z][\w&\-]*){0,3}\s*", out[-1])
            and not policy.party_words().suffix.search(out[-1])
            # "Birch Systems Inc." written on its own elsewhere is a party of its own
            and not _stands_alone(whole.group(0).strip(), text)
        ):
            out[-1] = f"{out[-1]} and {piece}"
        elif out and seps[i - 1].strip().lower() == "and" and _initials_of(out[-1], piece):
            out[-1] = f"{out[-1]} and {piece}"  # "Institute for Marine Survey and Mapping
            # ("IMSM")": the defined name spells the initials of the whole name
        else:
            out.append(piece)
    return [p for p in out if p.strip()]


def _initials_of(before: str, piece: str) -> bool:
    """'Institute for Marine Survey' and 'Mapping, a not-for-profit institution ("IMSM")':
    the piece's defined name is the initials of the name joined across the "and"."""
    head = re.match(r"\s*([A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,3})\s*[,(]", piece)
    short = re.search(r"[\"“]([A-Z]{3,8})[\"”]", piece)  # the piece runs to the defined name
    if not head or not short or not re.fullmatch(r"\s*[A-Z][\w\- ]*", before):
        return False
    words = [w for w in f"{before} {head.group(1)}".split() if w[:1].isupper()]
    return "".join(w[0] for w in words) == short.group(1)


_LAWS_OF = re.compile(r"\blaws?\s+of\s+(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2}\s*$")
# a description of a party, not its name: "A Texas Corporation", "a Delaware limited company"
_DESCRIPTION = re.compile(
    r"(?i)^(?:an?)\s+(?:[\w.]+\s+){0,4}(?:corporation|company|partnership|limited|association|"
    r"entity|firm|organi[sz]ation)$"
)


def _party_of(seg: str, words: policy.PartyWords, bare: bool = False) -> Party | None:
    """The party one entry of a list names; with bare, a short capitalised name without a
    legal form or a defined name is enough."""
    seg = re.sub(r"[ \t]*\n[ \t]*", " ", seg)  # a name broken over two lines
    seg = _LEAD.sub("", seg.strip())
    seg = re.sub(r"^\(\s*(?:\d{1,2}|[a-hA-H]|[ivx]{1,4})\s*\)\s*", "", seg)  # "(1) ALDER LTD"
    seg = seg.lstrip("\"“”' ")
    defined = None
    for quoted in _QUOTED.finditer(seg):  # the first quoted term in a parenthesis or "as"
        before = seg[: quoted.start()]
        if words.place.match(quoted.group(1)):
            continue
        if before.count("(") > before.count(")") or re.search(
            r"(?i)referred\s+to|called|hereinafter|herein|as\s*$", before
        ):
            defined = quoted.group(1).strip(" ,.")
            break
    if defined is None:
        unquoted = _BARE_DEFINED.search(seg)
        if (
            unquoted
            and not words.suffix.fullmatch(unquoted.group(1))
            and len(unquoted.group(1)) > 2
        ):
            defined = unquoted.group(1)
    inner = (
        re.match(  # a parenthesis inside the name: "Birch (Hong Kong) Ltd", "Corran (UK) Limited"
            r"[A-Z][^()\"“”\n]{0,60}?\([A-Za-z][\w .]{0,30}\)\s*,?\s*(?:[A-Z][\w&\-]*\s+){0,3}"
            r"(?:" + words.suffix.pattern + r")(?:,?\s*(?:" + words.suffix.pattern + r"))*",
            seg,
        )
    )
    if (
        inner
        and not (
            re.search(r"\s{3,}", inner.group(0))  # two columns
            or words.suffix.search(inner.group(0)[: inner.group(0).index("(")].rstrip()[-12:] + " ")
        )
    ):  # "ALDER CORPORATION(Alder)": a defined name after the legal form
        name = inner.group(0)
    else:
        name = re.split(r"\(|[\"“][^\"“”\n]{1,60}[\"”]\s*[),]|[\n“”]|\s{3,}", seg, maxsplit=1)[0]
    name = _cut_name(name, words)
    plain = re.sub(r"\s*\(([^()]*)\)", r" \1", name)
    if not _looks_like_name(plain):
        return None
    low = name.lower()
    if low in words.not_party or words.recital.match(name):
        return (
            None  # a state that is a party heads its entry; "the laws of the Republic" never does
        )
    if defined and defined.lower() in words.not_party:
        defined = None  # '... collectively referred to as the "Parties"' names no one entry
    if not _plausible(name, defined, words) and not (bare and _bare_name(name, words)):
        return None
    return Party(name=name, defined_as=defined, role="other")


def _bare_name(name: str, words: policy.PartyWords) -> bool:
    """A name with neither legal form nor defined name: one to five capitalised words, no role,
    heading, place, prose, digits or description."""
    tokens = name.split()
    return (
        1 <= len(tokens) <= 5
        and not any(t.lower() in words.roles for t in tokens)
        and not words.heading.search(name)
        and not words.place.match(name)
        and not words.recital.search(name)
        and not _PROSE.search(name)
        and not _DESCRIPTION.match(name)
        and not re.search(r"\d", name)
        and all(t[:1].isupper() or t in ("of", "and", "&", "de", "la") for t in tokens)
    )


def _plausible(name: str, defined: str | None, words: policy.PartyWords) -> bool:
    """A legal name: not a role alone, a heading, an address; without a legal-form suffix it
    needs a defined name and at most eight words (a person, "Rowing Club North")."""
    if (
        len(name) > 100
        or name.lower() in words.roles
        or _DESCRIPTION.match(name)
        or re.search(r"(?<!^)\b\d{2,}\s+[A-Z]|^Suite\b", name)
        # a street number heads an address; a numbered company has a legal form ("418207 B.C.
        # Ltd.")
        or (re.match(r"\d{2,}\s+[A-Z]", name) and not words.suffix.search(name))
    ):
        return False
    if words.suffix.search(name):
        return True
    if defined is None or defined.lower() == name.lower():
        return False
    return len(name.split()) <= 8 and not words.heading.search(name)


def _looks_like_name(name: str) -> bool:
    """Every word capitalised or a name particle ("of", "and", "d/b/a"): no prose, no heading."""
    if not name or not re.search(r"[A-Za-z]{2}", name) or _NOT_NAME_START.match(name):
        return False
    if re.match(r"\d+\.", name) or re.search(rf"\b{_MONTHS}\s+\d", name):
        return False
    tokens = re.sub(r"<[^<>]*>|[\"“”]", " ", name).replace(",", " , ").split()  # markup: not words
    suffix = policy.party_words().suffix
    return all(_NAME_WORD.fullmatch(t) or suffix.fullmatch(t) for t in tokens) and bool(
        re.match(r"[A-Z0-9]|[a-z]{1,2}[A-Z]|[a-z]+\.com|[a-z]-[a-z]", name)
    )


_MONTHS = (
    "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)


# the partners' names before a firm's legal form: "Hale & Brook, " in "Tamsin, Hale & Brook,
# Inc."
_PARTNERS = re.compile(r"[A-Z][\w'’\-]*(?:\s+(?:[A-Z][\w'’\-]*|&|and))*\s*,?\s*")


def _cut_name(name: str, words: policy.PartyWords) -> str:
    """ "Acme Widgets, Inc., a Delaware corporation, having ..." -> "Acme Widgets, Inc." """
    name = _LEAD.sub("", name)
    title = re.search(r"\b(?:AGREEMENT|Agreement)\s+(?=[A-Z])", name)
    if title:
        name = name[title.end() :]  # a title run into the name: "SUPPLY AGREEMENT Acme Inc."
    end = words.name_end.search(name)
    if end:
        name = name[: end.start()]
    for comma in re.finditer(r",", name):  # a comma ends the name unless a suffix follows it
        rest = name[comma.end() :].lstrip()
        if words.suffix.match(rest):
            continue
        partners = _PARTNERS.match(rest)
        if partners and words.suffix.match(rest, partners.end()):
            if not words.suffix.search(name[: comma.start()]):
                continue  # "Tamsin, Hale & Brook, Inc.": a firm named after its partners
        name = name[: comma.start()]
        break
    address = re.search(r"(?<=[.\w])\s+of\s+(?=[^,(]*[\d\[])", name)
    if address and (
        words.suffix.search(name[: address.start()] + " ")
        or len(name[: address.start()].split()) >= 2
    ):
        name = name[: address.start()]  # "Sorrel Pharma A/S of Mollevej 9", "Jo Hale of [address]"
    street = words.suffix.search(name)
    if street and re.match(r"\s+\d+\s+[A-Z]", name[street.end() :]):
        name = name[: street.end()]  # "Dunmore Corporation 415 Larkin Avenue"
    name = re.sub(r"\.{2,}$", ".", name)
    name = re.sub(r"[\s,]+(?:and|AND|&)\s*$", "", name)  # "Alder, Inc. and [its Affiliates]"
    return re.sub(r"\s+", " ", name).strip(" ,;:-–—\"“”'")


def _near(signed: Party, party: Party, words: policy.PartyWords) -> bool:
    """A signatory written differently from a party the preamble names: another legal-form
    spelling ("Alder Incorporated" / "ALDER INC."), or the party's defined name with a legal
    form ("Alder, Inc." for "Alder")."""

    def core(name: str) -> str:
        return _plain(words.suffix.sub(" ", name))

    def forms(name: str) -> list[str]:
        long = {"incorporated": "inc", "corporation": "corp", "limited": "ltd", "company": "co"}
        found = (m.group(0).lower().replace(".", "") for m in words.suffix.finditer(name))
        return [long.get(f, f) for f in found]

    a = core(signed.name)
    if not a or a == core(party.defined_as or ""):
        return True
    # "Alder Capital, L.P." and "Alder Capital, LLC" are two entities
    fa, fb = forms(signed.name), forms(party.name)
    return a == core(party.name) and (not fa or not fb or fa == fb)


def _alike(signed: Party, party: Party, words: policy.PartyWords) -> bool:
    """Loosely the same name: one cut short of the other ("Alder Fund" / "Alder Fund I, Inc.")
    or a typing slip; used only to keep a signatory out, never to merge two parties."""

    def core(name: str) -> list[str]:
        return _plain(words.suffix.sub(" ", name)).split()

    a = core(signed.name)
    for b in (core(party.name), core(party.defined_as or "")):
        n = min(len(a), len(b))
        if n and a[:n] == b[:n]:
            return True
        x, y = "".join(a), "".join(b)
        if min(len(x), len(y)) >= 8 and difflib.SequenceMatcher(None, x, y).ratio() >= 0.8:
            return True
    return False


def _same(a: Party, b: Party) -> bool:
    """The same name, punctuation aside, or the same legal name before a trade name ("Alder,
    Inc. d/b/a Alder Music" / "ALDER, INC.")."""
    key = re.compile(r"[^a-z0-9]")

    def legal(name: str) -> str:
        return re.split(r"(?i)\s+(?:d/b/a|dba|doing\s+business\s+as|f/k/a)\s", name)[0]

    return key.sub("", legal(a.name).lower()) == key.sub("", legal(b.name).lower())


_REFERRED = re.compile(
    r"(?P<name>[A-Z][^\n\"“”;:]{1,100}?),?\s+(?:\((?:the\s+)?)?(?:hereinafter|herein|hereafter)?\s*"
    r"(?:referred\s+to\s+as|called)\s+(?:the\s+)?[\"“](?P<term>[^\"“”\n]{1,40})[\"”]"
)


def _referred_to(text: str, limit: int, words: policy.PartyWords) -> list[Party]:
    """'NAME, hereinafter referred to as "the Company", ...' without a parenthesis."""
    head = text[:limit]
    stop = words.recital.search(head, 200)
    head = head[: stop.start()] if stop else head
    out = []
    for m in _REFERRED.finditer(head):
        name = _cut_name(
            re.split(r"(?:\bbetween\b|\band\b|\bby\b|[.:])\s+(?=[A-Z])", m.group("name"))[-1], words
        )
        term = m.group("term").strip(" ,.")
        if (
            _looks_like_name(name)
            and term.lower() not in words.not_party
            and not words.place.match(name)
            and _plausible(name, term, words)
        ):
            out.append(Party(name=name, defined_as=term, role="other"))
    return out


def _by_definitions(text: str, limit: int, words: policy.PartyWords) -> list[Party]:
    """Parties from the defined terms of the preamble: 'NAME, a ... ("Short")'."""
    head = text[:limit]
    stop = words.recital.search(head, 200)
    head = head[: stop.start()] if stop else head
    parties: list[Party] = []
    seen: set[str] = set()
    for m in INLINE.finditer(head):
        term = m.group("term").strip()
        low = term.lower()
        if low in _NOT_PARTY_TERMS or low in words.not_party or low in seen or len(term) > 40:
            continue
        name = _cut_name(_name_before(head, m.start()), words)
        if not name or words.recital.match(name) or words.place.match(name):
            continue
        plain = re.sub(r"\s*\(([^()]*)\)", r" \1", name)  # "Lantau (Tianjin) Co., Ltd."
        if not _looks_like_name(plain) or not _plausible(name, term, words):
            continue
        if not (_ORG_SUFFIX.search(name) or any(w in low for w in _ROLE_WORDS) or name.isupper()):
            continue
        seen.add(low)
        parties.append(Party(name=name, defined_as=term, role="other"))
        if re.match(r"\(\s*(?:collectively|together)\b", m.group(0), re.I):
            for other in _joined_members(head, m.start(), words):
                if not any(_same(other, p) for p in parties):
                    parties.append(Party(name=other.name, defined_as=term, role="other"))
    return parties


def _joined_members(text: str, pos: int, words: policy.PartyWords) -> list[Party]:
    """'A, Inc. and B Licensee, Inc. (collectively "B")': the organisations joined by 'and'
    before a collective defined name, each with its legal form."""
    window = text[max(0, pos - 300) : pos]
    for sep in ("\n\n", " between ", " among ", " BETWEEN ", " AMONG ", ";", ")"):
        window = window[window.rfind(sep) + len(sep) :] if sep in window else window
    out = []
    for piece in re.split(r",?\s+(?:and|AND)\s+", window):
        name = _cut_name(piece, words)
        if name and words.suffix.search(name) and _looks_like_name(name):
            out.append(Party(name=name, defined_as=None, role="other"))
    return out if len(out) >= 2 else []


_SUFFIX_CS = re.compile(
    r"\b(?:Inc|INC|Incorporated|INCORPORATED|Corp|CORP|Corporation|CORPORATION|LLC|L\.L\.C|Ltd|LTD|Limited|LIMITED|"
    r"plc|PLC|GmbH|AG|S\.A|B\.V|N\.V|Co|CO|Company|COMPANY|LP|L\.P|LLP|S\.p\.A|Pty|PTY|SARL|Bank|BANK|"
    r"Group|GROUP|Holdings|HOLDINGS|Trust|TRUST)\b\.?"
    r"|\b(?:THE\s+)?(?:REPUBLIC|KINGDOM|STATE|GOVERNMENT|Republic|Kingdom|State|Government)\s+OF\s+[A-Z][A-Z]+\b"
    r"|\b(?:the\s+)?(?:Republic|Kingdom|State|Government)\s+of\s+[A-Z][a-z]+\b"
)
_CAP_RUN = re.compile(
    r"((?:[A-Z][\w&'’.\-]*|\([A-Z][\w ]{0,30}\)|&|of|and|de|la|the)"
    r"(?:,?\s+(?:[A-Z][\w&'’.\-]*|\([A-Z][\w ]{0,30}\)|&|of|and|de|la|the))*)\s*,?\s*$"
)
# what continues a name after its first legal-form word: "Group Technologies, Inc." after
# "Dunmore Group", "of Pennsylvania" after "Halden Bancorp, Inc."
_MORE_NAME = re.compile(r"(?:\s+[A-Z][\w&'’\-]*(?<!Inc)(?<!Ltd)(?<!Co)(?<!Corp)){1,3}")
_OF_PLACE = re.compile(r"\s+of\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=\s*[,(])")


def _suffixes_end(window: str, end: int) -> int:
    """The end of a run of legal forms starting at ``end``: "Co., Ltd." after "Co."."""
    while True:
        nxt = re.match(r",?\s*", window[end:])
        more = _SUFFIX_CS.match(window, end + (nxt.end() if nxt else 0))
        if not more or more.end() <= end:
            return end
        end = more.end()


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
        end = _suffixes_end(window, m.end())  # "Co., Ltd."
        for more in _MORE_NAME.finditer(window, end):
            if more.start() != end:
                break
            nxt = re.compile(r",?\s+").match(window, more.end())
            after = _SUFFIX_CS.match(window, nxt.end()) if nxt else None
            if after:
                end = _suffixes_end(window, after.end())  # "Dunmore Group Technologies, Inc."
            break
        place = _OF_PLACE.match(window, end)
        if place and not re.search(r"\d", place.group(0)):
            end = place.end()  # "Keswick Insurance Corporation of America, a Michigan ..."
        name = f"{words} {window[m.start() : end]}".strip(" ,")
        if 3 <= len(name) <= 120:
            return re.sub(r"\s+", " ", name)
    return ""


def _person_like(name: str) -> bool:
    """Capitalised words that could be a person's name: no legal form, heading or role word
    ("Operating Partnership", "Second Amended" are not)."""
    words = policy.party_words()
    return not (
        words.suffix.search(name)
        or words.heading.search(name)
        or any(w.lower() in words.roles for w in name.split())
        or re.search(r"(?i)\b(?:first|second|third|amended|restated|operating|effective)\b", name)
    )


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
        person = re.search(r"(?<![\w,])(?:[A-Z][a-z]+\s+){1,3}[A-Z][a-z]+$", cand)
        if not cand[:1].isupper() and person and _person_like(person.group(0)):
            cand = person.group(0)  # "... to retain Marta Quillan ("Consultant")"
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
