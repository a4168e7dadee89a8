"""Hard-wrapped lines (PDF, OCR, wrapped text files) -> paragraphs a reader would see."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# A line that starts a new paragraph on its own: numbering, list markers, headings.
_STARTS_BLOCK = re.compile(
    r"""^\s*(
        (ARTICLE|Article|SECTION|Section|CLAUSE|Clause|SCHEDULE|Schedule|EXHIBIT|Exhibit|
         ANNEX|Annex|APPENDIX|Appendix|PART|Part)\s+[0-9IVXLCDM]+[A-Z]?\b
      | \d{1,3}(\.\d{1,3}){0,4}\.?\s+\S
      | \(?[a-z]{1,2}\)\s
      | \(?[ivxl]{1,6}\)\s
      | \([A-Z]{1,2}\)\s
      | WHEREAS\b | NOW,?\s+THEREFORE | IN\s+WITNESS
      | [\u2022\u25cf\u25aa\-\*]\s
    )""",
    re.X,
)
_PAGE_NUMBER = re.compile(
    r"^\s*(page\s*)?[-\u2013(]?\s*\d{1,4}\s*[-\u2013)]?(\s*(of|/)\s*\d{1,4})?\s*$", re.I
)
_HYPHEN_BREAK = "\ufffe"


@dataclass
class Line:
    text: str
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0  # distance from the page top (grows downwards)
    locator: str = ""


def running_lines(pages: list[list[Line]], *, edge: int = 3) -> set[str]:
    """Normalised lines that repeat at the top or bottom of many pages (headers, footers)."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        seen = set()
        for line in lines[:edge] + lines[-edge:]:
            key = _norm_running(line.text)
            if key and key not in seen:
                seen.add(key)
                counts[key] += 1
    threshold = max(3, int(len(pages) * 0.4))
    return {k for k, n in counts.items() if n >= threshold}


def _norm_running(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def drop_running(lines: list[Line], running: set[str], *, edge: int = 3) -> list[Line]:
    """Remove running headers/footers and bare page numbers from the page edges."""
    n = len(lines)
    keep = []
    for i, line in enumerate(lines):
        at_edge = i < edge or i >= n - edge
        if at_edge and (_norm_running(line.text) in running or _PAGE_NUMBER.match(line.text)):
            continue
        keep.append(line)
    return keep


def paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Group lines into paragraphs by geometry (when known) and by line starts."""
    if not lines:
        return []
    right = max((ln.x1 for ln in lines), default=0.0)
    left = min((ln.x0 for ln in lines), default=0.0)
    gaps = sorted(b.top - a.top for a, b in zip(lines, lines[1:], strict=False) if b.top > a.top)
    step = gaps[len(gaps) // 2] if gaps else 0.0
    has_geometry = right > 0
    groups: list[list[Line]] = [[lines[0]]]
    for prev, cur in zip(lines, lines[1:], strict=False):
        text = cur.text.strip()
        prev_text = prev.text.rstrip()
        if has_geometry:
            short = prev.x1 < left + (right - left) * 0.80
            # A number at a line start opens a clause only after a sentence end or a short line;
            # after a full line it is a wrapped reference ("... under\nSection 8.2 of ...").
            new = bool(_STARTS_BLOCK.match(text)) and (short or prev_text[-1:] in ".:;)")
            gap = cur.top - prev.top
            if step and (gap > step * 1.6 or gap < -step):
                new = True
            elif short and prev_text[-1:] in '.:;!?"”)':
                new = True
            elif short and prev_text.isupper() and len(prev_text) < 90:
                new = True
        else:
            new = bool(_STARTS_BLOCK.match(text)) or not prev_text
        if new:
            groups.append([cur])
        else:
            groups[-1].append(cur)
    return groups


_WORD_END = re.compile(r"[^\W\d_]+$")
_WORD_START = re.compile(r"[^\W\d_]+")


class Compounds:
    """Answers "is 'food-contact' written with a hyphen somewhere in the document?" by a
    substring search in the lower-cased text, built once; cheaper than indexing every
    hyphenated word, since only the few line-end breaks are ever asked about."""

    def __init__(self, texts) -> None:
        self._text = "\n".join(texts).lower()

    def __contains__(self, pair: str) -> bool:
        at = self._text.find(pair)
        while at >= 0:
            before = self._text[at - 1] if at > 0 else " "
            after_at = at + len(pair)
            after = self._text[after_at] if after_at < len(self._text) else " "
            if not before.isalpha() and not after.isalpha():
                return True
            at = self._text.find(pair, at + 1)
        return False


def hyphenated_words(texts) -> Compounds:
    """Words joined by a hyphen somewhere in ``texts`` ("food-contact"): a line break after
    such a hyphen keeps it."""
    return Compounds(texts)


def _known_compound(left: str, right: str, hyphenated) -> bool:
    a, b = _WORD_END.search(left), _WORD_START.match(right)
    return bool(a and b and f"{a.group(0)}-{b.group(0)}".lower() in hyphenated)


def join_lines(lines: list[Line], hyphenated=frozenset()) -> tuple[str, list[tuple[int, int, str]]]:
    """Join a paragraph's lines, mending hyphenated line breaks; returns text and anchors.

    A hyphen at a line end is dropped ("obli-" / "gations") unless the next line starts with a
    capital or a digit, or the document writes the pair with a hyphen elsewhere (``hyphenated``,
    from :func:`hyphenated_words`): then it is a real hyphen ("food-" / "contact") and stays.
    """
    out: list[str] = []
    pieces: list[tuple[int, int, str]] = []
    length = 0
    glue = False
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        glue_next = text.endswith(_HYPHEN_BREAK)
        text = text.replace(_HYPHEN_BREAK, "")
        if out and glue:
            # pdfium marks every line-end hyphen (U+FFFE, removed above); a word is never
            # hyphenated before a capital or a digit, so there it was a real hyphen.
            if (
                text[:1].isupper()
                or text[:1].isdigit()
                or _known_compound(out[-1], text, hyphenated)
            ):
                out.append("-")
                length += 1
                s, _, loc = pieces[-1]
                pieces[-1] = (s, length, loc)
        elif out:
            prev = out[-1]
            if prev.endswith("-") and len(prev) > 1 and prev[-2].isalpha() and text[:1].islower():
                if not _known_compound(prev[:-1], text, hyphenated):
                    out[-1] = prev[:-1]
                    length -= 1
                    s, _, loc = pieces[-1]
                    pieces[-1] = (s, length, loc)
            else:
                out.append(" ")
                length += 1
        out.append(text)
        pieces.append((length, length + len(text), line.locator))
        length += len(text)
        glue = glue_next
    return "".join(out), pieces
