"""The result model: frozen dataclasses shared by every step of the pipeline.

All offsets are character positions into ``Document.text``, half-open ``[start, end)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from clausecheck.vocab import Status


@dataclass(frozen=True)
class Anchor:
    """Maps a span of ``Document.text`` back to where it came from in the source file."""

    start: int
    end: int
    page: int | None  # 1-based PDF page, or None where the format has no pages
    locator: str  # "pdf:p3@72,540", "docx:para=12,run=2", "html:/html/body/p[4]", "text:line=40"


@dataclass(frozen=True)
class PageSpan:
    number: int  # 1-based
    start: int
    end: int
    ocr: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph-level unit of the source, in reading order.

    ``number`` holds numbering the format renders outside the text (Word automatic numbering);
    ``style_level`` is a heading level from styles (DOCX/HTML/Markdown), else None.
    """

    start: int
    end: int
    kind: str = "paragraph"  # paragraph | heading | table_cell | list_item | footnote
    number: str | None = None
    style_level: int | None = None
    is_bold: bool = False


@dataclass(frozen=True)
class Document:
    path: str
    format: str  # pdf | docx | html | text | markdown
    text: str
    sha256: str
    pages: tuple[PageSpan, ...] = ()
    blocks: tuple[Block, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    ocr: bool = False
    warnings: tuple[str, ...] = ()

    @property
    def page_count(self) -> int:
        return len(self.pages) if self.pages else 1

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset`` (binary search), or None for unpaged formats."""
        if not self.pages:
            return None
        lo, hi = 0, len(self.pages) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.pages[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.pages[lo].number

    def is_ocr_at(self, offset: int) -> bool:
        if not self.ocr:
            return False
        page = self.page_at(offset)
        return any(p.ocr for p in self.pages if p.number == page)


@dataclass(frozen=True)
class Clause:
    """A node of the contract's structure: article, section, clause or sub-clause."""

    id: str  # stable: "s12.3(a)" from the numbering path, else "p<block index>"
    number: str | None  # as printed: "12.3", "(a)", "ARTICLE IV"
    label: str  # full reference a lawyer would write: "12.3(a)"
    heading: str | None
    level: int  # 0 = top level
    start: int  # span of the whole clause, children included
    end: int
    body_end: int  # end of the clause's own text (before its first child)
    parent: str | None
    kind: str = "clause"  # clause | preamble | recital | schedule | definition | signature | toc
    pages: tuple[int, ...] = ()


@dataclass(frozen=True)
class Party:
    name: str
    defined_as: str | None
    role: str  # company | counterparty | other
    reason: str = ""  # why this role: "set by the user", "defined as 'the Supplier'", ...


@dataclass(frozen=True, kw_only=True)
class DateFact:
    """A date the contract states (or "perpetual"), with the words and the clause that say it."""

    value: str  # ISO date, or "perpetual" (runs until terminated)
    text: str
    start: int
    end: int
    clause_id: str | None = None
    derived: str = ""  # how it was worked out when not written: "effective date + 3 years"


@dataclass(frozen=True, kw_only=True)
class TermFacts:
    """When the contract starts and ends and how it renews; each fact with its clause."""

    agreement_date: DateFact | None = None
    effective_date: DateFact | None = None
    expiry: DateFact | None = None
    initial_term: Period | None = None
    renewal_term: Period | None = None
    automatic_renewal: bool | None = None  # None: the contract does not renew on its own terms
    renewal_notice: Period | None = None  # notice needed to stop (or to trigger) a renewal
    # after its term the contract runs on until a party ends it ("and shall continue thereafter
    # until terminated by either party"): a renewal without end, value "perpetual"
    evergreen: DateFact | None = None
    is_amendment: bool = False


@dataclass(frozen=True)
class Structure:
    clauses: tuple[Clause, ...]
    definitions: dict[str, tuple[int, int]]  # defined term -> span of its definition
    parties: tuple[Party, ...]
    contract_type: str
    relationship: str
    company: str | None
    title: str | None = None
    effective_date: str | None = None
    reasons: tuple[str, ...] = ()  # why this type / relationship / company was chosen
    term: TermFacts | None = None

    def clause(self, clause_id: str) -> Clause | None:
        for c in self.clauses:
            if c.id == clause_id:
                return c
        return None


@dataclass(frozen=True)
class Evidence:
    text: str
    start: int
    end: int
    page: int | None
    section: str | None
    heading: str | None
    ocr: bool = False


@dataclass(frozen=True, kw_only=True)
class Downgrade:
    """A step that lowered a finding's status, with a stable code consumers can filter on."""

    code: str  # soft_wording | not_operative
    detail: str


@dataclass(frozen=True, kw_only=True)
class Rejection:
    """A candidate clause examined for a provision and rejected."""

    clause: str  # its label, or "unnumbered text"
    start: int
    end: int
    code: str  # lookalike | no_context | judge (scored too low)
    snippet: str  # the clause's first words, as the reader sees them
    lookalikes: tuple[str, ...] = ()
    score: float | None = None  # the judge's p(found) for it


@dataclass(frozen=True, kw_only=True)
class Explanation:
    """How a finding was decided, as a record (Presidio's decision process); the prose
    ``reasons`` and ``notes`` of a Finding are rendered from it (grade/explain.py)."""

    decided_by: str  # rule | no_rule (the rules alone) | judge
    rule: str | None = None
    rule_reason: str = ""
    clause: str | None = None  # where: "7.1 (Heading)"
    cues: tuple[str, ...] = ()  # cue groups in the evidence sentence
    link_path: tuple[str, ...] = ()  # definitions and cross-references that carried the HR link
    modality: str | None = None
    edge: bool = False
    downgrades: tuple[Downgrade, ...] = ()
    flags: tuple[str, ...] = ()  # e.g. "referenced_document_not_attached: Schedule 1"
    strength: tuple[str, ...] = ()  # strength signals found (spec 2.6)
    also_supported_by: tuple[str, ...] = ()  # other clauses with the same status
    sentences_examined: int = 0
    clauses_examined: int = 0
    candidates: int = 0  # candidate sentences holding the provision's cues
    rejected: tuple[Rejection, ...] = ()
    prior: float = 0.0  # the rule prior (policy/scoring.yaml)
    model: dict[str, float] | None = None  # clause-model probabilities: present, weak, none
    model_note: str | None = None  # e.g. the model disagrees with a missing call
    blend: dict[str, float] | None = None  # weights of prior and model in the confidence
    judge: dict[str, Any] | None = None  # the judge's candidate, features, weights and scores
    confidence: float = 0.0


@dataclass(frozen=True)
class Hit:
    """One clause's verdict for one provision, with everything that produced it."""

    provision: str
    status: Status
    start: int
    end: int
    clause_id: str | None
    rule: str  # the rule id that decided it
    cues: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    edge: bool = False
    score: float | None = None  # classifier probability for the provision, if a model is loaded
    modality: str | None = None
    obligor: str | None = None
    holder: str | None = None
    notes: tuple[str, ...] = ()
    downgrades: tuple[Downgrade, ...] = ()
    rule_reason: str = ""
    links: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    strength: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    provision: str
    status: Status
    confidence: float
    uncertain: bool
    evidence: tuple[Evidence, ...]
    reasons: tuple[str, ...]
    obligor: str | None = None
    holder: str | None = None
    rule: str | None = None
    cues: tuple[str, ...] = ()
    score: float | None = None
    notes: tuple[str, ...] = ()
    candidates: tuple[str, ...] = ()  # for missing: what was examined and rejected
    leverage: Leverage | None = (
        None  # moments, Shift category and purpose, priority (set by leverage.py)
    )
    suggestions: tuple[Suggestion, ...] = ()
    explanation: Explanation | None = None
    title: str | None = None  # the provision's title, from the registry that analysed it
    review: bool = False  # the judge is unsure: a reviewer should look at it
    decision: Decision | None = None  # a reviewer's standing decision (clausecheck/review)


@dataclass(frozen=True, kw_only=True)
class Decision:
    """A reviewer's standing decision on one provision of one document (keyed by the document's
    sha256 and the provision id): it confirms the tool's call or replaces it, with a reason.

    ``tool_status`` is the tool's call when the reviewer decided; ``tool_now`` the call of the
    scan it is shown with. The tool's own finding is never changed: readers show both."""

    provision: str
    action: str  # accept | override
    status: Status  # the reviewer's status
    reason: str
    reviewer: str | None = None
    at: str | None = None
    tool_status: str | None = None
    tool_now: str | None = None
    section: str | None = None  # the clause the reviewer cites, as printed ("11.8")
    evidence: tuple[int, int] | None = None  # or its span in Document.text

    @property
    def changed(self) -> bool:
        """The reviewer's status differs from the tool's call shown beside it."""
        return self.tool_now is not None and self.status.value != self.tool_now

    @property
    def disagrees(self) -> bool:
        """A re-scan gives a call that is neither the reviewer's nor the one the reviewer saw:
        the decision stands, and is flagged for another look."""
        if self.tool_now is None or self.status.value == self.tool_now:
            return False
        return self.tool_status is not None and self.tool_now != self.tool_status

    @property
    def label(self) -> str:
        """What a reader sees beside the tool's call."""
        if self.disagrees:
            return f"changed by reviewer to {self.status.value}; re-scan disagrees"
        return f"changed by reviewer to {self.status.value}" if self.changed else "confirmed"


@dataclass(frozen=True)
class Leverage:
    """What a finding means for the company's leverage (provisions.md sections 3.28 and 4)."""

    category: str  # Shift category A-E
    purpose: str  # oblige | oblige_to_engage | persuade
    moments_created: tuple[str, ...]
    moments_used: tuple[str, ...]
    priority: str | None  # P1-P4 for weak or missing findings; None when present or not applicable
    priority_reason: str | None
    action: str | None  # extend (weak) | add (missing) | None (present, or not applicable)
    applicable: bool = True  # False: the card rates it '-' for this relationship (spec 3.28)


@dataclass(frozen=True)
class Insertion:
    mode: str  # after | before | end
    offset: int  # character offset in Document.text where the new clause goes
    section_number: str  # the number the new clause would take
    reason: str
    anchor: str | None = None  # clause id of the existing clause it goes after / before


@dataclass(frozen=True)
class Suggestion:
    entry: str
    title: str
    tier: str
    action: str  # extend | add
    text: str
    rationale: str
    shift_key: str
    insertion: Insertion
    heading: str | None = None
    definitions: tuple[tuple[str, str], ...] = ()  # definitions the contract lacks
    fixes: tuple[str, ...] = ()
    frameworks: tuple[str, ...] = ()
    moments: tuple[str, ...] = ()


@dataclass(frozen=True)
class MomentInstance:
    moment: str
    clause_id: str | None
    start: int | None
    end: int | None
    provisions: tuple[tuple[str, str], ...]  # (provision id, status)
    lever: str
    hr_hook: str  # explicit | possible | absent
    holder: str | None = None
    obligor: str | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Marker:
    type: str  # unused_moment | orphan_obligation | broken_consequence_ladder
    code: str  # UM | OO | BL1-BL4
    severity: str | None
    message: str
    moment: str | None = None
    provision: str | None = None
    clause_id: str | None = None
    suggest: str | None = None  # a clause-library entry id


@dataclass(frozen=True)
class Period:
    n: int
    unit: str  # day | business_day | week | month | year | hour | quarter
    text: str
    start: int
    end: int
    clause_id: str | None = None

    @property
    def days(self) -> int:
        per = {
            "event": 0,
            "day": 1,
            "business_day": 1.4,
            "week": 7,
            "month": 30.44,
            "quarter": 91.31,
            "year": 365.25,
            "hour": 1 / 24,
        }
        return round(self.n * per[self.unit])


@dataclass(frozen=True)
class When:
    kind: str  # date | recurrence | window | event | relative
    text: str
    date: str | None = None  # ISO date (the deadline / first occurrence)
    start: str | None = None  # ISO date (windows)
    end: str | None = None
    every: tuple[int, str] | None = None
    offset_days: int | None = None


@dataclass(frozen=True)
class TimelineRow:
    moment: str
    phase: str
    when: When
    label: str
    clause_id: str | None
    provisions: tuple[str, ...]
    lever: str | None
    hr_hook: str
    source: tuple[int, int] | None = None
    markers: tuple[str, ...] = ()


@dataclass(frozen=True)
class Traction:
    instances: tuple[MomentInstance, ...]
    markers: tuple[Marker, ...]
    timeline: tuple[TimelineRow, ...]
    dates: dict[
        str, object
    ]  # effective_date, initial_term, renewal_term, ... (Period, str, bool, lists)
    leverage_density: float | None


@dataclass(frozen=True)
class ProfileResult:
    id: str
    title: str
    relationship: str | None
    fail_on: str | None
    requirements: tuple[
        tuple[str, str, str, bool, str], ...
    ]  # provision, minimum, status, met, basis

    @property
    def passed(self) -> bool:
        return all(met for _, _, _, met, _ in self.requirements)

    def fails(self, fail_on: str | None) -> bool:
        """--fail-on missing: a required provision is missing; --fail-on weak: any requirement
        unmet."""
        if fail_on == "missing":
            return any(status == "missing" for _, _, status, _, _ in self.requirements)
        if fail_on == "weak":
            return not self.passed
        return False


@dataclass(frozen=True)
class Report:
    document: Document
    structure: Structure
    findings: tuple[Finding, ...]
    tool_version: str
    model_version: str | None = None
    errors: tuple[str, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    traction: Traction | None = None
    profile: ProfileResult | None = None
    high_risk: bool = False

    def finding(self, provision: str) -> Finding:
        for f in self.findings:
            if f.provision == provision:
                return f
        raise KeyError(provision)

    def to_dict(self) -> dict[str, Any]:
        """The report as the JSON report's dict (``clausecheck/report/schema.json``)."""
        from clausecheck.report import json_report

        return json_report.to_dict(self)

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON report as text."""
        from clausecheck.report import json_report

        return json_report.render(self, indent=indent)
