"""The Word redline of a scanned DOCX: a copy of the contract with clausecheck's comments on the
evidence of each finding and each suggested clause as a tracked insertion.

Everything else in the package is left as it was: only runs that a comment starts or ends inside
are split (into runs with the same formatting), and new paragraphs are added. An inserted
paragraph copies the paragraph properties of its neighbour but not its automatic numbering, so
the numbers of existing clauses do not shift; the new clause's number is written as text. Its
paragraph mark is marked inserted too, so Word's "Reject" removes the whole paragraph.
(LibreOffice, while showing changes, prints a bracketed "old" number next to the numbered
paragraph that follows an insertion; the numbers themselves do not change.)
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

    def _level_indent(self, numpr) -> str | None:
        """The left indent of a numbered paragraph's list level, so the new text lines up."""
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
                ind = lvl.find(f"{W}pPr/{W}ind")
                return None if ind is None else ind.get(W + "left") or ind.get(W + "start")
        return None

    def _ppr(self, source) -> Any:
        """Paragraph properties for an inserted paragraph: the neighbour's, unnumbered."""
        old = source.find(W + "pPr") if source is not None else None
        ppr = copy.deepcopy(old) if old is not None else OxmlElement("w:pPr")
        numpr = ppr.find(W + "numPr")
        left = self._level_indent(numpr) if numpr is not None else None
        for tag in _DROP_FROM_PPR:
            for el in ppr.findall(W + tag):
                ppr.remove(el)
        if left and ppr.find(W + "ind") is None:
            ppr.get_or_add_ind().set(qn("w:left"), left)
        if ppr.find(W + "pStyle") is not None:  # numId 0 switches off numbering the style may carry
            ppr.get_or_add_numPr().append(OxmlElement("w:numId", attrs={qn("w:val"): "0"}))
        rpr = OxmlElement("w:rPr")
        rpr.append(self._mark())
        ppr.append(rpr)
        return ppr

    def _paragraph(self, pieces: list[tuple[str, bool]], source) -> Any:
        p = OxmlElement("w:p")
        p.append(self._ppr(source))
        ins = self._mark()
        for text, bold in pieces:
            ins.append(run(text, bold=bold))
        p.append(ins)
        return p

    def _heading_paragraph(self, text: str, heading) -> Any:
        """The new clause's heading in the document's own heading style (copied from the nearest
        heading before the insertion point, numbering switched off: the number is text), in
        capitals where the document's headings are."""
        if _is_upper_heading(heading):
            text = text.upper()
        p = OxmlElement("w:p")
        p.append(self._ppr(heading))
        ins = self._mark()
        ins.append(run(text))
        p.append(ins)
        return p

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
        source = (
            target
            if target is not None and target.tag == W + "p" and block and block.kind != "heading"
            else None
        )
        rows = finding_notes.clause_rows(suggestion)
        heading = _heading_before(target, self.body)
        paragraphs = [
            self._heading_paragraph(row[0][0], heading)
            if i == 0 and heading is not None and row[0][1] and len(row) == 1
            else self._paragraph(row, source)
            for i, row in enumerate(rows)
        ]
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
