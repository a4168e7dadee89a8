"""Text a reader cannot see is never evidence, and the report says it was found; characters
that are invisible inside a word (zero-width, soft hyphen) or reorder the display (bidi
controls) never hide a visible clause. Inputs are built by tests/hostile.py."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck import ingest  # noqa: E402
from clausecheck.cli.main import main  # noqa: E402
from clausecheck.ingest.builder import HIDDEN_TEXT  # noqa: E402

PROVISION = "grievance_mechanism"  # what the hidden clause would make present
HIDERS = [
    hostile.pdf_hidden_render_mode,
    hostile.pdf_hidden_white,
    hostile.pdf_hidden_tiny,
    hostile.pdf_hidden_off_page,
    hostile.pdf_hidden_clipped,
    hostile.docx_hidden_vanish,
    *(functools.partial(hostile.docx_hidden, how=how) for how in hostile.docx_hidden_kinds()),
    *(functools.partial(hostile.html_hidden, how=how) for how in hostile.html_hidden_kinds()),
]
IDS = [getattr(b, "__name__", None) or f"{b.func.__name__}_{b.keywords['how']}" for b in HIDERS]


def _status(report, provision: str) -> str:
    return next(str(f.status) for f in report.findings if f.provision == provision)


def test_the_clause_in_plain_view_is_present(engine, tmp_path):
    """The control: without hiding, the clause is found (so the tests below can fail)."""
    path = tmp_path / "visible.txt"
    path.write_text(hostile.visible_contract_text(), encoding="utf-8")
    assert _status(engine.scan(path), PROVISION) == "present"


@pytest.mark.parametrize("build", HIDERS, ids=IDS)
def test_hidden_clause_is_left_out_and_reported(build, tmp_path):
    doc = ingest.load(build(tmp_path))
    assert hostile.HIDDEN_WORD not in doc.text.lower()
    assert "Scope" in doc.text and "governed by the laws" in doc.text  # the visible text stays
    assert any(w.startswith(HIDDEN_TEXT) for w in doc.warnings), doc.warnings


@pytest.mark.parametrize("build", HIDERS, ids=IDS)
def test_hidden_clause_is_never_evidence(engine, build, tmp_path):
    report = engine.scan(build(tmp_path))
    assert _status(report, PROVISION) == "missing"
    for finding in report.findings:
        for ev in finding.evidence:
            assert hostile.HIDDEN_WORD not in ev.text.lower()
    assert any(e.startswith(HIDDEN_TEXT) for e in report.errors)


@pytest.mark.parametrize("fmt", ["json", "terminal", "html", "markdown"])
def test_hidden_text_warning_is_in_every_output(engine, tmp_path, fmt):
    path = hostile.docx_hidden_vanish(tmp_path)
    out = tmp_path / f"report.{fmt}"
    args = ["scan", str(path), "--format", fmt]
    if fmt != "terminal":
        args += ["-o", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    text = result.output if fmt == "terminal" else out.read_text(encoding="utf-8")
    if fmt == "json":
        assert any(e.startswith(HIDDEN_TEXT) for e in json.loads(text)["errors"])
    else:
        assert HIDDEN_TEXT in text


def test_zero_width_characters_do_not_hide_a_visible_clause(engine, tmp_path):
    path = hostile.zero_width_text(tmp_path)
    assert "\u200b" in path.read_text(encoding="utf-8")  # the input really holds them
    doc = ingest.load(path)
    assert "grievance mechanism" in doc.text and "human rights" in doc.text
    assert _status(engine.scan(path), PROVISION) == "present"


def test_removed_characters_keep_docx_run_anchors(tmp_path):
    """Runs after a removed character still point at their own text."""
    body = "".join(
        hostile.w_para(t)
        for t in (
            "1. Scope. The Sup\u00adplier shall deliver.",
            "2. Au\u200bdit. The Buyer may audit.",
        )
    )
    path = tmp_path / "zw.docx"
    path.write_bytes(hostile.docx_bytes({"word/document.xml": hostile.document_xml(body)}))
    doc = ingest.load(path)
    assert "Supplier" in doc.text and "2. Audit." in doc.text
    for anchor in doc.anchors:
        assert 0 <= anchor.start <= anchor.end <= len(doc.text)
    audit = doc.text.index("Audit")
    run = [a for a in doc.anchors if a.start <= audit < a.end and ",run=" in a.locator]
    assert run and run[0].locator.startswith("docx:para=2")


def test_bidi_controls_are_removed_and_reported(tmp_path):
    text = hostile.visible_contract_text().replace("Scope", "Sc\u202eepo\u202c")
    path = tmp_path / "bidi.txt"
    path.write_text(text, encoding="utf-8")
    doc = ingest.load(path)
    assert not any(
        ch in doc.text for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    )
    assert any("bidirectional" in w for w in doc.warnings)


def test_white_text_on_a_coloured_page_is_read(tmp_path):
    """White is hidden on Word's white page only: a page with a background colour shows it."""
    clause = "<w:p>" + hostile._docx_run(hostile.HIDDEN_CLAUSE, '<w:color w:val="FFFFFF"/>')
    body = "".join(hostile.w_para(t) for t in hostile.VISIBLE_LINES) + clause + "</w:p>"
    xml = hostile.document_xml(body).replace("<w:body>", '<w:background w:color="1F3864"/><w:body>')
    path = tmp_path / "dark.docx"
    path.write_bytes(hostile.docx_bytes({"word/document.xml": xml}))
    doc = ingest.load(path)
    assert hostile.HIDDEN_WORD in doc.text.lower()
    assert not any(w.startswith(HIDDEN_TEXT) for w in doc.warnings)


