"""DOCX -> Document: body paragraphs and tables in order, rendered automatic numbering,
headings from styles, footnotes, tracked changes read as accepted text.

Headers and footers are not part of the body and are not read. The package is checked for
decompression bombs before any XML is parsed, and XML is parsed without entity resolution.
"""

from __future__ import annotations

import collections
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from clausecheck import errors
from clausecheck.ingest import numbering
from clausecheck.ingest.builder import TextBuilder, hidden_text_warning
from clausecheck.limits import Limits

W = numbering.W
_HEADING_STYLE = re.compile(r"^(heading|titre|überschrift)\s*(\d)$", re.I)


def _check_package(raw: bytes, path: Path, limits: Limits) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(raw))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError):
        raise errors.error("E105", path) from None
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > limits.max_decompressed or (
            info.file_size > 10_000_000 and ratio > limits.max_part_ratio
        ):
            raise errors.error("E203", path, limit_mib=limits.max_decompressed // 2**20)
    names = {i.filename for i in infos}
    if len(names) < len(infos):
        # Readers disagree on which copy of a duplicated part wins (zipfile takes the last,
        # others the first): what Word shows may not be what is analysed.
        counts = collections.Counter(i.filename for i in infos)
        twice = next(name for name, n in counts.items() if n > 1)
        raise errors.error("E147", path, part=twice)
    if "word/document.xml" not in names and not any(n.endswith("document.xml") for n in names):
        raise errors.error("E107", path)
    return zf


def _safe_xml(blob: bytes):
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False
    )
    return etree.fromstring(blob, parser=parser)


MAX_STYLE_CHAIN = 32  # Word itself stops following basedOn well before this


class _Styles:
    """Style lookups: numbering, outline level, heading level and hidden (vanish), following
    basedOn at most ``MAX_STYLE_CHAIN`` deep, each answer computed once per style: a
    40 KB styles part of one long chain took 38 s when every paragraph walked it twice."""

    def __init__(self, root) -> None:
        self.by_id: dict[str, Any] = {}  # lxml elements
        self._memo: dict[tuple[str, str | None], Any] = {}
        if root is not None:
            for st in root.findall(W + "style"):
                self.by_id[st.get(W + "styleId", "")] = st

    def _memoised(self, what: str, style_id: str | None, compute):
        key = (what, style_id)
        if key not in self._memo:
            self._memo[key] = compute(style_id)
        return self._memo[key]

    def _chain(self, style_id: str | None):
        seen: set[str] = set()
        while (
            style_id
            and style_id in self.by_id
            and style_id not in seen
            and len(seen) < MAX_STYLE_CHAIN
        ):
            seen.add(style_id)
            st = self.by_id[style_id]
            yield st
            based = st.find(W + "basedOn")
            style_id = based.get(W + "val") if based is not None else None

    def num(self, style_id: str | None) -> tuple[str | None, int | None]:
        return self._memoised("num", style_id, self._num)

    def heading_level(self, style_id: str | None) -> int | None:
        return self._memoised("heading", style_id, self._heading_level)

    def is_hidden(self, style_id: str | None) -> bool | None:
        """Whether a style hides its text (``w:vanish``); None when it does not say."""
        return self._memoised("vanish", style_id, self._is_hidden)

    def _is_hidden(self, style_id: str | None) -> bool | None:
        for st in self._chain(style_id):
            rpr = st.find(W + "rPr")
            flag = _flag(rpr, "vanish") if rpr is not None else None
            if flag is not None:
                return flag
        return None

    def _num(self, style_id: str | None) -> tuple[str | None, int | None]:
        for st in self._chain(style_id):
            ppr = st.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            if numpr is not None:
                num_id = numbering._val(numpr, "numId")
                return num_id, numbering.level_index(numbering._val(numpr, "ilvl")) or 0
        return None, None

    def _heading_level(self, style_id: str | None) -> int | None:
        for st in self._chain(style_id):
            name = st.find(W + "name")
            name_val = name.get(W + "val", "") if name is not None else ""
            m = _HEADING_STYLE.match(name_val.strip())
            if m:
                return int(m.group(2))
            if name_val.lower() == "title":
                return 1
            ppr = st.find(W + "pPr")
            level = (
                numbering.level_index(numbering._val(ppr, "outlineLvl"))
                if ppr is not None
                else None
            )
            if level is not None:
                return level + 1
        return None


MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIPPED_ANCESTORS = (W + "del", W + "moveFrom", MC + "Fallback")


