"""Analyse one document inside a worker process; the Engine is built once per process.

``process`` is the task function of both runners. It never raises for a document's sake: every
outcome is a dict (see ``clausecheck.batch.task``). ``init`` prepares a local pool's worker
(thread limits, memory cap, parent watch, the Engine); ``run`` announces each task's start to
the runner, which kills workers that overrun ``Settings.hard_timeout``.
"""

from __future__ import annotations

import gc
import hashlib
import os
import resource
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from clausecheck import __version__, errors
from clausecheck.batch import source
from clausecheck.batch.deadline import time_limit
from clausecheck.batch.task import (
    Outcome,
    Settings,
    Task,
    error_outcome,
    fatal_outcome,
    internal_outcome,
)
from clausecheck.ingest import load_bytes
from clausecheck.report import json_report

# One numeric thread per process: the pool already uses every core.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_engine: Any = None
_engine_dirs: tuple[str | None, str | None] = (
    None,
    None,
)  # provisions, library: what it was built with
_starts: Any = None  # queue of (task id, pid, monotonic start) read by the local runner


def init(
    settings: Settings, starts: Any = None, warm: bool = True, batch_pid: int | None = None
) -> None:
    """ProcessPoolExecutor initializer: build the Engine (``warm``), then cap this process's
    memory."""
    global _starts
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    _starts = starts
    _watch_parent(batch_pid)
    if warm:
        _ready(settings)
    if settings.max_memory_mb:
        cap = settings.max_memory_mb * 2**20
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or cap <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def engine(settings: Settings | None = None) -> Any:
    """This process's Engine, built once with the run's provisions and library."""
    global _engine, _engine_dirs
    dirs = (settings.provisions_dir, settings.library_dir) if settings else (None, None)
    if _engine is None or dirs != _engine_dirs:
        from clausecheck.engine import Engine, settle

        _engine = Engine(dirs[0], library_dir=dirs[1])
        _engine_dirs = dirs
        settle()
    return _engine


def _ready(settings: Settings | None = None) -> None:
    try:
        engine(settings)
    except Exception:  # noqa: BLE001 - process() reports it for each task as a fatal outcome
        pass


def run(fn: Callable[[Task, Settings], Outcome], task: Task, settings: Settings) -> Outcome:
    """What the local runner submits: build the Engine if ``fn`` needs it, announce the start, work.

    The Engine is (re)built before the announcement so that its build never counts against the
    document's time.
    """
    if fn is process:
        _ready(settings)
    if _starts is not None:
        _starts.put((task.id, os.getpid(), time.monotonic()))
    return fn(task, settings)


def process(task: Task, settings: Settings) -> Outcome:
    """Analyse ``task`` and return its outcome; skip it if the store already has this version."""
    global _engine
    if task.read_error is not None:
        return task.read_error
    try:
        eng = engine(settings)
    except Exception as exc:  # noqa: BLE001 - no document can be analysed: the runner stops the batch
        return fatal_outcome(exc)
    started = time.perf_counter()
    sha = None
    try:
        with time_limit(settings.timeout, task.path):
            raw = task.data if task.data is not None else source.read(task.path, settings.limits)
            sha = hashlib.sha256(raw).hexdigest()
            version = settings.version(eng.model_version)
            if task.known == (sha, __version__, version):
                return {
                    "status": "unchanged",
                    "path": task.path,
                    "sha256": sha,
                    "model_version": version,
                }
            doc = load_bytes(
                raw,
                Path(task.path),
                limits=settings.limits,
                password=settings.password,
                ocr=settings.ocr,
            )
            doc = replace(doc, path=task.path)  # named as the batch knows it (URL or absolute path)
            loaded = time.perf_counter()
            report = eng.analyse(doc, require_contract=True, **dict(settings.analysis))
            data = json_report.to_dict(report)
            data["tool"]["model"] = version
    except errors.ClauseCheckError as exc:
        if isinstance(exc, errors.AnalysisTimeout):
            _engine = None  # an interrupted analysis may leave caches half-updated: start afresh
        return error_outcome(task.path, exc, sha)
    except MemoryError:
        _engine = None
        gc.collect()
        cap = errors.error("E209", task.path, limit_mib=settings.max_memory_mb)
        return error_outcome(task.path, cap, sha)
    except Exception as exc:  # noqa: BLE001 - a bug on one document must not stop the batch
        return internal_outcome(task.path, exc, sha)
    timings = {"ingest": loaded - started, **report.timings, "total": time.perf_counter() - started}
    return {
        "status": "ok",
        "path": task.path,
        "sha256": sha,
        "report": data,
        "timings": {k: round(v, 4) for k, v in timings.items()},
        "worker": {"pid": os.getpid(), "peak_rss_mib": round(peak_rss_mib(), 1)},
    }


def peak_rss_mib() -> float:
    """This process's peak resident set: VmHWM on Linux (see benchmarks/README), else ru_maxrss."""
    try:
        with open("/proc/self/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def _watch_parent(batch_pid: int | None) -> None:
    """Exit when the batch process is gone (e.g. SIGKILLed), so no worker outlives it.

    Watches the batch's pid, not this process's parent: local workers are children of
    multiprocessing's fork server, which itself stays up while any worker does.
    """
    if batch_pid is None:
        return

    def gone() -> bool:
        try:
            os.kill(batch_pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass
        return False

    def watch() -> None:
        try:  # Linux: a pidfd becomes readable when the process ends (no pid reuse race)
            fd = os.pidfd_open(batch_pid)
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])
        else:
            while not gone():
                time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="clausecheck-batch-watch", daemon=True).start()
