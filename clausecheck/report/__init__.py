"""Writers: one small module per output format over one result model (``Report``).

Each format is a ``Writer`` (``report.writers``): name, extension, binary, description, options
and ``write(report, path, **options)``; text formats also ``render(report, **options) -> str``.
The registry holds the built-in writers and those that other packages declare in the
``clausecheck.writers`` entry-point group (loaded only when needed). ``write_all`` writes a
report in several formats at once; every write is atomic (``report.atomic``).
"""

from __future__ import annotations

from clausecheck.report.writers import (
    GROUP,
    Option,
    TextWriter,
    TextWriterBase,
    WriteFailed,
    Writer,
    all_writers,
    find,
    get,
    names,
    resolve,
    targets,
    write_all,
)

__all__ = [
    "GROUP",
    "Option",
    "TextWriter",
    "TextWriterBase",
    "WriteFailed",
    "Writer",
    "all_writers",
    "find",
    "get",
    "names",
    "resolve",
    "targets",
    "write_all",
]
