"""The ``clausecheck batch`` command: parsing and printing; ``clausecheck.batch.run`` does the
work."""

from __future__ import annotations

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
    with Store(db) as store:
        summary = run(
            found.paths,
            store,
            runner,
            settings,
            rescan=rescan,
            progress=make_progress(quiet=quiet),
            args=args,
        )
    click.echo(summary.render())
    click.echo(f"store: {db}")
    if summary.failed:
        sys.exit(errors.EXIT_BATCH_ERRORS)


def _runner(settings, workers, scheduler, dask_local):
    if scheduler or dask_local:
        from clausecheck.batch.dask_runner import DaskRunner

        return DaskRunner(settings, address=scheduler, local_workers=dask_local)
    from clausecheck.batch.runner import LocalRunner

    return LocalRunner(settings, workers=workers)