@pytest.mark.parametrize(
    "markup",
    [
        # the inline-block layout trick: the row has no font size, its cells set their own
        '<div style="font-size:0"><span style="font-size:12px">{}</span></div>',
        '<div style="visibility:hidden"><p style="visibility:visible">{}</p></div>',
        '<div class="row"><p class="cell">{}</p></div>',
    ],
    ids=["font_size_reset", "visibility_reset", "class_reset"],
)
def test_text_a_child_makes_visible_again_is_read(tmp_path, markup):
    css = ".row { font-size: 0 } .cell { font-size: 11pt }"
    body = "".join(f"<p>{line}</p>" for line in hostile.VISIBLE_LINES)
    body += markup.format(hostile.HIDDEN_CLAUSE)
    path = tmp_path / "reset.html"
    path.write_text(f"<html><head><style>{css}</style></head><body>{body}</body></html>")
    doc = ingest.load(path)
    assert hostile.HIDDEN_WORD in doc.text.lower()
    assert not any(w.startswith(HIDDEN_TEXT) for w in doc.warnings)


@pytest.mark.parametrize(
    "markup",
    [
        '<div style="font-size:0"><span style="font-size:2em">{}</span></div>',
        '<div style="display:none"><p style="display:block">{}</p></div>',
        '<div style="opacity:0"><p style="opacity:1">{}</p></div>',
        '<p style="visibility : hidden !important">{}</p>',
    ],
    ids=["relative_size_of_zero", "display_none", "opacity", "visibility_important"],
)
def test_text_a_child_cannot_make_visible_stays_hidden(tmp_path, markup):
    body = "".join(f"<p>{line}</p>" for line in hostile.VISIBLE_LINES)
    body += markup.format(hostile.HIDDEN_CLAUSE)
    path = tmp_path / "kept_hidden.html"
    path.write_text(f"<html><body>{body}</body></html>")
    doc = ingest.load(path)
    assert hostile.HIDDEN_WORD not in doc.text.lower()
    assert any(w.startswith(HIDDEN_TEXT) for w in doc.warnings)
