"""DOCX structures that repeated or lost text: each paragraph is read once (text boxes, nested
content-control tables), embedded altChunk content is warned about, duplicate zip entries are
refused, and long basedOn style chains are walked once per style."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck import errors, ingest  # noqa: E402
from clausecheck.ingest import docx as docx_reader  # noqa: E402

AUDIT = "4. Audit. The Buyer may inspect those records"


def test_nested_content_control_tables_give_the_paragraph_once(tmp_path):
    doc = ingest.load(hostile.docx_nested_sdt_tables(tmp_path, depth=40))
    assert doc.text.count(AUDIT) == 1


def test_text_box_is_read_once(tmp_path):
    doc = ingest.load(hostile.docx_text_box(tmp_path))
    assert doc.text.count(AUDIT) == 1


def test_alt_chunk_is_warned_about(tmp_path):
    doc = ingest.load(hostile.docx_alt_chunk(tmp_path))
    assert any("altChunk" in w for w in doc.warnings)
    assert hostile.HIDDEN_WORD not in doc.text.lower()


def test_duplicate_zip_entry_is_refused(tmp_path):
    with pytest.raises(errors.CorruptFile) as info:
        ingest.load(hostile.docx_duplicate_entry(tmp_path))
    assert info.value.code == "E147" and "word/document.xml" in str(info.value)


def test_style_chain_is_walked_once_per_style(tmp_path, monkeypatch):
    walks = []
    chain = docx_reader._Styles._chain

    def counting(self, style_id):
        walks.append(style_id)
        return chain(self, style_id)

    monkeypatch.setattr(docx_reader._Styles, "_chain", counting)
    doc = ingest.load(hostile.docx_style_chain(tmp_path, n=500))
    assert doc.text.count(AUDIT) == 200  # 1,200 paragraphs in the deepest style
    assert len(walks) <= 4  # numbering, heading level (and hidden) once each, not per paragraph


def test_style_chain_is_bounded():
    from lxml import etree

    n = 5 * docx_reader.MAX_STYLE_CHAIN
    styles = "".join(
        f'<w:style w:styleId="S{i}">'
        + (f'<w:basedOn w:val="S{i - 1}"/>' if i else "")
        + ('<w:pPr><w:outlineLvl w:val="0"/></w:pPr>' if i == 0 else "")
        + "</w:style>"
        for i in range(n)
    )
    root = etree.fromstring(f'<w:styles xmlns:w="{hostile.W_NS}">{styles}</w:styles>')
    st = docx_reader._Styles(root)
    assert st.heading_level("S1") == 1  # near the root: found
    assert st.heading_level(f"S{n - 1}") is None  # past the bound: not followed
    started = time.process_time()
    for i in range(n):
        st.num(f"S{i}")
    assert time.process_time() - started < 5  # a bound, not a benchmark: quadratic was minutes


@pytest.mark.parametrize(
    "build", [hostile.docx_text_box, hostile.docx_nested_sdt_tables, hostile.docx_hidden_vanish]
)
def test_the_redline_maps_every_run_back(build, tmp_path):
    """The Word redline walks the paragraphs as the reader does: every run anchor finds its run."""
    import docx

    from clausecheck.report.docx_textmap import TextMap

    path = build(tmp_path)
    doc = ingest.load(path)
    body = docx.Document(str(path)).element.body
    tmap = TextMap(body, doc)
    assert tmap.unmatched == []
    assert any(",run=" in a.locator for a in doc.anchors)
