"""Read any supported contract file into a ``Document``.

One module per format; this module checks the path and the limits, sniffs the format from the
bytes, and dispatches.
"""

from __future__ import annotations

import stat
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
            raise errors.NotAFile(
                p,
                "this is a directory, not a contract file",
                "give a file, or use 'clausecheck batch' for folders",
            )
        if not stat.S_ISREG(st.st_mode):
            # A pipe or a device reports size 0 (or never ends): never read one.
            raise errors.NotAFile(
                p,
                "this is not a regular file (a pipe, socket or device)",
                "save the contract to a file and give its path",
            )
        size = st.st_size
    except FileNotFoundError:
        raise errors.FileNotFound(p, "no such file", "check the path") from None
    except OSError as exc:
        raise errors.InputError(
            p,
            f"the file cannot be opened ({exc.strerror or exc})",
            "check the path and its permissions",
        ) from None
    if size == 0:
        raise errors.EmptyFile(p, "the file is empty", "give the complete contract file")
    if size > limits.max_bytes:
        raise errors.LimitExceeded(
            p,
            f"the file is {size // 2**20} MiB, over the {limits.max_bytes // 2**20} MiB limit",
            "raise it with --max-mb N",
        )
    try:
        return p.read_bytes()
    except OSError as exc:
        raise errors.InputError(
            p,
            f"the file cannot be read ({exc.strerror or exc})",
            "check the path and its permissions",
        ) from None


def load(
    path: str | Path,
    *,
    limits: Limits | None = None,
    password: str | None = None,
    ocr: bool = False,
) -> Document:
    limits = limits or Limits()
    raw = read_path(path, limits)
    return load_bytes(raw, Path(path), limits=limits, password=password, ocr=ocr)


def load_bytes(
    raw: bytes,
    path: Path,
    *,
    limits: Limits | None = None,
    password: str | None = None,
    ocr: bool = False,
) -> Document:
    limits = limits or Limits()
    if not raw:
        raise errors.EmptyFile(path, "the file is empty", "give the complete contract file")
    fmt = sniff(raw, path)
    used_ocr = False
    if fmt == "pdf":
        from clausecheck.ingest import pdf

        builder, used_ocr = pdf.read(raw, path, limits=limits, password=password, ocr=ocr)
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
        raise errors.EmptyFile(
            path, "no text could be extracted", "check the file has text (for scans use --ocr)"
        )
    if len(doc.text) > limits.max_chars:
        raise errors.LimitExceeded(
            path,
            f"the text exceeds the limit of {limits.max_chars} characters",
            "raise it with --max-chars N",
        )
    return doc
