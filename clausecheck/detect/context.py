"""Cue matching: provisions' phrase, regex and token-pattern groups over the whole document,
then per-unit (sentence within a clause) group sets and the HR-link contexts around them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy

from clausecheck.data.provisions import CueGroup, Provision
from clausecheck.nlp import anchors
from clausecheck.nlp.pipeline import Matcher, PhraseMatcher, phrase_lemmas, sentence_offsets
from clausecheck.types import Document, Structure

_XREF = re.compile(
    r"\b(?P<kw>Sections?|Articles?|Clauses?|Paragraphs?|Schedules?|Exhibits?|Annex(?:es)?|Appendi(?:x|ces)|Attachments?)\s+"
    r"(?P<num>\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}\b|[A-Z]\b)",
    re.I,
)
_DEFINITIONAL = re.compile(
    r"^\s*(?:(?:\d{1,3}(?:\.\d{1,3})*\.?|\(?[a-z0-9ivx]{1,4}[.)])\s*)?[\"“][^\"”]{1,80}[\"”]\s*(?:,[^,]{0,40},\s*)?(?:shall\s+)?(?:means?|shall\s+have\s+the\s+meaning|has\s+the\s+meaning|includes?)\b",
    re.I,
)
_BIG_CLAUSE = 2500  # own text longer than this: the "same clause" context is a sentence window
_WINDOW = 3


@dataclass
class Unit:
    start: int
    end: int
    clause: int  # index into structure.clauses, -1 if outside any clause
    groups: set[str] = field(default_factory=set)


class CueIndex:
    """All cue groups compiled once per engine: a lemma PhraseMatcher, regexes, token Matcher."""

    def __init__(self, nlp, groups: list[CueGroup]) -> None:
        self.phrase = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.tokens = Matcher(nlp.vocab)
        self.regex: list[tuple[str, anchors.Pattern]] = []
        self.keys: set[str] = set()
        phrases = [p for g in groups for p in g.phrases]
        # each phrase as its lemmas' hashes (what the matcher stores for a Doc), from the cache
        docs = iter(phrase_lemmas(nlp, phrases))
        for g in groups:
            self.keys.add(g.key)
            if g.phrases:
                # key sequences in place of Docs: add() takes both; spaCy's stub names Docs only
                self.phrase.add(g.key, [next(docs) for _ in g.phrases])  # type: ignore[misc]
            if g.patterns:
                self.tokens.add(g.key, [list(p) for p in g.patterns])
            for rx in g.regex:
                self.regex.append((g.key, anchors.prepare(rx)))

    def match(
        self, doc_text: str, sdoc, words: anchors.WordStarts | None = None
    ) -> list[tuple[int, str]]:
        """(start offset, group key) for every cue hit, sorted by offset."""
        strings = sdoc.vocab.strings
        idx = (
            sdoc.to_array("IDX").tolist() if len(sdoc) else []
        )  # sdoc[i].idx builds a Token each time
        names: dict[int, str] = {}  # match id -> group key, looked up once per group, not per hit

        def name(m: int) -> str:
            key = names.get(m)
            if key is None:
                key = names[m] = strings[m]
            return key

        hits = [(idx[s], name(m)) for m, s, _ in self.phrase(sdoc)]
        if len(self.tokens):
            hits.extend((idx[s], name(m)) for m, s, _ in self.tokens(sdoc))
        words = words or anchors.WordStarts(doc_text)
        for key, pattern in self.regex:  # anchored at the words that can start it (anchors.py)
            hits.extend((m.start(), key) for m in words.search(pattern))
        hits.sort()
        return hits


@dataclass
class Context:
    """Everything the grader needs to know about a document's cues."""

    doc: Document
    structure: Structure
    units: list[Unit]
    hits: list[tuple[int, str]]
    clause_own: list[set[str]]
    clause_tree: list[set[str]]
    clause_units: list[list[int]]
    parents: list[int]
    index: dict[str, list[int]]  # group key -> units holding it
    label_map: dict[str, int]
    children: list[list[int]] = field(default_factory=list)
    words: anchors.WordStarts | None = None  # the text's word index, shared with the traction step
    # per-sentence results the grading steps share (modality, clause and linked context), so the
    # judge does not recompute what the rules already read
    memo: dict[str, dict] = field(default_factory=dict, repr=False, compare=False)

    def groups_in(self, start: int, end: int) -> set[str]:
        lo = bisect.bisect_left(self.hits, (start, ""))
        hi = bisect.bisect_left(self.hits, (end, ""))
        return {k for _, k in self.hits[lo:hi]}

    def ancestors(self, ci: int) -> list[int]:
        out = []
        p = self.parents[ci] if ci >= 0 else -1
        while p >= 0:
            out.append(p)
            p = self.parents[p]
        return out

    def clause_context(self, ui: int) -> set[str]:
        """Groups in the same clause: the unit's clause (and its sub-clauses) and its lead-ins."""
        unit = self.units[ui]
        ci = unit.clause
        if ci < 0:
            return set(unit.groups)
        own_units = self.clause_units[ci]
        c = self.structure.clauses[ci]
        if c.body_end - c.start > _BIG_CLAUSE:
            pos = own_units.index(ui)
            out: set[str] = set()
            for uj in own_units[max(0, pos - _WINDOW) : pos + _WINDOW + 1]:
                out |= self.units[uj].groups
            out |= self._children_groups(ci)
        else:
            out = set(self.clause_own[ci]) | self.list_items(ci)
        for a in self.ancestors(ci):
            ac = self.structure.clauses[a]
            if ac.body_end - ac.start <= _BIG_CLAUSE:
                out |= self.clause_own[a]
            else:  # a long lead-in: only its first sentences (heading and opening words)
                for uj in self.clause_units[a][:2]:
                    out |= self.units[uj].groups
        return out

    def section_context(self, ui: int) -> set[str]:
        """Groups in the whole numbered section holding the unit (below any Article)."""
        ci = self.units[ui].clause
        if ci < 0:
            return set(self.units[ui].groups)
        chain = [ci, *self.ancestors(ci)]
        top = chain[-1]
        for c in reversed(chain):
            num = self.structure.clauses[c].number or ""
            if (
                not num.upper().startswith(("ARTICLE", "PART"))
                and self.structure.clauses[c].kind != "schedule"
            ):
                top = c
                break
        return self.clause_tree[top]

    def _children_groups(self, ci: int) -> set[str]:
        return self.list_items(ci)

    def list_items(self, ci: int) -> set[str]:
        """Groups in the clause's enumerated items ("(a)", "(i)") - part of the same clause;
        numbered sub-sections ("11.3") are neighbouring clauses, not the same one (spec 2.2)."""
        out: set[str] = set()
        for child in self.children[ci]:
            if (self.structure.clauses[child].number or "").startswith("("):
                out |= self.clause_tree[child]
        return out

    def is_heading(self, ui: int) -> bool:
        """A unit that is only a clause's number and heading (headings decide nothing)."""
        u = self.units[ui]
        if u.clause < 0:
            return False
        c = self.structure.clauses[u.clause]
        if not c.heading or u.start > c.start + len(c.number or "") + 3:
            return False
        rest = self.doc.text[u.start : u.end]
        if c.number and rest.startswith(c.number):
            rest = rest[len(c.number) :]
        return rest.strip(" .:-\u2013\u2014") == c.heading.strip(" .:")

    def linked_context(self, ui: int) -> tuple[set[str], list[str]]:
        """Clause context plus definitions used and sections cross-referred to (§2.2).

        In a clause of at most ``_BIG_CLAUSE`` characters every sentence has the clause's
        context and reads the clause's text, so the answer is the clause's: worked out once
        per clause (the judge and the traction step ask for most of its sentences) and handed
        out as a fresh copy each time."""
        ci = self.units[ui].clause
        if ci >= 0:
            c = self.structure.clauses[ci]
            if c.body_end - c.start <= _BIG_CLAUSE:
                per_clause = self.memo.setdefault("linked_clause", {})
                found = per_clause.get(ci)
                if found is None:
                    found = per_clause[ci] = self._linked_context(ui)
                return set(found[0]), list(found[1])
        return self._linked_context(ui)

    def _linked_context(self, ui: int) -> tuple[set[str], list[str]]:
        unit = self.units[ui]
        out = self.clause_context(ui)
        notes: list[str] = []
        text = self.doc.text[unit.start : unit.end]
        ci = unit.clause
        if ci >= 0:
            c = self.structure.clauses[ci]
            if c.body_end - c.start <= _BIG_CLAUSE:
                text = self.doc.text[c.start : c.body_end]
        terms = self.memo.get("linked_terms")
        if terms is None:  # the defined terms a sentence can use: once per document
            terms = self.memo["linked_terms"] = {
                term: span
                for term, span in self.structure.definitions.items()
                if len(term) > 2 and term[0].isupper()
            }
        for term, (s, e) in terms.items():
            if term in text:
                extra = self.groups_in(s, e)
                if extra - out:
                    notes.append(f'definition of "{term}"')
                out |= extra
        for m in _XREF.finditer(text):
            target = self._xref_target(m)
            if target is not None and target != ci and target not in self.ancestors(ci):
                extra = self.clause_own[target] | self.list_items(target)
                if extra - out:
                    notes.append(f"cross-reference to {m.group(0)}")
                out |= extra
        if re.search(r"\bthis\s+(?:Section|Article|Clause)\b", text, re.I) and ci >= 0:
            anc = self.ancestors(ci)
            top = anc[-1] if anc else ci
            tc = self.structure.clauses[top]
            out |= self.groups_in(tc.start, tc.end)
        return out, notes

    def _xref_target(self, m: re.Match[str]) -> int | None:
        kw = m.group("kw").lower()
        num = m.group("num").rstrip(".")
        if kw.startswith(("schedule", "exhibit", "annex", "append", "attach")):
            for word in ("Schedule", "Exhibit", "Annex", "Appendix", "Attachment"):
                hit = self.label_map.get(f"{word} {num}".lower())
                if hit is not None and word.lower().startswith(kw[:5]):
                    return hit
            return None
        return self.label_map.get(num.lower()) or self.label_map.get(f"article {num}".lower())

    def attachment_missing(self, text: str) -> list[str]:
        """Referenced schedules/exhibits that are not in the document."""
        missing = []
        for m in _XREF.finditer(text):
            kw = m.group("kw").lower()
            if (
                kw.startswith(("schedule", "exhibit", "annex", "append", "attach"))
                and self._xref_target(m) is None
            ):
                missing.append(m.group(0))
        return missing

    def is_definitional(self, ui: int) -> bool:
        u = self.units[ui]
        return bool(_DEFINITIONAL.match(self.doc.text[u.start : min(u.end, u.start + 200)]))


