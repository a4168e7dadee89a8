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
        raise errors.InputError(
            url, "reading URLs needs fsspec", "install it: pip install fsspec"
        ) from None
    try:
        return fsspec.core.url_to_fs(url)
    except (ImportError, ValueError) as exc:
        raise errors.InputError(
            url,
            f"fsspec cannot open this URL ({exc})",
            "install the filesystem's package (s3fs, gcsfs, adlfs) or check the URL",
        ) from None


def read_url(url: str, limits: Limits) -> bytes:
    fs, inner = filesystem(url)
    too_big = errors.LimitExceeded(
        url,
        f"the object is over the {limits.max_bytes // 2**20} MiB limit",
        "raise it with --max-mb N",
    )
    try:
        with fs.open(inner, "rb") as fh:
            size = getattr(fh, "size", None)
            if isinstance(size, int) and size > limits.max_bytes:
                raise too_big
            raw = fh.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise errors.FileNotFound(url, "no such file or object", "check the URL") from None
    except (IsADirectoryError, NotADirectoryError):
        raise errors.NotAFile(
            url, "this is a folder, not a contract file", "give a file URL"
        ) from None
    except OSError as exc:
        raise errors.InputError(
            url, f"the URL cannot be read ({exc})", "check the URL, the credentials and the network"
        ) from None
    if len(raw) > limits.max_bytes:
        raise too_big
    if not raw:
        raise errors.EmptyFile(url, "the file is empty", "give the complete contract file")
    return raw
