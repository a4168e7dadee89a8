"""Read one batch input's bytes: a local file, or an fsspec URL (s3://, gs://, az://, file://, memory://).

URLs are read straight into memory with ``fsspec.open(url, "rb")`` (never copied to disk), with
the same size limit as local files.
"""

from __future__ import annotations

import re

from clausecheck import errors
from clausecheck.ingest import read_path
from clausecheck.limits import Limits

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
# Filesystems whose content exists only inside this process: worker processes cannot see it,
# so the parent reads these inputs and sends the bytes with the task.
PROCESS_LOCAL = frozenset({"memory"})


def is_url(path: str) -> bool:
    return bool(_URL.match(path))


def protocol(url: str) -> str:
    return url.split("://", 1)[0].lower()


def is_process_local(path: str) -> bool:
    return is_url(path) and protocol(path) in PROCESS_LOCAL


def read(path: str, limits: Limits) -> bytes:
    return read_url(path, limits) if is_url(path) else read_path(path, limits)


def filesystem(url: str):
    """(fsspec filesystem, path inside it), with a clear error for a missing fsspec or backend."""
    try:
        import fsspec
    except ImportError:
        raise errors.error("E150", url) from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise errors.error("E151", url, detail=exc) from None


def read_url(url: str, limits: Limits) -> bytes:
    fs, inner = filesystem(url)
    too_big = errors.error("E208", url, limit_mib=limits.max_bytes // 2**20)
    try:
        with fs.open(inner, "rb") as fh:
            size = getattr(fh, "size", None)
            if isinstance(size, int) and size > limits.max_bytes:
                raise too_big
            raw = fh.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise errors.error("E101", url) from None
    except (IsADirectoryError, NotADirectoryError):
        raise errors.error("E104", url) from None
    except OSError as exc:
        raise errors.error("E152", url, detail=exc) from None
    if len(raw) > limits.max_bytes:
        raise too_big
    if not raw:
        raise errors.error("E102", url)
    return raw
