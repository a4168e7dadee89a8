"""Decide a file's format from its bytes (the extension is only a hint)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from clausecheck import errors

SUPPORTED = errors.SUPPORTED_FORMATS
_HTML = re.compile(
    rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*<html|<div|<p[\s>]|<table)",
    re.I | re.S,
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(raw: bytes, path: Path) -> str:
    """Return one of pdf, docx, html, markdown, text or raise a clear error."""
    head = raw[:2048]
    suffix = path.suffix.lower()
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in raw[:1024]:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        if (
            "EncryptedPackage".encode("utf-16-le") in raw[:200_000]
            or b"EncryptedPackage" in raw[:200_000]
        ):
            raise errors.error("E123", path)
        raise errors.error("E111", path)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            names = zipfile.ZipFile(io.BytesIO(raw)).namelist()
        except (zipfile.BadZipFile, OSError, EOFError):
            if suffix == ".docx":
                raise errors.error("E105", path) from None
            raise errors.error("E113", path) from None
        if "word/document.xml" in names:
            return "docx"
        kind = (
            "a spreadsheet"
            if any(n.startswith("xl/") for n in names)
            else ("a presentation" if any(n.startswith("ppt/") for n in names) else "a zip archive")
        )
        if kind == "a zip archive" and (
            suffix in (".docx", ".docm", ".dotx") or any(n.startswith("word/") for n in names)
        ):
            raise errors.error("E107", path)
        raise errors.error("E112", path, kind=kind)
    if _is_binary(head):
        what = _binary_kind(head)
        if what == "binary data" and suffix in (".pdf", ".docx"):
            kind = "PDF" if suffix == ".pdf" else "DOCX"
            raise errors.error("E142", path, suffix=suffix, kind=kind)
        raise errors.error("E110", path, kind=what)
    if _HTML.match(head) or suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "markdown"
    return "text"


def _is_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00\x00\xfe\xff")):
        return False
    if not head:
        return False
    if _binary_kind(head) != "binary data":
        return True
    if b"\x00" in head:
        # UTF-16 without BOM has a NUL in every other byte, on one side only.
        even, odd = head[0::2], head[1::2]
        return (even.count(0) > len(even) * 0.4) == (odd.count(0) > len(odd) * 0.4)
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > len(head) * 0.1


def _binary_kind(head: bytes) -> str:
    if (
        head.startswith(b"\x89PNG")
        or head.startswith(b"\xff\xd8\xff")
        or head[:4] in (b"GIF8", b"II*\x00", b"MM\x00*")
    ):
        return "an image"
    if head.startswith(b"{\\rtf"):
        return "an RTF document"
    return "binary data"
