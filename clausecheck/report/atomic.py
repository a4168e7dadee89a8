"""Atomic output files: write beside the target, fsync, then rename over it.

A reader never sees a half-written report, a full disk or a size limit leaves the old file (or
none) rather than a truncated one, and every failure becomes one coded ``OutputError``. A target
that is a symbolic link is refused unless ``force`` is given, so ``-o link.json`` cannot be used
to overwrite the file it points to.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from clausecheck.errors import OutputError

_CAUSES = {
    errno.ENOSPC: ("the disk is full", "free some space or write elsewhere with -o"),
    errno.EFBIG: (
        "the file is larger than the file-size limit",
        "raise the limit (ulimit -f) or write elsewhere",
    ),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space or write elsewhere with -o"),
    errno.ENOTDIR: (
        "a part of the path is a file, not a folder",
        "choose an output path inside a folder",
    ),
    errno.ENOENT: ("the folder does not exist", "create it first or choose another -o"),
    errno.EACCES: ("permission denied", "choose a folder you can write to"),
    errno.EPERM: ("permission denied", "choose a folder you can write to"),
    errno.EROFS: ("the file system is read-only", "choose a writable folder"),
    errno.EISDIR: ("the path is a folder", "give a file name"),
    errno.EMFILE: ("too many open files", "raise the limit (ulimit -n)"),
    errno.ENAMETOOLONG: ("the file name is too long", "choose a shorter name"),
}


def _error(path: Path, exc: OSError) -> OutputError:
    cause, fix = _CAUSES.get(
        exc.errno or 0, (exc.strerror or "the file cannot be written", "check the output path")
    )
    return OutputError(path, cause, fix)


@contextlib.contextmanager
def opened(
    path: str | Path,
    *,
    binary: bool = False,
    encoding: str = "utf-8",
    newline: str | None = None,
    force: bool = False,
) -> Iterator[IO]:
    """A file object whose content replaces ``path`` only when the block ends without error."""
    target = Path(path)
    if target.is_symlink() and not force:
        raise OutputError(
            target, "the output path is a symbolic link", "give a plain path or pass --force"
        )
    if target.is_dir():
        raise OutputError(target, "the path is a folder", "give a file name")
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise _error(target, exc) from None
    try:
        fh: IO
        if binary:
            fh = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding=encoding, newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _discard(tmp)
        raise _error(target, exc) from None
    except BaseException:
        _discard(tmp)
        raise


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def make_dir(path: str | Path) -> Path:
    """Create the output folder ``path`` (and its parents) if needed; a failure is an
    ``OutputError``."""
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a file where the folder should be
        raise _error(folder, NotADirectoryError(errno.ENOTDIR, "Not a directory")) from None
    except OSError as exc:
        raise _error(folder, exc) from None
    return folder


def output_error(path: str | Path, exc: OSError) -> OutputError:
    """The coded error for an ``OSError`` met while writing ``path`` (for writers that write
    by themselves)."""
    return _error(Path(path), exc)


def write_text(
    path: str | Path,
    text: str,
    *,
    encoding: str = "utf-8",
    newline: str | None = None,
    force: bool = False,
) -> None:
    with opened(path, encoding=encoding, newline=newline, force=force) as fh:
        fh.write(text)


def write_bytes(path: str | Path, data: bytes, *, force: bool = False) -> None:
    with opened(path, binary=True, force=force) as fh:
        fh.write(data)


def write_with(path: str | Path, save: Callable[[IO], None], *, force: bool = False) -> None:
    """For libraries that save to a file object (python-docx, xlsxwriter)."""
    with opened(path, binary=True, force=force) as fh:
        save(fh)
