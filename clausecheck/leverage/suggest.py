"""Suggestions: the clause-library entries that fix a weak or missing finding, filled in with the
contract's own defined names, with a rationale and the place where the clause would go.

Ranking (provisions.md 5.2): for a weak finding an ``extend`` entry first (widen the accepted
machinery), then the strong and baseline tiers; for a missing one the strong tier first at P1-P2
and the baseline first at P3-P4. Entries for the contract's relationship type come before others.
"""

from __future__ import annotations

import re
from dataclasses import replace

from clausecheck.leverage.library import Entry, VariableSource, load_variables
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


def reference_word(text: str) -> str:
    """How this contract refers to its own provisions: Section, Clause or Article."""
    counts = {
        w: len(re.findall(rf"\b{w}s?\s+\d", text[:400_000]))
        for w in ("Section", "Clause", "Article")
    }
    return max(counts, key=counts.__getitem__) if any(counts.values()) else "Section"


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
        out["company"] = company.defined_as or company.name
    elif structure.company:
        out["company"] = structure.company
    if counter is not None:
        out["counterparty"] = counter.defined_as or counter.name
    word = reference_word(text)
    by_id = {f.provision: f for f in findings}
    for var, src in sources.items():
        if src.provisions:
            for pid in src.provisions:
                f = by_id.get(pid)
                if f and f.status is Status.PRESENT and f.evidence and f.evidence[0].section:
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


def _next_number(number: str | None) -> str | None:
    """The number after ``number``: 11.3 -> 11.4, 7 -> 8, 11.1(b) -> 11.1(c), ARTICLE IV -> None."""
    if not number:
        return None
    number = number.strip().rstrip(".")
    m = re.match(r"^(.*\()([a-z])(\))$", number)
    if m and m.group(2) != "z":
        return f"{m.group(1)}{chr(ord(m.group(2)) + 1)}{m.group(3)}"
    m = re.match(r"^(.*?)(\d+)$", number)
    return f"{m.group(1)}{int(m.group(2)) + 1}" if m else None


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
        number = f"{_label(c)}A" if later else _next_number(_label(c))
        return Insertion(
            "after", c.end, number or f"new {word.lower()} after {_label(c)}", why, c.id
        )

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
            number = f"{_label(prev)}A" if prev.number else f"new {word.lower()} before {_label(c)}"
            return Insertion(
                "before",
                c.start,
                number,
                f"a new {word.lower()} before the boilerplate ({word} {_label(c)} {c.heading})",
                c.id,
            )
    if tops:
        last = tops[-1]
        return Insertion(
            "after",
            last.end,
            _next_number(last.number) or f"new {word.lower()} at the end",
            f"a new {word.lower()} after the last operative {word.lower()}",
            last.id,
        )
    return Insertion(
        "end",
        structure.clauses[-1].end if structure.clauses else 0,
        "new clause",
        "end of the contract",
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
) -> tuple[Suggestion, ...]:
    """``word``: how the contract refers to its provisions (Section, Clause, Article)."""
    if finding.status is Status.PRESENT:
        return ()
    if finding.leverage is not None and not finding.leverage.applicable:
        return ()  # not normally applicable to this relationship: reported, never "add"
    ranked = rank(entries, finding, structure.relationship)
    out = []
    for entry in ranked[:limit]:
        body, defs = entry.fill(fill_values)
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
        replace(f, suggestions=for_finding(f, entries, structure, findings, word, fill_values))
        for f in findings
    ]
    return tuple(_distinct_numbers(out))


def _distinct_numbers(findings: list[Finding]) -> list[Finding]:
    """Clauses proposed at the same point take successive numbers (22A, 22B, 22C), in report order;
    a finding's alternatives share the number of its first suggestion."""
    taken: dict[str, int] = {}
    out = []
    for f in findings:
        if not f.suggestions:
            out.append(f)
            continue
        number = f.suggestions[0].insertion.section_number
        n = taken.get(number, 0)
        taken[number] = n + 1
        if n:
            base = number[:-1] if re.search(r"\dA$", number) else number
            first = "A" if base != number else ""
            number = base + chr(ord(first or "A") + n)
        primary = f.suggestions[0].insertion
        out.append(
            replace(
                f,
                suggestions=tuple(
                    replace(s, insertion=replace(s.insertion, section_number=number))
                    if (s.insertion.anchor, s.insertion.mode) == (primary.anchor, primary.mode)
                    else s
                    for s in f.suggestions
                ),
            )
        )
    return out
