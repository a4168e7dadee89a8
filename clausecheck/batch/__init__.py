"""Portfolio runs: analyse many contracts in parallel into one SQLite store.

discover (inputs) -> runner (local process pool, or Dask) -> worker (one document) -> store.
Other modules read results only through ``Store.reports()`` and ``Store.errors()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from clausecheck.batch.store import Store

__all__ = ["Store"]


def __getattr__(name: str) -> Any:
    """``Store`` on first use: a scan imports ``batch.deadline`` for its time limit and has no
    use for the store (sqlite3 and the schema)."""
    if name == "Store":
        from clausecheck.batch.store import Store

        return Store
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
