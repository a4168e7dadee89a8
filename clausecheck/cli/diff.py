"""``clausecheck diff OLD NEW``: what a new draft gives up, provision by provision.

Registered by the last lines of clausecheck/cli.py; import ``clausecheck.cli.main`` (not this
module) first, as the entry point does.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from clausecheck.cli.options import (
    CONTRACT_TYPES,
    RELATIONSHIPS,
    handle_errors,
    limit_options,
    make_limits,
)


@click.command()
@click.argument("old", type=click.Path(path_type=Path))
@click.argument("new", type=click.Path(path_type=Path))
@click.option(
    "--relationship",
    type=click.Choice(RELATIONSHIPS),
    default=None,
    help="Relationship type (default: detected in OLD, and used for NEW too).",
)
@click.option("--company", default=None, help='Defined name of your side, e.g. "Buyer".')
@click.option(
    "--counterparty", default=None, help='Defined name of the other side, e.g. "Supplier".'
)
@click.option(
    "--contract-type",
    type=click.Choice(CONTRACT_TYPES),
    default=None,
    help="Override the detected contract type.",
)
@click.option(
    "--provisions",
    "provisions_dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Directory of provision YAML files that add to or override the built-in ones.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the comparison as JSON.")
@limit_options
@handle_errors
def diff(
    old,
    new,
    relationship,
    company,
    counterparty,
    contract_type,
    provisions_dir,
    as_json,
    max_pages,
    max_mb,
    max_chars,
    password,
    ocr,
):
    """Compare two drafts: provisions added, removed, weakened, strengthened, unchanged.

    Removed and weakened provisions come first: a negotiation is a moment of traction,
    and these are what the new draft gives up. Exits 0 whatever changed.

    \b
    Examples:
      clausecheck diff draft_v1.docx draft_v2.docx
      clausecheck diff old.pdf new.pdf --relationship supplier --company Buyer --json
    """
    from clausecheck.engine import engine
    from clausecheck.leverage import diff as diff_mod
    from clausecheck.report import json_report

    eng = engine(str(provisions_dir) if provisions_dir else None)
    limits = make_limits(max_pages, max_mb, max_chars)

    def scan(path: Path, rel: str | None) -> dict:
        return json_report.to_dict(
            eng.scan(
                path,
                password=password,
                ocr=ocr,
                limits=limits,
                relationship=rel,
                company=company,
                counterparty=counterparty,
                contract_type=contract_type,
            )
        )

    before = scan(old, relationship)
    after = scan(new, relationship or before["document"]["relationship"])  # like with like
    result = diff_mod.compare(before, after)
    click.echo(
        json.dumps(result, indent=2, ensure_ascii=False) if as_json else diff_mod.render(result),
        nl=as_json,
    )
