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
