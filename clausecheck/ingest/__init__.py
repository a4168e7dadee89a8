"""Read any supported contract file into a ``Document``.

One module per format; this module checks the path and the limits, sniffs the format from the
bytes, and dispatches.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.sniff import SUPPORTED, sniff
from clausecheck.limits import Limits
from clausecheck.types import Document

__all__ = ["load", "load_bytes", "SUPPORTED"]


def read_path(path: str | Path, limits: Limits) -> bytes:
    p = Path(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise errors.error("E104", p)
        if not stat.S_ISREG(st.st_mode):
            # A pipe or a device reports size 0 (or never ends): never read one.
            raise errors.error("E141", p)
        size = st.st_size
    except FileNotFoundError:
        raise errors.error("E101", p) from None
    except OSError as exc:
        raise errors.error("E100", p, reason=exc.strerror or exc) from None
    if size == 0:
        raise errors.error("E102", p)
    if size > limits.max_bytes:
        raise errors.error("E201", p, size_mib=size // 2**20, limit_mib=limits.max_bytes // 2**20)
    try:
        return p.read_bytes()
    except OSError as exc:
        raise errors.error("E144", p, reason=exc.strerror or exc) from None


def load(
    path: str | Path,
    *,
    limits: Limits | None = None,
    password: str | None = None,
    ocr: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Document:
    """Read a contract file. ``ocr``: None (default) OCRs scanned PDF pages when tesseract is
    installed, True requires it, False never OCRs; ``progress`` gets a line per OCR'd page of a
    long document."""
    limits = limits or Limits()
    raw = read_path(path, limits)
    return load_bytes(raw, Path(path), limits=limits, password=password, ocr=ocr, progress=progress)


def load_bytes(
    raw: bytes,
    path: Path,
    *,
    limits: Limits | None = None,
    password: str | None = None,
    ocr: bool | None = None,
    progress: Callable[[str], None] | None = None,
) -> Document:
    limits = limits or Limits()
    if not raw:
        raise errors.error("E102", path)
    fmt = sniff(raw, path)
    used_ocr = False
    if fmt == "pdf":
        from clausecheck.ingest import pdf

        builder, used_ocr = pdf.read(
            raw, path, limits=limits, password=password, ocr=ocr, progress=progress
        )
    elif fmt == "docx":
        from clausecheck.ingest import docx

        builder = docx.read(raw, path, limits=limits)
    elif fmt == "html":
        from clausecheck.ingest import html

        builder = html.read(raw, path, limits=limits)
    else:
        from clausecheck.ingest import text

        builder = text.read(raw, path, limits=limits, markdown=(fmt == "markdown"))
    doc = builder.build(raw, ocr=used_ocr)
    if not doc.text.strip():
        raise errors.error("E140", path)
    if len(doc.text) > limits.max_chars:
        raise errors.error("E202", path, limit=limits.max_chars)
    return doc
