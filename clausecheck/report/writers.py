"""Output formats as plugins: the ``Writer`` protocol, the built-in writers, the registry and
``write_all``.

A writer turns one ``Report`` into one file. It has a ``name`` (what users type after
``--format``), an ``extension`` (with its dot), ``binary`` (True when it cannot print to a
terminal), a one-line ``description``, the ``options`` it accepts (name -> ``Option`` with its
default) and ``write(report, path, *, force=False, **options)``. Text writers also have
``render(report, **options) -> str``, the exact text ``write`` puts in the file. Optional:
``aliases`` (other names), ``suffix(report) -> str`` (the file-name ending in an output folder
when it depends on the report; default ``extension``) and ``show(report, **options)`` (print to
the terminal instead of echoing ``render``).

Third-party packages add writers through the ``clausecheck.writers`` entry-point group::

    [project.entry-points."clausecheck.writers"]
    xlsx = "my_package.writers:XlsxWriter"

The entry point names a writer object, or a class called with no arguments; its name must be
the writer's ``name``. Plugins are looked up only when a name is not built in (or the list of
formats is asked for), so ``import clausecheck`` and a terminal scan never import them. A plugin
that cannot be loaded, is not a writer, or takes a built-in name is skipped with a one-line
warning (logger ``clausecheck.writers``).

Every write is atomic (``report.atomic``): a temporary file beside the target, fsync, rename;
a target that is a symbolic link is refused unless ``force=True``.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from clausecheck import errors
from clausecheck.report import atomic

if TYPE_CHECKING:
    from rich.console import Console

    from clausecheck.types import Report

GROUP = "clausecheck.writers"
_NAME = re.compile(r"[a-z0-9][a-z0-9_.-]*")


@dataclass(frozen=True)
class Option:
    """A writer-specific option: its default and a one-line help."""

    default: Any
    help: str = ""


@runtime_checkable
class Writer(Protocol):
    """One output format (plain class attributes satisfy the read-only members)."""

    @property
    def name(self) -> str: ...

    @property
    def extension(self) -> str: ...

    @property
    def binary(self) -> bool: ...

    @property
    def description(self) -> str: ...

    @property
    def options(self) -> Mapping[str, Option]: ...

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None: ...


@runtime_checkable
class TextWriter(Writer, Protocol):
    """A writer whose output is text, so it can also go to standard output."""

    def render(self, report: Report, **options: Any) -> str: ...


Formats = str | Iterable[str | Writer]  # "json,csv", ["json", "csv"] or writer objects


class TextWriterBase:
    """Base for text writers: implement ``render``; ``write`` saves it atomically."""

    name: str = ""
    extension: str = ""
    binary = False
    description = ""
    options: Mapping[str, Option] = {}
    aliases: tuple[str, ...] = ()
    encoding = "utf-8"
    newline: str | None = ""  # "" writes the text as rendered; None translates "\n" (os.linesep)

    def render(self, report: Report, **options: Any) -> str:
        """The report as text; a subclass that writes text says how."""
        raise TypeError(f"{type(self).__name__} writes text but does not define render()")

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None:
        text = self.render(report, **options)
        atomic.write_text(path, text, encoding=self.encoding, newline=self.newline, force=force)

    def __repr__(self) -> str:
        return f"<writer {self.name}>"


# -- the built-in writers: thin wrappers over the format modules, imported when used ----------


class JsonWriter(TextWriterBase):
    name = "json"
    extension = ".json"
    description = "the documented report (clausecheck/report/schema.json), for integrations"

    def render(self, report: Report, **options: Any) -> str:
        from clausecheck.report import json_report

        return json_report.render(report) + "\n"

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None:
        from clausecheck.report import json_report

        json_report.write(report, Path(path), force=force)


class CsvWriter(TextWriterBase):
    name = "csv"
    extension = ".csv"
    description = "one row per (contract, provision), formula-like cells neutralised"
    options = {"bom": Option(False, "start with a UTF-8 byte-order mark (for Excel)")}

    def render(self, report: Report, *, bom: bool = False, **options: Any) -> str:
        from clausecheck.report import csv_report

        return ("\ufeff" if bom else "") + csv_report.render(report)

    def write(
        self,
        report: Report,
        path: str | Path,
        *,
        force: bool = False,
        bom: bool = False,
        **options: Any,
    ) -> None:
        from clausecheck.report import csv_report

        csv_report.write(report, Path(path), bom=bom, force=force)


class MarkdownWriter(TextWriterBase):
    name = "markdown"
    aliases = ("md",)
    extension = ".md"
    description = "a review memo for tickets and wikis"

    def render(self, report: Report, **options: Any) -> str:
        from clausecheck.report import markdown_report

        return markdown_report.render(report)

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None:
        from clausecheck.report import markdown_report

        markdown_report.write(report, Path(path), force=force)


class HtmlWriter(TextWriterBase):
    name = "html"
    extension = ".html"
    description = "one self-contained page for reviewers"

    def render(self, report: Report, **options: Any) -> str:
        from clausecheck.report import html_report

        return html_report.render(report)

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None:
        from clausecheck.report import html_report

        html_report.write(report, Path(path), force=force)


class IcsWriter(TextWriterBase):
    name = "ics"
    extension = ".ics"
    description = "the dated moments of traction as an iCalendar file"
    options = {"now": Option(None, "DTSTAMP of the events (a datetime; default: now, UTC)")}

    def render(self, report: Report, *, now: Any = None, **options: Any) -> str:
        from clausecheck.report import ics_report

        return ics_report.render(report, now=now)

    def write(
        self,
        report: Report,
        path: str | Path,
        *,
        force: bool = False,
        now: Any = None,
        **options: Any,
    ) -> None:
        from clausecheck.report import ics_report

        ics_report.write(report, Path(path), now=now, force=force)


class DocxWriter:
    name = "docx"
    extension = ".docx"
    binary = True
    description = "a redline of a DOCX contract (tracked clauses, comments) or a review memo"
    options: Mapping[str, Option] = {}
    aliases: tuple[str, ...] = ()

    def suffix(self, report: Report) -> str:
        from clausecheck.report import docx_report

        return docx_report.SUFFIXES.get(report.document.format, self.extension)

    def write(
        self, report: Report, path: str | Path, *, force: bool = False, **options: Any
    ) -> None:
        from clausecheck.report import docx_report

        docx_report.write(report, Path(path), force=force)

    def __repr__(self) -> str:
        return f"<writer {self.name}>"


class TerminalWriter(TextWriterBase):
    name = "terminal"
    extension = ".txt"
    description = "the provision table and traction summary (printed when there is no -o)"
    options = {
        "verbose": Option(False, "evidence and reasons for every finding"),
        "width": Option(100, "line width of the text written to a file"),
        "ids": Option(False, "provision ids instead of their names"),
    }
    newline = None

    def render(
        self,
        report: Report,
        *,
        verbose: bool = False,
        width: int = 100,
        ids: bool = False,
        **options: Any,
    ) -> str:
        from rich.console import Console

        from clausecheck.report import terminal

        buf = io.StringIO()
        console = Console(file=buf, width=width, no_color=True)
        terminal.render(report, console, verbose=verbose, ids=ids)
        return buf.getvalue()

    def show(
        self,
        report: Report,
        *,
        verbose: bool = False,
        ids: bool = False,
        console: Console | None = None,
        **options: Any,
    ) -> None:
        """Print to the terminal (colours and width of the terminal; none in a pipe)."""
        from clausecheck.report import terminal

        terminal.render(report, console, verbose=verbose, ids=ids)


class ReviewFileWriter(TextWriterBase):
    name = "review"
    extension = ".review.yaml"
    description = "a review file to fill in: the decisions 'scan --review' shows beside findings"

    def render(self, report: Report, **options: Any) -> str:
        from clausecheck.review import reviewfile

        return reviewfile.template(report)


BUILTIN: tuple[Writer, ...] = (
    JsonWriter(),
    CsvWriter(),
    MarkdownWriter(),
    HtmlWriter(),
    DocxWriter(),
    IcsWriter(),
    TerminalWriter(),
    ReviewFileWriter(),
)


# -- the registry --------------------------------------------------------------------------------


def _warn(message: str) -> None:
    """One line on the ``clausecheck.writers`` logger (stderr when logging is not set up)."""
    import logging

    logging.getLogger(GROUP).warning("clausecheck: warning: %s", errors.printable(message))


def _problem(obj: Any) -> str | None:
    """Why ``obj`` is not a usable writer, or None."""
    for attr, kind in (("name", str), ("extension", str), ("binary", bool), ("description", str)):
        if not isinstance(getattr(obj, attr, None), kind):
            return f"it has no {attr} ({kind.__name__})"
    if not obj.extension.startswith("."):
        return f"its extension {obj.extension!r} does not start with a dot"
    if not isinstance(getattr(obj, "options", None), Mapping):
        return "it has no options mapping"
    if not callable(getattr(obj, "write", None)):
        return "it has no write method"
    return None


class Registry:
    """The built-in writers plus those of the entry-point group, loaded on first need."""

    def __init__(self, builtin: Iterable[Writer], group: str = GROUP) -> None:
        self.group = group
        self._builtin = {w.name: w for w in builtin}
        self._aliases = {a: w.name for w in self._builtin.values() for a in _aliases(w)}
        self._plugins: dict[str, Writer] | None = None

    def reset(self) -> None:
        """Forget the loaded plugins (they are looked up again on next need)."""
        self._plugins = None

    def plugins(self) -> dict[str, Writer]:
        if self._plugins is None:
            self._plugins = self._load()
        return self._plugins

    def _load(self) -> dict[str, Writer]:
        from importlib.metadata import entry_points

        try:
            found = list(entry_points(group=self.group))
        except Exception as exc:  # broken metadata on sys.path must not stop a scan
            _warn(f"writer plugins could not be listed ({type(exc).__name__}: {exc})")
            return {}
        out: dict[str, Writer] = {}
        for ep in sorted(found, key=lambda e: (e.name, e.value)):
            where = f"writer plugin {ep.name!r} ({ep.value})"
            if ep.name in self._builtin or ep.name in self._aliases:
                _warn(f"{where} is refused: {ep.name!r} is a built-in format")
                continue
            if ep.name in out:
                _warn(f"{where} is refused: another plugin already provides {ep.name!r}")
                continue
            if not _NAME.fullmatch(ep.name):
                _warn(f"{where} is refused: use a lower-case name without commas or spaces")
                continue
            try:
                obj = ep.load()
                if isinstance(obj, type):
                    obj = obj()
            except Exception as exc:  # any error in third-party code: skip it, say why
                _warn(f"{where} could not be loaded ({type(exc).__name__}: {exc}); it is skipped")
                continue
            problem = _problem(obj)
            if problem is None and obj.name != ep.name:
                problem = f"its writer is named {obj.name!r}"
            if problem:
                _warn(f"{where} is not a usable writer: {problem}; it is skipped")
                continue
            out[ep.name] = obj
        return out

    def builtin(self) -> list[Writer]:
        return list(self._builtin.values())

    def writers(self) -> list[Writer]:
        """Every writer: built-in ones first, then plugins by name."""
        return [*self._builtin.values(), *self.plugins().values()]

    def names(self, *, aliases: bool = False) -> list[str]:
        out = []
        for w in self.writers():
            out.append(w.name)
            if aliases:
                out.extend(_aliases(w))
        return out

    def find(self, name: str) -> Writer | None:
        """The writer called ``name`` (or with that alias), or None. Plugins are only looked up
        for a name that is not built in."""
        name = self._aliases.get(name, name)
        if name in self._builtin:
            return self._builtin[name]
        return self.plugins().get(name)

    def get(self, name: str) -> Writer:
        writer = self.find(name)
        if writer is None:
            raise ValueError(
                f"unknown format {name!r}; known formats: {', '.join(self.names(aliases=True))}"
            )
        return writer

    def resolve(self, formats: Formats) -> list[Writer]:
        """The writers for ``formats`` (a comma-separated string, or names and writers), each
        once, in order."""
        if isinstance(formats, str):
            formats = formats.split(",")
        out: dict[str, Writer] = {}
        for item in formats:
            if isinstance(item, str):
                item = item.strip().lower()
                if not item:
                    continue
                writer = self.get(item)
            else:
                writer = item
            out.setdefault(writer.name, writer)
        if not out:
            raise ValueError("no format given")
        return list(out.values())


def _aliases(writer: Any) -> tuple[str, ...]:
    return tuple(getattr(writer, "aliases", ()) or ())


REGISTRY = Registry(BUILTIN)
find = REGISTRY.find
get = REGISTRY.get
names = REGISTRY.names
resolve = REGISTRY.resolve
all_writers = REGISTRY.writers
reset = REGISTRY.reset


# -- writing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One format that could not be written, and why."""

    format: str
    path: Path
    error: errors.ClauseCheckError


