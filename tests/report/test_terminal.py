"""Terminal report: 80 columns, a priority column, a traction summary, no colour when piped."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner
from rich.console import Console

from clausecheck.cli.main import main
from clausecheck.report import terminal
from clausecheck.report.json_report import to_dict
from tests.conftest import N_PROVISIONS, SAMPLES
from tests.report.inputs import PROVISIONS, SAMPLE_FILES, old_report_dict, report_dict


def rendered(report, *, verbose: bool = False, width: int = 80, ids: bool = True) -> str:
    """The terminal report; with provision ids (``--ids``) so that rows can be told apart."""
    console = Console(width=width, record=True, file=io.StringIO())
    terminal.render(report, console, verbose=verbose, ids=ids)
    return console.export_text()


def table_cells(text: str) -> dict[str, list[str]]:
    """provision -> its cells, read from the box-drawn table."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│").split("│")]
        if line.startswith("│") and cells[0] in PROVISIONS:
            rows[cells[0]] = cells
    return rows


def assert_fits(text: str, width: int = 80, path: str | None = None) -> None:
    """Every line fits, but the file name and folder lines: a name is never cut or wrapped."""
    names = set(path.rpartition("/")[::2]) if path else set()
    too_long = [
        line
        for line in text.splitlines()
        if len(line) > width and not any(n and n in line for n in names)
    ]
    assert not too_long, too_long


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_contracts_fit_80_columns(engine, path):
    report = engine.scan(path)
    priorities = {f["provision"]: f.get("priority") or "-" for f in to_dict(report)["findings"]}
    for verbose in (False, True):
        text = rendered(report, verbose=verbose)
        assert_fits(text, path=report.document.path)
        rows = table_cells(text)
        columns = 6 if report.document.format == "pdf" else 5  # a page column only for PDFs
        assert len(rows) == N_PROVISIONS and all(len(c) == columns for c in rows.values())
        assert {p: cells[3] for p, cells in rows.items()} == priorities


@pytest.mark.parametrize("verbose", [False, True])
def test_long_hostile_values_fit_80_columns(verbose):
    data = report_dict()
    data["document"]["path"] = "/very/long/" + "x" * 150 + ".pdf"
    data["findings"][1]["evidence"][0]["section"] = "Schedule 12, Part 3, paragraph 4(b)(ii)"
    data["traction"]["markers"][1]["message"] = "word " * 60
    text = rendered(data, verbose=verbose)
    assert_fits(text, path=data["document"]["path"])
    assert len(table_cells(text)) == N_PROVISIONS
    # the long name is on one line, whole (regression: it wrapped mid-name)
    assert any(("x" * 150 + ".pdf") in line for line in text.splitlines())
    assert "in /very/long/" in text


def test_provision_names_by_default_ids_on_request():
    data = report_dict()
    names = rendered(data, ids=False, width=120)
    assert "Audit and inspection rights" in names
    assert not table_cells(names)  # no row starts with an id
    assert "audit_rights" not in names.split("present ")[0]
    assert "audit_rights" in rendered(data, width=120)


def test_reviewer_column_and_flagged_rescan():
    data = report_dict()
    data["findings"][1]["decision"] = {
        "action": "override",
        "status": "present",
        "reason": "covers labour audits",
        "reviewer": "jd",
        "tool_status": "weak",
        "tool_now": "weak",
        "label": "changed by reviewer to present",
        "changed": True,
        "disagrees": False,
    }
    data["findings"][2]["decision"] = {
        "action": "accept",
        "status": "present",
        "reason": "read it",
        "tool_status": "present",
        "tool_now": data["findings"][2]["status"],
        "label": "x",
        "changed": data["findings"][2]["status"] != "present",
        "disagrees": data["findings"][2]["status"] != "present",
    }
    text = rendered(data, width=120)
    header = next(line for line in text.splitlines() if "provision" in line)
    assert header.strip("┃").split("┃")[-1].strip() == "reviewer"
    rows = table_cells(text)
    pid = data["findings"][1]["provision"]
    assert rows[pid][-1] == "changed to present"
    assert rows[pid][1] == data["findings"][1]["status"]  # the tool's call stays beside it
    if data["findings"][2]["status"] != "present":
        assert "re-scan disagrees" in text


def test_priority_column():
    data = report_dict()
    rows = table_cells(rendered(data))
    header = next(line for line in rendered(data).splitlines() if "provision" in line)
    paged = ["page"] if data["document"]["format"] == "pdf" else []
    assert [c.strip() for c in header.strip("┃").split("┃")] == [
        "provision",
        "status",
        "conf",
        "prio",
        "section",
        *paged,
    ]
    for f in data["findings"]:
        assert rows[f["provision"]][3] == (f["priority"] or "-")
    assert rows["audit_rights"][1:4] == ["weak", "0.51", "P2"]


