"""Run a batch's tasks on a local process pool and stream their outcomes back.

Each worker builds the Engine once (``worker.init``), caps its address space and stops a
document at ``--timeout`` itself (``deadline``). The runner adds what a worker cannot do for
itself:

- a worker whose document overruns ``Settings.hard_timeout`` (native code that never returns to
  the interpreter) is killed; that document is recorded as a timeout;
- when a worker dies (killed, crashed, out of memory), the pool is rebuilt. Documents that were
  in flight with a killed worker are innocent and run again; if a worker died by itself, every
  document then in flight is a suspect and runs again alone: one that kills its worker alone is
  recorded as ``WorkerCrashed``. The batch goes on.

One task more than there are workers is in flight: it waits in the pool's call queue, so a
worker that finishes a document takes the next one at once instead of waiting for the outcome's
round trip through this process (which halved the workers' idle time between documents, 1.6 to
0.9 s of 57 s per worker on 119 PDFs). A task that had not started when a pool breaks is run
again (``_after_break``), so nothing queued is lost.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

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
    timeout_error,
)

TaskFunction = Callable[[Task, Settings], Outcome]
_POLL_S = 0.2
_AHEAD = 1  # tasks in flight beyond one per worker (see the module docstring)
_MAX_START_FAILURES = 3  # pools in a row that broke before any document started: give up


def _context():
    """forkserver where available: workers start clean even though the parent runs threads."""
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


class _Pool:
    """One ProcessPoolExecutor, its in-flight futures and the workers' start announcements."""

    def __init__(self, workers: int, settings: Settings, warm: bool) -> None:
        ctx = _context()
        self.starts = ctx.SimpleQueue()
        self.executor = ProcessPoolExecutor(
            workers,
            mp_context=ctx,
            initializer=worker.init,
            initargs=(settings, self.starts, warm, os.getpid()),
        )
        self.settings = settings
        self.inflight: dict[Future, Task] = {}
        self.running: dict[int, tuple[int, float]] = {}  # task id -> (worker pid, monotonic start)
        self.killed: set[int] = set()  # task ids whose worker the runner killed

    def submit(self, fn: TaskFunction, task: Task) -> None:
        self.inflight[self.executor.submit(worker.run, fn, task, self.settings)] = task

    def poll(self, timeout: float) -> list[tuple[Task, Future]]:
        done, _ = wait(list(self.inflight), timeout=timeout, return_when=FIRST_COMPLETED)
        self._read_starts()
        return [(self.inflight.pop(f), f) for f in done]

    def drain(self) -> list[tuple[Task, Future]]:
        """Wait for every future in flight (after a break they all fail at once)."""
        wait(list(self.inflight))
        self._read_starts()
        done = list(self.inflight.items())
        self.inflight.clear()
        return [(task, f) for f, task in done]

    def kill_overdue(self, limit: float | None) -> None:
        if limit is None:
            return
        now = time.monotonic()
        for task in self.inflight.values():
            pid, started = self.running.get(task.id, (None, now))
            if pid is not None and task.id not in self.killed and now - started > limit:
                self.killed.add(task.id)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass

    def close(self, *, cancel: bool) -> None:
        """Shut down; with ``cancel``, without waiting for documents in progress."""
        if cancel:
            terminate = getattr(self.executor, "terminate_workers", None)  # Python 3.14+
            if terminate is not None:
                terminate()
            else:
                for proc in list((getattr(self.executor, "_processes", None) or {}).values()):
                    proc.terminate()
        self.executor.shutdown(wait=not cancel, cancel_futures=cancel)

    def _read_starts(self) -> None:
        while not self.starts.empty():
            task_id, pid, started = self.starts.get()
            self.running[task_id] = (pid, started)


class LocalRunner:
    """``results(tasks)`` yields one outcome per task, in completion order."""

    def __init__(
        self, settings: Settings, workers: int | None = None, fn: TaskFunction | None = None
    ) -> None:
        self.settings = settings
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.fn = fn or worker.process

    def results(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]:
        fresh = iter(tasks)
        again: deque[Task] = deque()  # innocent victims of a broken pool
        suspects: deque[Task] = deque()  # in flight when a worker died by itself: run alone
        pool: _Pool | None = None
        start_failures = 0
        cancel = True
        try:
            while True:
                if pool is None:
                    pool = _Pool(self.workers, self.settings, warm=self.fn is worker.process)
                self._fill(pool, fresh, again, suspects)
                if not pool.inflight:
                    cancel = False
                    return
                finished = pool.poll(_POLL_S)
                pool.kill_overdue(self.settings.hard_timeout)
                if any(_broken(f) for _, f in finished):
                    finished += pool.drain()
                victims = [task for task, future in finished if _broken(future)]
                if not victims:  # refill first: workers keep busy while the caller stores results
                    self._fill(pool, fresh, again, suspects)
                for task, future in finished:
                    if not _broken(future):
                        start_failures = 0
                        yield self._outcome(task, future)
                if victims:
                    # the queued task that had not started is innocent: it does not count
                    started = [task for task in victims if task.id in pool.running]
                    alone = len(started) == 1 and not pool.killed and not pool.inflight
                    yield from self._after_break(pool, victims, alone, again, suspects)
                    if not any(t.id in pool.running for t in victims):
                        start_failures += 1
                        if start_failures >= _MAX_START_FAILURES:
                            raise errors.error("E002")
                    pool.close(cancel=True)
                    pool = None
        finally:
            if pool is not None:
                pool.close(cancel=cancel)

    def _fill(
        self, pool: _Pool, fresh: Iterator[Task], again: deque[Task], suspects: deque[Task]
    ) -> None:
        if suspects:
            if not pool.inflight:
                pool.submit(self.fn, suspects.popleft())
            return
        while len(pool.inflight) < self.workers + _AHEAD:
            task = again.popleft() if again else next(fresh, None)
            if task is None:
                return
            pool.submit(self.fn, task)

    def _after_break(
        self,
        pool: _Pool,
        victims: list[Task],
        alone: bool,
        again: deque[Task],
        suspects: deque[Task],
    ) -> Iterator[Outcome]:
        """Record the documents that broke the pool; queue the others to run again."""
        for task in victims:
            if task.id in pool.killed:
                yield error_outcome(task.path, timeout_error(task.path, self.settings.timeout or 0))
            elif pool.killed or task.id not in pool.running:
                again.appendleft(task)  # killed with another document's worker, or never started
            elif alone:
                yield error_outcome(task.path, crash_error(task.path))
            else:
                suspects.append(task)

    def _outcome(self, task: Task, future: Future) -> Outcome:
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001 - e.g. an outcome that could not be pickled
            return internal_outcome(task.path, exc)
        if outcome.get("status") == "fatal":
            raise fatal_error(outcome)
        return outcome


def _broken(future: Future) -> bool:
    return isinstance(future.exception(), BrokenProcessPool)
