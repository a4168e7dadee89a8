"""Word output: a redline of the contract itself for DOCX inputs, a review memo for the rest.

The redline needs the scanned file, unchanged (same SHA-256), at ``report.document.path``; when
it has moved or changed, or python-docx cannot edit it, the memo is written instead and says why.
Writing over the scanned file itself is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from clausecheck import errors
from clausecheck.report import docx_memo, docx_redline, json_report
from clausecheck.types import Report

EXTENSION = ".docx"
# file names in an output directory: a redline of a DOCX input, a review memo of anything else
SUFFIXES = {
    "docx": ".redline.docx",
    "pdf": ".review.docx",
    "html": ".review.docx",
    "text": ".review.docx",
    "markdown": ".review.docx",
}


def source_problem(report: Report) -> str | None:
    """Why the scanned DOCX cannot be redlined, or None when it can."""
    doc = report.document
    if doc.format != "docx":
        return None
    try:
        raw = Path(doc.path).read_bytes()
    except OSError:
        return f"the scanned file {doc.path} could not be read again"
    if hashlib.sha256(raw).hexdigest() != doc.sha256:
        return f"the scanned file {doc.path} has changed since the scan"
    return None


def write(
    report: Report, path: Path, *, data: dict[str, Any] | None = None, force: bool = False
) -> None:
    """Write the redline (DOCX input) or the review memo (other inputs) to ``path``.

    ``data`` is the report dict; it defaults to ``json_report.to_dict(report)``.
    """
    if Path(path).resolve() == Path(report.document.path).resolve():
        raise errors.error("E145", path, output="Word")
    data = data if data is not None else json_report.to_dict(report)
    problem = source_problem(report)
    if report.document.format == "docx" and problem is None:
        try:
            docx_redline.write(report, Path(path), data, force=force)
            return
        except docx_redline.NotEditable as exc:
            problem = str(exc)
    note = f"No redline: {problem}, so this memo was written instead." if problem else None
    docx_memo.write(data, Path(path), note=note, force=force)
