"""The Word redline of a scanned DOCX: a copy of the contract with clausecheck's comments on the
evidence of each finding and each suggested clause as a tracked insertion.

Everything else in the package is left as it was: only runs that a comment starts or ends inside
are split (into runs with the same formatting), and new paragraphs are added. An inserted clause
is drafted the way the document drafts its own: a new article takes the paragraph style (and
capitals) of the document's article headings, a new sub-clause the style of the clause it
follows, with its title run in and bold where the document's clauses open that way. Where the
new clause follows the last of its list (28 after 27, 8.7 after 8.6) it takes the list's own
automatic numbering, which gives it that number and shifts no existing clause; a clause that goes
between two existing ones (13A, 9.4A) has its numbering switched off and its number typed, so
the numbers of existing clauses, and the cross-references to them, do not change. Its paragraph
mark is marked inserted too, so Word's "Reject" removes the whole paragraph. (LibreOffice, while
showing changes, prints a bracketed "old" number next to the numbered paragraph that follows an
insertion; the numbers themselves do not change.)
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from clausecheck.leverage.suggest import is_number
from clausecheck.report import atomic, digest, finding_notes
from clausecheck.report.docx_textmap import LocateError, TextMap
from clausecheck.report.docx_xml import (
    AUTHOR,
    INITIALS,
    W,
    change_mark,
    comment_reference_run,
    max_id,
    run,
    stamp,
    xml_safe,
)
from clausecheck.types import Block, Report

WHOLE_PARAGRAPH = (
    "(Anchored on the whole paragraph: the evidence could not be matched to the Word runs exactly.)"
)
FIRST_PARAGRAPH = (
    "(Anchored on the document's first paragraph: there is no better place for this "
    "comment in the Word file.)"
)
# Numbering, the paragraph mark's own format, section breaks, earlier tracked changes, and
# layout that belongs to one paragraph only (a page break or a frame before each new paragraph)
_RUN_HOLDERS = (W + "p", W + "hyperlink")  # where a comment's reference run may stand
_DROP_FROM_PPR = ("numPr", "rPr", "sectPr", "pPrChange", "pageBreakBefore", "framePr")


_HEADING_STYLE = re.compile(r"(?i)heading|berschrift|titre|t[ií]tulo|title")


def _heading_before(target, body) -> Any:
    """The nearest paragraph before ``target`` (or the last in the body) in a heading style."""
    el = target if target is not None else (body[-1] if len(body) else None)
    while el is not None:
        if el.tag == W + "p":
            style = el.find(f"{W}pPr/{W}pStyle")
            if style is not None and _HEADING_STYLE.search(style.get(W + "val") or ""):
                return el
        el = el.getprevious()
    return None


def _is_upper_heading(p) -> bool:
    text = "".join(t.text or "" for t in p.iter(W + "t"))
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# a part of a number that goes between existing clauses: 13A, 9.4A, IVA
_INSERTED_PART = re.compile(r"(?:^|\.)(?:\d+[A-Z]|[IVXLC]+A)(?=$|\.|\()")
_GROUP_MEMBER = re.compile(r"^(?P<group>.+)\.(?P<n>\d+)$")


def continues_list(number: str) -> bool:
    """Whether a new clause's number follows the last of its list (28 after 27, 8.7 after 8.6,
    7(g) after 7(f)), so that the list's automatic numbering gives it without renumbering an
    existing clause; 13A, 9.4A and 13A.2 go between existing clauses."""
    return is_number(number) and not _INSERTED_PART.search(number)


def _run_in_heading(p) -> bool:
    """Whether a clause paragraph opens with a bold title run in ("Visits. The Supplier ...")."""
    if p is None:
        return False
    bold = ""
    for r in p.iter(W + "r"):
        text = "".join(t.text or "" for t in r.iter(W + "t"))
        if not text.strip():
            if bold:
                break
            continue
        b = r.find(f"{W}rPr/{W}b")
        if b is None or b.get(W + "val") in ("0", "false"):
            break
        bold += text
    return bool(bold.strip()) and bold.strip().endswith(".") and len(bold) < 120


def _body_after(heading) -> Any:
    """The first paragraph after an article heading that is not itself a heading: the paragraph
    style of the article's clauses."""
    el = heading.getnext() if heading is not None else None
    while el is not None:
        if el.tag == W + "p":
            style = el.find(f"{W}pPr/{W}pStyle")
            if style is None or not _HEADING_STYLE.search(style.get(W + "val") or ""):
                if "".join(t.text or "" for t in el.iter(W + "t")).strip():
                    return el
        elif el.tag != W + "bookmarkStart":
            return None
        el = el.getnext()
    return None


