"""Progress lines and the summary: plain lines off a terminal, a bar on one; hostile names inert."""

from __future__ import annotations

import io

from rich.console import Console

from clausecheck.batch.progress import PlainProgress, RichProgress, describe, make_progress
from clausecheck.batch.summary import Summary

OK = {
    "status": "ok",
    "path": "/c/a.pdf",
    "report": {"document": {"pages": 12}, "tool": {"model": "m1"}},
    "timings": {"total": 0.5},
}
SAME = {"status": "unchanged", "path": "/c/b.txt", "model_version": "m1"}
BAD = {
    "status": "error",
    "path": "/c/[bold]x\x1b[2J.pdf",
    "code": "E103",
    "message": "error E103: /c/[bold]x\x1b[2J.pdf: the PDF cannot be parsed - re-export it",
}


def test_plain_progress_writes_one_line_a_document_and_quiet_only_errors():
    out = io.StringIO()
    progress = PlainProgress(out)
    progress.start(3)
    for outcome in (OK, SAME, BAD):
        progress.update(outcome)
    lines = out.getvalue().splitlines()
    assert lines == [
        "[0/3] starting the workers (each loads the engine once)",  # not silent while they start
        "[1/3] ok        /c/a.pdf (12 p, 0.50 s)",
        "[2/3] unchanged /c/b.txt",
        "[3/3] error E103: /c/[bold]x\\x1b[2J.pdf: the PDF cannot be parsed - re-export it",
    ]
    quiet = io.StringIO()
    progress = PlainProgress(quiet, quiet=True)
    progress.start(3)
    for outcome in (OK, SAME, BAD):
        progress.update(outcome)
    assert quiet.getvalue().count("\n") == 1 and "E103" in quiet.getvalue()


def test_rich_progress_shows_rate_and_prints_names_as_text_not_markup():
    out = io.StringIO()
    progress = RichProgress(Console(file=out, force_terminal=True, width=120))
    progress.start(3)
    for outcome in (OK, SAME, BAD):
        progress.update(outcome)
    progress.close()
    text = out.getvalue()
    assert "[bold]x" in text and "\\x1b[2J" in text and "\x1b[2J" not in text
    assert "docs/s" in text and "3/3" in text


def test_off_a_terminal_the_progress_is_plain():
    assert isinstance(make_progress(stream=io.StringIO()), PlainProgress)
    assert describe(SAME) == "unchanged /c/b.txt"


def test_summary_counts_outcomes_and_errors_by_code():
    summary = Summary(total=4)
    for outcome in (OK, SAME, BAD, {**BAD, "code": "E210"}):
        summary.add(outcome)
    summary.stop()
    text = summary.render()
    assert "4 of 4 documents: 1 analysed, 1 skipped as unchanged, 2 errors" in text
    assert "errors by code: E103 x1, E210 x1" in text and "(12 pages)" in text
    assert summary.failed == 2 and summary.model_version == "m1"


def test_rich_progress_names_the_current_file_and_counts_errors_apart():
    from clausecheck.batch.progress import sent

    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=160)
    progress = RichProgress(console)
    progress.start(3)
    first = progress._bar.tasks[0]
    assert first.description == "starting workers" and first.completed == 0  # not a bare 0/3
    sent(progress, "/deals/2024/very-important-supply-agreement.pdf")
    assert first.fields["current"] == "very-important-supply-agreement.pdf"
    progress.update(OK)
    assert first.description == "analysing"
    progress.update(BAD)
    progress.update(SAME)
    assert first.completed == 3 and first.fields["errors"] == 1
    progress.close()
    assert "1 error" in out.getvalue()


def test_short_names_keep_the_end_of_a_long_file_name():
    from clausecheck.batch.progress import short_name

    long = "/x/" + "a" * 80 + "-final-v3.pdf"
    shown = short_name(long, 20)
    assert len(shown) == 20 and shown.endswith("-final-v3.pdf") and shown.startswith("\u2026")
    assert short_name("/x/b.txt") == "b.txt"


def test_an_interrupted_summary_says_what_was_saved_and_how_to_resume():
    summary = Summary(total=10)
    for outcome in (OK, SAME, BAD):
        summary.add(outcome)
    text = summary.render_interrupted("p.db", "clausecheck batch c/ --db p.db", "SIGTERM")
    assert text.splitlines()[0] == (
        "interrupted by SIGTERM: 3 of 10 documents saved in p.db (1 analysed, 1 unchanged, "
        "1 errors); 7 not done"
    )
    assert text.splitlines()[-1] == "  clausecheck batch c/ --db p.db"
