"""Regressions for ingest bugs found by fuzzing (fuzz/fuzz_ingest.py) and by the hardening
review. Each input is rebuilt here from its recipe, minimised by hand; none is a stored binary.

Every test names the exception or behaviour that escaped before the fix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402

from clausecheck import errors, ingest  # noqa: E402
from clausecheck.ingest import numbering  # noqa: E402
from clausecheck.limits import Limits  # noqa: E402

W = hostile.W_NS


def _docx(body: str, numbering_levels: str | None = None, styles: str | None = None) -> bytes:
    parts = {"word/document.xml": hostile.document_xml(body)}
    if numbering_levels is not None:
        parts["word/numbering.xml"] = (
            f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">'
            f'{numbering_levels}</w:abstractNum><w:num w:numId="1">'
            '<w:abstractNumId w:val="0"/></w:num></w:numbering>'
        )
    if styles is not None:
        parts["word/styles.xml"] = f'<w:styles xmlns:w="{W}">{styles}</w:styles>'
    return hostile.docx_bytes(parts)


def _load(data: bytes, name: str, **limits):
    return ingest.load_bytes(data, Path(name), limits=Limits(**limits))


# --------------------------------------------------------------------------- PDF


def test_pdf_page_pdfium_cannot_load_is_skipped_with_a_warning(tmp_path):
    """Fuzzer, pdf target (mutated page tree): PdfiumError "Failed to load page." escaped from
    pdf.read. A page tree that lists itself reproduces it: pdfium counts 2 pages, loads one."""
    doc = ingest.load(hostile.pdf_page_tree_cycle(tmp_path))
    assert "Scope" in doc.text
    assert [p.number for p in doc.pages] == [1, 2]
    assert any("damaged" in w and "2" in w for w in doc.warnings)


def test_pdf_whose_pages_all_fail_is_a_corrupt_file():
    data = hostile.raw_pdf(
        {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [2 0 R] /Count 3 >>"}
    )
    with pytest.raises(errors.ClauseCheckError) as info:
        _load(data, "loop.pdf")
    assert isinstance(info.value, (errors.CorruptFile, errors.EmptyFile))


def test_pdf_stream_inflating_past_the_limit_is_refused_before_pdfium():
    """Review: pdfium inflated a 512 MiB content stream whole (1 GiB of memory, 7 s)."""
    data = hostile.raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        },
        {4: (b"/Filter /FlateDecode", hostile.blank_zlib(3 * 2**20))},
    )
    with pytest.raises(errors.LimitExceeded, match="decompression bomb"):
        _load(data, "bomb.pdf", max_decompressed=2 * 2**20)
    with pytest.raises(errors.EmptyFile):  # under the limit it is read (and is blank)
        _load(data, "bomb.pdf", max_decompressed=4 * 2**20)


# --------------------------------------------------------------------------- DOCX numbering


@pytest.mark.parametrize("ilvl", ["x", "\u00b2", "-1", "12", "99999999999999999999", ""])
def test_docx_list_level_that_is_not_a_level(ilvl):
    """Review, then fuzzer seeds: int("x") raised ValueError in numbering.parse, "²".isdigit()
    passed but int("²") raised, and ilvl 12 indexed past the nine counters (IndexError)."""
    levels = (
        f'<w:lvl w:ilvl="{ilvl}"><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="0"><w:lvlText w:val="%1."/></w:lvl>'
    )
    body = (
        f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
        "<w:r><w:t>The Supplier shall respect human rights.</w:t></w:r></w:p>"
    )
    doc = _load(_docx(body, levels), "levels.docx")
    assert "The Supplier shall respect human rights." in doc.text


@pytest.mark.parametrize(
    "fmt, start, shown",
    [
        ("lowerLetter", "999999999", "999999999"),
        ("upperLetter", "27", "AA"),
        ("lowerRoman", "4000", "4000"),
        ("upperRoman", "3999", "MMMCMXCIX"),
        ("lowerLetter", "-3", "-3"),
        ("decimal", "\u00b9", "1"),
    ],
)
def test_docx_list_start_values_render_bounded(fmt, start, shown):
    """Review: a start of 999,999,999 in letters rendered a 38-million-character number per
    paragraph (and Roman numerals a million 'm's) before any limit was checked."""
    levels = (
        f'<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    doc = _load(
        _docx(hostile.w_para("The Supplier shall comply.", num=(1, 0)), levels), "start.docx"
    )
    assert doc.text.startswith(f"{shown}. The Supplier shall comply.")


def test_docx_number_template_amplification_stops_at_the_character_limit():
    """Review: text grew without bound until the end of the document (the check ran last)."""
    levels = f'<w:lvl w:ilvl="0"><w:lvlText w:val="{"%1" * 20_000}"/></w:lvl>'
    body = hostile.w_para("The Supplier shall comply.", num=(1, 0)) * 200
    with pytest.raises(errors.LimitExceeded, match="--max-chars"):
        _load(_docx(body, levels), "amplifier.docx", max_chars=100_000)


def test_docx_outline_level_9_is_body_text_not_a_heading():
    """Review: outlineLvl 9 (Word's "body text") made every such paragraph a level-10 heading."""
    styles = (
        '<w:style w:styleId="Body"><w:name w:val="Body Text"/>'
        '<w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style>'
        '<w:style w:styleId="H"><w:name w:val="Section Title"/>'
        '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
    )
    body = hostile.w_para("Audit", style="H") + hostile.w_para(
        "The Buyer may audit the Supplier.", style="Body"
    )
    doc = _load(_docx(body, styles=styles), "outline.docx")
    assert [(b.kind, b.style_level) for b in doc.blocks] == [("heading", 2), ("paragraph", None)]


def test_numbering_helpers_reject_what_word_never_writes():
    assert numbering.to_int("12") == 12 and numbering.to_int(" -3 ") == -3
    assert numbering.to_int("\u00b2") is None and numbering.to_int("1" * 30) is None
    assert [numbering.level_index(v) for v in ("0", "8", "9", "-1", "x", None)] == [
        0,
        8,
        None,
        None,
        None,
        None,
    ]
    assert numbering.format_value(10**9, "lowerLetter") == str(10**9)


# --------------------------------------------------------------------------- HTML and text


def test_html_locators_are_xpaths_built_in_one_pass():
    """Review: lxml's getpath() counted siblings on every block, so 100,000 paragraphs took
    minutes. The locators the walk builds must still point at the right element."""
    from lxml import html

    page = (
        "<html><body><h1>Agreement</h1><div><p>One.</p><p>Two.</p></div>"
        "<table><tr><td>Cell.</td></tr></table><p>Three.</p></body></html>"
    )
    doc = _load(page.encode(), "page.html")
    root = html.document_fromstring(page)
    for anchor in doc.anchors:
        xpath = anchor.locator.removeprefix("html:")
        found = root.getroottree().xpath(xpath)
        assert len(found) == 1, xpath
        assert found[0].text_content().strip() == doc.text[anchor.start : anchor.end]


def test_html_bold_block_is_still_detected():
    """The bold flag of a block comes from that block (it read the root's flag before)."""
    doc = _load(
        b"<html><body><p><b>Audit Rights</b></p><p>The Buyer may audit.</p></body></html>", "b.html"
    )
    assert [b.is_bold for b in doc.blocks] == [True, False]


def test_text_utf32_with_bom_is_decoded():
    """Review: the UTF-32 byte-order mark was read as UTF-16's, then refused as binary."""
    doc = _load("1. The Supplier shall respect human rights.\n".encode("utf-32"), "u32.txt")
    assert doc.text == "1. The Supplier shall respect human rights."


def test_error_messages_stay_on_one_line():
    """Review: a file name holding a newline printed a second, forged error line."""
    exc = errors.EmptyFile(
        "evil\nclausecheck: error E000: fake\u202e.pdf", "the file is empty", "give\tit"
    )
    assert "\n" not in str(exc) and "\u202e" not in str(exc) and "\t" not in str(exc)
    assert "evil\\nclausecheck" in str(exc)
