"""Markdown memo: structure, gap order, contract text that cannot break tables or inject HTML."""

from __future__ import annotations

import re

import pytest

from clausecheck.report import json_report, markdown_report
from tests.conftest import N_PROVISIONS
from tests.report.inputs import PROVISIONS, SAMPLE_FILES, old_report_dict, report_dict, scan_text

FENCE = re.compile(r"^(`{3,})text\n.*?^\1$", re.S | re.M)

HOSTILE_CONTRACT = """SUPPLY AGREEMENT | <script>alert(1)</script>

This Agreement is between Acme Inc. ("Buyer") and Widget Ltd ("Supplier").

1. AUDIT

1.1 The Buyer may audit the books | records <script>alert(2)</script> of the Supplier
to verify `invoices`.

2. TERMINATION

2.1 The Buyer may terminate this Agreement if the Supplier materially breaches
| <b>this</b> Agreement.
"""


def outside_fences(md: str) -> str:
    return FENCE.sub("", md)


def table_rows(md: str, header: str) -> list[str]:
    lines = md.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append(line)
    return rows


def unescaped_pipes(line: str) -> int:
    return len(re.findall(r"(?<!\\)\|", line))


@pytest.fixture(scope="module")
def hostile_md(engine, tmp_path_factory):
    return markdown_report.render(
        scan_text(engine, tmp_path_factory.mktemp("md"), "hostile <b>|.txt", HOSTILE_CONTRACT)
    )


def test_structure_in_order():
    md = markdown_report.render(report_dict())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Profile",
        "## Provisions",
        "## Gaps by priority",
        "## Traction",
        "## Timeline",
        "## Warnings",
    ]
    assert md.startswith("# Leverage review: ")
    summary = f"**Summary:** {N_PROVISIONS} provisions: 8 present, 12 weak, 7 missing."
    assert f"{summary} Gaps: 4 at P1, 4 at P2, 4 at P3, 4 at P4." in md
    assert "**not met**" in md


def test_provision_table_has_one_row_per_provision_and_five_columns():
    data = report_dict()
    rows = table_rows(
        markdown_report.render(data),
        "| provision | status | section | priority | action |",
    )
    from clausecheck.report.digest import provision_name

    names = [provision_name(f) for f in data["findings"]]
    assert [r.split("|")[1].strip() for r in rows] == [markdown_report.inline(n) for n in names]
    assert len(rows) == len(PROVISIONS)
    assert all(unescaped_pipes(r) == 6 for r in rows)
    assert "| Audit and inspection rights | weak | 1.1 | P2 | extend |" in rows


def test_gaps_run_p1_first_and_carry_why_examined_and_suggestion():
    md = markdown_report.render(report_dict())
    groups = re.findall(r"^### (.+)$", md, re.M)
    assert groups == ["P1", "P2", "P3", "P4", "Not flagged"]
    not_flagged = md.split("### Not flagged")[1].split("## Traction")[0]
    assert (
        "- External human-rights and E&amp;S standards: missing; no priority for this relationship"
        in not_flagged
    )
    assert "#### " not in not_flagged and "```" not in not_flagged
    gaps = md.split("## Gaps by priority")[1].split("## Traction")[0]
    first = gaps.split("#### ")[1]
    assert first.startswith("Board voting threshold or reserved matters: missing, add")
    assert "- **Why:** missing: reason for Board voting threshold or reserved matters" in first
    assert "- **Examined and rejected:**" in first and "2.5 'some clause" in first
    assert (
        "Heading for board\\_voting\\_threshold" in first
        and "insert after 8.3 Audit of Records, as new 8.4" in first
    )
    assert "The Supplier shall do the thing for board_voting_threshold." in first


def test_suggestion_fence_is_longer_than_backticks_inside():
    md = markdown_report.render(report_dict())
    assert (
        "````text\nThe Supplier shall do the thing for audit_rights.\n```\nfence breaker\n```\n````"
        in md
    )


