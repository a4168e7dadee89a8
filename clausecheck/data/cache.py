"""A per-user cache of what the data files parse to, so a cold start does not parse YAML.

Each entry is keyed by a hash of its source (a data file's bytes, a regex's text) with the
clausecheck version, so an edited file, a user's own provisions or a new release simply miss
and are parsed as before; the result is then still validated by its usual loader. The store is
one JSON file (never pickle: nothing in it can run code) in ``$CLAUSECHECK_CACHE_DIR``, else
``$XDG_CACHE_HOME/clausecheck``, else ``~/.cache/clausecheck``; ``CLAUSECHECK_CACHE_DIR=off``
turns it off. A missing, corrupt, foreign or unwritable store is ignored: the sources are read
as if there were no cache. Only values that survive a JSON round trip unchanged are stored
(a YAML date or a number key would not), and new entries are written once, at exit, by an
atomic rename.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from clausecheck import __version__

FORMAT = "clausecheck-data-cache/1"
MAX_ENTRIES = 4096  # entries kept from earlier runs; those used by this run are always kept


def cache_dir() -> Path | None:
    """Where the cache lives, or None when it is turned off."""
    env = os.environ.get("CLAUSECHECK_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in {"", "off", "0", "none"} else Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "clausecheck"


def key(kind: str, source: bytes | str) -> str:
    """The entry key of ``source`` (bytes or text) for a kind of derived value."""
    raw = source.encode("utf-8") if isinstance(source, str) else source
    return f"{kind}:" + hashlib.sha256(__version__.encode() + b"\0" + raw).hexdigest()


class Store:
    """One JSON file of ``key -> value`` (each value kept as JSON text); read on first use,
    written at exit if it grew."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._entries: dict[str, Any] | None = None
        self._used: set[str] = set()
        self._dirty = False

    def _load(self) -> dict[str, Any]:
        if self._entries is None:
            self._entries = {}
            if self.path is not None:
                try:
                    data = json.loads(self.path.read_bytes())
                    if (
                        isinstance(data, dict)
                        and data.get("format") == FORMAT
                        and data.get("version") == __version__
                        and isinstance(data.get("entries"), dict)
                    ):
                        self._entries = data["entries"]
                except (OSError, ValueError, RecursionError):
                    pass  # unreadable or corrupt: as if empty
        return self._entries

    def get(self, key: str, default: Any = None) -> Any:
        """A fresh copy of the value stored under ``key`` (callers may change it), or
        ``default``."""
        text = self._load().get(key)
        if not isinstance(text, str):
            return default
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            return default
        self._used.add(key)
        return value

    def put(self, key: str, value: Any) -> None:
        """Remember ``value`` if JSON gives it back unchanged; otherwise do nothing."""
        if self.path is None:
            return
        try:
            text = json.dumps(value, allow_nan=False, separators=(",", ":"))
            same = json.loads(text) == value
        except (TypeError, ValueError, RecursionError):
            same = False
        if not same:
            return
        entries = self._load()
        entries[key] = text  # as JSON text: each get decodes a copy of its own
        self._used.add(key)
        if not self._dirty:
            self._dirty = True
            atexit.register(self.save)

    def save(self) -> None:
        """Write the store atomically; any failure leaves the old file (or none)."""
        if not self._dirty or self.path is None or self._entries is None:
            return
        self._dirty = False
        entries = {k: v for k, v in self._entries.items() if k in self._used}
        for k, v in self._entries.items():
            if len(entries) >= MAX_ENTRIES:
                break
            entries.setdefault(k, v)
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"format": FORMAT, "version": __version__, "entries": entries}, fh)
            os.replace(tmp, self.path)
            tmp = None
        except OSError:
            pass  # a read-only or full cache directory: the next run parses the sources again
        finally:
            _discard(tmp)


_store: Store | None = None


def store() -> Store:
    """The process's store (created on first use, following ``cache_dir()`` at that time)."""
    global _store
    if _store is None:
        folder = cache_dir()
        _store = Store(None if folder is None else folder / "data.json")
    return _store


def reset() -> None:
    """Forget the process's store (tests; a changed ``CLAUSECHECK_CACHE_DIR``)."""
    global _store
    if _store is not None:
        _store.save()
    _store = None


def read_arrays(key: str) -> dict[str, Any] | None:
    """The numeric arrays stored under ``key`` by ``write_arrays`` (an ``.npz`` file beside the
    store, loaded with ``allow_pickle=False``: plain numbers only), or None."""
    folder = cache_dir()
    if folder is None:
        return None
    import numpy as np

    try:
        with np.load(folder / f"{key.replace(':', '-')}.npz", allow_pickle=False) as npz:
            return {name: npz[name] for name in npz.files}
    except Exception:  # noqa: BLE001 - missing, truncated or foreign: as if absent
        return None


def write_arrays(key: str, arrays: dict[str, Any], replacing: str = "") -> None:
    """Store numeric arrays under ``key`` atomically; failures are ignored. Array files of
    other keys starting with ``replacing`` are removed (an older model's, say)."""
    folder = cache_dir()
    if folder is None:
        return
    import numpy as np

    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=folder)
        with os.fdopen(fd, "wb") as fh:
            np.savez(fh, **arrays)
        target = folder / f"{key.replace(':', '-')}.npz"
        os.replace(tmp, target)
        tmp = None
        if replacing:
            for old in folder.glob(f"{replacing.replace(':', '-')}*.npz"):
                if old != target:
                    old.unlink()
    except (OSError, ValueError):
        pass
    finally:
        _discard(tmp)


def _discard(tmp: str | None) -> None:
    """Remove a temporary file a failed write left behind (nothing if the write completed)."""
    if tmp is not None:
        try:
            os.unlink(tmp)
        except OSError:
            pass
