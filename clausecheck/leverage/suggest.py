"""Suggestions: the clause-library entries that fix a weak or missing finding, filled in with the
contract's own defined names, with a rationale and the place where the clause would go.

Ranking (provisions.md 5.2): for a weak finding an ``extend`` entry first (widen the accepted
machinery), then the strong and baseline tiers; for a missing one the strong tier first at P1-P2
and the baseline first at P3-P4. Entries for the contract's relationship type come before others.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import replace

from clausecheck.data import policy
from clausecheck.data.regex import literal_first
from clausecheck.leverage.library import Entry, VariableSource, load_variables, placeholders
from clausecheck.nlp.anchors import FOLDS_TO_ASCII as _FOLDS_TO_ASCII
from clausecheck.nlp.anchors import caseless as _caseless
from clausecheck.structure.numbering import roman_value
from clausecheck.types import Clause, Finding, Insertion, Status, Structure, Suggestion

_BOILERPLATE = re.compile(
    r"\b(?:general|miscellaneous|notices?|governing\s+law|entire\s+agreement|counterparts|"
    r"severability|boilerplate|dispute|jurisdiction|assignment|waiver|interpretation)\b",
    re.I,
)
_TIER_ORDER = {
    "weak": ("extend", "strong", "baseline"),
    "missing_high": ("strong", "baseline", "extend"),
    "missing_low": ("baseline", "strong", "extend"),
}


def fits(entry: Entry, structure: Structure, text: str) -> bool:
    """Whether an entry is relevant to this contract (policy/contract_types.yaml): an entry that
    needs a project, an E&S consultant or named E&S standards (as a variable or named in its own
    text: "IFC Performance Standard 1") only where the contract type or its text has them; a
    provision such as security providers only where its cue appears; one such as 3TG sourcing
    only in the contract types it fits or where the contract's text raises it."""
    cues = policy.contract_types()
    pcue = cues.provision_cues.get(entry.provision)
    if entry.provision in cues.provision_cues and (pcue is None or not _has(pcue, text)):
        return False
    need = cues.provision_needs.get(entry.provision)
    if need is not None and structure.contract_type not in need[0]:
        if need[1] is None or not _has(need[1], text):
            return False
    for var in _needed(cues, entry.text):
        types, cue = cues.library_needs[var]
        if structure.contract_type not in types:
            if cue is None or not _has(cue, text):
                return False
    return True


_NEEDED: dict[str, tuple[str, ...]] = {}
_NEEDED_FOR: list[object] = []  # the policy the memo was made with


def _needed(cues: policy.ContractTypes, entry_text: str) -> tuple[str, ...]:
    """The ``library_needs`` variables an entry's text uses as a placeholder or names in its own
    words, in the policy's order: worked out once per entry text and policy (``fits`` asks for
    every entry of every finding of every contract; parsing the placeholders and searching the
    names was most of its time)."""
    if not _NEEDED_FOR or _NEEDED_FOR[0] is not cues:
        _NEEDED.clear()
        _NEEDED_FOR[:] = [cues]
    found = _NEEDED.get(entry_text)
    if found is None:
        used = placeholders(entry_text)
        found = tuple(
            var
            for var in cues.library_needs
            if var in used
            or (
                (named_by := cues.library_named.get(var)) is not None
                and named_by.search(entry_text)
            )
        )
        _NEEDED[entry_text] = found
    return found


_HEAD = 400_000  # characters of a contract the cues of ``fits`` look at


@functools.lru_cache(maxsize=16)
def _has(cue: re.Pattern[str], text: str) -> bool:
    """Whether ``cue`` occurs in the first 400,000 characters of ``text``, searched once per
    cue and text: ``fits`` asks for the same few cues for every entry of every finding (59
    case-insensitive searches of a whole 200-page contract, a tenth of its analysis, before
    this memo). A case-insensitive cue runs without re.I on the lower-cased text when that is
    the same search (``_caseless``, ``_lowered_head``): 2-10x faster per cue."""
    fast = _caseless_first(cue)
    if fast is not None:
        head = _lowered_head(text)
        if head is not None:
            return fast.search(head) is not None
    return cue.search(text, 0, _HEAD) is not None


