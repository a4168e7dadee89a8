"""Where shipped data lives: inside the wheel (clausecheck/_data/<name>) or, for a source
checkout or editable install, at the repository root (<repo>/<name>)."""

from __future__ import annotations

from pathlib import Path

from clausecheck import errors

_PACKAGE = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """Path of a shipped data directory: ``models`` or ``clause_library``."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise errors.error("E333", name)