def build_context(doc: Document, structure: Structure, sdoc, cues: CueIndex) -> Context:
    text = doc.text
    clauses = structure.clauses
    bounds = set(sentence_offsets(sdoc).tolist())
    for c in clauses:
        bounds.add(c.start)
        bounds.add(c.body_end)
    bounds.discard(len(text))
    starts = sorted(b for b in bounds if 0 <= b < len(text))
    # Units: text between consecutive boundaries, trimmed; the innermost clause holds each.
    clause_starts = numpy.array([c.start for c in clauses], dtype=numpy.int64)
    units: list[Unit] = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else len(text)
        seg = text[s:e]
        lead = len(seg) - len(seg.lstrip())
        trail = len(seg) - len(seg.rstrip())
        if e - trail <= s + lead:
            continue
        units.append(Unit(s + lead, e - trail, -1))
    parents_by_id = {c.id: i for i, c in enumerate(clauses)}
    parents = [parents_by_id.get(c.parent, -1) if c.parent else -1 for c in clauses]
    clause_units: list[list[int]] = [[] for _ in clauses]
    for ui, u in enumerate(units):
        k = int(numpy.searchsorted(clause_starts, u.start, side="right")) - 1
        # walk up to the innermost clause whose own text holds the unit
        while k >= 0 and not (clauses[k].start <= u.start < clauses[k].end):
            k = parents[k]
        if k >= 0 and u.start >= clauses[k].body_end:
            # in a gap after children (text between sub-clauses): belongs to the clause
            pass
        u.clause = k
        if k >= 0:
            clause_units[k].append(ui)
    words = anchors.WordStarts(text)
    hits = cues.match(text, sdoc, words)
    unit_starts = [u.start for u in units]
    index: dict[str, list[int]] = {}
    for off, key in hits:
        ui = bisect.bisect_right(unit_starts, off) - 1
        if ui >= 0 and off < units[ui].end:
            if key not in units[ui].groups:
                units[ui].groups.add(key)
                index.setdefault(key, []).append(ui)
    # A list item carries the cues of its lead-in: "Supplier shall notify Buyer of: (a) any ...".
    for ci, c in enumerate(clauses):
        parent = parents[ci]
        if parent < 0 or not (c.number or "").startswith("(") or not clause_units[ci]:
            continue
        lead_in = [u for u in clause_units[parent] if units[u].start < c.start]
        if not lead_in:
            continue
        lead_unit = units[lead_in[-1]]
        if not text[lead_unit.start : lead_unit.end].rstrip().endswith((":", "\u2014")):
            continue
        first = clause_units[ci][0]
        for key in lead_unit.groups - units[first].groups:
            units[first].groups.add(key)
            index.setdefault(key, []).append(first)
    clause_own = [
        set().union(*(units[u].groups for u in cu)) if cu else set() for cu in clause_units
    ]
    clause_tree = [set(s) for s in clause_own]
    for ci in range(len(clauses) - 1, -1, -1):
        p = parents[ci]
        if p >= 0:
            clause_tree[p] |= clause_tree[ci]
    label_map: dict[str, int] = {}
    for i, c in enumerate(clauses):
        if c.kind == "toc":
            continue
        for key in (c.label.lower(), (c.number or "").lower().rstrip(".")):
            if key and key not in label_map:
                label_map[key] = i
    children: list[list[int]] = [[] for _ in clauses]
    for ci, p in enumerate(parents):
        if p >= 0:
            children[p].append(ci)
    return Context(
        doc,
        structure,
        units,
        hits,
        clause_own,
        clause_tree,
        clause_units,
        parents,
        index,
        label_map,
        children,
        words,
    )


def all_groups(common: dict[str, CueGroup], provisions: list[Provision]) -> list[CueGroup]:
    groups = list(common.values())
    for p in provisions:
        groups.extend(p.cues.values())
        groups.extend(p.lookalikes.values())
        groups.extend(p.strong.values())
    return groups