@functools.lru_cache(maxsize=64)
def _caseless_first(cue: re.Pattern[str]) -> re.Pattern[str] | None:
    """``_caseless(cue)`` with its alternatives that open with \\b and a letter opening with the
    letter (``regex.literal_first``: the same matches in the same order). Over a whole contract
    the engine then scans for the first letters at C speed, 3x faster on these cues (on the
    short sentences of ``modality`` the lookbehind costs more than it saves)."""
    fast = _caseless(cue)
    return None if fast is None else re.compile(literal_first(fast.pattern), fast.flags)


@functools.lru_cache(maxsize=2)
def _lowered_head(text: str) -> str | None:
    """``text[:400000].lower()``, or None when the text holds a character that re.I matches to
    an ASCII letter (there lower-casing the text is not the same as ignoring case)."""
    head = text[:_HEAD]
    if any(ch in head for ch in _FOLDS_TO_ASCII):
        return None
    return head.lower()


def rank(entries: dict[str, Entry], finding: Finding, relationship: str) -> list[Entry]:
    status = finding.status.value
    prio = finding.leverage.priority if finding.leverage else None
    key = (
        "weak" if status == "weak" else ("missing_high" if prio in ("P1", "P2") else "missing_low")
    )
    tiers = _TIER_ORDER[key]
    fit = [
        e
        for e in entries.values()
        if e.provision == finding.provision and status in e.use_when_status and e.kind == "clause"
    ]
    return sorted(
        fit, key=lambda e: (relationship not in e.relationship_types, tiers.index(e.tier), e.id)
    )


_REFERENCE = re.compile(r"\b(Section|Clause|Article)s?\s+\d")


@functools.lru_cache(maxsize=4)
def reference_word(text: str) -> str:
    """How this contract refers to its own provisions: Section, Clause or Article.

    One pass for the three words (a match of one cannot hold a match of another, so each
    count is that word's own), remembered per text: the suggestion step asks twice."""
    counts = dict.fromkeys(("Section", "Clause", "Article"), 0)
    for word in _REFERENCE.findall(text, 0, 400_000):
        counts[word] += 1
    return max(counts, key=counts.__getitem__) if any(counts.values()) else "Section"


@functools.lru_cache(maxsize=16)
def with_article(name: str, text: str) -> str:
    """ "the Supplier" when the contract writes its defined name with the article, else the name
    as it stands ("Acme", "ACME LTD").

    Remembered per name and text: the values and every suggestion of every finding ask again
    for the same two or three names (722 whole-text searches over 60 pool PDFs, 6% of their
    batch time, before this memo)."""
    if not name or name.lower().startswith("the "):
        return name
    uses, with_the = _article_uses(name, text[:400_000])
    return f"the {name}" if uses and with_the * 2 >= uses else name


def _article_uses(name: str, text: str) -> tuple[int, int]:
    """How often ``text`` uses ``name``, and how often with "the" before it: the matches of
    ``(\\b[Tt]he\\s+)?\\bNAME\\b``, counted. That pattern has no literal start, so the regex
    engine tries it at every position; when the name starts with a word character other than
    a "the...", the matches are exactly the name's own (found through its literal), each with
    "the" when the whitespace before it follows a whole word "the" that lies after the previous
    match: a name match cannot start inside "the " (no boundary inside "the", no word character
    in the spaces), so no match begins earlier."""
    if not _is_word(name[0]) or name[:3].lower() == "the":
        uses = re.findall(rf"(\b[Tt]he\s+)?\b{re.escape(name)}\b", text)
        return len(uses), sum(1 for u in uses if u)
    count = with_the = 0
    cursor = pos = 0
    # the name's literal first, its leading boundary checked by hand: a pattern that starts
    # with \b loses the regex engine's literal-prefix scan (5 ms against 0.1 ms on 330,000
    # characters); after a rejected start the search goes on from the next character, as
    # \bNAME\b's own scan would
    find = re.compile(rf"{re.escape(name)}\b").search
    while (m := find(text, pos)) is not None:
        if m.start() and _is_word(text[m.start() - 1]):
            pos = m.start() + 1
            continue
        pos = m.end()
        j = m.start()
        while j > 0 and text[j - 1].isspace():
            j -= 1
        p = j - 3
        if (
            j < m.start()
            and p >= cursor
            and text[p : p + 3] in ("the", "The")
            and (p == 0 or not _is_word(text[p - 1]))
        ):
            with_the += 1
        count += 1
        cursor = m.end()
    return count, with_the


