"""Command line: parsing and printing only; the library does the work."""

from __future__ import annotations

import inspect
import json
import sys
from pathlib import Path

import click

from clausecheck import __version__, errors
from clausecheck.cli.options import (  # noqa: F401  (re-exported for command modules and tests)
    CONTRACT_TYPES,
    RELATIONSHIPS,
    analysis_options,
    file_option,
    fragment_option,
    handle_errors,
    limit_options,
    make_limits,
    run_scan,
    timeout_option,
)


class _LazyGroup(click.Group):
    """A group whose commands kept in other modules are imported when one is run or listed
    (``--help``), so that ``clausecheck scan`` does not import batch, portfolio, review, diff
    and the rest: about 15 ms of CPU on every cold start, measured."""

    lazy: dict[str, str] = {}  # command name -> "module:attribute"

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            import importlib

            module, attr = self.lazy[cmd_name].split(":")
            command = getattr(importlib.import_module(module), attr)
            if cmd_name in SHORT_HELP:
                command.short_help = SHORT_HELP[cmd_name]
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="clausecheck")
def main() -> None:
    """Find where a contract gives a company leverage to prevent human-rights harm.

    \b
    Examples:
      clausecheck scan contract.pdf
      clausecheck scan contract.docx --format json > report.json
      clausecheck outline contract.pdf
    """


# one unwrapped block (\b), each code on its own line with its meaning beside it
main.help = (
    inspect.cleandoc(main.help or "") + "\n\n\b\nExit codes:\n" + errors.describe_exit_codes()
)


def _formats(value: str) -> list[str]:
    """The format names of --format, checked against the writer registry (plugins are looked
    up only for a name that is not built in)."""
    from clausecheck.report import writers

    names = [v.strip().lower() for v in value.split(",") if v.strip()]
    bad = [n for n in names if writers.find(n) is None]
    if bad or not names:
        known = sorted(n for n in writers.names(aliases=True) if n != "terminal")
        raise click.BadParameter(
            f"unknown format {', '.join(bad) or value!r}; use terminal or a comma-separated "
            f"list of {', '.join(known)}",
            param_hint="--format",
        )
    return list(dict.fromkeys(names))


