"""Suggestions: the clause-library entries that fix a weak or missing finding, filled in with the
contract's own defined names, with a rationale and the place where the clause would go.

Ranking (provisions.md 5.2): for a weak finding an ``extend`` entry first (widen the accepted
machinery), then the strong and baseline tiers; for a missing one the strong tier first at P1-P2
and the baseline first at P3-P4. Entries for the contract's relationship type come before others.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from clausecheck.data import policy
from clausecheck.leverage.library import Entry, VariableSource, load_variables, placeholders
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
    needs a project, an E&S consultant or named E&S standards only where the contract type or
    its text has them; a provision such as security providers only where its cue appears."""
    cues = policy.contract_types()
    pcue = cues.provision_cues.get(entry.provision)
    if entry.provision in cues.provision_cues and (pcue is None or not _has(pcue, text)):
        return False
    used = placeholders(entry.text)
    for var, (types, cue) in cues.library_needs.items():
        if var in used and structure.contract_type not in types:
            if cue is None or not _has(cue, text):
                return False
    return True


@functools.lru_cache(maxsize=16)
def _has(cue: re.Pattern[str], text: str) -> bool:
    """Whether ``cue`` occurs in the first 400,000 characters of ``text``, searched once per
    cue and text: ``fits`` asks for the same few cues for every entry of every finding (59
    case-insensitive searches of a whole 200-page contract, a tenth of its analysis)."""
    return cue.search(text, 0, 400_000) is not None


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


def with_article(name: str, text: str) -> str:
    """ "the Supplier" when the contract writes its defined name with the article, else the name
    as it stands ("Acme", "ACME LTD")."""
    if not name or name.lower().startswith("the "):
        return name
    uses = re.findall(rf"(\b[Tt]he\s+)?\b{re.escape(name)}\b", text[:400_000])
    with_the = sum(1 for u in uses if u)
    return f"the {name}" if uses and with_the * 2 >= len(uses) else name


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

    def resolve(m: re.Match[str]) -> str:
        heading = m.group(1)
        key = re.sub(r"(?i)\b(?:and|of|the|for)\b", " ", heading).split()
        for c in structure.clauses:
            if c.kind == "clause" and c.heading and key and key[0].lower() in c.heading.lower():
                return f"{word} {_label(c)} ({c.heading})"
        return f"{word} [X] ({heading})"

    body = _REF.sub(resolve, body)
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


# A clause number as contracts print them: "11", "11.3", "11.3A", "8.4(f)", "8.4(iv)", "IV".
NUMBER = re.compile(
    r"^(?:\d{1,3}[A-Z]?|[IVXLC]{1,7}[A-Z]?)(?:\.\d{1,3}[A-Z]?)*(?:\((?:[a-z]{1,4}|\d{1,2})\))?$"
)
_ROMANS = [
    "i",
    "ii",
    "iii",
    "iv",
    "v",
    "vi",
    "vii",
    "viii",
    "ix",
    "x",
    "xi",
    "xii",
    "xiii",
    "xiv",
    "xv",
    "xvi",
    "xvii",
    "xviii",
    "xix",
    "xx",
]


def is_number(number: str) -> bool:
    """Whether ``number`` is a clause number in a contract's own scheme."""
    return bool(NUMBER.match(number))


def _number_of(c: Clause) -> str | None:
    """The clause's number as its scheme prints it ("11.3", "8.4(b)"), or None when its label is
    not a number ("CHANGE IN CIRCUMSTANCES(iii)", "preamble")."""
    for raw in (c.label, c.number):
        n = re.sub(
            r"^(?:ARTICLE|Article|SECTION|Section|CLAUSE|Clause)\s+", "", (raw or "").strip()
        )
        n = n.rstrip(".")
        if n and is_number(n):
            return n
    return None


