"""Options and error handling shared by every command module (kept apart from cli.py so that
command modules in subpackages can import them without importing the command group)."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from clausecheck import errors
from clausecheck.vocab import Relationship

F = TypeVar("F", bound=Callable[..., Any])
RELATIONSHIPS = list(Relationship.values())


def _contract_types() -> list[str]:
    from clausecheck.data import policy

    return list(policy.contract_types().relationship)


CONTRACT_TYPES = _contract_types()  # from policy/contract_types.yaml


def file_option(*names: str, **kwargs: Any) -> Callable[[F], F]:
    """A click option naming one file (a folder is refused), given to the command as a Path."""
    return click.option(*names, type=click.Path(path_type=Path, dir_okay=False), **kwargs)


def handle_errors(fn):
    """Turn library errors into one line and a documented exit code; never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except errors.ClauseCheckError as exc:
            click.echo(f"clausecheck: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `| head` closed the pipe: stop quietly, as Unix tools do
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            click.echo("clausecheck: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug: one line, plus the traceback only on request
            if os.environ.get("CLAUSECHECK_DEBUG"):
                raise
            coded = errors.internal(exc)
            click.echo(f"clausecheck: {coded}", err=True)
            sys.exit(coded.exit_code)

    return wrapper


def limit_options(fn):
    fn = click.option(
        "--max-pages", type=click.IntRange(1), default=None, help="Page limit (default 2000)."
    )(fn)
    fn = click.option(
        "--max-mb",
        type=click.IntRange(1),
        default=None,
        help="File size limit in MiB (default 200).",
    )(fn)
    fn = click.option(
        "--max-chars",
        type=click.IntRange(1),
        default=None,
        help="Extracted text limit (default 10,000,000).",
    )(fn)
    fn = click.option("--password", default=None, help="Password of an encrypted PDF.")(fn)
    fn = click.option(
        "--ocr/--no-ocr",
        default=None,
        help="Pages without a text layer are read with tesseract when it is installed; --ocr "
        "requires it, --no-ocr never OCRs.",
    )(fn)
    return fn


DEFAULT_TIMEOUT = 300.0  # seconds; generous: a 2,000-page contract scans in well under it


def timeout_option(fn):
    """--timeout: the whole command stops with E210 (exit 9) when it runs longer, as a batch
    document does. Place it under ``handle_errors``."""

    @functools.wraps(fn)
    def wrapper(*args, timeout=DEFAULT_TIMEOUT, **kwargs):
        from clausecheck.batch.deadline import time_limit

        with time_limit(timeout or None, str(kwargs.get("file", ""))):
            return fn(*args, **kwargs)

    return click.option(
        "--timeout",
        type=click.FloatRange(0),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        help="Seconds before the analysis is stopped with exit 9 (0: no limit).",
    )(wrapper)


def make_limits(max_pages, max_mb, max_chars):
    from clausecheck.limits import Limits

    base = Limits()
    return Limits(
        max_bytes=(max_mb * 2**20) if max_mb else base.max_bytes,
        max_pages=max_pages or base.max_pages,
        max_chars=max_chars or base.max_chars,
    )


def analysis_options(fn):
    """Options shared by every command that analyses a contract."""
    fn = click.option(
        "--relationship",
        type=click.Choice(RELATIONSHIPS),
        default=None,
        help="Relationship type of the counterparty (default: from the contract type).",
    )(fn)
    fn = click.option("--company", default=None, help='Defined name of your side, e.g. "Buyer".')(
        fn
    )
    fn = click.option(
        "--counterparty",
        default=None,
        help='Defined name of the other side, e.g. "Supplier" (default: from the parties).',
    )(fn)
    fn = click.option(
        "--contract-type",
        type=click.Choice(CONTRACT_TYPES),
        default=None,
        help="Override the detected contract type.",
    )(fn)
    fn = click.option(
        "--high-risk",
        is_flag=True,
        help="High-risk sector or country: raise every priority one level.",
    )(fn)
    fn = click.option(
        "--provisions",
        "provisions_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Directory of provision YAML files that add to or override the built-in ones.",
    )(fn)
    fn = click.option(
        "--library",
        "library_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Your clause-library directory; its entries take precedence.",
    )(fn)
    return fn


def fragment_option(fn):
    return click.option(
        "--not-a-contract-ok",
        is_flag=True,
        help="Analyse a text even if it has no parties, no clauses and few words (exit 12 "
        "otherwise).",
    )(fn)


def _engine(provisions_dir, library_dir):
    """The process's engine (``engine.engine``), its imports and build with the cyclic garbage
    collector paused: they make only long-lived objects, which its passes walked again and again
    for nothing. An engine built here is then kept out of later passes (``gc.freeze``), as a batch
    worker's is (``engine.settle``). Together about a tenth of a cold scan's CPU, measured."""
    import gc

    was = gc.isenabled()
    gc.disable()
    built = False
    try:
        from clausecheck.engine import engine

        info = getattr(engine, "cache_info", None)  # None: a stand-in engine (tests)
        before = info().misses if info else 0
        eng = engine(
            str(provisions_dir) if provisions_dir else None,
            str(library_dir) if library_dir else None,
        )
        built = info is not None and info().misses > before
    finally:
        if was:
            if built:
                gc.freeze()
            gc.enable()
    return eng


def run_scan(
    file,
    *,
    relationship,
    company,
    contract_type,
    high_risk,
    provisions_dir,
    library_dir,
    max_pages,
    max_mb,
    max_chars,
    password,
    ocr,
    profile=None,
    fail_on=None,
    require_contract=True,
    counterparty=None,
    review=None,
):
    from clausecheck.data import rxcache

    # a one-off command: the regexes compiled while importing, building and analysing come
    # from the data cache (data.rxcache)
    with rxcache.cached_compiles():
        return _engine(provisions_dir, library_dir).scan(
            file,
            password=password,
            ocr=ocr,
            progress=lambda line: click.echo(f"clausecheck: {errors.printable(line)}", err=True),
            limits=make_limits(max_pages, max_mb, max_chars),
            relationship=relationship,
            company=company,
            counterparty=counterparty,
            contract_type=contract_type,
            high_risk=high_risk,
            profile=profile,
            fail_on=fail_on,
            require_contract=require_contract,
            review=review,
        )
