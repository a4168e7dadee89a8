"""Blocks -> the clause tree: articles, sections, clauses and sub-clauses with headings.

Numbering is read from each block's start and, for run-on text (one paragraph holding many
clauses, as in many SEC filings), from inline markers that follow a sentence end and continue
a numbering sequence already open. Clause ids come from the numbering path, so they are
stable across runs and small edits elsewhere in the document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clausecheck.structure.numbering import MARKER, Marker, classify, is_next
from clausecheck.types import Clause, Document

# 1-4 spaces before text, after ". : ;" (or one of them and a closing quote) or "and" / "or".
# Written to start with \s, so that the regex engine skips to the next space at C speed rather
# than trying four lookbehinds at every character; each lookbehind then also covers that first
# space. The same matches as (?:(?<=[.:;])|(?<=[.:;]["”)])|(?<=\band)|(?<=\bor))\s{1,4}(?=\S)
# (tests/structure/test_sections.py), a quarter of its time.
_INLINE = re.compile(r"\s(?:(?<=[.:;]\s)|(?<=[.:;][\"”)]\s)|(?<=\band\s)|(?<=\bor\s))\s{0,3}(?=\S)")
_TOC_TITLE = re.compile(r"^\s*(table\s+of\s+contents|contents|index)\s*$", re.I)
_TOC_LINE = re.compile(r"^.{2,150}?(\.{3,}|\s)\s*\d{1,3}\s*$")
_RECITALS = re.compile(r"^\s*(recitals|background|preliminary statements?|whereas\s*:?)\s*$", re.I)
_WHEREAS = re.compile(r"^\s*whereas\b", re.I)
_OPERATIVE = re.compile(
    r"(now,?\s+therefore|it\s+is\s+(hereby\s+)?agreed|agree[sd]?\s+as\s+follows|agree:?\s*$)", re.I
)
_SIGNATURE = re.compile(
    r"^\s*(in\s+witness\s+whereof|signed\s+by|executed\s+as\s+a\s+deed|signature\s+page)", re.I
)
_RUN_IN = re.compile(r"^([A-Z][^.:\n]{0,100}?)\.\s+(?=[A-Z\"“(\d])")
_BEFORE_CHILD = re.compile(r"^([A-Z][A-Za-z ,;&'/\-]{2,80}?)\s+(?=\d{1,3}(?:\.\d{1,3})+\.?\s)")
_SMALL_WORDS = {
    "of",
    "and",
    "or",
    "the",
    "to",
    "for",
    "in",
    "on",
    "a",
    "an",
    "with",
    "by",
    "at",
    "from",
    "as",
    "upon",
    "under",
    "its",
    "their",
    "between",
    "against",
    "not",
}
_MODAL = re.compile(
    r"\b(?:shall|must|will|may|agrees?|undertakes?|warrants?|represents?|covenants?)\b", re.I
)
_PARTIES_INTRO = re.compile(
    r"^\s*(?:and|between|by\s+and\s+between)\s*:|\b(?:between|among)\b[\s\S]{0,400}?\(\s*(?:hereinafter|herein|the\s|each|collectively|[\"“])|\b(?:made|entered\s+into|dated|executed)\s+(?:and\s+entered\s+into\s+)?(?:as\s+of|on|this|the)\b"
    r"|\b(?:made|entered\s+into|dated|executed|concluded)\b[^.]{0,200}\b(?:between|among)\b|\b(?:between|among)\s*:?\s*$",
    re.I,
)
_DEFINED_PARTY = re.compile(
    r"\(\s*(?:the\s+|hereinafter[^)]{0,40}?)?[\"“][^\"”]{1,40}[\"”]\s*\)", re.I
)
_SUFFIX_WORD = re.compile(
    r"\b(?:Inc|Ltd|Limited|LLC|plc|PLC|GmbH|S\.A|Corporation|Corp|LIMITED|INC)\b"
)
_KW_FOLLOW = re.compile(r"^(\s*$|\s*[.:\-\u2013\u2014]?\s+[A-Z\"“\[]|\s*[.:\-\u2013\u2014]\s*$)")
_KW_RANK = {"PART": 1, "ARTICLE": 2, "SECTION": 3, "CLAUSE": 3}
_PAREN_KINDS = {"alpha", "ALPHA", "roman", "ROMAN", "digit"}


def _is_title_case(text: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z'\-]*", text)]
    if not words or len(words) > 12:
        return False
    caps = [w for w in words if w[0].isupper() or w.lower() in _SMALL_WORDS]
    return len(caps) == len(words) and words[0][0].isupper()


def _is_caps_heading(text: str) -> bool:
    t = text.strip().rstrip(".:")
    if len(t) > 120:  # before reading every letter of a paragraph: most blocks are long
        return False
    letters = [c for c in t if c.isalpha()]
    return (
        bool(letters)
        and sum(c.isupper() for c in letters) >= 0.85 * len(letters)
        and len(t.split()) <= 16
    )


def heading_of(rest: str) -> tuple[str | None, bool]:
    """(heading, heading_only) for the text that follows a clause number."""
    body = rest.strip().lstrip("-\u2013\u2014:. ").strip()
    if not body:
        return None, True
    if len(body) <= 120 and (
        _is_caps_heading(body)
        or (_is_title_case(body.rstrip(".:")) and not body.endswith((";", ",")))
    ):
        if not re.search(r"\b(shall|will|may|must|means)\b", body):
            return body.rstrip(".: ").strip(), True
    m = _BEFORE_CHILD.match(body)
    if m and (_is_title_case(m.group(1)) or _is_caps_heading(m.group(1))):
        return m.group(1).strip(), False
    m = _RUN_IN.match(body)
    if m:
        cand = m.group(1).strip()
        if (
            (_is_title_case(cand) or _is_caps_heading(cand))
            and len(cand.split()) <= 10
            and not re.search(r"\b(shall|will|may|must|means)\b", cand)
        ):
            return cand, False
    return None, False


@dataclass
class _Node:
    marker: Marker | None
    kind: str
    label: str
    heading: str | None
    level: int
    start: int
    rank: float
    parent: int | None
    body_end: int | None = None
    end: int = 0
    children: list[int] = field(default_factory=list)


class _Parser:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.nodes: list[_Node] = []
        self.stack: list[int] = []  # indices into nodes
        self.attachment: str | None = None  # label prefix inside a schedule/exhibit
        self.region = "preamble"  # preamble | recital | operative | signature

    # --- stack helpers -------------------------------------------------------------------
    def _top(self) -> _Node | None:
        return self.nodes[self.stack[-1]] if self.stack else None

    def _open(self) -> _Node:
        """The innermost open node; only for a non-empty stack."""
        return self.nodes[self.stack[-1]]

    def _marker_at(self, pos: int) -> Marker:
        """The marker of the open node at stack position ``pos`` (one ``_find_kind`` found)."""
        marker = self.nodes[self.stack[pos]].marker
        assert marker is not None
        return marker

    def _find_kind(self, kind: str) -> int | None:
        for pos in range(len(self.stack) - 1, -1, -1):
            node = self.nodes[self.stack[pos]]
            if node.marker is not None and node.marker.kind == kind:
                return pos
        return None

    def _resolve(self, m: Marker) -> Marker:
        """Decide ambiguous "(i)"-style markers: letter after (h), else roman."""
        if m.alt is None:
            return m
        pos = self._find_kind(m.kind)
        if pos is not None and is_next(self._marker_at(pos).value, m.value):
            return Marker(m.text, m.kind, m.value, None, m.start, m.end)
        alt_kind, alt_value = m.alt
        if self._find_kind(alt_kind) is not None or m.value == (9,) or m.value == (2 * 26 + 9,):
            return Marker(m.text, alt_kind, (alt_value,), None, m.start, m.end)
        if pos is None and m.value != (1,):
            # "(v)" / "(x)" / "(c)" opening a list: a letter list would start at (a)
            return Marker(m.text, alt_kind, (alt_value,), None, m.start, m.end)
        return Marker(m.text, m.kind, m.value, None, m.start, m.end)

    def _rank(self, m: Marker) -> float | None:
        if m.kind.startswith("kw:"):
            word = m.kind[3:]
            if m.is_attachment:
                return 0
            if word in ("SECTION", "CLAUSE"):
                return 2 + len(m.value)
            return _KW_RANK.get(word, 3)
        if m.kind.startswith("dec"):
            return 2 + len(m.value)
        if m.kind == "letter":
            return 3
        return None

    def plausible(self, m: Marker) -> bool:
        """Would an inline marker continue the open numbering? (Guards run-on splitting.)"""
        m = self._resolve(m)
        if m.kind in _PAREN_KINDS:
            pos = self._find_kind(m.kind)
            if pos is not None and is_next(self._marker_at(pos).value, m.value):
                return True
            return m.value == (1,)
        if m.kind.startswith("dec"):
            for idx in reversed(self.stack):
                nm = self.nodes[idx].marker
                if nm is None:
                    continue
                val = nm.value
                if nm.kind.startswith("dec") or nm.kind in (
                    "kw:SECTION",
                    "kw:ARTICLE",
                    "kw:CLAUSE",
                ):
                    if is_next(val, m.value):
                        return True
                    if m.value[:-1] == val and m.value[-1] in (0, 1):
                        return True
            top_levels = [
                n.marker for n in self.nodes if n.marker is not None and n.marker.kind == "dec1"
            ]
            if m.kind == "dec1":
                open_decs = [
                    om.value
                    for om in (self.nodes[i].marker for i in self.stack)
                    if om is not None and om.kind.startswith("dec")
                ]
                if open_decs and m.value[0] == open_decs[0][0] + 1:
                    return True  # "4.6 ... 5 Term": the next top-level number after 4.x
                if not top_levels:
                    return m.value == (1,)
                return is_next(top_levels[-1].value, m.value)
            return False
        if m.kind.startswith("kw:"):
            return m.text.split()[0].isupper()
        return False

    # --- node creation -----------------------------------------------------------------
    def add(
        self, m: Marker | None, start: int, heading: str | None, kind: str | None = None
    ) -> None:
        if (
            self.region == "operative"
            and self.stack
            and self.nodes[self.stack[0]].kind in ("preamble", "recital", "toc")
        ):
            self.stack.clear()
        if m is not None:
            m = self._resolve(m)
            rank = self._rank(m)
            if rank is None:  # paren kinds nest under whatever is open
                pos = self._find_kind(m.kind)
                if pos is not None:
                    del self.stack[pos:]
                top = self._top()
                rank = (top.rank + 0.5) if top else 9
            else:
                while self.stack and (
                    self._open().rank >= rank
                    or self._open().rank >= 9
                    or (om := self._open().marker) is not None
                    and om.kind in _PAREN_KINDS
                ):
                    self.stack.pop()
            if m.is_attachment:
                self.stack.clear()
                self.region = "operative"  # schedules after the signature page are operative text
        else:
            rank = 2.5 if kind == "heading" else 0
            while self.stack and self._open().rank >= rank:
                self.stack.pop()
        if (
            m is not None
            and (
                m.kind.startswith("dec")
                or m.kind in ("kw:ARTICLE", "kw:SECTION", "kw:CLAUSE", "kw:PART")
            )
            and self.region in ("preamble", "recital")
        ):
            self.region = "operative"
            self.stack = [
                i for i in self.stack if self.nodes[i].kind not in ("preamble", "recital", "toc")
            ]
        parent = self.stack[-1] if self.stack else None
        label = self._label(m, parent, heading)
        if m is not None and m.is_attachment:
            self.attachment = label
        node_kind = kind or (
            "schedule" if m is not None and m.is_attachment else self._region_kind()
        )
        node = _Node(m, node_kind, label, heading, len(self.stack), start, rank, parent)
        self.nodes.append(node)
        idx = len(self.nodes) - 1
        if parent is not None:
            self.nodes[parent].children.append(idx)
        self.stack.append(idx)

    def _region_kind(self) -> str:
        return {"preamble": "preamble", "recital": "recital", "signature": "signature"}.get(
            self.region, "clause"
        )

    def _label(self, m: Marker | None, parent: int | None, heading: str | None) -> str:
        if m is None:
            return heading or ("text" if self.region == "operative" else self.region)
        if m.kind.startswith("kw:"):
            word = m.kind[3:].title()
            return f"{word} {m.text.split(None, 1)[1] if ' ' in m.text else m.text}"
        own = m.text
        if m.kind.startswith("dec"):
            own = ".".join(str(v) for v in m.value) if len(m.value) > 1 else m.text.rstrip(".")
            base = self.attachment + " " if self.attachment and parent is not None else ""
            return base + own
        parent_label = self.nodes[parent].label if parent is not None else ""
        if m.kind == "letter":
            return (parent_label + " " if parent_label else "") + m.text.rstrip(".")
        return parent_label + own

    # --- main loop ---------------------------------------------------------------------
    def run(self) -> list[_Node]:
        text = self.text
        in_toc = False
        toc_run = 0
        for block in self.doc.blocks:
            btext = text[block.start : block.end]
            stripped = btext.strip()
            if _TOC_TITLE.match(stripped):
                in_toc = True
                self.add(None, block.start, stripped, kind="toc")
                continue
            if in_toc:
                if len(stripped) > 150 or re.match(
                    r"^(this|THIS)\b.{0,200}\bagreement", stripped, re.I | re.S
                ):
                    in_toc = False
                else:
                    continue
            if _TOC_LINE.match(stripped) and MARKER.match(stripped) and len(stripped) < 120:
                toc_run += 1
                if toc_run >= 3 or (self.nodes and self.nodes[-1].kind == "toc"):
                    if toc_run == 3 or not (self.nodes and self.nodes[-1].kind == "toc"):
                        self.add(None, block.start, "Table of contents", kind="toc")
                    continue
            else:
                toc_run = 0
            self._block(block, btext)
        return self.nodes

    def _block(self, block, btext: str) -> None:
        start = block.start
        stripped = btext.lstrip()
        lead = len(btext) - len(stripped)
        if _SIGNATURE.match(stripped) and self.region != "signature":
            self.region = "signature"
            self.add(None, start, "Signatures", kind="signature")
            return
        if self.region in ("preamble", "recital") and (
            _RECITALS.match(stripped) or _WHEREAS.match(stripped)
        ):
            if self.region != "recital":
                self.region = "recital"
                self.add(None, start, "Recitals", kind="recital")
            if _RECITALS.match(stripped):
                return
        m = MARKER.match(stripped)
        marker = classify(m, start + lead) if m else None
        if (
            marker is not None
            and m is not None  # always: a marker comes from a MARKER match
            and marker.kind.startswith("kw:")
            and not _KW_FOLLOW.match(stripped[m.end() :])
        ):
            marker = None  # "Section 8.2(b) of the Lease" is a reference, not a heading
        if marker is not None and marker.is_attachment and self.region == "preamble":
            marker = None  # "Exhibit 10.1" atop an SEC filing labels the filing, not a schedule
        if (
            marker is not None
            and m is not None  # always: a marker comes from a MARKER match
            and marker.kind.startswith("dec")
            and not m.group("decdot")
            and len(marker.value) == 1
        ):
            after = stripped[m.end() :].lstrip()
            if not after[:1].isupper():  # "30 days after ..." is text, not clause 30
                marker = None
        if marker is not None and self.region == "signature" and not marker.is_attachment:
            marker = None
        if (
            marker is not None
            and self.region in ("preamble", "recital")
            and marker.kind in ("dec1", "kw:ARTICLE", "kw:SECTION", "kw:CLAUSE")
        ):
            self.region = "operative"
        if (
            marker is not None
            and self.region == "preamble"
            and marker.kind in _PAREN_KINDS
            and not _DEFINED_PARTY.search(stripped)
            and not _SUFFIX_WORD.search(stripped[:200])
        ):
            self.region = (
                "operative"  # "(a) The Supplier shall ..." is operative text, not a party line
            )
        if marker is None:
            heading, _ = heading_of(stripped)
            caps_heading = _is_caps_heading(stripped) and len(stripped) < 90
            styled = block.style_level is not None or (
                block.is_bold and len(stripped) < 90 and not stripped.endswith(".")
            )
            if _OPERATIVE.search(stripped[:200]) and self.region in ("preamble", "recital"):
                self.region = "operative"
                self._inline(block.start, stripped, lead)
                return
            top = self._top()
            if (
                (caps_heading or styled)
                and top is not None
                and top.heading is None
                and top.body_end is None
                and top.marker is not None
                and top.start >= start - 400
                and self._body_is_empty(top, start)
            ):
                top.heading = stripped.rstrip(
                    ".:"
                )  # "ARTICLE IV" on one line, its title on the next
                return
            title_heading = (
                len(stripped) < 60
                and len(stripped.split()) <= 8
                and _is_title_case(stripped)
                and not stripped.endswith((".", ",", ";", ":"))
                and not _MODAL.search(stripped)
            )
            if (
                (caps_heading or styled or title_heading)
                and self.region == "operative"
                and not self._inside_list()
            ):
                self.add(None, start, stripped.rstrip(".:"), kind="heading")
                return
            if (
                self.region == "preamble"
                and not _PARTIES_INTRO.search(stripped[:1500])
                and (len(stripped) > 60 or _MODAL.search(stripped))
                and not _is_caps_heading(stripped[:200])
                and not stripped[:200].isupper()
            ):
                # unnumbered operative text (purchase terms, snippets): the preamble has ended
                self.region = "operative"
                self.stack.clear()
                self.add(None, start, None, kind="clause")
                node = self.stack[-1]
                self._inline(block.start, stripped, lead)  # its own inline list items nest in it
                if not stripped.rstrip().endswith((":", "\u2014", "-")):
                    # otherwise unnumbered text is a leaf: later numbered clauses never nest in it
                    self.stack = [
                        i for i in self.stack if i != node and self.nodes[i].parent != node
                    ]
                return
            if not self.nodes:
                self.add(None, start, None, kind="preamble")
            self._inline(block.start, stripped, lead)
            return
        assert m is not None  # a marker comes from a MARKER match
        rest = stripped[m.end() :]
        heading, _ = heading_of(rest)
        self.add(marker, start, heading)
        self._inline(block.start, stripped, lead, skip=m.end())

    def _body_is_empty(self, node: _Node, upto: int) -> bool:
        own = self.text[node.start : upto]
        if node.marker is not None:
            own = own.replace(node.marker.text, "", 1)
        return len(own.strip(" .:-\u2013\u2014\n")) == 0

    def _inside_list(self) -> bool:
        top = self._top()
        return top is not None and top.marker is not None and top.marker.kind in _PAREN_KINDS

    def _inline(self, base: int, stripped: str, lead: int, skip: int = 0) -> None:
        """Split a block at inline markers that continue the open numbering."""
        pos = skip
        for sp in _INLINE.finditer(stripped, skip):
            at = sp.end()
            if at <= pos:
                continue
            m = MARKER.match(stripped, at)
            if not m:
                continue
            marker = classify(m, base + lead)
            if marker is None or marker.kind == "letter":
                continue
            if marker.kind.startswith("dec") and not (m.group("decdot") or len(marker.value) > 1):
                # "5 Term and Termination 5.1 The Agreement ...": a bare top-level number opens a
                # section only when its first sub-clause follows right after its heading.
                n = marker.value[0]
                if not re.search(rf"\b{n}\.1\.?\s", stripped[m.end() : m.end() + 120]):
                    continue
            if not self.plausible(marker):
                continue
            heading, _ = heading_of(stripped[m.end() : m.end() + 200])
            if self.region in ("preamble", "recital") and marker.kind in ("dec1", "kw:ARTICLE"):
                self.region = "operative"
            self.add(marker, base + lead + at, heading)
            pos = m.end()


def parse(doc: Document) -> tuple[Clause, ...]:
    nodes = _Parser(doc).run()
    n = len(nodes)
    text_len = len(doc.text)
    # End of a node: the start of the next node that is not its descendant.
    for i, node in enumerate(nodes):
        end = text_len
        for j in range(i + 1, n):
            if not _descends(nodes, j, i):
                end = nodes[j].start
                break
        node.end = end
        node.body_end = nodes[node.children[0]].start if node.children else end
    used: dict[str, int] = {}
    out = []
    ids = []
    for node in nodes:
        base = "s" + re.sub(r"[^A-Za-z0-9.()]+", "-", node.label).strip("-")
        count = used.get(base, 0)
        used[base] = count + 1
        ids.append(base if count == 0 else f"{base}~{count + 1}")
    for i, node in enumerate(nodes):
        pages: tuple[int, ...] = ()
        if doc.pages:
            first, last = doc.page_at(node.start), doc.page_at(max(node.start, node.end - 1))
            pages = tuple(range(first, last + 1)) if first and last else ()
        out.append(
            Clause(
                id=ids[i],
                number=node.marker.text if node.marker else None,
                label=node.label,
                heading=node.heading,
                level=node.level,
                start=node.start,
                end=node.end,
                body_end=node.body_end or node.end,
                parent=ids[node.parent] if node.parent is not None else None,
                kind=node.kind,
                pages=pages,
            )
        )
    return tuple(out)


def _descends(nodes: list[_Node], j: int, i: int) -> bool:
    p = nodes[j].parent
    while p is not None:
        if p == i:
            return True
        p = nodes[p].parent
    return False
