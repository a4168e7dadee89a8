"""The iCalendar export, parsed back with the icalendar library."""

from __future__ import annotations

import datetime as dt

import icalendar
from click.testing import CliRunner

from clausecheck.cli.main import main
from clausecheck.report import ics_report
from tests.conftest import SAMPLES


def test_dated_moments_parse_back(sample_report):
    report = sample_report("supplier_weak_harbor")
    cal = icalendar.Calendar.from_ical(ics_report.render(report))
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    deadline = next(
        e for s, e in events.items() if s.startswith("last day to give notice of non-renewal")
    )
    assert deadline["DTSTART"].dt == dt.date(2026, 4, 13)  # 3 years from 12 June 2023, less 60 days
    assert deadline["RRULE"]["FREQ"] == ["YEARLY"]
    quarterly = next(e for s, e in events.items() if s.startswith("Quarterly report"))
    assert quarterly["RRULE"]["FREQ"] == ["MONTHLY"] and quarterly["RRULE"]["INTERVAL"] == [3]
    assert "code_of_conduct" in str(deadline["DESCRIPTION"])
    assert len({str(e["UID"]) for e in events.values()}) == len(events)


def test_lines_are_folded_and_escaped(sample_report):
    text = ics_report.render(sample_report("supplier_weak_harbor"))
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n"))
    assert "\\," in text  # commas in descriptions escaped


def test_cli_ics_option(tmp_path):
    out = tmp_path / "dates.ics"
    result = CliRunner().invoke(
        main,
        [
            "scan",
            str(SAMPLES / "supplier_strong_northwind.docx"),
            "--format",
            "json",
            "-o",
            str(tmp_path / "r.json"),
            "--ics",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    cal = icalendar.Calendar.from_ical(out.read_bytes())
    assert any("renewal" in str(e["SUMMARY"]) for e in cal.walk("VEVENT"))
