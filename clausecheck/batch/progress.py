"""Show a batch's progress on stderr: a rich progress bar on a terminal, else one line a document.

Paths come from the user's files and are untrusted: they are shown as plain text (never as rich
markup) with control and bidi characters escaped, so a file name cannot drive the terminal.
"""

from __future__ import annotations

import sys
from typing import IO, TYPE_CHECKING, Any, Protocol, cast

from clausecheck.batch.task import Outcome
from clausecheck.errors import printable

if TYPE_CHECKING:
    from rich.progress import TaskID


def describe(outcome: Outcome) -> str:
    """One line for one document's outcome."""
    path = printable(str(outcome.get("path")))
    status = outcome.get("status")
    if status == "ok":
        doc = (outcome.get("report") or {}).get("document") or {}
        took = (outcome.get("timings") or {}).get("total")
        extra = (
            f" ({doc.get('pages', '?')} p, {took:.2f} s)" if isinstance(took, (int, float)) else ""
        )
        return f"ok        {path}{extra}"
    if status == "unchanged":
        return f"unchanged {path}"
    return printable(str(outcome.get("message")))  # "error E103: <path>: ..."


class Progress(Protocol):
    def start(self, total: int) -> None: ...
    def update(self, outcome: Outcome) -> None: ...
    def close(self) -> None: ...


def sent(progress: Progress, path: str) -> None:
    """Tell ``progress`` a document went to a worker (progress displays may ignore it)."""
    hook = getattr(progress, "sent", None)
    if hook is not None:
        hook(path)


def short_name(path: str, width: int = 48) -> str:
    """The file name of ``path`` (its end kept whole when too long to show)."""
    name = printable(path.rstrip("/").rsplit("/", 1)[-1])
    return name if len(name) <= width else "\u2026" + name[-(width - 1) :]


class PlainProgress:
    """``[n/total] status path`` lines, for logs and pipes; with ``quiet`` only errors."""

    def __init__(self, stream: IO[str] | None = None, *, quiet: bool = False) -> None:
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total = total
        if not self.quiet and total:
            self.stream.write(f"[0/{total}] starting the workers (each loads the engine once)\n")
            self.stream.flush()

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        if not self.quiet or outcome.get("status") == "error":
            self.stream.write(f"[{self.done}/{self.total}] {describe(outcome)}\n")
            self.stream.flush()

    def close(self) -> None:
        pass


class RichProgress:
    """A progress bar with documents/s and ETA; errors are printed above it."""

    def __init__(self, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            ProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.2f} docs/s" if speed else "- docs/s")

        class Errors(ProgressColumn):
            """Errors counted apart from progress: the bar never turns red for one document."""

            def render(self, task) -> Text:
                n = task.fields.get("errors", 0)
                return Text(f"{n} error{'s' if n != 1 else ''}", style="red" if n else "dim")

        class Current(ProgressColumn):
            def render(self, task) -> Text:
                return Text(task.fields.get("current", ""), no_wrap=True, overflow="ellipsis")

        self._text = Text
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            Errors(),
            Rate(),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            Current(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._task: TaskID | None = None
        self._errors = 0
        self._started = False

    def start(self, total: int) -> None:
        self._bar.start()
        # until the first document comes back, say what is happening instead of sitting at 0/N
        self._task = self._bar.add_task(
            "starting workers", total=total, errors=0, current="loading the engine"
        )

    def sent(self, path: str) -> None:
        self._bar.update(cast("TaskID", self._task), current=short_name(path))

    def update(self, outcome: Outcome) -> None:
        task = cast("TaskID", self._task)
        if not self._started:
            self._started = True
            self._bar.update(task, description="analysing")
        if outcome.get("status") == "error":
            self._errors += 1
            self._bar.console.print(self._text(describe(outcome), style="red"))
        self._bar.update(task, advance=1, errors=self._errors)

    def close(self) -> None:
        self._bar.stop()


def make_progress(*, quiet: bool = False, stream: IO[str] | None = None) -> Progress:
    stream = stream or sys.stderr
    if not quiet and stream is sys.stderr and stream.isatty():
        return RichProgress()
    return PlainProgress(stream, quiet=quiet)
