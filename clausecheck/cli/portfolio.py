"""``clausecheck portfolio DB``: dashboard, matrix exports and queries over a batch store.

Registered by the last lines of clausecheck/cli.py; import ``clausecheck.cli.main`` (not this
module) first, as the entry point does.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from clausecheck import errors
from clausecheck.cli.options import CONTRACT_TYPES, RELATIONSHIPS, file_option, handle_errors

if TYPE_CHECKING:
    from clausecheck.portfolio.load import Contract

STATUSES = (
    "present",
    "weak",
    "missing",
)  # literal: importing the provisions would slow every command


def read_store(db: Path) -> tuple[list[Contract], list[dict[str, Any]]]:
    """(contracts, error records) of a batch database; reports stream through, one at a time."""
    from clausecheck.portfolio.load import contracts

    if not db.is_file():
        raise errors.error("E154", db)
    from clausecheck.batch.store import Store  # only the command line opens the store

    with Store(db) as store:
        skipped: list[str] = []
        items = contracts(store.reports(), skipped)
        skipped = store.skipped + skipped
        if skipped:
            click.echo(
                f"clausecheck: warning: {db}: {len(skipped)} stored report(s) could not be read "
                f"and were left out ({errors.printable(', '.join(skipped[:3]))}"
                f"{', ...' if len(skipped) > 3 else ''}) - run the batch again with --rescan",
                err=True,
            )
        return items, list(store.errors())


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from clausecheck.portfolio.periods import parse_within

    if value:
        try:
            parse_within(value)
        except ValueError as exc:
            raise click.BadParameter(str(exc)) from None
    return value


def print_table(rows: list[dict[str, Any]]) -> None:
    """A rich table on a terminal; tab-separated lines (header first) when piped."""
    head = ["id", "file", "relationship", "type", "counterparty", "next renewal", "lacks (P1/P2)"]
    from clausecheck.report.cards import provision_title

    body = [
        [
            r["id"],
            Path(r["path"]).name,
            r["relationship"],
            r["contract_type"],
            r["counterparty"],
            r["next_renewal"] or "-",
            ", ".join(provision_title(p) for p in r["lacks"]) or "-",
        ]
        for r in rows
    ]
    if not sys.stdout.isatty():
        for line in [head, *body]:
            click.echo("\t".join(str(v).replace("\t", " ").replace("\n", " ") for v in line))
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(*head, title=f"{len(rows)} contracts")
    for line in body:
        table.add_row(*(Text(str(v)) for v in line))  # Text: contract strings are not markup
    Console().print(table)


@click.command()
@click.argument("db", type=click.Path(path_type=Path, dir_okay=False))
@file_option(
    "--html",
    "html_out",
    default=None,
    help="Write the self-contained dashboard here.",
)
@file_option(
    "--csv",
    "csv_out",
    default=None,
    help="Write the contracts x provisions matrix as CSV.",
)
@file_option(
    "--xlsx",
    "xlsx_out",
    default=None,
    help="Write the matrix as an Excel workbook (statuses coloured).",
)
@click.option(
    "--today",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="Start of the traction calendar and renewal windows (default: today).",
)
@click.option("--query", is_flag=True, help="Print the contracts that pass the filters.")
@click.option(
    "--missing",
    multiple=True,
    metavar="PROVISION",
    help="Only contracts missing this provision (repeatable).",
)
@click.option(
    "--status",
    type=click.Choice(STATUSES),
    default=None,
    help="With --provision: only this status.",
)
@click.option(
    "--provision", default=None, metavar="PROVISION", help="The provision --status applies to."
)
@click.option("--relationship", type=click.Choice(RELATIONSHIPS), default=None)
@click.option("--contract-type", type=click.Choice(CONTRACT_TYPES), default=None)
@click.option(
    "--counterparty",
    default=None,
    metavar="TEXT",
    help="Counterparty name contains TEXT (any case).",
)
@click.option(
    "--renewal-within",
    default=None,
    metavar="PERIOD",
    callback=_period,
    help="A renewal notice deadline or expiry within 90d, 12w, 6m or 1y.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the query result as JSON.")
@click.option(
    "--profile",
    default=None,
    metavar="NAME|FILE",
    help="Policy profile (a shipped id or a YAML file): each contract's verdict as columns of "
    "--csv and --xlsx and a section of --html, counting reviewers' decisions.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write over an output path that is a symbolic link (the link is replaced by the file).",
)
@handle_errors
def portfolio(
    db,
    html_out,
    csv_out,
    xlsx_out,
    today,
    query,
    missing,
    status,
    provision,
    relationship,
    contract_type,
    counterparty,
    renewal_within,
    as_json,
    profile,
    force,
):
    """Review a portfolio stored by 'clausecheck batch': dashboard, matrix, queries.

    The filters apply to every output. Without --html, --csv or --xlsx, the matching
    contracts are printed (as with --query).

    \b
    Examples:
      clausecheck portfolio portfolio.db --html dashboard.html
      clausecheck portfolio portfolio.db --csv matrix.csv --xlsx matrix.xlsx
      clausecheck portfolio portfolio.db --xlsx matrix.xlsx --profile supplier-baseline
      clausecheck portfolio portfolio.db --query --missing grievance_mechanism --relationship supplier
      clausecheck portfolio portfolio.db --query --status weak --provision audit_rights --json
      clausecheck portfolio portfolio.db --query --renewal-within 90d --today 2025-01-31
    """  # noqa: E501 (--help examples stay on one line)
    from clausecheck.portfolio import dashboard, matrix
    from clausecheck.portfolio.load import provision_ids
    from clausecheck.portfolio.query import Query, result_row

    day = today.date() if today else dt.date.today()
    items, failures = read_store(db)
    q = Query(
        missing=tuple(missing),
        status=status,
        provision=provision,
        relationship=relationship,
        contract_type=contract_type,
        counterparty=counterparty,
        renewal_within=renewal_within,
    )
    try:
        q.check(provision_ids(items))
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    selected = q.run(items, day)
    columns = provision_ids(items)
    verdicts = None
    if profile:
        from clausecheck.leverage import profile as profiles
        from clausecheck.portfolio.verdict import evaluate_all

        # the store's custom provisions may be required too
        verdicts = evaluate_all(selected, profiles.load(profile, known=columns))
    written = []
    if html_out:
        dashboard.write(
            selected, html_out, today=day, errors=failures, verdicts=verdicts, force=force
        )
        written.append(html_out)
    if csv_out:
        matrix.write_csv(selected, columns, csv_out, verdicts=verdicts, force=force)
        written.append(csv_out)
    if xlsx_out:
        matrix.write_xlsx(selected, columns, xlsx_out, failures, verdicts=verdicts, force=force)
        written.append(xlsx_out)
    if verdicts is not None:
        passed = sum(v.passed for v in verdicts.values())
        click.echo(
            f"profile {next(iter(verdicts.values())).profile if verdicts else profile}: "
            f"{passed} of {len(verdicts)} contracts pass",
            err=True,
        )
    for path in written:
        click.echo(
            f"wrote {path} ({len(selected)} of {len(items)} contracts, {len(failures)} failed)",
            err=True,
        )
    if query or as_json or not written:
        rows = [result_row(c, day) for c in selected]
        if as_json:
            click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        elif not rows:  # say so, rather than print a lone header row
            click.echo(
                f"no contracts match these filters ({len(items)} contracts in {db.name})", err=True
            )
        else:
            print_table(rows)