def _flag(parent, name: str) -> bool | None:
    """A toggle property such as ``<w:vanish/>`` or ``<w:b w:val="0"/>``; None when absent."""
    el = parent.find(W + name)
    if el is None:
        return None
    return el.get(W + "val", "true") not in ("0", "false", "off")


def _own_runs(p):
    """The runs of paragraph ``p`` itself: not deleted text, not the fallback copy of a text box
    (``mc:Fallback`` repeats ``mc:Choice``), not the runs of a paragraph nested inside it (a
    text box's paragraphs are read as paragraphs of their own)."""
    for r_index, r in enumerate(p.iter(W + "r")):
        anc = r.getparent()
        while anc is not None and anc is not p:
            if anc.tag in _SKIPPED_ANCESTORS or anc.tag == W + "p":
                break
            anc = anc.getparent()
        else:
            yield r_index, r


def _runs_text(
    p, styles: _Styles | None = None, *, white_shows: bool = False
) -> tuple[str, list[tuple[int, int, str]], bool, int]:
    """Accepted text of a paragraph (insertions kept, deletions dropped), run anchors, all-bold,
    and how many characters of hidden runs were dropped (``w:vanish`` directly, by character
    style or by paragraph style; white text unless ``white_shows``; under 1 pt): text Word
    does not show is never evidence."""
    ppr = p.find(W + "pPr")
    pstyle = ppr.find(W + "pStyle") if ppr is not None else None
    para_hidden = bool(styles and pstyle is not None and styles.is_hidden(pstyle.get(W + "val")))
    parts: list[str] = []
    pieces: list[tuple[int, int, str]] = []
    length = 0
    bold_runs = 0
    text_runs = 0
    hidden = 0
    for r_index, r in _own_runs(p):
        chunk = []
        for child in r:
            tag = child.tag
            if tag == W + "t":
                # An unresolved DTD entity (Word never writes one) is a child node of w:t;
                # drop it but keep the text on either side.
                chunk.append((child.text or "") + "".join(sub.tail or "" for sub in child))
            elif tag in (W + "tab", W + "ptab"):
                chunk.append(" ")
            elif tag in (W + "br", W + "cr"):
                chunk.append(" ")
            elif tag == W + "noBreakHyphen":
                chunk.append("-")
        text = "".join(chunk)
        if not text:
            continue
        rpr = r.find(W + "rPr")
        if _is_hidden_run(rpr, styles, para_hidden, white_shows):
            hidden += len(text.strip())
            continue
        b = rpr.find(W + "b") if rpr is not None else None
        if text.strip():
            text_runs += 1
            if b is not None and b.get(W + "val", "true") not in ("0", "false"):
                bold_runs += 1
        parts.append(text)
        pieces.append((length, length + len(text), f"run={r_index}"))
        length += len(text)
    return "".join(parts), pieces, text_runs > 0 and bold_runs == text_runs, hidden


_WHITE = ("FFFFFF", "white")
MIN_HALF_POINTS = 2  # w:sz is in half-points: under 1 pt nobody reads it


def _is_hidden_run(rpr, styles: _Styles | None, para_hidden: bool, white_shows: bool) -> bool:
    if rpr is None:
        return para_hidden
    size = rpr.find(W + "sz")
    if size is not None and (size.get(W + "val") or "").isdigit():
        if int(size.get(W + "val") or 0) < MIN_HALF_POINTS:
            return True
    color = rpr.find(W + "color")
    if not white_shows and color is not None and color.get(W + "val") in _WHITE:
        shading = rpr.find(W + "shd")
        fill = shading.get(W + "fill") if shading is not None else None
        highlight = rpr.find(W + "highlight")
        if (fill in (None, "auto") or fill in _WHITE) and highlight is None:
            return True
    flag = _flag(rpr, "vanish")
    if flag is None:
        flag = _flag(rpr, "specVanish")
    if flag is not None:
        return flag
    rstyle = rpr.find(W + "rStyle")
    by_style = styles.is_hidden(rstyle.get(W + "val")) if styles and rstyle is not None else None
    return para_hidden if by_style is None else by_style


