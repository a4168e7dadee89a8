"""``clausecheck errors``: the error catalogue on the command line."""

from __future__ import annotations

import click

from clausecheck import errors


@click.command("errors")
@click.argument("code", required=False)
@click.option(
    "--markdown", is_flag=True, help="Print the whole catalogue as Markdown (docs/errors.md)."
)
def errors_command(code: str | None, markdown: bool) -> None:
    """List the error codes, or explain one: its exit code, message, usual cause and fix.

    \b
    Examples:
      clausecheck errors
      clausecheck errors E105
      clausecheck errors --markdown > docs/errors.md
    """
    if markdown:
        click.echo(errors.catalogue_markdown(), nl=False)
        return
    if code is None:
        for e in errors.CATALOGUE.values():
            click.echo(f"{e.code}  exit {e.exit_code:>2}  {e.message}")
        return
    key = code.strip().upper()
    if key not in errors.CATALOGUE:
        raise click.BadParameter(
            f"no error {code!r}; 'clausecheck errors' lists them", param_hint="CODE"
        )
    click.echo(errors.describe(key))
