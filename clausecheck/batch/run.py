"""One batch run: make the tasks, stream them through a runner, write each outcome to the store.

Resume: a task carries what the store holds for its path, and the worker skips the document if
its (sha256, tool version, model version) is the same (``--rescan`` sends nothing). Writes
happen here, in the one process that owns the store, whatever runner did the work.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator
from contextlib import closing
from typing import Any, Protocol

from clausecheck import __version__, errors
from clausecheck.batch import source
from clausecheck.batch.progress import PlainProgress, Progress, sent
from clausecheck.batch.store import Store, db_text
from clausecheck.batch.summary import Summary
from clausecheck.batch.task import Fingerprint, Outcome, Settings, Task, error_outcome


class Runner(Protocol):
    def results(self, tasks: Iterable[Task]) -> Generator[Outcome, None, None]: ...


def run(
    paths: list[str],
    store: Store,
    runner: Runner,
    settings: Settings,
    *,
    rescan: bool = False,
    progress: Progress | None = None,
    args: dict[str, Any] | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Analyse ``paths`` into ``store``; returns what happened. Documents never raise here.

    ``summary``: the caller's, so that it still holds what was saved when the run is
    interrupted (Ctrl-C, SIGTERM)."""
    progress = progress or PlainProgress(quiet=True)
    run_id = store.start_run(args or {}, __version__)
    known = {} if rescan else store.fingerprints()
    summary = summary if summary is not None else Summary()
    summary.total = len(paths)
    progress.start(len(paths))

    def announced(items: Iterator[Task]) -> Iterator[Task]:
        for task in items:
            sent(progress, task.path)
            yield task

    try:
        with closing(runner.results(announced(tasks(paths, known, settings)))) as outcomes:
            for outcome in outcomes:
                record(store, outcome, run_id)
                summary.add(outcome)
                progress.update(outcome)
    finally:
        progress.close()
        summary.stop()
    store.finish_run(run_id, summary.model_version)
    return summary


def tasks(paths: list[str], known: dict[str, Fingerprint], settings: Settings) -> Iterator[Task]:
    """One task a path, made as the runner asks for it (content read here is not held for long)."""
    for number, path in enumerate(paths):
        task = Task(number, path, known.get(db_text(path)))
        if source.is_process_local(path):
            try:
                task = Task(number, path, task.known, data=source.read(path, settings.limits))
            except errors.ClauseCheckError as exc:
                task = Task(number, path, read_error=error_outcome(path, exc))
        yield task


def record(store: Store, outcome: Outcome, run_id: int) -> None:
    status = outcome.get("status")
    if status == "ok":
        timings = dict(outcome.get("timings") or {})
        if outcome.get("worker"):
            timings["worker_peak_rss_mib"] = outcome["worker"].get("peak_rss_mib")
        store.write_report(outcome["report"], run_id=run_id, timings=timings)
    elif status == "error":
        store.write_error(outcome, run_id=run_id)
