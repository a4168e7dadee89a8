"""Small documents crafted per format, checking what the reader extracts: text, blocks,
pages, anchors, rendered Word numbering, running headers/footers, hyphenation, tracked
changes, footnotes and HTML headings. Everything is built in the test (no binaries committed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck import ingest  # noqa: E402
from clausecheck.types import Document  # noqa: E402

W_NS = hostile.W_NS


def uncovered(doc: Document) -> list[int]:
    """Offsets of non-space characters that no anchor covers."""
    covered = bytearray(len(doc.text))
    for a in doc.anchors:
        assert 0 <= a.start < a.end <= len(doc.text), a
        covered[a.start : a.end] = b"\x01" * (a.end - a.start)
    return [i for i, ch in enumerate(doc.text) if not ch.isspace() and not covered[i]]


def block_texts(doc: Document, kind: str | None = None) -> list[str]:
    return [doc.text[b.start : b.end] for b in doc.blocks if kind is None or b.kind == kind]


def check_blocks(doc: Document) -> None:
    prev_end = 0
    for b in doc.blocks:
        assert prev_end <= b.start < b.end <= len(doc.text), b
        assert doc.text[b.start : b.end].strip()
        prev_end = b.end


# --------------------------------------------------------------------------- DOCX

NUMBERING_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="{W_NS}">
  <w:abstractNum w:abstractNumId="10">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="20">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/>
      <w:lvlRestart w:val="1"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="30">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="10"/>
    <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="20"/></w:num>
  <w:num w:numId="4"><w:abstractNumId w:val="30"/></w:num>
</w:numbering>"""

STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="{W_NS}">
  <w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>
  <w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/>
    <w:basedOn w:val="Heading1"/></w:style>
  <w:style w:type="paragraph" w:styleId="SchedHead"><w:name w:val="Schedule Head"/>
    <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
