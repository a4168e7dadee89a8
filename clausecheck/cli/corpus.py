"""``clausecheck labels``: the labelled corpus (import labellers' quotes as offsets, agreement)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from clausecheck.cli.options import handle_errors


@click.group()
def labels() -> None:
    """The labelled corpus of real contracts (labels as offsets, never text)."""


@labels.command("import")
@click.argument(
    "raw", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True)
)
@click.option(
    "--texts",
    required=True,
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Folder with the contracts' text (e.g. ../shared/real_contracts/pool/contracts).",
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
@handle_errors
def labels_import(raw: tuple[Path, ...], texts: Path, output: Path) -> None:
    """Turn labellers' JSONL (verbatim quotes) into a label file of offsets.

    Each quote is located in its contract (case and whitespace tolerant) and stored as
    [start, end]; the quote text is dropped. The last record for a file wins.

    \b
    Example:
      clausecheck labels import raw/L1.jsonl --texts CUAD/contracts -o labels.jsonl
    """
    from clausecheck.model import corpus
    from clausecheck.report.atomic import write_text

    records = [
        json.loads(line)
        for path in raw
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    out, problems = corpus.import_quotes(records, texts)
    out.sort(key=lambda r: r["file"])
    write_text(output, "".join(json.dumps(r, sort_keys=True) + "\n" for r in out))
    for p in problems:
        click.echo(f"warning: {p}", err=True)
    n_labels = sum(len(r["labels"]) for r in out)
    click.echo(
        f"{output}: {len(out)} contracts, {n_labels} labels, {len(problems)} quotes not found"
    )


@labels.command("agreement")
@click.argument("first", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("second", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def labels_agreement(first: Path, second: Path, as_json: bool) -> None:
    """Cohen's kappa per provision between two label files, over the contracts in both.

    \b
    Example:
      clausecheck labels agreement models/labels/pool.jsonl models/labels/pool_second.jsonl
    """
    from clausecheck.model import corpus

    a = {c.file: c for c in corpus.load(first)}
    b = {c.file: c for c in corpus.load(second)}
    common = sorted(set(a) & set(b))
    pids = sorted(
        {pid for name in common for pid in a[name].labels}
        & {pid for name in common for pid in b[name].labels}
    )
    rows: dict[str, dict[str, Any]] = {}
    for pid in pids:
        x = [a[n].labels[pid].status for n in common if pid in a[n].labels and pid in b[n].labels]
        y = [b[n].labels[pid].status for n in common if pid in a[n].labels and pid in b[n].labels]
        rows[pid] = {
            "items": len(x),
            "agree": sum(i == j for i, j in zip(x, y, strict=True)),
            "kappa": corpus.cohen_kappa(x, y),
        }
    allx = [a[n].labels[p].status for n in common for p in pids]
    ally = [b[n].labels[p].status for n in common for p in pids]
    result: dict[str, Any] = {
        "contracts": len(common),
        "overall": {
            "items": len(allx),
            "agree": sum(i == j for i, j in zip(allx, ally, strict=True)),
            "kappa": corpus.cohen_kappa(allx, ally),
        },
        "provisions": rows,
    }
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return

    def k(v: float | None) -> str:
        return "    -" if v is None else f"{v:5.2f}"

    click.echo(f"{len(common)} contracts labelled in both files")
    click.echo(f"{'provision':28s} {'items':>5s} {'agree':>5s} {'kappa':>5s}")
    for pid, r in rows.items():
        click.echo(f"{pid:28s} {r['items']:5d} {r['agree']:5d} {k(r['kappa'])}")
    o = result["overall"]
    click.echo(f"{'overall':28s} {o['items']:5d} {o['agree']:5d} {k(o['kappa'])}")


@labels.command("judged")
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@handle_errors
def labels_judged(path: Path, as_json: bool) -> None:
    """Summarise blind evidence judgements: verdicts, controls and agreement between judges.

    Controls are labelled spans mixed in unannounced: the share judged valid measures the
    judges against the labels. Spans judged by two judges give their agreement.

    \b
    Example:
      clausecheck labels judged models/labels/evidence_judged.jsonl
    """
    from clausecheck.model import corpus

    result = corpus.judged_summary(corpus.load_judged(path))
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    verdicts = ", ".join(f"{v} {n}" for v, n in result["verdicts"].items())
    click.echo(f"{result['judgements']} judgements of {result['spans']} spans: {verdicts}")
    if result["controls"]:
        click.echo(
            f"controls (the labelled span itself): {result['controls_valid']} of "
            f"{result['controls']} judged valid"
        )
    kappa = result["double_kappa_valid"]
    click.echo(
        f"judged twice: {result['double_judged']} spans, {result['double_agree']} same verdict, "
        f"kappa (valid or not) {'-' if kappa is None else f'{kappa:.2f}'}"
    )
