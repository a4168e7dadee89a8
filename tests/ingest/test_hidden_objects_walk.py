"""pdf_hidden.hidden_objects walks a page's objects from pdfium's raw handles: it must find
exactly what a walk with pypdfium2's ``get_objects`` (the reference below, the reader's old
code) finds, text nested in form XObjects included. Inputs are built by tests/hostile.py."""

from __future__ import annotations

import ctypes
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck.ingest import pdf_hidden  # noqa: E402
from tests.conftest import SAMPLES  # noqa: E402


def _reference(page) -> tuple[set[int], str]:
    """The per-object checks through pypdfium2's object wrappers and their container chain."""
    import pypdfium2.raw as c

    def matrix(obj):
        m = c.FS_MATRIX()
        if not c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
            return pdf_hidden._IDENTITY
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def floats(call, obj):
        box = [ctypes.c_float(0) for _ in range(4)]
        if not call(obj, *(ctypes.byref(v) for v in box)):
            return None
        return tuple(v.value for v in box)

    def clip_box(obj):
        clip = c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return None
        xs, ys = [], []
        for i in range(max(0, c.FPDFClipPath_CountPaths(clip))):
            for j in range(max(0, c.FPDFClipPath_CountPathSegments(clip, i))):
                seg = c.FPDFClipPath_GetPathSegment(clip, i, j)
                x, y = ctypes.c_float(0), ctypes.c_float(0)
                if seg and c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                    xs.append(x.value)
                    ys.append(y.value)
        return (min(xs), min(ys), max(xs), max(ys)) if xs else None

    left, bottom, right, top = page.get_mediabox()
    margin = max(pdf_hidden.OFF_PAGE_MARGIN, 0.1 * max(right - left, top - bottom))
    page_box = (left - margin, bottom - margin, right + margin, top + margin)
    found, how = set(), set()
    for obj in page.get_objects(filter=[c.FPDF_PAGEOBJ_TEXT], max_depth=4):
        raw = obj.raw
        to_page = pdf_hidden._IDENTITY
        container = obj.container
        while container is not None:
            to_page = pdf_hidden._then(to_page, matrix(container.raw))
            container = container.container
        bounds = floats(c.FPDFPageObj_GetBounds, raw)
        clip = clip_box(raw) if bounds is not None else None
        bounds = pdf_hidden._apply(bounds, to_page) if bounds is not None else None
        clip = pdf_hidden._apply(clip, to_page) if clip is not None else None
        size = ctypes.c_float(0)
        if c.FPDFTextObj_GetFontSize(raw, ctypes.byref(size)):
            a, b, cc, d, _, _ = pdf_hidden._then(matrix(raw), to_page)
            font = size.value * abs(a * d - b * cc) ** 0.5
        else:
            font = pdf_hidden.MIN_FONT_PT
        rgba = [ctypes.c_uint(0) for _ in range(4)]
        has_fill = c.FPDFPageObj_GetFillColor(raw, *(ctypes.byref(v) for v in rgba))
        r, g, bl, al = (v.value for v in rgba)
        white = bool(has_fill) and (al == 0 or min(r, g, bl) >= pdf_hidden.WHITE)
        mode = c.FPDFTextObj_GetTextRenderMode(raw)
        reason = None
        if mode in pdf_hidden.INVISIBLE_MODES:
            reason = "invisible"
        elif font < pdf_hidden.MIN_FONT_PT:
            reason = "too small to read"
        elif mode in pdf_hidden.FILL_ONLY_MODES and white:
            reason = "white"
        elif bounds is not None and pdf_hidden._outside(bounds, page_box):
            reason = "off the page"
        elif bounds is not None and clip is not None and pdf_hidden._outside(bounds, clip):
            reason = "clipped away"
        if reason:
            found.add(ctypes.cast(raw, ctypes.c_void_p).value or 0)
            how.add(reason)
    return found, ", ".join(sorted(how))


_FORM = b"/Type /XObject /Subtype /Form /BBox [-2000 -2000 4000 4000] "


def _nested_forms_pdf(directory: Path) -> Path:
    """Text at three depths of form XObjects, each form scaled and moved by its /Matrix and by
    the ``cm`` before it is drawn: visible, white, tiny once scaled, and off the page once
    moved, so that only the composed matrices tell them apart."""
    inner = (
        b"BT /F1 11 Tf 72 500 Td (Inner visible words.) Tj ET "
        b"q 1 1 1 rg BT /F1 11 Tf 72 480 Td (Inner white words.) Tj ET Q "
        b"BT /F1 0.6 Tf 72 460 Td (Tiny once the forms scale it.) Tj ET "
        b"BT /F1 11 Tf 900 440 Td (Off the page once moved.) Tj ET /X3 Do"
    )
    deepest = b"BT /F1 11 Tf 10 10 Td (Deepest words.) Tj ET"
    resources = b"/Resources << /XObject << /X2 7 0 R /X3 8 0 R >> /Font << /F1 3 0 R >> >>"
    return hostile._write(
        directory,
        "nested_forms.pdf",
        hostile._one_page_pdf(
            hostile.text_ops(hostile.VISIBLE_LINES) + b" q 1 0 0 1 30 20 cm /X1 Do Q",
            resources=b"/XObject << /X1 6 0 R >> ",
            more_streams={
                6: (
                    _FORM + b"/Matrix [0.5 0 0 0.5 10 10] " + resources,
                    b"BT /F1 11 Tf 72 600 Td (Outer form words.) Tj ET q 2 0 0 2 300 0 cm /X2 Do Q",
                ),
                7: (_FORM + b"/Matrix [0.8 0 0 0.8 0 0] " + resources, inner),
                8: (_FORM + b"/Matrix [1 0 0 1 -5000 0] " + resources, deepest),
            },
        ),
    )


def _pages(path: Path):
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            try:
                yield page
            finally:
                page.close()
    finally:
        pdf.close()


BUILDERS = [
    _nested_forms_pdf,
    hostile.pdf_hidden_render_mode,
    hostile.pdf_hidden_white,
    hostile.pdf_hidden_tiny,
    hostile.pdf_hidden_off_page,
    hostile.pdf_hidden_clipped,
    hostile.pdf_form_loop,
]


@pytest.mark.parametrize("build", BUILDERS, ids=[b.__name__ for b in BUILDERS])
def test_the_raw_walk_finds_what_get_objects_finds(build, tmp_path):
    path = build(tmp_path)
    results = [(pdf_hidden.hidden_objects(page), _reference(page)) for page in _pages(path)]
    assert results
    for ours, reference in results:
        assert ours == reference
    if build is not hostile.pdf_form_loop:
        assert any(ours[0] for ours, _ in results), "nothing hidden: the case tests nothing"


def test_nested_forms_hide_by_every_composed_reason(tmp_path):
    ((found, how),) = [pdf_hidden.hidden_objects(p) for p in _pages(_nested_forms_pdf(tmp_path))]
    assert len(found) == 4  # white, tiny (0.6 pt at 0.8 times), off the page twice
    assert how == "off the page, too small to read, white"


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.pdf")))
def test_sample_pdfs_hide_nothing_either_way(name):
    for page in _pages(SAMPLES / name):
        assert pdf_hidden.hidden_objects(page) == _reference(page) == (set(), "")