</w:styles>"""

FOOTNOTES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W_NS}">
  <w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
  <w:footnote w:id="1"><w:p><w:r><w:t>Notice by email counts as written notice.</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""

HEADER_XML = (
    f"""<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>DRAFT HEADER TEXT</w:t></w:r></w:p></w:hdr>"""
)

TRACKED = (
    '<w:p><w:r><w:t xml:space="preserve">The Supplier shall </w:t></w:r>'
    '<w:ins w:id="1" w:author="Counsel"><w:r><w:t xml:space="preserve">promptly </w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="Counsel"><w:r><w:delText xml:space="preserve">never </w:delText></w:r></w:del>'
    '<w:r><w:t xml:space="preserve">notify the Buyer of any breach.</w:t></w:r>'
    '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
)

BOLD_RUNIN = (
    '<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">Audit.</w:t></w:r>'
    '<w:r><w:t xml:space="preserve"> The Buyer may inspect the records.</w:t></w:r></w:p>'
)

TABLE = (
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Cell one wages</w:t></w:r></w:p></w:tc>"
    "<w:tc><w:p><w:r><w:t>Cell two hours</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
)

P = hostile.w_para
DOCX_BODY = "".join(
    [
        P("Master Supply Agreement", style="Title"),
        P("Definitions", num=(1, 0)),  # 1.
        P("Goods means the items in the schedule.", num=(1, 1)),  # 1.1
        P("Site means any place of production.", num=(1, 1)),  # 1.2
        P("Conduct", num=(1, 0)),  # 2.
        P("The Supplier shall respect the Code.", num=(1, 1)),  # 2.1 (restarts after 2.)
        TRACKED,
        BOLD_RUNIN,
        P("Schedule of Goods", style="SchedHead"),
        P("Schedule terms", num=(2, 0)),  # 1. again: startOverride restarts the shared list
        P("Delivery is made to the Site.", num=(2, 1)),  # 1.1
        P("Remedies", num=(3, 0)),  # 1.
        P("first remedy", num=(3, 1)),  # (a)
        P("second remedy", num=(3, 1)),  # (b)
        P("Exit", num=(3, 0)),  # 2.
        P("third remedy", num=(3, 1)),  # (a) again after a new parent
        P("General", num=(4, 0)),  # Article I
        P("Final provisions", num=(4, 0)),  # Article II
        TABLE,
        P("Heading Two Text", style="Heading2"),
    ]
)

EXPECTED_NUMBERS = [
    "1.",
    "1.1",
    "1.2",
    "2.",
    "2.1",
    "1.",
    "1.1",
    "1.",
    "(a)",
    "(b)",
    "2.",
    "(a)",
    "Article I",
    "Article II",
]


@pytest.fixture(scope="module")
def docx_doc(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("docx") / "crafted.docx"
    path.write_bytes(
        hostile.docx_bytes(
            {
                "word/document.xml": hostile.document_xml(DOCX_BODY),
                "word/numbering.xml": NUMBERING_XML,
                "word/styles.xml": STYLES_XML,
                "word/footnotes.xml": FOOTNOTES_XML,
                "word/header1.xml": HEADER_XML,
            }
        )
    )
    return ingest.load(path)


def test_docx_numbering_rendered(docx_doc):
    numbers = [b.number for b in docx_doc.blocks if b.number]
    assert numbers == EXPECTED_NUMBERS
    texts = block_texts(docx_doc)
    for line in (
        "1. Definitions",
        "1.1 Goods means",
        "2.1 The Supplier shall respect",
        "1. Schedule terms",
        "(a) first remedy",
        "(b) second remedy",
        "2. Exit",
        "(a) third remedy",
        "Article I General",
        "Article II Final provisions",
    ):
        assert any(t.startswith(line) for t in texts), line


def test_docx_tracked_changes_and_footnote(docx_doc):
    text = docx_doc.text
    assert "The Supplier shall promptly notify the Buyer of any breach." in text
    assert "never" not in text
    footnotes = block_texts(docx_doc, "footnote")
    assert len(footnotes) == 1 and "Notice by email counts as written notice." in footnotes[0]
    assert "DRAFT HEADER TEXT" not in text  # headers are not body text


def test_docx_headings_tables_bold(docx_doc):
    by_text = {docx_doc.text[b.start : b.end]: b for b in docx_doc.blocks}
    assert by_text["Master Supply Agreement"].kind == "heading"
    assert by_text["Master Supply Agreement"].style_level == 1
    assert by_text["Heading Two Text"].style_level == 2  # through basedOn
    assert by_text["Schedule of Goods"].style_level == 1  # outlineLvl 0
    assert by_text["1. Definitions"].kind == "paragraph"
    assert block_texts(docx_doc, "table_cell") == ["Cell one wages", "Cell two hours"]
    assert not by_text["Audit. The Buyer may inspect the records."].is_bold  # bold run-in only
    assert docx_doc.format == "docx" and docx_doc.pages == () and docx_doc.page_at(0) is None


def test_docx_anchors_cover_text(docx_doc):
    check_blocks(docx_doc)
    assert uncovered(docx_doc) == []
    numbering = [a for a in docx_doc.anchors if a.locator.endswith(",numbering")]
    assert len(numbering) == len(EXPECTED_NUMBERS)
    for a in numbering:
        assert docx_doc.text[a.start : a.end] in EXPECTED_NUMBERS


# --------------------------------------------------------------------------- PDF

PDF_HEADER = "NORTHGATE SUPPLY AGREEMENT - CONFIDENTIAL"
PDF_PAGES = [
    [
        "1. Scope. The Supplier shall deliver the Goods listed in the schedule to",
        "the Buyer at the agreed sites and on the agreed dates (page one marker).",
        "2. Conduct. The Supplier shall comply with each of its labour obli-",
        "gations under this agreement and under the Buyer Supplier Code at all",
        "times and at every site used for the Goods.",
    ],
    [
        "3. Records. The Supplier shall keep accurate records of wages and hours",
        "for every worker engaged on the Goods by it or by any approved Sub-",
        "Supplier (page two marker).",
    ],
    [
        "4. Audit. The Buyer may inspect those records, the food-contact materials and",
        "the sites on ten days notice. Each audit covers every packaging and food-",
        "contact line and each worker interview is held in private (page three marker).",
    ],
    [
        "5. Exit. The Buyer may terminate this agreement by notice if a serious",
        "breach of Clause 2 is not remedied within thirty days (page four marker).",
    ],
]


@pytest.fixture(scope="module")
def pdf_doc(tmp_path_factory) -> Document:
    pytest.importorskip("fpdf")
    path = tmp_path_factory.mktemp("pdf") / "crafted.pdf"
    path.write_bytes(
        hostile.pdf_bytes(
            PDF_PAGES,
            font_size=10,
            line_height=5,
            header=PDF_HEADER,
            footer="Page {page} of {pages}",
        )
    )
    return ingest.load(path)


def test_pdf_pages_and_page_at(pdf_doc):
    assert pdf_doc.format == "pdf" and pdf_doc.page_count == 4
    assert [p.number for p in pdf_doc.pages] == [1, 2, 3, 4]
    for n, marker in enumerate(
        ["page one marker", "page two marker", "page three marker", "page four marker"], 1
    ):
        at = pdf_doc.text.index(marker)
        assert pdf_doc.page_at(at) == n
        span = pdf_doc.pages[n - 1]
        assert span.start <= at < span.end
    check_blocks(pdf_doc)


def test_pdf_running_header_footer_removed(pdf_doc):
    assert "NORTHGATE" not in pdf_doc.text
    assert "CONFIDENTIAL" not in pdf_doc.text
    for n in range(1, 5):
        assert f"Page {n} of 4" not in pdf_doc.text


def test_pdf_reflow_and_hyphenation(pdf_doc):
    text = pdf_doc.text
    assert "labour obligations under this agreement" in text
    assert "obli-" not in text
    assert "approved Sub-Supplier (page two marker)" in text  # a real hyphen before a capital stays
    assert "every packaging and food-contact line" in text  # written with a hyphen elsewhere
    paras = block_texts(pdf_doc)
    assert any(p.startswith("1. Scope.") and p.endswith("(page one marker).") for p in paras)
    assert any(
        p.startswith("2. Conduct.") and p.endswith("every site used for the Goods.") for p in paras
    )


def test_pdf_anchors(pdf_doc):
    assert uncovered(pdf_doc) == []
    for a in pdf_doc.anchors:
        assert a.page == pdf_doc.page_at(a.start)
        assert a.locator.startswith(f"pdf:p{a.page}@")


# --------------------------------------------------------------------------- HTML

HTML_DOC = """<!DOCTYPE html><html><head><title>Services Agreement</title>
<style>p { margin: 0 }</style><script>var hidden = "SCRIPT CONTENT";</script></head>
<body>
<h1>Services Agreement</h1>
<p>This agreement is made between Lumen Services and Kite Retail.</p>
<h2>1. Labour Standards</h2>
<p>The Provider shall not use forced labour.<br>It shall pay at least the legal minimum wage.</p>
<h3>1.1 Audits</h3>
<p><b>Audit.</b> The Client may audit the Provider.</p>
<table><tr><td>Term</td><td>Two years</td></tr></table>
<ul><li>first listed item</li><li>second listed item</li></ul>
</body></html>"""


@pytest.fixture(scope="module")
def html_doc(tmp_path_factory) -> Document:
    path = tmp_path_factory.mktemp("html") / "crafted.html"
    path.write_text(HTML_DOC, encoding="utf-8")
    return ingest.load(path)


def test_html_headings(html_doc):
    headings = [
        (html_doc.text[b.start : b.end], b.style_level)
        for b in html_doc.blocks
        if b.kind == "heading"
    ]
    assert ("Services Agreement", 1) in headings
    assert ("1. Labour Standards", 2) in headings
    assert ("1.1 Audits", 3) in headings


def test_html_text_blocks_anchors(html_doc):
    text = html_doc.text
    assert "SCRIPT CONTENT" not in text and "margin" not in text
    assert (
        "The Provider shall not use forced labour. It shall pay at least the legal minimum wage."
        in text
    )
    assert "Audit. The Client may audit the Provider." in block_texts(html_doc)
    assert {"Term", "Two years"} <= set(block_texts(html_doc, "table_cell"))
    assert "first listed item" in block_texts(html_doc)
    check_blocks(html_doc)
    assert uncovered(html_doc) == []
    assert all(a.locator.startswith("html:/") for a in html_doc.anchors)
    assert html_doc.page_at(10) is None


def test_html_moderate_nesting_read_in_full(tmp_path):
    path = tmp_path / "nested.html"
    path.write_text(
        "<html><body><p>Before text.</p>"
        + "<div>" * 200
        + "Deep text."
        + "</div>" * 200
        + "<p>After text.</p></body></html>",
        encoding="utf-8",
    )
    assert block_texts(ingest.load(path)) == ["Before text.", "Deep text.", "After text."]


# --------------------------------------------------------------------------- text and Markdown

WRAPPED_TEXT = """SUPPLY AGREEMENT

