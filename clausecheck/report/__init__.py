"""Writers: one small module per output format over one result model (``Report``).

Each format module exposes ``EXTENSION`` and ``write(report, path)``; text formats also
``render(report) -> str``. ``FORMATS`` maps the names users type to modules, imported lazily.
"""

from __future__ import annotations

import importlib
from types import ModuleType

FORMATS = {
    "json": "json_report",
    "csv": "csv_report",
    "markdown": "markdown_report",
    "md": "markdown_report",
    "html": "html_report",
    "docx": "docx_report",
    "ics": "ics_report",
}
BINARY = {"docx"}


def module(name: str) -> ModuleType:
    return importlib.import_module(f"clausecheck.report.{FORMATS[name]}")