def test_traction_and_timeline():
    md = markdown_report.render(report_dict())
    traction = md.split("## Traction")[1].split("## Timeline")[0]
    assert "- Monitoring audit: HR hook possible (1 instance(s))" in traction
    assert "Disbursement" not in traction  # not created
    markers = [
        line
        for line in traction.splitlines()
        if line.startswith("- **P") or line.startswith("- **–")
    ]
    assert [m.split("**")[1] for m in markers] == ["P1", "P2", "P3", "–"]
    assert "- **performance** · once per contract year: Audit of records" in md


def test_hostile_text_is_escaped_outside_code_blocks():
    md = outside_fences(markdown_report.render(report_dict()))
    for raw in ("<script", "<b>", "<img", "<u>", "<i>", "[bold]", "[link](http"):
        assert raw not in md
    assert "&lt;script&gt;" in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert (
        "\\[link\\](http://x)" in md
        and "\\[bold\\]markup" in md
        and "\\`records\\` \\| wages" in md
    )


def test_current_clause_quotes_escape_pipes():
    md = markdown_report.render(report_dict())
    line = next(x for x in md.splitlines() if x.startswith("- **Current clause** 1.1"))
    assert "Audit \\| Access &lt;script&gt;" in line and unescaped_pipes(line) == 0


def test_old_reports_without_leverage_keys():
    md = markdown_report.render(old_report_dict())
    assert "## Traction" not in md and "## Profile" not in md and "## Timeline" not in md
    assert re.findall(r"^### (.+)$", md, re.M) == ["Not prioritised"]
    assert md.count("- **Suggestion:** none in the library") == 19


def test_write(tmp_path):
    path = tmp_path / f"memo{markdown_report.EXTENSION}"
    markdown_report.write(report_dict(), path)
    assert path.read_text(encoding="utf-8") == markdown_report.render(report_dict())


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a | b", "a \\| b"),
        ("`x`", "\\`x\\`"),
        ("<script>", "&lt;script&gt;"),
        ("a & b", "a &amp; b"),
        ("[x](y)", "\\[x\\](y)"),
        ("*b* _i_", "\\*b\\* \\_i\\_"),
        ("Title #", "Title \\#"),
        ("two\nlines", "two lines"),
        (None, ""),
    ],
)
def test_inline(text, expected):
    assert markdown_report.inline(text) == expected


def test_code_span_cannot_be_closed():
    assert markdown_report.code("a`b") == "``a`b``"
    assert markdown_report.code("`x") == "`` `x ``"


def test_real_scan_of_hostile_text(hostile_md):
    body = outside_fences(hostile_md)
    assert "<script" not in body and "<b>" not in body
    rows = table_rows(hostile_md, "| provision | status | section | priority | action |")
    assert len(rows) == N_PROVISIONS and all(unescaped_pipes(r) == 6 for r in rows)
    assert all(unescaped_pipes(line) == 0 for line in body.splitlines() if not line.startswith("|"))


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: p.name)
def test_sample_contracts(engine, path):
    report = engine.scan(path)
    data = json_report.to_dict(report)
    md = markdown_report.render(report)
    rows = table_rows(md, "| provision | status | section | priority | action |")
    assert len(rows) == N_PROVISIONS and all(unescaped_pipes(r) == 6 for r in rows)
    gaps = [f for f in data["findings"] if f["status"] != "present"]
    flagged = [f for f in gaps if f["priority"]]
    assert md.count("\n#### ") == len(flagged) and md.count("- **Why:** ") == len(flagged)
    assert "<" not in outside_fences(md).replace("&lt;", "")
    groups = re.findall(r"^### (.+)$", md, re.M)
    expected = sorted({f.get("priority") or "~" for f in gaps})  # "~" sorts after P1..P4
    expected = ["Not flagged" if g == "~" else g for g in expected]
    assert groups == expected
    with_text = [f for f in flagged if f.get("suggestions")]
    assert with_text, "the sample contracts should get library suggestions"
    for f in with_text:
        assert f["suggestions"][0]["text"].rstrip() in md  # verbatim inside its fenced block
    assert len(FENCE.findall(md)) >= len(with_text)
    if data.get("traction"):
        assert "## Traction" in md and "## Timeline" in md
