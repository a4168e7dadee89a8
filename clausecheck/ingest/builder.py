"""Accumulates a Document's text block by block, keeping anchors and page spans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from clausecheck import errors
from clausecheck.doctext import BIDI, BLOCK_SEP, clean_mapped
from clausecheck.types import Anchor, Block, Document, PageSpan

HIDDEN_TEXT = "hidden text"  # the words every hidden-text warning starts with


def hidden_text_warning(chars: int, how: str = "") -> str:
    """The warning for text a reader cannot see, which is left out of the analysis (never
    evidence): hiding terms in a contract is itself worth asking the counterparty about."""
    detail = f" ({how})" if how else ""
    return (
        f"{HIDDEN_TEXT} found: {chars} characters that a reader cannot see{detail} were left "
        "out of the analysis; ask the counterparty why the document hides text"
    )


@dataclass
class TextBuilder:
    path: str
    format: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)
    anchors: list[Anchor] = field(default_factory=list)
    pages: list[PageSpan] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    max_chars: int | None = None  # stop as soon as the text outgrows it (bombs amplify)
    bidi_controls: int = 0  # right-to-left override and isolate characters removed
    _page_start: int | None = None
    _page_no: int = 0
    _page_ocr: bool = False

    def add_block(
        self,
        text: str,
        locator: str,
        *,
        page: int | None = None,
        kind: str = "paragraph",
        number: str | None = None,
        style_level: int | None = None,
        is_bold: bool = False,
        pieces: list[tuple[int, int, str]] | None = None,
    ) -> Block | None:
        """Append one block. ``pieces`` are (relative start, relative end, locator) anchors
        inside the block, e.g. DOCX runs; without them the whole block gets ``locator``."""
        self.bidi_controls += len(BIDI.findall(text))
        text, moved = clean_mapped(text)
        if pieces:  # run anchors follow their characters when invisible ones are removed
            pieces = [(moved(s), moved(e), loc) for s, e, loc in pieces]
        if not text.strip():
            return None
        if self.parts:
            self.parts.append(BLOCK_SEP)
            self.length += len(BLOCK_SEP)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        if self.max_chars is not None and self.length > self.max_chars:
            raise errors.error("E202", self.path, limit=self.max_chars)
        for rel_start, rel_end, loc in pieces or [(0, len(text), locator)]:
            if rel_end > rel_start:
                self.anchors.append(Anchor(start + rel_start, start + rel_end, page, loc))
        block = Block(start, self.length, kind, number, style_level, is_bold)
        self.blocks.append(block)
        return block

    def start_page(self, number: int, *, ocr: bool = False) -> None:
        self.end_page()
        self._page_no = number
        self._page_ocr = ocr
        self._page_start = self.length + (len(BLOCK_SEP) if self.parts else 0)

    def end_page(self) -> None:
        if self._page_start is None:
            return
        start = min(self._page_start, self.length)
        self.pages.append(PageSpan(self._page_no, start, max(start, self.length), self._page_ocr))
        self._page_start = None

    def build(self, raw: bytes, *, ocr: bool = False) -> Document:
        self.end_page()
        if self.bidi_controls:
            self.warnings.append(
                f"{self.bidi_controls} bidirectional control characters (which can make text "
                "display in another order than it is stored) were removed before analysis"
            )
        return Document(
            path=self.path,
            format=self.format,
            text="".join(self.parts),
            sha256=hashlib.sha256(raw).hexdigest(),
            pages=tuple(self.pages),
            blocks=tuple(self.blocks),
            anchors=tuple(self.anchors),
            ocr=ocr,
            warnings=tuple(self.warnings),
        )