class _FormatOption(click.Option):
    """--format, whose help lists the registered writers, plugins included, when it is shown
    (so that merely running a command never loads plugins)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from clausecheck.report import writers

        others = [n for n in writers.names() if n != "terminal"]
        self.help = f"terminal, or one or more of {', '.join(others)} (comma-separated)."
        return super().get_help_record(ctx)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", cls=_FormatOption, default="terminal", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(),  # a str: a trailing slash means a directory
    default=None,
    help="Output file, or a directory when several formats are asked for (or for docx).",
)
@analysis_options
@click.option(
    "--profile",
    default=None,
    help="Policy profile: a shipped id (e.g. supplier-baseline, eu-due-diligence) or a YAML file.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["weak", "missing"]),
    default=None,
    help=(
        "Exit 1 when a required provision of the profile is missing "
        "(or, with weak, below its minimum)."
    ),
)
@file_option(
    "--ics",
    "ics_path",
    default=None,
    help="Also write the dated moments of traction as an iCalendar file.",
)
@click.option("--bom", is_flag=True, help="CSV: write a UTF-8 byte-order mark (for Excel).")
@file_option(
    "--review",
    "review_path",
    default=None,
    help="A review file (NAME.review.yaml): reviewers' decisions, shown beside the findings.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write over an output path that is a symbolic link (the link is replaced by the file).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show evidence and reasons for every finding.")
@click.option("--ids", is_flag=True, help="Terminal: provision ids instead of their names.")
@fragment_option
@limit_options
@handle_errors
@timeout_option
def scan(
    file,
    fmt,
    output,
    relationship,
    company,
    counterparty,
    contract_type,
    high_risk,
    provisions_dir,
    library_dir,
    profile,
    fail_on,
    ics_path,
    bom,
    review_path,
    force,
    verbose,
    ids,
    not_a_contract_ok,
    max_pages,
    max_mb,
    max_chars,
    password,
    ocr,
):
    """Scan one contract for the 27 leverage provisions.

    \b
    Examples:
      clausecheck scan sample_contracts/supplier_weak_harbor.txt
      clausecheck scan deal.pdf --format json -o deal.json --relationship supplier --company Buyer
      clausecheck scan deal.docx --format json,html,docx -o review/
      clausecheck scan deal.pdf --profile eu-due-diligence --fail-on weak
      clausecheck scan deal.pdf --ics deadlines.ics
      clausecheck scan scan.pdf --no-ocr          # refuse OCR of scanned pages
      clausecheck scan deal.pdf --review deal.review.yaml --format html -o review/
    """
    names = _formats(fmt)
    report = run_scan(
        file,
        relationship=relationship,
        company=company,
        counterparty=counterparty,
        contract_type=contract_type,
        high_risk=high_risk,
        provisions_dir=provisions_dir,
        library_dir=library_dir,
        max_pages=max_pages,
        max_mb=max_mb,
        max_chars=max_chars,
        password=password,
        ocr=ocr,
        profile=profile,
        fail_on=fail_on,
        require_contract=not not_a_contract_ok,
        review=review_path,
    )
    from clausecheck.report import writers

    failed: list[writers.WriteFailed] = []
    as_dir = output is not None and writers.into_directory(names, output)
    try:
        written = write_outputs(
            report, names, output, verbose=verbose, bom=bom, force=force, ids=ids
        )
    except writers.WriteFailed as exc:  # the other formats were written: say which, then fail
        written = exc.written
        failed.append(exc)
    if as_dir:
        for path in written:
            click.echo(errors.printable(str(path)))
    if names != ["terminal"]:  # the terminal report prints it itself
        from clausecheck.report import digest

        warning = digest.profile_relationship_warning(report.to_dict())
        if warning:
            click.echo(f"clausecheck: {warning}", err=True)
    if ics_path:
        try:
            writers.write_all(report, ["ics"], ics_path, force=force)
        except writers.WriteFailed as exc:
            failed.append(exc)
    if failed:
        for failure in failed:
            for line in str(failure).splitlines():
                click.echo(f"clausecheck: {line}", err=True)
        sys.exit(failed[0].exit_code)
    if fail_on and report.profile is not None and report.profile.fails(fail_on):
        from clausecheck.report.cards import provision_title

        unmet = [
            f"{provision_title(pid)} ({st}, needs {mn})"
            for pid, mn, st, met, _ in report.profile.requirements
            if not met and (fail_on == "weak" or st == "missing")
        ]
        click.echo(
            f"clausecheck: {file}: does not meet profile {report.profile.id}: {'; '.join(unmet)} "
            f"- add or strengthen these provisions (see 'clausecheck suggest {file}')",
            err=True,
        )
        sys.exit(errors.EXIT_POLICY_FAILED)


def write_outputs(
    report,
    names: list[str],
    output: str | Path | None,
    *,
    verbose: bool = False,
    bom: bool = False,
    force: bool = False,
    ids: bool = False,
) -> list[Path]:
    """Write each format: to stdout (one text format, no -o), or through ``report.write_all`` to
    -o as a file or into -o as a directory. Returns the paths written; raises
    ``WriteFailed`` after writing the others when some formats fail."""
    from clausecheck.report import writers

    chosen = writers.resolve(names)
    options = {"verbose": verbose, "bom": bom, "ids": ids}
    if output is None:
        for writer in chosen:
            can_print = isinstance(writer, writers.TextWriter) or hasattr(writer, "show")
            if writer.binary or not can_print:
                raise click.UsageError(f"{writer.name} output needs -o FILE or -o DIR")
        if len(chosen) > 1:
            raise click.UsageError("several formats need -o DIR")
        writer = chosen[0]
        kwargs = writers.options_for(writer, options)
        show = getattr(writer, "show", None)
        if show is not None:
            show(report, **kwargs)
        elif isinstance(writer, writers.TextWriter):
            click.echo(writer.render(report, **kwargs).rstrip("\n"))
        return []
    for _, target in writers.targets(report, chosen, output):
        if writers.is_scanned_file(report, target):
            raise click.UsageError(f"{target} is the contract being scanned; choose another -o")
    return writers.write_all(report, chosen, output, force=force, **options)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@analysis_options
@click.option("--json", "as_json", is_flag=True, help="Print the suggestions as JSON.")
@fragment_option
@limit_options
@handle_errors
@timeout_option
def suggest(
    file,
    relationship,
    company,
    counterparty,
    contract_type,
    high_risk,
    provisions_dir,
    library_dir,
    as_json,
    not_a_contract_ok,
    max_pages,
    max_mb,
    max_chars,
    password,
    ocr,
):
    """Print model clauses for each weak or missing provision, grouped by priority.

    \b
    Examples:
      clausecheck suggest sample_contracts/supplier_weak_harbor.txt
      clausecheck suggest deal.docx --company Buyer --high-risk
      clausecheck suggest deal.pdf --library our_clauses/ --json
    """
    from clausecheck.report import json_report, suggestions

    report = run_scan(
        file,
        relationship=relationship,
        company=company,
        counterparty=counterparty,
        contract_type=contract_type,
        high_risk=high_risk,
        provisions_dir=provisions_dir,
        library_dir=library_dir,
        max_pages=max_pages,
        max_mb=max_mb,
        max_chars=max_chars,
        password=password,
        ocr=ocr,
        require_contract=not not_a_contract_ok,
    )
    data = json_report.to_dict(report)
    if as_json:
        click.echo(json.dumps(suggestions.grouped(data), indent=2, ensure_ascii=False))
    else:
        suggestions.render(data)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--depth", default=3, show_default=True, help="Deepest level to print (0 = top level)."
)
@click.option("--relationship", type=click.Choice(RELATIONSHIPS), default=None)
@click.option("--company", default=None)
@limit_options
@handle_errors
@timeout_option
def outline(file, depth, relationship, company, max_pages, max_mb, max_chars, password, ocr):
    """Print the contract's structure: numbers, headings, pages, parties and type.

    \b
    Example:
      clausecheck outline sample_contracts/jv_reserved_matters_kestrel.docx --depth 1
    """
    from clausecheck import ingest, structure
    from clausecheck.report import outline as outline_report

    doc = ingest.load(
        file, limits=make_limits(max_pages, max_mb, max_chars), password=password, ocr=ocr
    )
    st = structure.analyse(doc, relationship=relationship, company=company)
    click.echo(outline_report.render(doc, st, max_depth=depth))


@main.group()
def provisions() -> None:
    """List or validate provision definitions.

    \b
    Examples:
      clausecheck provisions list
      clausecheck provisions validate --provisions my_provisions/
    """


@provisions.command("list")
@click.option("--provisions", "provisions_dir", type=click.Path(path_type=Path), default=None)
@handle_errors
def provisions_list(provisions_dir):
    """List the provisions in specification order.

    \b
    Example:
      clausecheck provisions list
    """
    from clausecheck.cli.table import echo_aligned
    from clausecheck.data.provisions import load_all

    _, provs = load_all(provisions_dir)
    echo_aligned(
        [
            (
                p.id,
                f"{p.shift_category}/{p.shift_purpose}",
                " ".join(f"{k[:4]}:{v}" for k, v in p.priority.items()),
                p.title,
            )
            for p in provs
        ],
        ("id", "shift", "priority by relationship", "title"),
    )


@provisions.command("validate")
@click.option("--provisions", "provisions_dir", type=click.Path(path_type=Path), default=None)
@handle_errors
def provisions_validate(provisions_dir):
    """Load and check every provision file; exit 8 with the file and field on the first error.

    \b
    Example:
      clausecheck provisions validate --provisions my_provisions/
    """
    from clausecheck.data.provisions import load_all

    _, provs = load_all(provisions_dir)
    rules = sum(len(p.rules) for p in provs)
    click.echo(f"ok: {len(provs)} provisions, {rules} rules")


@main.command()
@click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Directory of labelled *.jsonl snippets (default: models/training).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=None,
    help="Model file to write (default: models/clause_model.json); MODEL_CARD.md goes beside it.",
)
@click.option(
    "--seed", default=0, show_default=True, help="Random seed (training is deterministic)."
)
@click.option("--no-cv", is_flag=True, help="Skip the cross-validated metrics (faster).")
@click.option(
    "--judge",
    "judge_mode",
    is_flag=True,
    help="Train the judge from the labelled real contracts instead (models/judge.json).",
)
@file_option(
    "--labels",
    "labels_path",
    default=None,
    help="With --judge: the corpus labels (default models/labels/pool.jsonl).",
)
@click.option(
    "--texts",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="With --judge: the folder of the labelled contracts' text (a CUAD copy; default "
    "../shared/real_contracts/pool/contracts beside the checkout).",
)
@click.option(
    "--dev",
    "dev_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="With --judge: also learn from a folder with labels.jsonl (quote labels).",
)
@click.option(
    "--add-labels",
    "added",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="With --judge: also learn from this label file (repeatable), e.g. reviewers' decisions "
    "from 'clausecheck review export'; its contracts are found beside it.",
)
@handle_errors
def train(data_dir, out, seed, no_cv, judge_mode, labels_path, texts, dev_dir, added):
    """Train the clause classifier from the labelled snippets, or with --judge the judge from
    the labelled real contracts and the snippets (needs scikit-learn).

    Writes plain JSON (no pickle: it cannot run code when loaded); the classifier also writes a
    model card with the data hash, label counts, library versions and cross-validated metrics.
    Measure the judge with 'clausecheck eval --cv'.

    \b
    Examples:
      pip install "clausecheck[train]" && clausecheck train
      clausecheck train --judge --texts CUAD_v1/full_contract_txt
      clausecheck review export portfolio.db -o reviews/labels.jsonl
      clausecheck train --judge --add-labels reviews/labels.jsonl --out my_judge.json
    """
    try:
        from clausecheck.model import train as train_mod
    except ImportError as exc:  # scikit-learn is an optional extra
        raise errors.error("E334", None, detail=exc) from None
    from clausecheck.data.resources import data_dir as shipped

    if judge_mode:
        from clausecheck.engine import Engine
        from clausecheck.model import corpus
        from clausecheck.model import judge_train as jt

        models_dir = shipped("models")
        if labels_path is None:  # the shipped corpus: with the dev contracts and the samples
            dev_dir = dev_dir or corpus.default_dev()
        elif texts is None and all(c.offsets == "document" for c in corpus.load(labels_path)):
            texts = labels_path.parent  # an export of reviewers' decisions: names relative to it
        sources = jt.gather(
            Engine(judge=False),
            labels_path or models_dir / "labels" / "pool.jsonl",
            texts or corpus.default_texts(),
            data_dir or models_dir / "training",
            dev_dir,
            corpus.default_samples() if labels_path is None else None,
            log=lambda m: click.echo(m, err=True),
            added=added,
        )
        jt.train(sources, out or models_dir / "judge.json", seed=seed, log=click.echo)
        return

    models = shipped("models")
    card = train_mod.train(
        data_dir or models / "training",
        out or models / "clause_model.json",
        seed,
        evaluate=not no_cv,
    )
    click.echo(
        "trained: "
        f"{card.get('n_snippets', card.get('training_data', {}).get('n_snippets', '?'))}"
        " snippets -> "
        f"{out or models / 'clause_model.json'}"
    )


@main.group()
def library() -> None:
    """List, show or validate the model-clause library.

    \b
    Examples:
      clausecheck library list --provision audit_rights
      clausecheck library show audit_rights_supplier_baseline --company Purchaser --counterparty Vendor
      clausecheck library validate --library my_clauses/
    """  # noqa: E501 (--help examples stay on one line)


def _library_option(fn):
    return click.option(
        "--library",
        "library_dir",
        type=click.Path(path_type=Path),
        default=None,
        help="Directory of your own entries; they take precedence by id.",
    )(fn)


@library.command("list")
@_library_option
@click.option("--provision", default=None, help="Only entries for this provision id.")
@click.option("--relationship", type=click.Choice(RELATIONSHIPS), default=None)
@handle_errors
def library_list(library_dir, provision, relationship):
    """List entries: id, tier, relationship types and title.

    \b
    Example:
      clausecheck library list --relationship lender
    """
    from clausecheck.cli.table import echo_aligned
    from clausecheck.leverage.library import load_library

    echo_aligned(
        [
            (e.id, e.tier, ",".join(e.relationship_types), e.title)
            for e in load_library(library_dir).values()
            if not (provision and e.provision != provision)
            and not (relationship and relationship not in e.relationship_types)
        ],
        ("id", "tier", "relationships", "title"),
    )


@library.command("show")
@click.argument("entry_id")
@_library_option
@click.option("--company", default=None, help="Your side's defined name in the contract.")
@click.option("--counterparty", default=None, help="The counterparty's defined name.")
@handle_errors
def library_show(entry_id, library_dir, company, counterparty):
    """Print one entry with its variables filled, its rationale and references.

    \b
    Example:
      clausecheck library show grievance_mechanism_supplier_strong --company Buyer --counterparty Vendor
    """  # noqa: E501 (--help examples stay on one line)
    from clausecheck.leverage.library import load_library

    entries = load_library(library_dir)
    if entry_id not in entries:
        raise errors.error("E342", None, entry=entry_id)
    e = entries[entry_id]
    text, defs = e.fill({"company": company, "counterparty": counterparty})
    click.echo(f"{e.id} ({e.provision}, {e.tier}, {', '.join(e.relationship_types)}): {e.title}\n")
    click.echo(text)
    for term, meaning in defs.items():
        click.echo(f'\n"{term}" means {meaning}')
    click.echo(f"\nWhy: [{e.rationale_key}] {e.rationale}")
    click.echo(
        f"Moments: creates {', '.join(e.moments_created) or '-'}; "
        f"uses {', '.join(e.moments_used) or '-'}"
    )
    for fw in e.frameworks:
        click.echo(f"Reference: {fw.get('framework')}, {fw.get('ref')} ({fw.get('version')})")
    for note in e.drafting_notes:
        click.echo(f"Note: {note}")


@library.command("validate")
@_library_option
@handle_errors
def library_validate(library_dir):
    """Check every entry (ids, provisions, variables with defaults, references, coverage).

    \b
    Example:
      clausecheck library validate
    """
    from clausecheck.data.provisions import load_all
    from clausecheck.leverage.library import coverage_gaps, load_library

    entries = load_library(library_dir)
    gaps = coverage_gaps(entries, load_all()[1])
    if gaps:
        raise errors.error("E343", None, gaps="; ".join(gaps[:5]))
    click.echo(
        f"ok: {len(entries)} entries; every provision covered; "
        "baseline and strong tiers for every P1 pair"
    )


@main.command("eval")
@click.argument("directory", required=False, type=click.Path(path_type=Path, file_okay=False))
@file_option(
    "--labels",
    "labels_path",
    help="Labels: dev-style JSONL with quotes, or with --cv a corpus of offsets "
    "(default models/labels/pool.jsonl).",
)
@click.option("--cv", is_flag=True, help="Grouped cross-validation over a labelled corpus.")
@click.option(
    "--texts",
    type=click.Path(path_type=Path, file_okay=False),
    help="With --cv: the folder holding the labelled contracts' text "
    "(default ../shared/real_contracts/pool/contracts beside the checkout).",
)
@file_option(
    "--judged",
    help="With --cv: spans judged blind as equally valid first evidence, counted in the pooled "
    "evidence hit (default models/labels/evidence_judged.jsonl with the shipped labels).",
)
@file_option(
    "--picks",
    help="With --cv: write each labelled pair's call and first evidence as JSON lines (holds "
    "contract text: keep it out of the project).",
)
@click.option("--folds", default=5, show_default=True, help="With --cv: number of folds.")
@click.option("--seed", default=0, show_default=True, help="With --cv: fold and bootstrap seed.")
@click.option(
    "--rules-only",
    is_flag=True,
    help="With --cv: measure the rules alone (first matching rule decides), fitting nothing.",
)
@click.option(
    "--facts",
    is_flag=True,
    help="Measure the contract's facts (parties, dates, term, renewal) against CUAD's answers.",
)
@file_option(
    "--answers",
    help="With --facts: CUAD's answers, a master-clauses CSV or a facts CSV (default: the "
    "pool's cuad_master_clauses.csv; DIRECTORY/cuad_facts.csv when DIRECTORY is given).",
)
@click.option(
    "--part",
    type=click.Choice(["tune", "tune-a", "tune-b", "heldout", "all"]),
    default="all",
    show_default=True,
    help="With --facts: the part of the pool (split by sha256 of the file name) to measure; "
    "tune-a / tune-b: the tune part's two halves.",
)
@click.option("--misses", is_flag=True, help="With --facts: list every miss.")
@click.option("--json", "as_json", is_flag=True, help="Print the full result as JSON.")
@handle_errors
def eval_cmd(
    directory,
    labels_path,
    cv,
    texts,
    judged,
    picks,
    folds,
    seed,
    rules_only,
    facts,
    answers,
    part,
    misses,
    as_json,
):
    """Score the tool against labelled contracts.

    Prints, per provision and overall: three-way accuracy, F1 for "present", the evidence hit
    rate and, with --cv, the calibration error of the confidence and 95% intervals (bootstrap
    over contracts), plus the share of contracts called present beside the labelled share.

    \b
    Examples:
      clausecheck eval --cv
      clausecheck eval DEV_DIR --labels DEV_DIR/labels.jsonl
      clausecheck eval --facts --part tune
      clausecheck eval --facts DEV_DIR
    """
    if facts:
        _eval_facts(directory, answers, part, misses, as_json)
        return
    if cv:
        _eval_cv(labels_path, texts, folds, seed, rules_only, as_json, judged=judged, picks=picks)
        return
    if directory is None or labels_path is None:
        raise click.UsageError("give DIRECTORY and --labels, or --cv")
    from clausecheck.engine import engine
    from clausecheck.model.evaluate import evaluate

    result = evaluate(engine().scan, directory, labels_path)
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return

    def f(x):
        return "   -" if x is None else f"{x:.2f}"

    click.echo(f"{'provision':28s} {'pairs':>5s} {'acc':>5s} {'pF1':>5s} {'fF1':>5s} {'evid':>5s}")
    for pid, s in result["provisions"].items():
        click.echo(
            f"{pid:28s} {s['pairs']:5d} {f(s['accuracy']):>5s} {f(s['present_f1']):>5s} "
            f"{f(s['found_f1']):>5s} {f(s['evidence_hit_rate']):>5s}"
        )
    o = result["overall"]
    click.echo(
        f"{'overall':28s} {o['pairs']:5d} {f(o['accuracy']):>5s} {f(o['mean_present_f1']):>5s} "
        f"{f(o['mean_found_f1']):>5s} {f(o['evidence_hit_rate']):>5s}"
    )
    for err in result["errors"]:
        click.echo(f"error: {err}", err=True)


def _eval_facts(directory, answers, part, misses, as_json) -> None:
    from clausecheck import ingest, structure
    from clausecheck.model import corpus
    from clausecheck.model import facts_eval as fe

    if directory is None:
        directory = corpus.default_texts()
        answers = answers or directory.parent / "cuad_master_clauses.csv"
    else:
        answers = answers or directory / "cuad_facts.csv"
    items = list(fe.cases(answers, directory, None if part == "all" else part))
    result = fe.evaluate(lambda path: structure.analyse(ingest.load(path)), items)
    if as_json:
        click.echo(json.dumps(result, indent=2, default=str))
        return
    title = f"{directory.name}" + ("" if part == "all" else f" ({part} part)")
    click.echo(fe.table(result, title))
    if misses:
        for line in result["parties"]["misses"]:
            click.echo(f"  parties: {line}")
        for name, r in result["fields"].items():
            for line in r["misses"]:
                click.echo(f"  {name}: {line}")
    for err in result["errors"]:
        click.echo(f"error: {err}", err=True)


def _eval_cv(
    labels_path, texts, folds, seed, rules_only, as_json, *, judged=None, picks=None
) -> None:
    from clausecheck.data.resources import data_dir
    from clausecheck.model import corpus, crossval

    models_dir = data_dir("models")
    # the shipped corpus comes with the dev contracts and the samples; a user's corpus alone
    dev = corpus.default_dev() if labels_path is None else None
    samples = corpus.default_samples() if labels_path is None else None
    if judged is None and labels_path is None:
        shipped = models_dir / "labels" / "evidence_judged.jsonl"
        judged = shipped if shipped.is_file() else None
    labels_path = labels_path or models_dir / "labels" / "pool.jsonl"
    texts = texts or corpus.default_texts()
    judgements = corpus.load_judged(judged) if judged is not None else []
    docs = crossval.corpus_docs(corpus.load(labels_path), texts, judgements)
    if dev is not None:
        docs += crossval.dev_docs(dev)
    if samples is not None:
        docs += crossval.sample_docs(samples)
    if rules_only:
        fit = crossval.engine_fitter()
    else:
        from clausecheck.engine import Engine
        from clausecheck.model import judge_train as jt

        engine = Engine(judge=False)
        sources = jt.gather(
            engine,
            labels_path,
            texts,
            models_dir / "training",
            dev,
            samples,
            log=lambda m: click.echo(m, err=True),
        )
        fit = jt.fitter(engine, sources, seed=seed)
    pairs, errs = crossval.run(fit, docs, k=folds, seed=seed)
    if picks is not None:
        crossval.write_picks(picks, pairs)
    result = crossval.summarise(pairs, seed=seed)
    result["errors"] = errs
    if as_json:
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(crossval.table(result, folds=folds, contracts=len(docs)))
    for err in errs:
        click.echo(f"error: {err}", err=True)


# One line each in 'clausecheck --help', never cut: the first sentence of a docstring can be long.
SHORT_HELP = {
    "batch": "Analyse many contracts into a SQLite store (resumable).",
    "diff": "Compare two drafts: what the negotiation changed.",
    "errors": "List the error codes, or explain one.",
    "eval": "Score the tool against labelled contracts.",
    "labels": "The labelled corpus of real contracts (offsets, never text).",
    "library": "List, show or validate the model-clause library.",
    "outline": "Print the structure that was understood.",
    "portfolio": "Dashboard, matrix and queries over a batch store.",
    "profiles": "List, show or check the policy profiles (playbooks).",
    "provisions": "List or validate the provision definitions.",
    "review": "Reviewers' decisions: accept, override, list, export.",
    "scan": "Scan one contract for the leverage provisions.",
    "suggest": "Model clauses for each weak or missing provision.",
    "train": "Retrain the clause classifier or the judge.",
}
for _name, _text in SHORT_HELP.items():
    if _name in main.commands:
        main.commands[_name].short_help = _text

# the commands defined in their own modules (they import this one), loaded when used
_LazyGroup.lazy = {
    "portfolio": "clausecheck.cli.portfolio:portfolio",
    "diff": "clausecheck.cli.diff:diff",
    "batch": "clausecheck.cli.batch:batch",
    "labels": "clausecheck.cli.corpus:labels",
    "errors": "clausecheck.cli.codes:errors_command",
    "review": "clausecheck.cli.review:review",
    "profiles": "clausecheck.cli.profiles:profiles",
}