class NotEditable(Exception):
    """The scanned file reads as DOCX but python-docx cannot open it for editing."""


def _top_level(el, body):
    """The ancestor of ``el`` that is a direct child of the body (a paragraph, table or sdt)."""
    while el.getparent() is not None and el.getparent() is not body:
        el = el.getparent()
    return el


def is_flagged(finding: dict[str, Any]) -> bool:
    """A gap worth a comment: it has a priority, or the report predates priorities.
    A null priority means "not normally applicable" (provisions.md 3.28): reported, not flagged."""
    return bool(finding.get("priority")) or "priority" not in finding


class Redline:
    """One DOCX being annotated; ``finish`` numbers the tracked changes and saves it."""

    def __init__(self, report: Report, data: dict[str, Any]) -> None:
        try:
            self.document = docx.Document(report.document.path)
        except (ValueError, KeyError, zipfile.BadZipFile, etree.LxmlError) as exc:
            # e.g. a macro-enabled .docm, or a part (a header) that is not well-formed XML:
            # python-docx parses every part, clausecheck reads only the body
            raise NotEditable(f"python-docx cannot edit {report.document.path} ({exc})") from None
        self.body = self.document.element.body
        self.map = TextMap(self.body, report.document)
        self.labels = finding_notes.moment_labels(data)
        self.date = stamp()
        self._changes: list[Any] = []  # w:ins marks, numbered in finish()
        self._after: dict[Any, Any] = {}  # body child -> last paragraph inserted after it
        self._numbers = {
            (c.label or "").strip().rstrip(".") for c in report.structure.clauses if c.label
        }
        self._groups: set[str] = set()  # new articles whose heading is already inserted
        self._new: set[Any] = set()  # the paragraphs inserted so far

    # -- comments ---------------------------------------------------------------------------
    def _add_comment(self, lines: list[str]) -> int:
        text = "\n".join(xml_safe(line) for line in lines)
        return self.document.comments.add_comment(text, author=AUTHOR, initials=INITIALS).comment_id

    def comment_span(self, start: int, end: int, lines: list[str]) -> None:
        """A comment on exactly ``[start, end)``, or on its paragraph when that fails."""
        try:
            first, last = self.map.run_range(start, end)
        except LocateError:
            found = self.map.paragraph(start, before=True)
            self.comment_paragraph(found[0] if found else None, [*lines, WHOLE_PARAGRAPH])
            return
        cid = self._add_comment(lines)
        first.addprevious(OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(cid)}))
        end = OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(cid)})
        last.addnext(end)
        # The reference run goes outside any tracked change or content control around the run,
        # so that rejecting someone else's change does not take the comment with it.
        holder = end
        while holder.getparent() is not None and holder.getparent().tag not in _RUN_HOLDERS:
            holder = holder.getparent()
        holder.addnext(comment_reference_run(cid))

    def comment_paragraph(self, p, lines: list[str]) -> None:
        """A comment on a whole paragraph (the body's first paragraph when ``p`` is None)."""
        if p is None:
            p = next(self.body.iter(W + "p"), None)
            if p is None:
                return  # an empty body has nothing to hang a comment on
            lines = [*lines, FIRST_PARAGRAPH]
        cid = self._add_comment(lines)
        ppr = p.find(W + "pPr")
        start = OxmlElement("w:commentRangeStart", attrs={qn("w:id"): str(cid)})
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(OxmlElement("w:commentRangeEnd", attrs={qn("w:id"): str(cid)}))
        p.append(comment_reference_run(cid))

    # -- tracked insertions -----------------------------------------------------------------
    def _mark(self) -> Any:
        mark = change_mark("w:ins", 0, self.date)
        self._changes.append(mark)
        return mark

    def _level_indent(self, numpr) -> Any:
        """The indent (w:ind) of a numbered paragraph's list level, so the new text lines up."""
        num_id, ilvl = numpr.find(W + "numId"), numpr.find(W + "ilvl")
        try:
            # python-docx types the related part as Part; the numbering part is an XmlPart
            numbering = self.document.part.part_related_by(RT.NUMBERING).element  # type: ignore[attr-defined]
        except KeyError:
            return None
        if num_id is None:
            return None
        abstract = level = None
        for num in numbering.findall(W + "num"):
            if (
                num.get(W + "numId") == num_id.get(W + "val")
                and (el := num.find(W + "abstractNumId")) is not None
            ):
                abstract, level = el.get(W + "val"), "0" if ilvl is None else ilvl.get(W + "val")
        for lvl in numbering.iterfind(f"{W}abstractNum/{W}lvl"):
            if (
                lvl.getparent().get(W + "abstractNumId") == abstract
                and lvl.get(W + "ilvl") == level
            ):
                return lvl.find(f"{W}pPr/{W}ind")
        return None

    def _numbered(self, p) -> bool:
        """Whether Word numbers ``p`` itself: a numbering of its own or one its style carries."""
        if p is None:
            return False
        num = p.find(f"{W}pPr/{W}numPr/{W}numId")
        if num is not None:
            return num.get(W + "val") != "0"
        style = p.find(f"{W}pPr/{W}pStyle")
        if style is None:
            return False
        sid = style.get(W + "val")
        for el in self.document.styles.element.iterfind(W + "style"):
            if el.get(W + "styleId") == sid:
                num = el.find(f"{W}pPr/{W}numPr/{W}numId")
                return num is not None and num.get(W + "val") != "0"
        return False

    def _ppr(self, source, *, numbered: bool = False, hanging: bool = False) -> Any:
        """Paragraph properties for an inserted paragraph: the neighbour's; with ``numbered``
        its automatic numbering too, else unnumbered and indented to the numbered text (with
        ``hanging``, a typed number hangs in the margin where the list prints its numbers)."""
        old = source.find(W + "pPr") if source is not None else None
        ppr = copy.deepcopy(old) if old is not None else OxmlElement("w:pPr")
        numpr = ppr.find(W + "numPr")
        level = self._level_indent(numpr) if numpr is not None and not numbered else None
        for tag in _DROP_FROM_PPR:
            if numbered and tag == "numPr":
                continue
            for el in ppr.findall(W + tag):
                ppr.remove(el)
        left = None if level is None else level.get(W + "left") or level.get(W + "start")
        if left and ppr.find(W + "ind") is None:
            ind = ppr.get_or_add_ind()
            ind.set(qn("w:left"), left)
            hang = level.get(W + "hanging") if level is not None else None
            if hanging and hang:
                ind.set(qn("w:hanging"), hang)
        if not numbered and ppr.find(W + "pStyle") is not None:
            # numId 0 switches off numbering the style may carry
            ppr.get_or_add_numPr().append(OxmlElement("w:numId", attrs={qn("w:val"): "0"}))
        rpr = OxmlElement("w:rPr")
        rpr.append(self._mark())
        ppr.append(rpr)
        return ppr

    def _paragraph(
        self,
        pieces: list[tuple[str, bool]],
        source,
        *,
        numbered: bool = False,
        number: str = "",
    ) -> Any:
        """A tracked paragraph of ``pieces`` (text, bold); ``number``: a typed clause number,
        set off by a tab as the document's list sets off its own numbers."""
        p = OxmlElement("w:p")
        p.append(self._ppr(source, numbered=numbered, hanging=bool(number)))
        ins = self._mark()
        if number:
            r = run(number)
            r.append(OxmlElement("w:tab"))
            ins.append(r)
        for text, bold in pieces:
            if text:
                ins.append(run(text, bold=bold))
        p.append(ins)
        return p

    def _heading_paragraph(self, number: str, title: str, heading) -> Any:
        """A new article's heading in the document's own heading style (copied from an article
        heading near the insertion point), in capitals where the document's headings are;
        numbered by the document's list where the number continues it, else typed."""
        if _is_upper_heading(heading):
            title = title.upper()
        auto = continues_list(number) and self._numbered(heading)
        return self._paragraph(
            [(title, False)], heading, numbered=auto, number="" if auto else number
        )

    def _article_heading(self, number: str, title: str, heading, clause) -> Any:
        """A new article's heading: in the document's heading style where it has one, else in
        bold over the paragraph style of its clauses (documents typed without heading styles)."""
        if heading is not None:
            return self._heading_paragraph(number, title, heading)
        return self._paragraph([(title, True)], clause, number=number)

    def _clause_paragraphs(self, number: str, title: str, lines: list[str], clause) -> list[Any]:
        """A new clause drafted like ``clause``, the document's paragraph it sits among: the
        first paragraph numbered as the document numbers it (or its number typed), with its
        title run in and bold where the document's clauses open that way; further lines in the
        same style, unnumbered, aligned with its text."""
        auto = continues_list(number) and self._numbered(clause)
        first: list[tuple[str, bool]] = []
        rest = list(lines)
        if title and _run_in_heading(clause):
            first.append((title.rstrip(".") + ".", True))
            if rest and not rest[0].startswith("("):
                first.append((" " + rest.pop(0), False))
        elif rest:
            first.append((rest.pop(0), False))
        typed = "" if auto else number
        out = [self._paragraph(first, clause, numbered=auto, number=typed)] if first else []
        return out + [self._paragraph([(line, False)], clause) for line in rest]

    def _place(self, paragraphs: list[Any], mode: str, target) -> None:
        if mode == "before":
            for p in paragraphs:
                target.addprevious(p)
        elif mode == "after":
            ref = self._after.get(target, target)
            for p in paragraphs:
                ref.addnext(p)
                ref = p
            self._after[target] = ref
        else:
            sect = self.body.find(W + "sectPr")
            for p in paragraphs:
                if sect is not None:
                    sect.addprevious(p)
                else:
                    self.body.append(p)

    def _target(self, insertion: dict[str, Any]) -> tuple[str, Any, Block | None]:
        """(mode, body child to insert at, its block); mode "end" when the point is not found."""
        mode = insertion.get("mode") or "end"
        anchor = insertion.get("anchor") or {}
        offset = insertion.get("offset")
        if offset is None:
            offset = anchor.get("end" if mode == "after" else "start")
        if mode in ("after", "before") and isinstance(offset, int):
            found = self.map.paragraph(offset, before=mode == "before")
            if found is not None:
                return mode, _top_level(found[0], self.body), found[1]
        return "end", None, None

    def insert(self, suggestion: dict[str, Any]) -> tuple[str, Any]:
        """Insert a suggested clause as tracked paragraphs.

        Returns where it went, in words, and the first inserted paragraph."""
        insertion = suggestion.get("insertion") or {}
        mode, target, block = self._target(insertion)
        number = str(insertion.get("section_number") or "")
        title = str(suggestion.get("heading") or suggestion.get("title") or "").strip()
        lines = [line.strip() for line in (suggestion.get("text") or "").splitlines()]
        lines = [line for line in lines if line]
        anchor = insertion.get("anchor") or {}
        found = (
            self.map.paragraph(anchor["start"], before=True)
            if isinstance(anchor.get("start"), int)
            else None
        )
        clause = found[0] if found else None  # the first paragraph of the clause it follows
        heading = _heading_before(target, self.body)
        # the article the new one follows: its heading's clauses are the model for the new ones
        before = target.getprevious() if mode == "before" and target is not None else None
        while before is not None and before in self._new:
            before = before.getprevious()
        article = _heading_before(before, self.body) if before is not None else heading
        member = _GROUP_MEMBER.match(number)
        group = member.group("group") if member else None
        paragraphs: list[Any] = []
        body = _body_after(article) if article is not None else None
        if group and group not in self._numbers:
            # one of the clauses gathered in a new article (13A.2): the article's heading once
            clause = body if body is not None else clause
            if group not in self._groups:
                self._groups.add(group)
                paragraphs.append(self._article_heading(group, "Human Rights", heading, clause))
            paragraphs += self._clause_paragraphs(number, title, lines, clause)
        elif number and not re.search(r"[.(]", number):
            # a new article (28, 13A): a heading like the document's, then its text
            clause = body if body is not None else clause
            paragraphs.append(self._article_heading(number, title, heading, clause))
            paragraphs += [self._paragraph([(line, False)], clause) for line in lines]
        elif number and clause is not None:
            # a new clause among the article's own (8.7, 9.4A, 7(g))
            paragraphs += self._clause_paragraphs(number, title, lines, clause)
        else:
            clause = (
                target
                if target is not None
                and target.tag == W + "p"
                and block
                and block.kind != "heading"
                else None
            )
            if title and heading is not None:
                paragraphs.append(self._heading_paragraph(number, title, heading))
            elif title:
                paragraphs.append(self._paragraph([(digest.joined(number, title), True)], clause))
            paragraphs += [self._paragraph([(line, False)], clause) for line in lines]
        for d in suggestion.get("definitions") or []:
            term, body = finding_notes.definition(d)
            paragraphs.append(self._paragraph([(term, True), (f" {body}", False)], clause))
        self._new.update(paragraphs)
        self._place(paragraphs, mode, target)
        if mode == "end" and (insertion.get("mode") or "end") != "end":
            where = (
                "at the end of the document (its insertion point was not found in the Word file)"
            )
        else:
            where = digest.insertion_text(insertion)
        return f"inserted {where} as a tracked change", (paragraphs[0] if paragraphs else None)

    # -- the whole document -----------------------------------------------------------------
    def annotate(self, finding: dict[str, Any]) -> None:
        status = finding.get("status")
        evidence = digest.first_evidence(finding)
        suggestion = digest.top_suggestion(finding)
        placed, first_new = (
            self.insert(suggestion) if suggestion and status != "present" else (None, None)
        )
        if evidence is not None and status in ("present", "weak"):
            lines = finding_notes.finding_lines(finding, self.labels)
            if status == "weak" and (suggestion or is_flagged(finding)):
                lines.append(finding_notes.suggestion_line(suggestion, placed))
            self.comment_span(int(evidence["start"]), int(evidence["end"]), lines)
        elif status in ("weak", "missing") and (suggestion or is_flagged(finding)):
            lines = [
                *finding_notes.missing_lines(finding, self.labels),
                finding_notes.suggestion_line(suggestion, placed),
            ]
            anchor = ((suggestion or {}).get("insertion") or {}).get("anchor") or {}
            found = (
                self.map.paragraph(anchor["start"], before=True)
                if isinstance(anchor.get("start"), int)
                else None
            )
            self.comment_paragraph(found[0] if found else first_new, lines)

    def finish(self, path: Path, *, force: bool = False) -> None:
        """Number the tracked changes after every other w:id in the package, then save
        (atomically)."""
        next_id = max_id(self.body) + 1  # comment ids included: each has markers in the body
        for mark in self._changes:
            mark.set(qn("w:id"), str(next_id))
            next_id += 1
        atomic.write_with(path, self.document.save, force=force)


def write(report: Report, path: Path, data: dict[str, Any], *, force: bool = False) -> None:
    """Write the redline of ``report``'s DOCX (which must exist unchanged) to ``path``."""
    redline = Redline(report, data)
    for finding in data.get("findings", []):
        redline.annotate(finding)
    redline.finish(path, force=force)
