"""Plain aligned columns for list commands (no box drawing: they are read and piped)."""

from __future__ import annotations

from collections.abc import Sequence

import click

from clausecheck import errors


def aligned(rows: Sequence[Sequence[object]], head: Sequence[str] | None = None) -> list[str]:
    """Lines whose columns line up, each as wide as its longest cell; the last runs free."""
    lines = [list(map(str, head))] if head else []
    lines += [["-" if v is None or v == "" else str(v) for v in row] for row in rows]
    if not lines:
        return []
    n = max(len(line) for line in lines)
    widths = [max(len(line[i]) for line in lines if i < len(line)) for i in range(n - 1)]
    out = []
    for line in lines:
        cells = [c.ljust(w) for c, w in zip(line[:-1], widths, strict=False)] + line[-1:]
        out.append(errors.printable("  ".join(cells).rstrip()))
    return out


def echo_aligned(rows: Sequence[Sequence[object]], head: Sequence[str] | None = None) -> None:
    for line in aligned(rows, head):
        click.echo(line)
