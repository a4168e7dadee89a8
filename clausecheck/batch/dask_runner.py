"""Run a batch's tasks on a Dask distributed cluster and stream their outcomes back.

One task per document runs ``worker.process`` (the same function as the local pool), which keeps
one Engine per worker process in a module global. Outcomes come back with
``distributed.as_completed`` and the caller writes them to the store, so a Dask run and a local
run of the same inputs store the same content. At most a few tasks per worker thread are
submitted at a time, so a large portfolio does not flood the scheduler.

Limits on Dask: ``--timeout`` stops a document from inside the worker thread (``deadline``);
memory is the cluster's business (``--dask-local`` sets each worker's ``memory_limit`` to
``--max-memory-mb``; the nanny restarts a worker above it). A task whose workers keep dying ends
as ``KilledWorker`` and is recorded as ``WorkerCrashed``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Generator, Iterable
from contextlib import ExitStack

from clausecheck import errors
from clausecheck.batch import worker
from clausecheck.batch.task import (
    Outcome,
    Settings,
    Task,
    crash_error,
    error_outcome,
    fatal_error,
    internal_outcome,
)

_TASKS_PER_THREAD = 2


class DaskRunner:
    """``results(tasks)`` on an existing cluster (``address``) or a new local one
    (``local_workers``)."""

    def __init__(
        self, settings: Settings, *, address: str | None = None, local_workers: int | None = None
    ) -> None:
        if bool(address) == bool(local_workers):
            raise ValueError("give exactly one of address and local_workers")
        self.settings = settings
        self.address = address
        self.local_workers = local_workers

    def results(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]:
        try:
            from distributed import Client, LocalCluster, as_completed
            from distributed.client import FutureCancelledError
            from distributed.scheduler import KilledWorker
        except ImportError:
            raise errors.error("E001") from None
        with ExitStack() as stack:
            if self.address:
                try:
                    client = stack.enter_context(Client(self.address, timeout="30s"))
                except (OSError, TimeoutError) as exc:
                    raise errors.error("E153", self.address, detail=exc) from None
            else:
                limit = (
                    f"{self.settings.max_memory_mb}MiB" if self.settings.max_memory_mb else "auto"
                )
                cluster = stack.enter_context(
                    LocalCluster(
                        n_workers=self.local_workers,
                        threads_per_worker=1,
                        processes=True,
                        memory_limit=limit,
                        dashboard_address=None,
                        silence_logs=logging.ERROR,
                    )
                )
                client = stack.enter_context(Client(cluster))
            threads = sum(client.nthreads().values()) or 1
            pending = iter(tasks)
            submitted: dict[str, Task] = {}
            stream = as_completed()

            def submit_next() -> None:
                task = next(pending, None)
                if task is not None:
                    key = f"clausecheck-batch-{task.id}-{uuid.uuid4().hex}"
                    future = client.submit(worker.process, task, self.settings, key=key, pure=False)
                    submitted[future.key] = task
                    stream.add(future)

            for _ in range(threads * _TASKS_PER_THREAD):
                submit_next()
            for future in stream:
                task = submitted.pop(future.key)
                try:
                    outcome = future.result()
                except (KilledWorker, FutureCancelledError):  # its workers kept dying
                    outcome = error_outcome(task.path, crash_error(task.path))
                except Exception as exc:  # noqa: BLE001 - one document's failure never stops the batch
                    outcome = internal_outcome(task.path, exc)
                future.release()
                if outcome.get("status") == "fatal":
                    raise fatal_error(outcome)
                yield outcome
                submit_next()