1. The Supplier shall deliver the Goods on the dates set out in the
delivery plan agreed with the Buyer from time to time.

2. The Supplier shall keep records of wages and hours for every
worker and make them available to the Buyer on request.

Page 1 of 3

3. The Buyer may end this agreement if the Supplier commits a serious
breach of Clause 2 or of its other obli-
gations, or a repeated non-
compliance with the non-compliance procedure.

Page 2 of 3

4. This agreement is governed by the laws of England.

Page 3 of 3
"""

MARKDOWN = """# Services Agreement

## 1. Standards

The Provider shall **not** use [forced labour](https://example.invalid/) in any form.

| Term | Value |
|------|-------|
| Duration | Two years |

Signed by the Provider: **By:** ______________ Date: ____
"""


def test_text_reflow_and_page_lines(tmp_path):
    path = tmp_path / "wrapped.txt"
    path.write_text(WRAPPED_TEXT, encoding="utf-8")
    doc = ingest.load(path)
    paras = block_texts(doc)
    assert (
        "1. The Supplier shall deliver the Goods on the dates set out in the delivery plan "
        "agreed with the Buyer from time to time."
    ) in paras
    assert (
        "3. The Buyer may end this agreement if the Supplier commits a serious breach of Clause 2 "
        "or of its other obligations, or a repeated non-compliance with the non-compliance "
        "procedure."
    ) in paras
    assert "Page 2 of 3" not in doc.text
    check_blocks(doc)
    assert uncovered(doc) == []
    assert all(a.locator.startswith("text:line=") for a in doc.anchors)


def test_markdown_headings_and_markup(tmp_path):
    path = tmp_path / "agreement.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    doc = ingest.load(path)
    assert doc.format == "markdown"
    headings = [
        (doc.text[b.start : b.end], b.style_level) for b in doc.blocks if b.kind == "heading"
    ]
    assert headings == [("Services Agreement", 1), ("1. Standards", 2)]
    assert "The Provider shall not use forced labour in any form." in doc.text
    assert "**" not in doc.text and "example.invalid" not in doc.text and "|---" not in doc.text
    assert "Duration Two years" in doc.text
    assert "Signed by the Provider: By: ______________ Date: ____" in doc.text  # blanks, not bold
