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
    """Analyse one contract file and return its Report (see ``clausecheck.engine.Engine``)."""
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