def read(raw: bytes, path: Path, *, limits: Limits) -> TextBuilder:
    zf = _check_package(raw, path, limits)

    def part(name: str):
        try:
            return _safe_xml(zf.read(name))
        except KeyError:
            return None
        except Exception as exc:  # lxml.etree.XMLSyntaxError and zlib errors
            raise errors.error("E106", path, part=name, error=type(exc).__name__) from None

    doc = part("word/document.xml")
    if doc is None:
        raise errors.error("E107", path)
    styles = _Styles(part("word/styles.xml"))
    counter = numbering.Counter(numbering.parse(part("word/numbering.xml")))
    body = doc.find(W + "body")
    builder = TextBuilder(str(path), "docx", max_chars=limits.max_chars)
    if body is None:
        return builder
    para_index = 0
    hidden = 0
    # White text is hidden on Word's white page, not on a page given a background colour.
    background = doc.find(W + "background")
    white_shows = background is not None and background.get(W + "color") not in (
        None,
        "auto",
        *_WHITE,
    )

    def add_paragraph(p, kind: str = "paragraph") -> None:
        nonlocal para_index, hidden
        para_index += 1
        text, pieces, is_bold, hidden_chars = _runs_text(p, styles, white_shows=white_shows)
        hidden += hidden_chars
        ppr = p.find(W + "pPr")
        style_id = num_id = None
        ilvl: int | None = None
        if ppr is not None:
            ps = ppr.find(W + "pStyle")
            style_id = ps.get(W + "val") if ps is not None else None
            numpr = ppr.find(W + "numPr")
            if numpr is not None:
                num_id = numbering._val(numpr, "numId")
                ilvl = numbering.level_index(numbering._val(numpr, "ilvl"))
        if num_id is None:
            num_id, style_ilvl = styles.num(style_id)
            ilvl = style_ilvl if ilvl is None else ilvl
        number = counter.next(num_id, ilvl or 0) if num_id else None
        if not text.strip():
            return
        level = styles.heading_level(style_id)
        locator = f"docx:para={para_index}"
        runs = [(s, e, f"{locator},{r}") for s, e, r in pieces]
        if number and number != "\u2022":
            prefix = number + " "
            runs = [(0, len(number), f"{locator},numbering")] + [
                (s + len(prefix), e + len(prefix), r) for s, e, r in runs
            ]
            text = prefix + text
        builder.add_block(
            text,
            locator,
            kind="heading" if level else kind,
            number=number,
            style_level=level,
            is_bold=is_bold,
            pieces=runs,
        )

    for p, kind in paragraph_order(body):
        add_paragraph(p, kind)
    if body.find(".//" + W + "altChunk") is not None:
        builder.warnings.append(
            "the DOCX embeds content from another file (altChunk), which was not read: "
            "open and re-save it in Word to merge it"
        )

    footnotes = part("word/footnotes.xml")
    if footnotes is not None:
        for fn in footnotes.findall(W + "footnote"):
            if fn.get(W + "type") in ("separator", "continuationSeparator", "continuationNotice"):
                continue
            text = " ".join(_runs_text(p, styles)[0] for p in fn.iter(W + "p")).strip()
            if text:
                builder.add_block(
                    f"[Footnote {fn.get(W + 'id')}] {text}",
                    f"docx:footnote={fn.get(W + 'id')}",
                    kind="footnote",
                )
    if hidden:
        builder.warnings.append(hidden_text_warning(hidden))
    return builder


def paragraph_order(body) -> list[tuple[Any, str]]:
    """The body's paragraphs in reading order, each once, with their kind: paragraphs outside
    tables in document order, the paragraphs of each outermost table (nested tables included)
    when the table is reached. A paragraph is listed once even where tables nest inside content
    controls, and the fallback copy of a text box (``mc:Fallback``) is left out. Locator
    ``docx:para=N`` is item N - 1 (the Word redline maps findings back through it)."""
    out: list[tuple[Any, str]] = []
    done: set = set()
    for el in body.iter(W + "p", W + "tbl"):
        if _in_fallback(el, body):
            continue
        if el.tag == W + "p":
            # Paragraphs inside tables are handled with their table (as table cells).
            anc = el.getparent()
            in_table = False
            while anc is not None and anc is not body:
                if anc.tag == W + "tc":
                    in_table = True
                    break
                anc = anc.getparent()
            if not in_table and el not in done:
                done.add(el)
                out.append((el, "paragraph"))
        elif el.getparent() is body or el.getparent().tag != W + "tc":
            for p in el.iter(W + "p"):
                if p not in done and not _in_fallback(p, el):
                    done.add(p)
                    out.append((p, "table_cell"))
    return out


def _in_fallback(el, top) -> bool:
    anc = el.getparent()
    while anc is not None and anc is not top:
        if anc.tag == MC + "Fallback":
            return True
        anc = anc.getparent()
    return False
