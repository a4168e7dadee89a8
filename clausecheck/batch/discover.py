"""Find a batch's inputs: folders (recursive), files, glob patterns, lists of paths and URLs.

Folders yield only supported extensions and skip hidden files and folders; symbolic links to
folders are followed once per real folder, so link loops end. Files named explicitly are taken
whatever their extension (the format is sniffed from the bytes). Local inputs are named by their
absolute path and URLs by fsspec's canonical form: that name is the document's key in the store.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from clausecheck import errors
from clausecheck.batch import source

SUPPORTED_EXTENSIONS = frozenset({".pdf", ".docx", ".html", ".htm", ".txt", ".md"})
_GLOB = frozenset("*?[")


@dataclass
class Inputs:
    paths: list[str] = field(default_factory=list)  # sorted, without duplicates
    unmatched: list[str] = field(default_factory=list)  # arguments that name nothing
    warnings: list[str] = field(default_factory=list)  # folders that could not be read


def is_candidate(name: str) -> bool:
    """A file a folder walk picks up: a supported extension and not hidden."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    return not base.startswith(".") and os.path.splitext(base)[1].lower() in SUPPORTED_EXTENSIONS


def read_list(lines: Iterable[str]) -> list[str]:
    """Entries of a --list file: one path, glob or URL a line; blank lines and # comments
    skipped."""
    return [s for s in (line.strip() for line in lines) if s and not s.startswith("#")]


def gather(args: Iterable[str], listed: Iterable[str] = ()) -> Inputs:
    """Inputs from command-line arguments and --list entries.

    An argument that names nothing is reported in ``unmatched`` (a usage error); a list entry that
    names nothing is kept as a path, so that its error is recorded with the documents.
    """
    found = discover(args)
    from_list = discover(listed, lenient=True)
    found.paths = sorted(
        set(found.paths)
        | set(from_list.paths)
        | {p if source.is_url(p) else os.path.abspath(p) for p in from_list.unmatched}
    )
    found.warnings += from_list.warnings
    return found


def discover(args: Iterable[str], *, lenient: bool = False) -> Inputs:
    """``lenient`` (list entries): a URL that cannot even be expanded (a malformed URL, a
    filesystem whose package is missing) names nothing here and fails as its own document,
    one error row, rather than stopping the batch before it starts."""
    found = Inputs()
    paths: set[str] = set()
    for arg in args:
        try:
            named = _expand(arg, found.warnings)
        except (errors.ClauseCheckError, OSError, ValueError):
            if not lenient:
                raise
            named = None
        if named is None:
            found.unmatched.append(arg)
        else:
            paths.update(named)
    found.paths = sorted(paths)
    return found


def _expand(arg: str, warnings: list[str]) -> list[str] | None:
    """The inputs ``arg`` names (an empty folder names none), or None if it names nothing."""
    if source.is_url(arg):
        return _expand_url(arg)
    if os.path.isdir(arg):
        return list(_walk(arg, warnings))
    if os.path.lexists(arg):
        return [os.path.abspath(arg)]
    if _GLOB & set(arg):
        return _glob(arg, warnings) or None
    return None


def _walk(root: str, warnings: list[str]) -> Iterator[str]:
    def unreadable(exc: OSError) -> None:
        warnings.append(f"cannot read folder {exc.filename}: {exc.strerror or exc}")

    seen: set[str] = set()
    for folder, subdirs, files in os.walk(root, followlinks=True, onerror=unreadable):
        real = os.path.realpath(folder)
        if real in seen:  # a link loop, or a folder reached twice through links
            subdirs[:] = []
            continue
        seen.add(real)
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in sorted(files):
            if is_candidate(name):
                yield os.path.abspath(os.path.join(folder, name))


def _glob(pattern: str, warnings: list[str]) -> list[str]:
    """Files under the pattern's fixed prefix whose path, or a folder above it, matches.

    Matched against a loop-safe walk rather than with ``glob.glob``, whose ``**`` follows
    symbolic links into loops (exponentially, with several).
    """
    parts = pattern.split(os.sep)
    fixed = 0
    while fixed < len(parts) and not _GLOB & set(parts[fixed]):
        fixed += 1
    root = os.sep.join(parts[:fixed]) or (os.sep if pattern.startswith(os.sep) else ".")
    if not os.path.isdir(root):
        return []
    regex = _translate("/".join(parts[fixed:]))
    base = os.path.abspath(root)
    out = []
    for path in _walk(root, warnings):
        pieces = os.path.relpath(path, base).split(os.sep)
        if any(regex.fullmatch("/".join(pieces[:n])) for n in range(1, len(pieces) + 1)):
            out.append(path)
    return out


def _translate(pattern: str) -> re.Pattern[str]:
    """A glob pattern as a regex over "/"-separated paths: ``**`` crosses folders, ``*`` does
    not."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] in "*?":
            out.append("[^/]*" if pattern[i] == "*" else "[^/]")
            i += 1
        elif pattern[i] == "[" and "]" in pattern[i + 2 :]:
            end = pattern.index("]", i + 2)
            body = pattern[i + 1 : end]
            body = "^" + body[1:] if body.startswith("!") else body
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out))


def _expand_url(url: str) -> list[str]:
    fs, inner = source.filesystem(url)
    if _GLOB & set(inner):
        matches = sorted(fs.glob(inner))
    elif fs.isdir(inner):
        matches = [inner]
    else:
        return [fs.unstrip_protocol(inner)]  # a file, or nothing: reading it will say which
    out: list[str] = []
    for match in matches:
        if fs.isdir(match):
            prefix = match.rstrip("/") + "/"
            out.extend(p for p in fs.find(match) if _visible(p[len(prefix) :]) and is_candidate(p))
        elif is_candidate(match):
            out.append(match)
    return [fs.unstrip_protocol(p) for p in out]


def _visible(relative: str) -> bool:
    return not any(part.startswith(".") for part in relative.split("/"))
