"""The ``clausecheck batch`` command: parsing and printing; ``clausecheck.batch.run`` does the
work."""

from __future__ import annotations

import os
import shlex
import signal
import sys
from dataclasses import replace
from pathlib import Path

import click

from clausecheck import errors
from clausecheck.cli.options import analysis_options, handle_errors, limit_options, make_limits


@click.command("batch")
@click.argument("paths", nargs=-1)
@click.option(
    "--db",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite store to write (created if missing; re-runs resume into it).",
)
@click.option(
    "--list",
    "list_file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Text file of paths, globs or URLs, one a line ('-' for stdin; # comments).",
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=None,
    help="Worker processes (default: the number of CPUs).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0),
    default=120.0,
    show_default=True,
    help="Seconds per document before it is stopped and recorded as an error (0: none).",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(0),
    default=1500,
    show_default=True,
    help="Address-space cap of each worker process in MiB (0: none).",
)
@click.option("--rescan", is_flag=True, help="Analyse every document again, even if unchanged.")
@click.option(
    "--scheduler",
    default=None,
    metavar="ADDRESS",
    help="Run on an existing Dask cluster, e.g. tcp://10.0.0.5:8786.",
)
@click.option(
    "--dask-local",
    type=click.IntRange(1),
    default=None,
    metavar="N",
    help="Run on a new local Dask cluster of N worker processes (for testing).",
)
@click.option("-q", "--quiet", is_flag=True, help="Print only errors and the summary.")
@limit_options
@analysis_options
@handle_errors
def batch(
    paths,
    db,
    list_file,
    workers,
    timeout,
    max_memory_mb,
    rescan,
    scheduler,
    dask_local,
    quiet,
    max_pages,
    max_mb,
    max_chars,
    password,
    ocr,
    relationship,
    company,
    counterparty,
    contract_type,
    high_risk,
    provisions_dir,
    library_dir,
):
    """Analyse a portfolio of contracts in parallel into a SQLite store.

    PATHS are files, folders (searched recursively for .pdf .docx .html .htm .txt .md; hidden
    files skipped), glob patterns or fsspec URLs (s3://, gs://, az://, file://, memory://).
    Re-running the same command skips documents already stored unchanged (same file hash,
    tool and model version) and analyses new or changed ones; a killed run resumes where it
    stopped. A document that fails (corrupt, too long, too slow, out of memory) is recorded
    as an error and the batch goes on; the exit code is then 10.

    \b
    Examples:
      clausecheck batch contracts/ --db portfolio.db
      clausecheck batch 'deals/**/*.pdf' --db portfolio.db --workers 4 --timeout 60
      clausecheck batch --list paths.txt --db portfolio.db --rescan
      clausecheck batch s3://legal/contracts/ --db portfolio.db --scheduler tcp://10.0.0.5:8786
    """
    from clausecheck.batch.discover import gather, read_list
    from clausecheck.batch.progress import make_progress
    from clausecheck.batch.run import run
    from clausecheck.batch.store import Store
    from clausecheck.batch.task import Settings

    if scheduler and dask_local:
        raise click.UsageError("give --scheduler or --dask-local, not both")
    if not paths and list_file is None:
        raise click.UsageError("give at least one PATH, or --list FILE")
    found = gather(paths, read_list(list_file) if list_file is not None else ())
    if found.unmatched:
        raise click.UsageError("no such file, folder or match: " + ", ".join(found.unmatched))
    for warning in found.warnings:
        click.echo(f"clausecheck: warning: {warning}", err=True)

    limits = make_limits(max_pages, max_mb, max_chars)
    settings = Settings(
        limits=replace(limits, timeout=timeout or None),
        max_memory_mb=max_memory_mb or None,
        password=password,
        ocr=ocr,
        provisions_dir=str(provisions_dir) if provisions_dir else None,
        library_dir=str(library_dir) if library_dir else None,
        analysis=tuple(
            (k, v)
            for k, v in (
                ("relationship", relationship),
                ("company", company),
                ("counterparty", counterparty),
                ("contract_type", contract_type),
                ("high_risk", high_risk),
            )
            if v
        ),
    )
    if provisions_dir or library_dir:  # a broken data file is one error now, not one per document
        from clausecheck.engine import Engine

        Engine(provisions_dir, library_dir=library_dir, model=False)
    runner = _runner(settings, workers, scheduler, dask_local)
    args = {
        "paths": list(paths),
        "list": getattr(list_file, "name", None),
        "workers": workers,
        "timeout": timeout,
        "max_memory_mb": max_memory_mb,
        "max_pages": max_pages,
        "max_mb": max_mb,
        "max_chars": max_chars,
        "ocr": ocr,
        "rescan": rescan,
        "scheduler": scheduler,
        "dask_local": dask_local,
        "provisions": str(provisions_dir) if provisions_dir else None,
        "library": str(library_dir) if library_dir else None,
        **dict(settings.analysis),
    }  # never the password
    from clausecheck.batch.summary import Summary

    summary = Summary()
    previous = signal.signal(signal.SIGTERM, _sigterm(os.getpid()))
    try:
        with Store(db) as store:
            run(
                found.paths,
                store,
                runner,
                settings,
                rescan=rescan,
                progress=make_progress(quiet=quiet),
                args=args,
                summary=summary,
            )
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM (below): say what is safe, and how on
        name = exc.args[0] if isinstance(exc, Stopped) else "Ctrl-C"
        summary.stop()
        resume = errors.printable(resume_command(sys.argv[1:]))
        click.echo(summary.render_interrupted(errors.printable(str(db)), resume, name), err=True)
        leave(EXIT_SIGTERM if isinstance(exc, Stopped) else EXIT_SIGINT)
    finally:
        signal.signal(signal.SIGTERM, previous)
    click.echo(summary.render())
    click.echo(f"store: {db}")
    _flag_disagreements(db)
    if summary.failed:
        sys.exit(errors.EXIT_BATCH_ERRORS)