def _is_word(ch: str) -> bool:
    """Whether ``ch`` is a regex word character (``\\w``)."""
    return ch.isalnum() or ch == "_"


_REF = re.compile(r"\b(?:Clause|Section|Article)\s+\[X\]\s+\(([^)]+)\)")
_REF_WORD = re.compile(
    r"\b(?:Clause|Section|Article)(s?)(?=\s+(?:\[|\d))|(?<=\b[Tt]his\s)(?:Clause|Section|Article)()\b"
)
_SENTENCE_START = re.compile(r"(?m)((?:^|(?<=\.)\s)\s*(?:\([a-z0-9]+\)\s+)?)the\b")


def fit_text(body: str, structure: Structure, word: str) -> str:
    """The filled clause in the contract's own terms: a reference the library leaves open
    ("Clause [X] (Termination)") names the contract's clause with that heading when it has one;
    every reference uses the contract's word (Section / Clause / Article); a sentence starting
    with a defined name that takes "the" starts with "The"."""

    by_id = {c.id: c for c in structure.clauses}

    def resolve(m: re.Match[str]) -> str:
        heading = m.group(1)
        key = re.sub(r"(?i)\b(?:and|of|the|for)\b", " ", heading).split()
        for c in structure.clauses:
            if (
                c.kind == "clause"
                and c.heading
                and key
                and key[0].lower() in c.heading.lower()
                and _number_of(c, by_id)
            ):
                return f"{word} {_label(c, by_id)} ({c.heading})"
        return f"{word} [X] ({heading})"

    # each regex only where its literal occurs (a sub without a match changes nothing): both
    # scan every character, as they open with \b or a lookbehind
    if "[X]" in body:
        body = _REF.sub(resolve, body)
    if "Clause" in body or "Section" in body or "Article" in body:
        body = _REF_WORD.sub(lambda m: word + (m.group(1) or ""), body)
    return _SENTENCE_START.sub(lambda m: m.group(1) + "The", body)


def values(
    structure: Structure,
    findings: tuple[Finding, ...],
    text: str,
    dates: dict | None = None,
    sources: dict[str, VariableSource] | None = None,
) -> dict[str, str]:
    """Variable values from this contract: defined party names, then each shared variable from
    the source the library declares for it (a clause, a defined term or a stated period)."""
    if sources is None:
        sources = load_variables()
    out: dict[str, str] = {}
    parties = structure.parties
    company = next((p for p in parties if p.role == "company"), None)
    counter = next((p for p in parties if p.role == "counterparty"), None)
    if company is not None:
        out["company"] = with_article(company.defined_as or company.name, text)
    elif structure.company:
        out["company"] = with_article(structure.company, text)
    if counter is not None:
        out["counterparty"] = with_article(counter.defined_as or counter.name, text)
    word = reference_word(text)
    by_id = {f.provision: f for f in findings}
    for var, src in sources.items():
        if src.provisions:
            for pid in src.provisions:
                f = by_id.get(pid)
                # a weak clause is still the contract's clause to refer to
                if f and f.status is not Status.MISSING and f.evidence and f.evidence[0].section:
                    ev = f.evidence[0]
                    out[var] = f"{word} {ev.section}" + (f" ({ev.heading})" if ev.heading else "")
                    break
        elif src.terms:
            term = next((t for t in src.terms if t in structure.definitions), None)
            if term:
                out[var] = f"the {term}"
        elif src.period and dates:
            p = dates.get(src.period)
            p = p[0] if isinstance(p, list) and p else p
            if (
                p is not None
                and not isinstance(p, list)
                and getattr(p, "unit", "") in ("day", "business_day")
            ):
                out[var] = str(p.n)
    return out


