"""Where a character of ``Document.text`` sits in a DOCX: body paragraphs counted as ingest counts
them, runs from the anchors' ``docx:para=N,run=K`` locators, and runs split so that a range
starts and ends on a run boundary.

Every run is resolved (and its text checked against ``Document.text``) before anything is
changed, because splitting runs and adding comment markers shifts run indices.
"""

from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass, field
from typing import Any

from clausecheck.doctext import clean, has_invisible
from clausecheck.report.docx_xml import W, text_element
from clausecheck.types import Anchor, Block, Document

_RUN_LOCATOR = re.compile(r"^docx:para=(\d+),run=(\d+)$")
_PARA_LOCATOR = re.compile(r"^docx:para=(\d+)\b")
_ONE_CHAR = {
    W + "tab": " ",
    W + "ptab": " ",
    W + "br": " ",
    W + "cr": " ",
    W + "noBreakHyphen": "-",
}


class LocateError(LookupError):
    """A span of the text could not be matched to runs of the DOCX exactly."""


def body_paragraphs(body) -> list:
    """Body paragraphs in ingest's order: locator ``docx:para=N`` is item N - 1.

    The same traversal as clausecheck.ingest.docx.read (``paragraph_order``)."""
    from clausecheck.ingest.docx import paragraph_order

    return [p for p, _ in paragraph_order(body)]


def _child_text(child) -> str:
    if child.tag == W + "t":
        return (child.text or "") + "".join(sub.tail or "" for sub in child)
    return _ONE_CHAR.get(child.tag, "")


def run_text(r) -> str:
    """A run's text as ingest reads it (tabs and breaks as spaces)."""
    return "".join(_child_text(c) for c in r if isinstance(c.tag, str))


def split_run(r, k: int):
    """Split run ``r`` at character ``k``: ``r`` keeps the first ``k`` characters and the
    returned new run, with a copy of the same w:rPr, holds the rest (placed right after ``r``)."""
    right = r.makeelement(r.tag, dict(r.attrib))
    rpr = r.find(W + "rPr")
    if rpr is not None:
        right.append(copy.deepcopy(rpr))
    pos = 0
    for child in [c for c in r if c.tag != W + "rPr"]:
        width = len(_child_text(child)) if isinstance(child.tag, str) else 0
        if pos + width <= k and (width or pos < k):
            pass  # wholly before the cut: stays in r
        elif pos >= k:
            right.append(child)
        else:  # a w:t straddling the cut
            text = _child_text(child)
            for sub in list(child):
                child.remove(sub)
            child.text = text[: k - pos]
            child.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            right.append(text_element(text[k - pos :]))
        pos += width
    r.addnext(right)
    return right


@dataclass
class _Run:
    start: int
    end: int
    pieces: list[tuple[int, object]] = field(default_factory=list)  # (start offset, w:r), ascending

    def piece_starting_at(self, offset: int):
        """The run element that starts at ``offset``, splitting a run there if needed."""
        starts = [s for s, _ in self.pieces]
        i = bisect.bisect_right(starts, offset) - 1
        s, el = self.pieces[i]
        if s == offset:
            return el
        right = split_run(el, offset - s)
        self.pieces.insert(i + 1, (offset, right))
        return right

    def piece_ending_at(self, offset: int):
        """The run element that ends at ``offset``, splitting a run there if needed."""
        if offset < self.end:
            self.piece_starting_at(offset)
        starts = [s for s, _ in self.pieces]
        return self.pieces[bisect.bisect_left(starts, offset) - 1][1]


class TextMap:
    """Offsets of one scanned DOCX mapped to its (python-docx / lxml) body elements."""

    def __init__(self, body, doc: Document) -> None:
        self.body = body
        self.doc = doc
        self.paragraphs = body_paragraphs(body)
        self._runs: list[_Run] = []
        self.unmatched: list[Anchor] = []  # run anchors not found: whole-paragraph comments
        self._block_starts = [b.start for b in doc.blocks]
        self._block_ends = [b.end for b in doc.blocks]
        self._block_para: list[int | None] = [None] * len(doc.blocks)
        by_para: dict[int, list] = {}
        for a in doc.anchors:
            m = _PARA_LOCATOR.match(a.locator)
            i = bisect.bisect_right(self._block_starts, a.start) - 1
            if m and 0 <= i and self._block_para[i] is None:
                self._block_para[i] = int(m.group(1)) - 1
            m = _RUN_LOCATOR.match(a.locator)
            if not m:
                continue
            para, run_index = int(m.group(1)) - 1, int(m.group(2))
            runs = (
                by_para.setdefault(para, list(self.paragraphs[para].iter(W + "r")))
                if 0 <= para < len(self.paragraphs)
                else []
            )
            raw_text = run_text(runs[run_index]) if run_index < len(runs) else None
            if (
                raw_text is not None
                and not has_invisible(raw_text)  # its offsets would not be the run's
                and clean(raw_text) == doc.text[a.start : a.end]
            ):
                self._runs.append(_Run(a.start, a.end, [(a.start, runs[run_index])]))
            else:
                self.unmatched.append(a)
        self._runs.sort(key=lambda r: r.start)
        self._run_starts = [r.start for r in self._runs]

    # -- blocks and paragraphs -------------------------------------------------------------
    def _block_index(self, offset: int, *, before: bool) -> int | None:
        if before:  # the first block ending after offset
            i = bisect.bisect_right(self._block_ends, offset)
        else:  # the last block starting before offset
            i = bisect.bisect_left(self._block_starts, offset) - 1
        return i if 0 <= i < len(self._block_starts) else None

    def paragraph(self, offset: int, *, before: bool = False) -> tuple[object, Block] | None:
        """The body paragraph (and its Block) holding the text just before ``offset``; with
        ``before=True`` the one holding the text at or after it. None for footnotes."""
        i = self._block_index(offset, before=before)
        para = None if i is None else self._block_para[i]
        if i is None or para is None or para >= len(self.paragraphs):
            return None
        return self.paragraphs[para], self.doc.blocks[i]

    # -- exact ranges ----------------------------------------------------------------------
    def run_range(self, start: int, end: int) -> tuple[Any, Any]:
        """First and last w:r covering exactly ``[start, end)``, split where needed; text that
        Word renders itself (automatic numbers) is left out. Raises LocateError."""
        lo = max(bisect.bisect_right(self._run_starts, start) - 1, 0)
        hi = bisect.bisect_left(self._run_starts, end)
        inside = [r for r in self._runs[lo:hi] if r.end > start]
        if not inside:
            raise LocateError(f"no run covers characters {start}-{end}")
        if not self._covered(inside, start, end):
            raise LocateError(f"characters {start}-{end} include text that is in no checked run")
        first, last = inside[0], inside[-1]
        return first.piece_starting_at(max(start, first.start)), last.piece_ending_at(
            min(end, last.end)
        )

    def _covered(self, runs: list[_Run], start: int, end: int) -> bool:
        """Every non-space character of the range is in a run or is an automatic number."""
        text = self.doc.text
        pos = start
        for r in runs:
            if r.start > pos and text[pos : r.start].strip() and not self._is_number(pos, r.start):
                return False
            pos = max(pos, r.end)
        return not text[pos:end].strip()

    def _is_number(self, start: int, end: int) -> bool:
        """The gap before a run is the block separator plus that block's automatic number."""
        i = bisect.bisect_right(self._block_starts, end - 1) - 1
        number = self.doc.blocks[i].number if i >= 0 else None
        return bool(number) and self.doc.text[start:end].strip() == number