class WriteFailed(errors.OutputError):
    """Some formats could not be written. ``written`` holds the paths that were, ``failures``
    one ``Failure`` each; ``str()`` is one line per failure, ``code`` and ``exit_code`` are the
    first failure's."""

    def __init__(self, written: list[Path], failures: list[Failure]) -> None:
        self.written = written
        self.failures = failures
        self.code = failures[0].error.code
        self.exit_code = failures[0].error.exit_code
        super().__init__(failures[0].path, "", "")

    @property
    def message(self) -> str:
        return "\n".join(str(f.error) for f in self.failures)


def _bug(writer: Writer, path: Path, exc: Exception) -> errors.ClauseCheckError:
    """An unexpected exception in a writer: an internal error (exit 70) naming the writer."""
    bug = errors.error("E000", path, detail=f"{writer.name} writer: {type(exc).__name__}: {exc}")
    bug.__cause__ = exc
    return bug


def options_for(writer: Writer, options: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``options`` that ``writer`` declares."""
    accepted = getattr(writer, "options", None) or {}
    return {k: v for k, v in options.items() if k in accepted}


def into_directory(formats: Formats, output: str | Path) -> bool:
    """Whether ``output`` is a folder to write NAME.EXT files into: several formats, an existing
    folder, a path ending in a slash, or a binary format and a path without extension."""
    chosen = resolve(formats)
    raw = os.fspath(output)
    path = Path(raw)
    return (
        len(chosen) > 1
        or path.is_dir()
        or raw.endswith(("/", "\\"))
        or (chosen[0].binary and path.suffix == "")
    )


def targets(report: Report, formats: Formats, output: str | Path) -> list[tuple[Writer, Path]]:
    """Each writer with the path it would write: ``output`` itself for one format, else
    ``output/NAME.EXT`` where NAME is the scanned file's base name (never a path)."""
    chosen = resolve(formats)
    folder = Path(os.fspath(output))
    if not into_directory(chosen, output):
        return [(chosen[0], folder)]
    stem = Path(report.document.path).stem or "report"
    out = []
    for writer in chosen:
        suffix = writer.suffix(report) if hasattr(writer, "suffix") else writer.extension
        out.append((writer, folder / f"{stem}{suffix}"))
    return out


def is_scanned_file(report: Report, path: Path) -> bool:
    """Whether ``path`` is the contract ``report`` was made from."""
    try:
        return path.exists() and path.resolve() == Path(report.document.path).resolve()
    except (OSError, RuntimeError):  # unreadable folders, symlink loops
        return False


def write_all(
    report: Report,
    formats: Formats,
    output: str | Path,
    *,
    force: bool = False,
    **options: Any,
) -> list[Path]:
    """Write ``report`` in each of ``formats`` and return the paths written.

    One format goes to ``output`` itself; several (or a folder, a path ending in ``/``, or a
    binary format and a path without extension) go into the folder ``output`` (created if
    needed) as NAME.EXT. Each writer receives the ``options`` it declares. Every file is written
    atomically; a symbolic link is refused unless ``force``. When some formats fail, the others
    are still written, then ``WriteFailed`` is raised with both lists.
    """
    chosen = resolve(formats)
    if into_directory(chosen, output):
        atomic.make_dir(output)
    jobs = targets(report, chosen, output)
    written: list[Path] = []
    failures: list[Failure] = []
    for writer, path in jobs:
        try:
            if is_scanned_file(report, path):
                raise errors.error("E145", path, output=writer.name)
            writer.write(report, path, force=force, **options_for(writer, options))
        except errors.ClauseCheckError as exc:
            failures.append(Failure(writer.name, path, exc))
        except OSError as exc:  # a plugin that writes by itself
            failures.append(Failure(writer.name, path, atomic.output_error(path, exc)))
        except Exception as exc:  # a bug in a writer: the other formats are still written
            failures.append(Failure(writer.name, path, _bug(writer, path, exc)))
        else:
            written.append(path)
    if failures:
        raise WriteFailed(written, failures)
    return written
