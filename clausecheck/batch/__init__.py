"""Portfolio runs: analyse many contracts in parallel into one SQLite store.

discover (inputs) -> runner (local process pool, or Dask) -> worker (one document) -> store.
Other modules read results only through ``Store.reports()`` and ``Store.errors()``.
"""

from __future__ import annotations

from clausecheck.batch.store import Store

__all__ = ["Store"]
