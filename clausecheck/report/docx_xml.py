"""WordprocessingML pieces the Word writers build: runs, tracked-change marks, safe text.

Contract text is data: anything XML 1.0 cannot hold (control characters, lone surrogates) is
replaced before it reaches lxml, which would otherwise refuse the whole document.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AUTHOR = "clausecheck"
INITIALS = "cc"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: object) -> str:
    """Text lxml accepts: characters outside XML 1.0 become spaces; None becomes ""."""
    return "" if text is None else _NOT_XML.sub(" ", str(text))


def stamp() -> str:
    """Now in UTC, as Word writes w:date (ISO 8601, seconds, "Z")."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def text_element(text: str):
    t = OxmlElement("w:t")
    t.text = xml_safe(text)
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def run(text: str, *, bold: bool = False):
    """A plain run; a line break inside ``text`` becomes w:br."""
    r = OxmlElement("w:r")
    if bold:
        rpr = OxmlElement("w:rPr")
        rpr.append(OxmlElement("w:b"))
        r.append(rpr)
    for i, line in enumerate(text.split("\n")):
        if i:
            r.append(OxmlElement("w:br"))
        r.append(text_element(line))
    return r


def change_mark(tag: str, change_id: int, date: str):
    """A w:ins (or w:del) element by clausecheck: wraps runs, or marks a paragraph mark in w:rPr."""
    return OxmlElement(
        tag, attrs={qn("w:id"): str(change_id), qn("w:author"): AUTHOR, qn("w:date"): date}
    )


def comment_reference_run(comment_id: int):
    """The run that shows a comment's marker in the text (after its w:commentRangeEnd)."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:rStyle", attrs={qn("w:val"): "CommentReference"}))
    r.append(rpr)
    r.append(OxmlElement("w:commentReference", attrs={qn("w:id"): str(comment_id)}))
    return r


def max_id(root) -> int:
    """The largest numeric w:id under ``root`` (comments, bookmarks, changes), or -1."""
    best = -1
    for el in root.iter():
        value = el.get(W + "id") if isinstance(el.tag, str) else None
        if value is not None and value.lstrip("-").isdigit():
            best = max(best, int(value))
    return best