def _flag_disagreements(db: Path) -> None:
    """Say when this run's calls differ from reviewers' standing decisions (which stand)."""
    from clausecheck.batch.store import Store
    from clausecheck.review import store as reviews

    with Store(db) as store:
        if not reviews.rows(store):
            return
        flagged = [r for r in reviews.listing(store) if r["disagrees"] and r["path"]]
    if flagged:
        click.echo(
            f"review: {len(flagged)} reviewer decision(s) differ from this run's calls; the "
            f"decisions stand - see 'clausecheck review list {db} --flagged'"
        )


EXIT_SIGINT = 130  # the shell's codes for a process ended by SIGINT / SIGTERM
EXIT_SIGTERM = 143


class Stopped(KeyboardInterrupt):
    """SIGTERM, turned into the same orderly stop as Ctrl-C."""


def _sigterm(main_pid: int):  # noqa: ANN202
    def handler(signum: int, frame: object) -> None:
        if os.getpid() != main_pid:  # a forked worker: die as SIGTERM asks
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Stopped("SIGTERM")

    return handler


def leave(code: int) -> None:
    """End an interrupted batch. The store is closed and the summary printed; the worker pool
    was cancelled. The interpreter's exit hooks join the process pool's manager thread, which
    can hang once its workers were terminated (a CPython ProcessPoolExecutor deadlock,
    gh-105829, fixed after 3.11.7): give it a few seconds, then leave without the hooks rather
    than hang."""
    try:
        from concurrent.futures import process as pool_internals

        managers = [t for t in list(pool_internals._threads_wakeups) if t.is_alive()]
    except (ImportError, AttributeError):  # another Python's internals: trust its exit hooks
        managers = []
    for thread in managers:
        thread.join(timeout=5)
    if any(t.is_alive() for t in managers):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def resume_command(argv: list[str]) -> str:
    """The command that resumes this batch: the same arguments without --rescan (which would
    start again from nothing), the password never echoed."""
    out: list[str] = []
    hide = False
    for arg in argv:
        if hide:
            out.append("PASSWORD")
            hide = False
        elif arg == "--rescan":
            continue
        elif arg == "--password":
            out.append(arg)
            hide = True
        elif arg.startswith("--password="):
            out.append("--password=PASSWORD")
        else:
            out.append(arg)
    return shlex.join(["clausecheck", *out])


def _runner(settings, workers, scheduler, dask_local):
    if scheduler or dask_local:
        from clausecheck.batch.dask_runner import DaskRunner

        return DaskRunner(settings, address=scheduler, local_workers=dask_local)
    from clausecheck.batch.runner import LocalRunner

    return LocalRunner(settings, workers=workers)