def _next_number(number: str | None) -> str | None:
    """The number after ``number``: 11.3 -> 11.4, 7 -> 8, 11.1(b) -> 11.1(c), 8.4(iii) ->
    8.4(iv), IV -> V; None when there is none."""
    if not number:
        return None
    number = number.strip().rstrip(".")
    m = re.match(r"^(.*\()([ivx]+)(\))$", number)
    if m and m.group(2) in _ROMANS[:-1]:
        return f"{m.group(1)}{_ROMANS[_ROMANS.index(m.group(2)) + 1]}{m.group(3)}"
    m = re.match(r"^(.*\()([a-z])(\))$", number)
    if m and m.group(2) != "z":
        return f"{m.group(1)}{chr(ord(m.group(2)) + 1)}{m.group(3)}"
    if re.fullmatch(r"[IVXLC]+", number):
        upper = [r.upper() for r in _ROMANS]
        return upper[upper.index(number) + 1] if number in upper[:-1] else None
    m = re.match(r"^(.*?)(\d+)$", number)
    return f"{m.group(1)}{int(m.group(2)) + 1}" if m else None


def _inserted_after(c: Clause, later_siblings: bool) -> str | None:
    """The number of a clause inserted right after ``c``: the next number when ``c`` is the last of
    its list, else ``c``'s number with a letter (11.3A), the way amendments insert; a lettered or
    roman item ("(b)") then takes the number after the last item of its list."""
    number = _number_of(c)
    if number is None:
        return None
    if not later_siblings:
        return _next_number(number)
    if number.endswith(")"):
        return None  # "(b)" followed by "(c)": no valid letter-suffixed form; go to list end
    return number + "A" if number[-1].isdigit() or re.fullmatch(r"[IVXLC]+", number) else None


def _label(c: Clause) -> str:
    return c.label or c.number or c.id


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
    operative = [c for c in clauses if c.kind == "clause"]
    by_id = {c.id: c for c in clauses}

    def containing(offset: int) -> Clause | None:
        best = None
        for c in operative:
            if c.start <= offset < c.end and (best is None or c.level >= best.level):
                best = c
        return best

    def after(c: Clause, why: str) -> Insertion:
        later = [s for s in operative if s.parent == c.parent and s.start > c.start]
        number = _inserted_after(c, bool(later))
        if number is None and later and (_number_of(c) or "").endswith(")"):
            c = later[-1]  # a new item at the end of the list: "(f)" after "(e)"
            number = _inserted_after(c, False)
        return Insertion("after", c.end, number or "", why, c.id)

    if finding.status is Status.WEAK and finding.evidence:
        c = containing(finding.evidence[0].start)
        if c is not None:
            return after(c, f"next to {word} {_label(c)}, the clause this extends")
    related = list(entry.depends_on)  # what the new clause builds on: it goes after that
    status = {f.provision: f for f in findings}
    for pid in _related_provisions(related, entries or {}):
        f = status.get(pid)
        if f and f.status is not Status.MISSING and f.evidence:
            c = containing(f.evidence[0].start)
            if c is not None:
                top = c
                while top.parent and by_id.get(top.parent) and by_id[top.parent].kind == "clause":
                    top = by_id[top.parent]
                target = c if c.level > 0 else top
                return after(
                    target,
                    f"after {word} {_label(target)} ({pid.replace('_', ' ')}), "
                    "the most related existing clause",
                )
    tops = [c for c in operative if c.level == 0]
    for i, c in enumerate(tops):
        if c.heading and _BOILERPLATE.search(c.heading) and i > 0:
            prev = tops[i - 1]
            return Insertion(
                "before",
                c.start,
                _inserted_after(prev, True) or "",
                f"a new {word.lower()} before the boilerplate ({word} {_label(c)} {c.heading})",
                c.id,
            )
    if tops:
        last = tops[-1]
        return Insertion(
            "after",
            last.end,
            _next_number(_number_of(last)) or "",
            f"a new {word.lower()} after the last operative {word.lower()}",
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
        body, defs = entry.fill(fill_values)
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
    return tuple(_distinct_numbers(out, word))


def _distinct_numbers(findings: list[Finding], word: str = "Section") -> list[Finding]:
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
            number = _successor(number, n)
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


def _successor(number: str, n: int) -> str:
    """The n-th further clause inserted where ``number`` goes: 11.3A -> 11.3B (between clauses),
    12 -> 13 and 8.4(f) -> 8.4(g) (at the end of a list)."""
    if re.search(r"\d[A-Z]$", number) or re.fullmatch(r"[IVXLC]+[A-Z]", number):
        return number[:-1] + chr(ord(number[-1]) + n)
    for _ in range(n):
        number = _next_number(number) or number
    return number
