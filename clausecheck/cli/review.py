"""``clausecheck review DB ...``: reviewers' decisions in a portfolio store.

Registered by the last lines of clausecheck/cli/main.py.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from clausecheck import errors
from clausecheck.cli.options import handle_errors

STATUSES = ("present", "weak", "missing")
_DB = click.argument("db", type=click.Path(path_type=Path, dir_okay=False))


def _open(db: Path):  # noqa: ANN202
    from clausecheck.batch.store import Store

    return Store(db, create=False)


def _span(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is None:
        return None
    try:
        start, end = (int(v) for v in value.split(":"))
    except ValueError:
        raise click.BadParameter("give START:END, character offsets into the text") from None
    return start, end


def _known() -> frozenset[str]:
    from clausecheck.data import registry

    return frozenset(registry.builtin().ids)


@click.group()
def review() -> None:
    """Record reviewers' decisions on findings, list them, export them.

    A decision confirms a finding (accept) or changes its status, and optionally the clause it
    rests on (override), with a reason. It is kept by the document's content (sha256) and the
    provision, so re-running the batch, moving the file or upgrading clausecheck keeps it;
    every report and the dashboard show it beside the tool's own call, and a re-scan whose call
    differs from both is flagged. DOCUMENT is a stored path, a file name or a sha256 prefix.

    \b
    Examples:
      clausecheck review accept portfolio.db harbor.pdf grievance_mechanism --reason "read it"
      clausecheck review override portfolio.db harbor.pdf audit_rights --status present \\
          --section 11.8 --reason "11.8 reaches labour audits through the Code"
      clausecheck review list portfolio.db --flagged
      clausecheck review export portfolio.db -o reviews/labels.jsonl
      clausecheck review import portfolio.db harbor.review.yaml
    """


def _decide(db, document, provision, status, reason, reviewer, action, section, evidence):
    from clausecheck.review import store as reviews

    with _open(db) as store:
        rec = reviews.decide(
            store,
            document,
            provision,
            status=status,
            reason=reason,
            reviewer=reviewer,
            action=action,
            section=section,
            evidence=evidence,
            known=_known(),
        )
    what = "confirmed" if rec["status"] == rec["tool_status"] else "changed"
    click.echo(
        f"{what}: {errors.printable(Path(rec['path']).name)} {provision}: "
        f"{rec['tool_status']} -> {rec['status']}"
    )


def _decision_options(fn):
    fn = click.option("--reviewer", default=None, help="Who decided (kept with the decision).")(fn)
    fn = click.option("--reason", required=True, help="Why: kept with the decision and exported.")(
        fn
    )
    fn = click.argument("provision")(fn)
    fn = click.argument("document")(fn)
    return _DB(fn)


@review.command()
@_decision_options
@handle_errors
def accept(db, document, provision, reason, reviewer):
    """Confirm the stored call of PROVISION in DOCUMENT."""
    _decide(db, document, provision, None, reason, reviewer, "accept", None, None)


@review.command()
@_decision_options
@click.option("--status", type=click.Choice(STATUSES), required=True, help="The right status.")
@click.option("--section", default=None, help='The clause it rests on, as numbered ("11.8").')
@click.option(
    "--evidence",
    default=None,
    callback=_span,
    metavar="START:END",
    help="Or its span: character offsets into the extracted text (the JSON report's).",
)
@handle_errors
def override(db, document, provision, reason, reviewer, status, section, evidence):
    """Change the status of PROVISION in DOCUMENT (and optionally the clause it rests on)."""
    _decide(db, document, provision, status, reason, reviewer, "override", section, evidence)


@review.command(name="set")
@_decision_options
@click.option("--status", type=click.Choice(STATUSES), required=True, help="The right status.")
@handle_errors
def set_(db, document, provision, reason, reviewer, status):
    """Record STATUS for PROVISION: an accept if it is the stored call, else an override."""
    _decide(db, document, provision, status, reason, reviewer, None, None, None)


@review.command()
@_DB
@click.argument("document")
@click.argument("provision")
@handle_errors
def remove(db, document, provision):
    """Withdraw the decision on PROVISION in DOCUMENT."""
    from clausecheck.review import store as reviews

    with _open(db) as store:
        if not reviews.remove(store, document, provision):
            click.echo(f"no decision on {provision} for {document}", err=True)
            sys.exit(1)
    click.echo(f"removed: {document} {provision}")


@review.command(name="list")
@_DB
@click.option("--flagged", is_flag=True, help="Only decisions a re-scan disagrees with.")
@click.option("--ids", is_flag=True, help="Provision ids instead of their names.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@handle_errors
def list_(db, flagged, ids, as_json):
    """List the decisions, each beside the stored call."""
    from clausecheck.review import store as reviews

    with _open(db) as store:
        rows = reviews.listing(store)
    if flagged:
        rows = [r for r in rows if r["disagrees"]]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        click.echo("no decisions" + (" that a re-scan disagrees with" if flagged else ""))
        return
    head = ("file", "provision", "tool", "reviewer's", "", "reason")
    body = [
        (
            Path(r["path"]).name if r["path"] else f"(not stored) {r['sha256'][:12]}",
            r["provision"] if ids else r["title"],
            r["tool_now"] or "-",
            r["status"],
            r["label"],
            r["reason"],
        )
        for r in rows
    ]
    _print_rows(head, body)


def _print_rows(head: tuple[str, ...], body: list[tuple[str, ...]]) -> None:
    """Aligned columns on a terminal, tab-separated lines in a pipe."""
    lines = [head, *body]
    if not sys.stdout.isatty():
        for line in lines:
            click.echo("\t".join(errors.printable(str(v)).replace("\t", " ") for v in line))
        return
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head) - 1)]
    for line in lines:
        cells = [str(v).ljust(w) for v, w in zip(line, widths, strict=False)]
        click.echo(errors.printable("  ".join([*cells, str(line[-1])])))


@review.command()
@_DB
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The label file (.jsonl), or with --review-files a folder.",
)
@click.option(
    "--review-files",
    is_flag=True,
    help="Write one NAME.review.yaml per document instead (for 'scan --review').",
)
@click.option("--force", is_flag=True, help="Write over an output path that is a symbolic link.")
@handle_errors
def export(db, output, review_files, force):
    """Export the decisions as labelled training data (offsets, never text) that
    'clausecheck train --judge --add-labels FILE' learns from, or as review files."""
    from clausecheck.review import export as exporter

    with _open(db) as store:
        if review_files:
            output.mkdir(parents=True, exist_ok=True)
            for path in exporter.write_review_files(store, output, force=force):
                click.echo(errors.printable(str(path)))
            return
        n = exporter.write_labels(store, output, force=force)
    click.echo(f"wrote {errors.printable(str(output))} ({n} documents)")


@review.command(name="import")
@_DB
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@handle_errors
def import_(db, files):
    """Store the decisions of review files (NAME.review.yaml) for their documents."""
    from clausecheck.review import reviewfile
    from clausecheck.review import store as reviews

    known = _known()
    with _open(db) as store:
        for f in files:
            rf = reviewfile.read(f, known)
            recs = [
                {
                    "provision": d.provision,
                    "action": d.action,
                    "status": d.status.value,
                    "tool_status": d.tool_status,
                    "reason": d.reason,
                    "reviewer": d.reviewer,
                    "section": d.section,
                    "at": d.at,
                }
                for d in rf.decisions
            ]
            n = reviews.put(store, rf.sha256, recs)
            click.echo(f"{errors.printable(str(f))}: {n} decisions")