def test_question_mark_marks_edge_rules_and_unsure_calls_and_the_legend_says_both():
    data = report_dict()
    data["findings"][0].update(uncertain=False, review=True)
    data["findings"][1].update(uncertain=True, review=False)
    text = rendered(data)
    rows = table_cells(text)
    for f in data["findings"][:2]:
        assert rows[f["provision"]][1].endswith("?")
    assert "('?' = edge-case rule or unsure call)" in text


def test_old_report_has_dashes_and_no_traction():
    text = rendered(old_report_dict())
    assert {cells[3] for cells in table_cells(text).values()} == {"-"}
    assert not any(line.startswith(("moments ", "markers ")) for line in text.splitlines())


def test_traction_summary():
    lines = [line.rstrip() for line in rendered(report_dict()).splitlines()]
    start = lines.index("moments explicit: exit")
    assert lines[start + 1] == "        possible: monitoring_audit"  # disbursement is not created
    assert lines[start + 2] == "markers 4 (P1 1, P2 1, P3 1, - 1); top 3:"
    assert [line.split()[:3] for line in lines[start + 3 : start + 6]] == [
        ["P1", "BL2", "responsible_exit:"],
        ["P2", "BL1", "termination_for_breach"],
        ["P3", "UM", "audit_rights"],
    ]
    assert not any(" OO " in line for line in lines)
    assert any(
        line.startswith("profile supplier_basic (") and ": not met, " in line for line in lines
    )


def test_long_marker_messages_take_one_line_each():
    data = report_dict()
    for m in data["traction"]["markers"]:
        m["message"] = "word " * 50
    lines = rendered(data).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("markers "))
    heads = [
        line.split()[0]
        for line in lines[start + 1 :]
        if line.split()[:1] in (["P1"], ["P2"], ["P3"])
    ]
    assert heads == ["P1", "P2", "P3"]
    # never cut with an ellipsis: the whole message is there, wrapped
    assert "…" not in "\n".join(lines)
    assert " ".join(lines[start + 1 :]).count("word") >= 3 * 50


def test_contract_text_is_not_rich_markup_or_emoji():
    data = report_dict()
    data["findings"][0]["reasons"][0] = "present: see :warning: and [/bold] here"
    text = rendered(data, verbose=True)
    assert "Acme [red]Corp[/red] (Buyer)" in text
    assert "[bold]markup[/bold]" in text
    assert "present: see :warning: and [/bold] here" in text


def test_verbose_lists_suggestion_headings():
    text = rendered(report_dict(), verbose=True, width=200)
    assert (
        "  suggestion: Heading for audit_rights (audit_rights_supplier_extend, extend); "
        "insert after 8.3 Audit of Records, as new 8.4 (next to the audit clause)"
    ) in text
    assert text.count("  suggestion: ") == 19
    assert "suggestion:" not in rendered(report_dict())


def test_no_colour_codes_without_a_terminal():
    out = io.StringIO()
    terminal.render(report_dict(), Console(file=out, width=80), verbose=True)
    assert "\x1b[" not in out.getvalue() and "audit_rights" in out.getvalue()


def test_colour_when_forced_so_the_check_above_can_fail():
    out = io.StringIO()
    terminal.render(report_dict(), Console(file=out, width=80, force_terminal=True))
    assert "\x1b[" in out.getvalue()


@pytest.mark.parametrize("args", [[], ["-v"]])
def test_cli_output_through_a_pipe_has_no_ansi(args):
    path = SAMPLES / "supplier_weak_harbor.txt"
    result = CliRunner().invoke(
        main, ["scan", str(path), *args], env={"FORCE_COLOR": None, "COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert "prio" in result.output and "Audit and inspection rights" in result.output
    assert_fits(result.output, path=str(path))
    ids = CliRunner().invoke(main, ["scan", str(path), "--ids"], env={"COLUMNS": "80"})
    assert len(table_cells(ids.output)) == N_PROVISIONS


def test_readable_names_ids_in_prose_but_not_inside_other_ids_or_plain_words():
    from clausecheck.report.digest import readable

    text = "no candidate for anti_bribery; see audit_rights_supplier_extend; no remediation"
    assert readable(text) == (
        "no candidate for Anti-bribery and corruption; see audit_rights_supplier_extend; "
        "no remediation"
    )
