"""clausecheck: find the leverage a contract gives a company to prevent human-rights harm.

``clausecheck.scan(path, **options) -> Report`` is the library's entry point; the command
line is a thin layer over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from clausecheck.engine import Engine
    from clausecheck.types import Report


def scan(path: Any, **options: Any) -> Report:
    """Analyse one contract file (PDF, DOCX, HTML, text, Markdown) and return its Report.

    Options (keywords only; a mistyped one raises TypeError naming the allowed ones):
    ``relationship`` (supplier, partner, customer, lender, government; default: from the
    contract type), ``company`` (your side's defined name), ``contract_type``, ``high_risk``,
    ``profile`` (a shipped id such as "supplier-baseline", or a YAML path), ``fail_on``,
    ``password``, ``ocr`` (None: OCR scanned pages when tesseract is installed; False: never),
    ``limits`` (``clausecheck.limits.Limits``), ``review`` (a ``NAME.review.yaml`` of reviewers'
    decisions), ``provisions`` / ``library`` (your own directories), ``require_contract``.

    Example::

        >>> import clausecheck
        >>> report = clausecheck.scan("supplier.pdf", relationship="supplier")
        >>> report.finding("audit_rights").status          # prints as "weak"
        >>> [f.title for f in report.findings if f.status == "missing"]
        >>> report.to_json()                               # the JSON report (schema.json)

    Build a ``clausecheck.Engine()`` once to scan many files (``engine.scan(path, ...)``).
    """
    from clausecheck.engine import (
        scan as _scan,
    )  # imported lazily: keeps `import clausecheck` cheap

    return _scan(path, **options)


def __getattr__(name: str) -> Any:
    """``clausecheck.Engine`` without importing the engine (and spaCy) on ``import clausecheck``."""
    if name == "Engine":
        from clausecheck.engine import Engine

        return Engine
    raise AttributeError(f"module 'clausecheck' has no attribute {name!r}")


__all__ = ["Engine", "scan", "__version__"]
