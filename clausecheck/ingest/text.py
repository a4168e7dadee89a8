"""Plain text and Markdown -> Document, with encoding detection and reflow of wrapped lines."""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.builder import TextBuilder
from clausecheck.ingest.reflow import Line, hyphenated_words, join_lines, paragraphs
from clausecheck.limits import Limits

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# Emphasis markers hug their text: a run of underscores ("By: ______") is a blank, not bold.
# Spans are bounded (_MD_SPAN characters): an unbounded lazy span made " *a" x 10,000 quadratic.
_MD_SPAN = 400
_MD_EMPHASIS = re.compile(
    rf"(\*\*|__)(?![\s*_])(.{{1,{_MD_SPAN}}}?)(?<![\s*_])\1"
    rf"|(?<![\w*])\*(?![\s*])(.{{1,{_MD_SPAN}}}?)(?<![\s*])\*(?!\w)"
)
_MD_LINK = re.compile(rf"!?\[([^\]\[]{{0,{_MD_SPAN}}})\]\([^)]{{0,{4 * _MD_SPAN}}}\)")
_MD_RULE = re.compile(r"^\s*([-*_]\s*){3,}$")
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_PAGE_BREAK = re.compile(r"^\s*(page\s+\d+(\s+of\s+\d+)?|-\s*\d+\s*-)\s*$", re.I)


def decode(raw: bytes, path: Path) -> tuple[str, list[str]]:
    """Decode bytes: BOMs first, then strict UTF-8, then charset detection."""
    warnings: list[str] = []
    # UTF-32 first: its little-endian BOM begins with UTF-16's.
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if raw.startswith(bom):
            return raw.decode(enc, errors="replace"), warnings
    try:
        return raw.decode("utf-8"), warnings
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw[:200_000]).best()
    encoding = best.encoding if best is not None else "latin-1"
    if encoding in ("utf_8", "utf-8"):
        warnings.append("invalid UTF-8 bytes were replaced with U+FFFD")
        return raw.decode("utf-8", errors="replace"), warnings
    warnings.append(f"decoded as {encoding}")
    return raw.decode(encoding, errors="replace"), warnings


def _norm(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _running_lines(lines: list[str]) -> set[str]:
    """Short lines repeated through the file with page-like content: running headers/footers."""
    counts: dict[str, int] = {}
    for line in lines:
        if 0 < len(line.strip()) < 120:
            key = _norm(line)
            counts[key] = counts.get(key, 0) + 1
    return {
        k
        for k, n in counts.items()
        if n >= 3
        and ("#" in k or "page" in k or "confidential" in k or "source:" in k)
        and not re.match(r"^\(?[#a-z]{1,3}[.)]", k)
        and len(k) > 1
        or k == "#"
        and n >= 3
    }


def _markdown_line(line: str) -> tuple[str, int | None]:
    m = _MD_HEADING.match(line)
    level = None
    if m:
        level, line = len(m.group(1)), m.group(2)
    if _MD_RULE.match(line) or _MD_TABLE_SEP.match(line):
        return "", None
    if line.lstrip().startswith("|"):
        line = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
    line = _MD_LINK.sub(r"\1", line)
    line = _MD_EMPHASIS.sub(lambda mm: mm.group(2) or mm.group(3) or "", line)
    line = line.replace("\\", "") if "\\" in line else line
    return line, level


def read(raw: bytes, path: Path, *, limits: Limits, markdown: bool = False) -> TextBuilder:
    text, warnings = decode(raw, path)
    if "\x00" in text[:1000] and not markdown:
        raise errors.error("E114", path)
    if len(text) > limits.max_chars:
        raise errors.error("E202", path, limit=limits.max_chars)
    builder = TextBuilder(str(path), "markdown" if markdown else "text")
    builder.warnings.extend(warnings)
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    running = _running_lines(raw_lines)
    compounds = hyphenated_words(raw_lines)
    chunk: list[Line] = []
    level_of_chunk: int | None = None

    def flush() -> None:
        nonlocal chunk, level_of_chunk
        if chunk:
            # Wrapped text files: treat line length as geometry so reflow can join lines.
            for group in paragraphs(chunk):
                joined, pieces = join_lines(group, compounds)
                builder.add_block(
                    joined,
                    group[0].locator,
                    pieces=pieces,
                    kind="heading" if level_of_chunk else "paragraph",
                    style_level=level_of_chunk,
                )
        chunk, level_of_chunk = [], None

    for no, line in enumerate(raw_lines, 1):
        level = None
        if markdown:
            line, level = _markdown_line(line)
        if (
            not line.strip()
            or _PAGE_BREAK.match(line)
            or level is not None
            or _norm(line) in running
        ):
            flush()
            if level is not None and line.strip():
                chunk, level_of_chunk = [Line(line, locator=f"text:line={no}")], level
                flush()
            continue
        stripped = line.rstrip()
        chunk.append(Line(stripped, 0.0, float(len(stripped)), float(no), f"text:line={no}"))
    flush()
    return builder