# A clause number as contracts print them: "11", "11.3", "11.3A", "8.4(f)", "8.4(iv)",
# "10.2(a)(i)", "IV", "II.A", a lettered article "C".
NUMBER = re.compile(
    r"^(?:\d{1,3}[A-Z]?|[IVXLC]{1,7}[A-Z]?|[A-Z])(?:\.(?:\d{1,3}[A-Z]?|[A-Z]))*"
    r"(?:\((?:[a-z]{1,5}|\d{1,2}|[A-Z])\)){0,3}$"
)
_ROMAN_DIGITS = ((100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"))


def _roman(n: int) -> str:
    """n (1-399) as a lower-case roman numeral, the inverse of numbering.roman_value."""
    out = ""
    for value, digits in _ROMAN_DIGITS:
        while n >= value:
            out, n = out + digits, n - value
    return out + ("iv" if n == 4 else "i" * n)


_PREFIX_WORD = re.compile(r"^(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause)\s+")
# the last element of a number: "(iv)" of 8.4(iv), "3" of 11.3, "C" of II.C
_LAST = re.compile(r"^(?P<head>.*?)(?P<open>\(?)(?P<tok>[0-9]+|[A-Za-z]+)(?P<close>\)?)$")


def is_number(number: str) -> bool:
    """Whether ``number`` is a clause number in a contract's own scheme."""
    return bool(NUMBER.match(number))


@functools.lru_cache(maxsize=4096)
def _clean(raw: str | None) -> str | None:
    """A printed number without its "Article" word, trailing full stop or run-on heading
    ("II.    TERM AND RENEWAL" -> "II"), or None when it is not a number. A function of the
    string alone, remembered: placing each suggestion reads every clause's number again."""
    n = _PREFIX_WORD.sub("", (raw or "").strip())
    n = n.split()[0] if n else ""
    n = n.rstrip(".")
    return n if n and is_number(n) else None


def _number_of(c: Clause, by_id: dict[str, Clause] | None = None) -> str | None:
    """The clause's number as its scheme prints it ("11.3", "8.4(b)", "II.A"), or None when its
    label is not a number ("CHANGE IN CIRCUMSTANCES(iii)", "preamble", "text"). A lettered item
    under a numbered heading ("A." under "II. TERM AND RENEWAL") takes the heading's number."""
    for raw in (c.label, c.number):
        n = _clean(raw)
        if n:
            return n
    own = _clean(c.number)
    parent = by_id.get(c.parent) if by_id and c.parent else None
    if own and parent is not None and not own.startswith("("):
        top = _number_of(parent, by_id)
        if top:
            return f"{top}.{own}"
    if own and own.startswith("(") and parent is not None:
        top = _number_of(parent, by_id)
        if top:
            return top + own
    return None


def _kind(tok: str, siblings: tuple[str, ...] = ()) -> str:
    """digit, roman or letter: "i" after "h" is a letter, "i" before "ii" a roman numeral."""
    if tok.isdigit():
        return "digit"
    low = tok.lower()
    if roman_value(low) is None:
        return "letter"
    if len(low) > 1:
        return "roman"
    others = {s.lower() for s in siblings if s.isalpha()}
    if any(len(s) > 1 and roman_value(s) for s in others):
        return "roman"
    if any(len(s) == 1 and s not in "ivxlc" for s in others):
        return "letter"
    return "roman" if low in "ivx" else "letter"


def _bump(tok: str, kind: str, n: int = 1) -> str | None:
    """``tok`` plus n in its kind: 3 -> 4, c -> d, iv -> v, IV -> V."""
    if kind == "digit":
        return str(int(tok) + n)
    if kind == "roman":
        value = (roman_value(tok) or 0) + n
        if not 0 < value < 400:
            return None
        return _roman(value).upper() if tok.isupper() else _roman(value)
    if len(tok) != 1 or ord(tok.lower()) + n > ord("z"):
        return None
    return chr(ord(tok) + n)


def _last_token(number: str) -> tuple[str, str, str, str] | None:
    m = _LAST.match(number)
    if not m:
        return None
    return m.group("head"), m.group("open"), m.group("tok"), m.group("close")


def _next_number(number: str | None, siblings: tuple[str, ...] = (), n: int = 1) -> str | None:
    """The number n places after ``number`` in its list: 11.3 -> 11.4, 7 -> 8, 11.1(b) ->
    11.1(c), 8.4(iii) -> 8.4(iv), IV -> V, 2.0 -> 3.0; None when there is none. ``siblings``:
    the last elements of the list's other numbers, to tell "(i)" after "(h)" from "(i)" before
    "(ii)"."""
    if not number:
        return None
    number = number.strip().rstrip(".")
    if not is_number(number):
        return None
    if re.fullmatch(r"\d+\.0", number):  # "2.0 TERM": its articles count 1.0, 2.0, 3.0
        return f"{int(number[:-2]) + n}.0"
    parts = _last_token(number)
    if parts is None:
        return None
    head, opening, tok, closing = parts
    if not opening and head and tok.isalpha() and tok.isupper() and head[-1].isdigit():
        return None  # "11.3A", an inserted number: its successor is _successor's
    bumped = _bump(tok, _kind(tok, siblings), n)
    return f"{head}{opening}{bumped}{closing}" if bumped else None


def _tokens(clauses: list[Clause], by_id: dict[str, Clause]) -> tuple[str, ...]:
    out = []
    for c in clauses:
        number = _number_of(c, by_id)
        parts = _last_token(number) if number else None
        if parts:
            out.append(parts[2])
    return tuple(out)


def _label(c: Clause, by_id: dict[str, Clause] | None = None) -> str:
    """The clause as a lawyer cites it: its number, else its label."""
    return _number_of(c, by_id) or c.label or c.number or c.id


def _between(number: str) -> str:
    """The number of a clause inserted between ``number`` and the next: 11.3A, 17A, IVA; an
    article "18.0" of a scheme that counts 1.0, 2.0 takes 18A."""
    return (number[:-2] if re.fullmatch(r"\d+\.0", number) else number) + "A"


def _tops(structure: Structure, by_id: dict[str, Clause]) -> list[Clause]:
    """The top level of the contract's own numbering: numbered clauses (or numbered headings,
    "II. TERM AND RENEWAL") with no numbered ancestor, in the scheme most of them share (the
    articles "1".."14" under a title heading, not a stray "A." of a misread list)."""
    out, dotted = [], []
    for c in structure.clauses:
        if c.kind not in ("clause", "heading"):
            continue
        number = _number_of(c, by_id)
        if not number or "(" in number:
            continue
        if "." in number and not re.fullmatch(r"\d+\.0", number):
            if c.parent is None or by_id.get(c.parent, c).kind != "clause":
                dotted.append(c)  # "1.2" ... "12.5" with the articles' headings unread
            continue
        parent, numbered_above = by_id.get(c.parent or ""), False
        while parent is not None:
            if parent.kind in ("clause", "heading") and _number_of(parent, by_id):
                numbered_above = True
                break
            parent = by_id.get(parent.parent or "")
        if not numbered_above:
            out.append(c)
    if not out:
        return dotted
    kinds = [_kind(_tokens([c], by_id)[0]) for c in out]
    main = max(sorted(set(kinds)), key=kinds.count)
    return [c for c, k in zip(out, kinds, strict=True) if k == main]


def _after_in_list(
    c: Clause, siblings: list[Clause], by_id: dict[str, Clause]
) -> tuple[Clause, str | None]:
    """Where a clause inserted right after ``c`` goes and its number: the next number when ``c``
    is the last of its list; else ``c``'s number with a letter (11.3A), the way amendments
    insert; a lettered or roman item ("(b)", "C") goes to the end of its list instead ("(f)"
    after "(e)"), where the next letter is free."""
    number = _number_of(c, by_id)
    if number is None:
        return c, None
    later = [s for s in siblings if s.start > c.start]
    tokens = _tokens(siblings, by_id)
    if not later:
        return c, _next_number(number, tokens)
    if number[-1].isdigit() or _kind(number, tokens) == "roman":
        return c, _between(number)
    last = later[-1]
    return last, _next_number(_number_of(last, by_id), tokens)


# the clauses of the last contract placed, with their id index and numbered clauses: every
# suggestion of every finding asks again (257,640 _number_of calls over 60 pool PDFs)
_last_numbered: tuple[tuple[Clause, ...], dict[str, Clause], list[Clause]] | None = None


def _numbered(clauses: tuple[Clause, ...]) -> tuple[dict[str, Clause], list[Clause]]:
    """The clauses by id, and the numbered operative clauses in order (read-only), computed
    once for the same clauses tuple (clauses are frozen, so the answer cannot change)."""
    global _last_numbered
    last = _last_numbered
    if last is not None and last[0] is clauses:
        return last[1], last[2]
    by_id = {c.id: c for c in clauses}
    operative = [c for c in clauses if c.kind == "clause" and _number_of(c, by_id)]
    _last_numbered = (clauses, by_id, operative)
    return by_id, operative


def insertion(
    structure: Structure,
    finding: Finding,
    entry: Entry,
    findings: tuple[Finding, ...],
    word: str,
    entries: dict[str, Entry] | None = None,
) -> Insertion:
    """Where ``entry`` goes; ``entries``: the library, to follow what the entry builds on."""
    clauses = structure.clauses
    by_id, operative = _numbered(clauses)

    def containing(offset: int) -> Clause | None:
        best = None
        for c in operative:
            if c.start <= offset < c.end and (best is None or c.level >= best.level):
                best = c
        return best

    def after(c: Clause, why: Callable[[Clause], str]) -> Insertion:
        siblings = [s for s in operative if s.parent == c.parent]
        target, number = _after_in_list(c, siblings, by_id)
        return Insertion("after", target.end, number or "", why(target), target.id)

    def extends(c: Clause) -> Callable[[Clause], str]:
        def why(t: Clause) -> str:
            if t is c:
                return f"next to {word} {_label(c, by_id)}, the clause this extends"
            return (
                f"after {word} {_label(t, by_id)}, at the end of the list that holds "
                f"{word} {_label(c, by_id)}, the clause this extends"
            )

        return why

    def builds_on(pid: str) -> Callable[[Clause], str]:
        def why(t: Clause) -> str:
            return (
                f"after {word} {_label(t, by_id)} ({pid.replace('_', ' ')}), "
                "the most related existing clause"
            )

        return why

    if finding.status is Status.WEAK and finding.evidence:
        c = containing(finding.evidence[0].start)
        if c is not None:
            return after(c, extends(c))
    related = list(entry.depends_on)  # what the new clause builds on: it goes after that
    status = {f.provision: f for f in findings}
    for pid in _related_provisions(related, entries or {}):
        f = status.get(pid)
        if f and f.status is not Status.MISSING and f.evidence:
            c = containing(f.evidence[0].start)
            if c is not None:
                return after(c, builds_on(pid))
    tops = _tops(structure, by_id)
    tokens = _tokens(tops, by_id)
    for i, c in enumerate(tops):
        if c.heading and _BOILERPLATE.search(c.heading) and i > 0:
            prev = tops[i - 1]
            prev_number = _number_of(prev, by_id) or ""
            number = (
                _between(prev_number)
                if prev_number[-1:].isdigit() or _kind(prev_number, tokens) == "roman"
                else ""
            )
            return Insertion(
                "before",
                c.start,
                number,
                f"a new {word.lower()} before the boilerplate "
                f"({word} {_label(c, by_id)} {c.heading})",
                c.id,
            )
    if tops:
        last = tops[-1]
        return Insertion(
            "after",
            last.end,
            _next_number(_number_of(last, by_id), tokens) or "",
            f"a new {word.lower()} after the last operative {word.lower()} "
            f"({word} {_label(last, by_id)})",
            last.id,
        )
    return Insertion(
        "end", structure.clauses[-1].end if structure.clauses else 0, "", "end of the contract"
    )


def _related_provisions(related: list[str], entries: dict[str, Entry]) -> list[str]:
    """The provisions of the clauses a new clause builds on, nearest first (a schedule it relies
    on is attached, not a place to insert after)."""
    out = []
    for ref in related:
        ref_entry = entries.get(ref)
        pid = ref_entry.provision if ref_entry is not None and ref_entry.kind == "clause" else None
        if pid and pid not in out:
            out.append(pid)
    return out


def for_finding(
    finding: Finding,
    entries: dict[str, Entry],
    structure: Structure,
    findings: tuple[Finding, ...],
    word: str,
    fill_values: dict[str, str],
    *,
    limit: int = 2,
    text: str = "",
) -> tuple[Suggestion, ...]:
    """``word``: how the contract refers to its provisions (Section, Clause, Article);
    ``text``: the contract's text, to leave out entries that do not fit it."""
    if finding.status is Status.PRESENT:
        return ()
    if finding.leverage is not None and not finding.leverage.applicable:
        return ()  # not normally applicable to this relationship: reported, never "add"
    ranked = [e for e in rank(entries, finding, structure.relationship) if fits(e, structure, text)]
    out = []
    for entry in ranked[:limit]:
        values_here = dict(fill_values)
        for party in ("company", "counterparty"):
            default = entry.variables.get(party)
            if default and not values_here.get(party) and text:
                # the party is not known: the entry's own name for it ("Supplier"), with the
                # article this contract gives that name where it uses it ("the Supplier")
                values_here[party] = with_article(default, text)
        body, defs = entry.fill(values_here)
        body = fit_text(body, structure, word)
        missing_defs = tuple((t, d) for t, d in defs.items() if t not in structure.definitions)
        action = "extend" if finding.status is Status.WEAK else "add"
        ins = insertion(structure, finding, entry, findings, word, entries)
        if action == "extend" and finding.evidence:
            ev = finding.evidence[0]
            widen = (
                ", ".join(f.replace("_", " ") for f in entry.fixes) or "add the human-rights hook"
            )
            why = (
                f"Extend {word} {ev.section or '?'}: "
                f"{finding.reasons[0] if finding.reasons else 'it is weak'}. "
                f"Widen it ({widen}) "
                f"rather than add a new mechanism: "
                f"the counterparty has already accepted the machinery. "
            )
        else:
            why = (
                "Add: nothing in the contract gives this lever "
                f"({finding.provision.replace('_', ' ')}). "
            )
        rel_note = (
            ""
            if structure.relationship in entry.relationship_types
            else f" (drafted for {', '.join(entry.relationship_types)} relationships; adapt it)"
        )
        out.append(
            Suggestion(
                entry=entry.id,
                title=entry.title + rel_note,
                tier=entry.tier,
                action=action,
                text=body,
                rationale=why + entry.rationale,
                shift_key=entry.rationale_key,
                insertion=ins,
                heading=entry.title,
                definitions=missing_defs,
                fixes=entry.fixes,
                frameworks=tuple(
                    f"{fw['framework']}, {fw['ref']} ({fw['version']})" for fw in entry.frameworks
                ),
                moments=entry.moments_created,
            )
        )
    return tuple(out)


def annotate(
    findings: tuple[Finding, ...],
    entries: dict[str, Entry],
    structure: Structure,
    text: str,
    dates: dict | None = None,
    sources: dict[str, VariableSource] | None = None,
) -> tuple[Finding, ...]:
    fill_values = values(structure, findings, text, dates, sources)
    word = reference_word(text)
    out = [
        replace(
            f,
            suggestions=for_finding(f, entries, structure, findings, word, fill_values, text=text),
        )
        for f in findings
    ]
    return tuple(_plan_references(_distinct_numbers(out, word, structure), word))


# The clauses a library entry refers to by heading ("Clause [X] (Suspension)") and the provision
# whose new clause, in this plan, is that clause; "Human Rights" is the human-rights article the
# plan adds (its standards), or the new clause on labour standards or the code of conduct.
_REFERENCED = {
    "human rights": ("labour_standards", "code_of_conduct"),
    "suspension": ("suspension_right",),
    "responsible exit": ("responsible_exit",),
    "termination for human rights breach": ("termination_for_breach",),
    "permitted use": ("end_use_restriction",),
    "code of conduct": ("code_of_conduct",),
    "audit": ("audit_rights",),
    "reports": ("reporting_covenant",),
    "complaints handling": ("grievance_mechanism",),
    "notification of breach": ("incident_notification",),
    "remedy of breach": ("remediation",),
    "subcontracting": ("flow_down",),
    "term and renewal": ("renewal_term",),
}
_OPEN_REF = re.compile(r"\b(Clause|Section|Article) \[X\] \(([^)]+)\)")


def _plan_references(findings: list[Finding], word: str) -> list[Finding]:
    """One insertion plan: a reference the library leaves open ("Section [X] (Suspension)") and
    the contract cannot fill names the clause this plan adds for it ("Section 17A.6
    (Suspension)"); the standards in "Section [X] (Human Rights)" are the new article on human
    rights that gathers the new clauses (17A), where the plan has one."""
    numbers: dict[str, str] = {}
    article = None
    for f in findings:
        if f.suggestions and f.suggestions[0].insertion.section_number:
            ins = f.suggestions[0].insertion
            numbers[f.provision] = ins.section_number
            m = re.search(rf"one new {word} (\S+) on human rights gathers", ins.reason)
            article = article or (m.group(1) if m else None)

    def resolve(m: re.Match[str]) -> str:
        heading = m.group(2)
        key = heading.lower()
        if key == "human rights" and article:
            return f"{m.group(1)} {article} ({heading})"
        for pid in _REFERENCED.get(key, ()):
            if pid in numbers:
                return f"{m.group(1)} {numbers[pid]} ({heading})"
        return m.group(0)

    return [
        replace(
            f,
            suggestions=tuple(
                replace(s, text=_OPEN_REF.sub(resolve, s.text)) for s in f.suggestions
            ),
        )
        if f.suggestions
        else f
        for f in findings
    ]


def _distinct_numbers(
    findings: list[Finding], word: str = "Section", structure: Structure | None = None
) -> list[Finding]:
    """Clauses proposed at the same point take successive numbers (9.4A, 9.4B), in report order;
    a finding's alternatives share the number of its first suggestion. Three or more new
    clauses at one top-level point become one new {word} with numbered sub-clauses (17A.1,
    17A.2, ...): one insertion, not a stack. A point without a number in the contract's scheme
    keeps none."""
    count: dict[str, int] = {}
    for f in findings:
        if f.suggestions:
            point = f.suggestions[0].insertion.section_number
            count[point] = count.get(point, 0) + 1
    taken: dict[str, int] = {}
    clauses = structure.clauses if structure is not None else ()
    by_id = {c.id: c for c in clauses}
    out = []
    for f in findings:
        if not f.suggestions:
            out.append(f)
            continue
        primary = f.suggestions[0].insertion
        number = primary.section_number
        n = taken.get(number, 0)
        taken[number] = n + 1
        reason = primary.reason
        if number and count[number] >= 3 and not re.search(r"[.)]", number):
            reason = (
                f"{reason}; one new {word} {number} on human rights gathers the "
                f"{count[number]} new clauses"
            )
            number = f"{number}.{n + 1}"
        elif n and number:
            anchor = by_id.get(primary.anchor or "")
            siblings = [c for c in clauses if anchor is not None and c.parent == anchor.parent]
            number = _successor(number, n, _tokens(siblings, by_id))
        out.append(
            replace(
                f,
                suggestions=tuple(
                    replace(s, insertion=replace(s.insertion, section_number=number, reason=reason))
                    if (s.insertion.anchor, s.insertion.mode) == (primary.anchor, primary.mode)
                    else s
                    for s in f.suggestions
                ),
            )
        )
    return out


def _successor(number: str, n: int, siblings: tuple[str, ...] = ()) -> str:
    """The n-th further clause inserted where ``number`` goes: 11.3A -> 11.3B (between clauses),
    12 -> 13 and 8.4(f) -> 8.4(g) (at the end of a list); ``siblings``: the last elements of the
    list's numbers, so that "(i)" after "(h)" goes on to "(j)", not "(ii)"."""
    if re.search(r"\d[A-Z]$", number) or re.fullmatch(r"[IVXLC]+[A-Z]", number):
        return number[:-1] + chr(ord(number[-1]) + n)
    return _next_number(number, siblings, n) or number
