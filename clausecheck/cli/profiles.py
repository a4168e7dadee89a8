"""``clausecheck profiles list | show | validate``: the policy profiles (playbooks).

Registered by the last lines of clausecheck/cli/main.py.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from clausecheck import errors
from clausecheck.cli.options import handle_errors
from clausecheck.cli.table import echo_aligned


@click.group()
def profiles() -> None:
    """List, show or check the policy profiles used by 'scan --profile'.

    A profile states which provisions a company requires and the minimum status of each
    (present or weak). Write your own as YAML (copy one 'clausecheck profiles show ID --yaml'
    prints) and check it with 'clausecheck profiles validate FILE'.

    \b
    Examples:
      clausecheck profiles list
      clausecheck profiles show supplier-baseline
      clausecheck profiles validate my-procurement.yaml
      clausecheck scan supplier.pdf --profile my-procurement.yaml --format csv -o out.csv
    """


@profiles.command("list")
@handle_errors
def profiles_list():
    """The shipped profiles: id, relationship, number of requirements, title."""
    from clausecheck.leverage import profile as prof

    rows = []
    for pid in prof.shipped():
        p = prof.load(pid)
        rows.append((p["id"], p["relationship"] or "any", len(p["requires"]), p["title"]))
    echo_aligned(rows, ("id", "relationship", "requires", "title"))


@profiles.command("show")
@click.argument("profile")
@click.option("--ids", is_flag=True, help="Provision ids instead of their names.")
@click.option("--yaml", "as_yaml", is_flag=True, help="Print the profile file itself.")
@handle_errors
def profiles_show(profile, ids, as_yaml):
    """Show one profile (a shipped id or a YAML file): its requirements and their basis."""
    from clausecheck.leverage import profile as prof
    from clausecheck.report.cards import provision_title

    p = prof.load(profile)
    if as_yaml:
        click.echo(Path(p["path"]).read_text(encoding="utf-8").rstrip("\n"))
        return
    click.echo(f"{p['id']}: {p['title']}")
    click.echo(f"relationship: {p['relationship'] or 'any'}")
    if not p["shipped"]:
        click.echo(f"file: {errors.printable(p['path'])}")
    if p["description"]:
        click.echo(p["description"])
    click.echo("")
    echo_aligned(
        [
            (pid if ids else provision_title(pid), minimum, basis or "")
            for pid, (minimum, basis) in p["requires"].items()
        ],
        ("provision", "minimum", "basis"),
    )


@profiles.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--provisions",
    "provisions_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Your provision directory, if the profile requires provisions of your own.",
)
@handle_errors
def profiles_validate(files, provisions_dir):
    """Check profile files, reporting every problem of each; exit 8 if any is invalid."""
    from clausecheck.data import registry
    from clausecheck.leverage import profile as prof

    known = registry.load(provisions_dir).ids if provisions_dir else None
    failed = 0
    for f in files:
        if not f.is_file():  # a file the user names: never fall back to a shipped id
            click.echo(f"clausecheck: {errors.error('E331', f, reason='no such file')}", err=True)
            failed += 1
            continue
        try:
            p = prof.load(f, known=known)
        except errors.ClauseCheckError as exc:
            click.echo(f"clausecheck: {exc}", err=True)
            failed += 1
            continue
        click.echo(f"ok: {errors.printable(str(f))}: {p['id']}, {len(p['requires'])} requirements")
    if failed:
        sys.exit(errors.EXIT_DATA)
