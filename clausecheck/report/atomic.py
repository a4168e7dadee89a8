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
import stat
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from clausecheck.errors import OutputError, error

# errno -> catalogue code (clausecheck/errors.py); any other errno is E400
CODES = {
    errno.ENOSPC: "E403",
    errno.EFBIG: "E404",
    errno.EDQUOT: "E405",
    errno.ENOTDIR: "E406",
    errno.ENOENT: "E407",
    errno.EACCES: "E408",
    errno.EPERM: "E408",
    errno.EROFS: "E409",
    errno.EISDIR: "E402",
    errno.EMFILE: "E410",
    errno.ENAMETOOLONG: "E411",
}


def _error(path: Path, exc: OSError) -> OutputError:
    code = CODES.get(exc.errno or 0)
    made = error(code, path) if code else error("E400", path, reason=exc.strerror or exc)
    assert isinstance(made, OutputError)
    return made


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
        raise error("E401", target)
    if target.is_dir():
        raise error("E402", target)
    if _is_special(target):
        # A device or pipe (/dev/null, /dev/stdout, a FIFO): written in place. Renaming a
        # file over it would replace the device node itself (as root, /dev/full became a file).
        with _special(target, binary=binary, encoding=encoding, newline=newline) as device:
            yield device
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:80]}.", suffix=".part", dir=folder)
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes it private; a report is an ordinary file
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


def _is_special(target: Path) -> bool:
    try:
        mode = target.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


@contextlib.contextmanager
def _special(target: Path, *, binary: bool, encoding: str, newline: str | None) -> Iterator[IO]:
    try:
        out: IO
        if binary:
            out = open(target, "wb")  # noqa: SIM115 - closed below, errors mapped
        else:
            out = open(target, "w", encoding=encoding, newline=newline)  # noqa: SIM115
        with out:
            yield out
            out.flush()
    except OSError as exc:
        raise _error(target, exc) from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


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
