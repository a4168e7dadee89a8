"""Text on a PDF page that a reader cannot see: never evidence.

pdfium extracts every character a content stream shows, including text drawn invisibly
(render mode 3), in white (on the white page), at a size no one can read, clipped away or
placed off the page. A counterparty can hide a clause that way; it must not be reported as
agreed leverage. Judged per text object (few per page), then per character only on a page that
has a hidden object.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

INVISIBLE_MODES = (3, 7)  # PDF text render modes that neither fill nor stroke
FILL_ONLY_MODES = (0, 4)  # modes whose look is the fill colour alone
MIN_FONT_PT = 0.5  # smaller than this once scaled: unreadable even zoomed in on screen
OFF_PAGE_MARGIN = 72.0  # points beyond the page box before text counts as off the page
WHITE = 250  # all of R, G and B at least this: white on the (white) page


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _Probe:
    """pdfium's per-object queries with their output buffers allocated once per page, not once
    per call: a page has dozens of text objects and each asks for a matrix, bounds, a clip path,
    a font size and a fill colour (ctypes objects and ``byref`` cost more than the calls)."""

    def __init__(self, pdfium_c) -> None:
        self.c = pdfium_c
        self._m = pdfium_c.FS_MATRIX()
        self._m_ref = ctypes.byref(self._m)
        self._f = [ctypes.c_float(0) for _ in range(4)]
        self._f_refs = [ctypes.byref(v) for v in self._f]
        self._u = [ctypes.c_uint(0) for _ in range(4)]
        self._u_refs = [ctypes.byref(v) for v in self._u]

    def matrix(self, obj) -> Matrix:
        if not self.c.FPDFPageObj_GetMatrix(obj, self._m_ref):
            return _IDENTITY
        m = self._m
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def bounds(self, obj) -> tuple[float, float, float, float] | None:
        if not self.c.FPDFPageObj_GetBounds(obj, *self._f_refs):
            return None
        left, bottom, right, top = (v.value for v in self._f)
        return left, bottom, right, top

    def font_size(self, obj, to_page: Matrix) -> float:
        size, size_ref = self._f[0], self._f_refs[0]
        size.value = 0.0
        if not self.c.FPDFTextObj_GetFontSize(obj, size_ref):
            return MIN_FONT_PT
        a, b, c, d, _, _ = _then(self.matrix(obj), to_page)
        return size.value * abs(a * d - b * c) ** 0.5

    def is_white(self, obj) -> bool:
        for v in self._u:
            v.value = 0
        if not self.c.FPDFPageObj_GetFillColor(obj, *self._u_refs):
            return False
        r, g, b, a = (v.value for v in self._u)
        return a == 0 or min(r, g, b) >= WHITE

    def clip_box(self, obj) -> tuple[float, float, float, float] | None:
        """The bounding box of the object's clip path (None when it has none)."""
        c = self.c
        clip = c.FPDFPageObj_GetClipPath(obj)
        if not clip:
            return None
        xs: list[float] = []
        ys: list[float] = []
        x, y = self._f[0], self._f[1]
        x_ref, y_ref = self._f_refs[0], self._f_refs[1]
        for i in range(max(0, c.FPDFClipPath_CountPaths(clip))):
            for j in range(max(0, c.FPDFClipPath_CountPathSegments(clip, i))):
                seg = c.FPDFClipPath_GetPathSegment(clip, i, j)
                x.value = y.value = 0.0
                if seg and c.FPDFPathSegment_GetPoint(seg, x_ref, y_ref):
                    xs.append(x.value)
                    ys.append(y.value)
        if not xs:
            return None
        return min(xs), min(ys), max(xs), max(ys)

    def text_objects(self, page_raw, max_depth: int) -> Iterator[tuple[Any, Matrix]]:
        """The page's text objects with their form-to-page matrices, in the order (and to the
        depth) of pypdfium2's ``get_objects(filter=[TEXT], max_depth=...)``, from raw handles.

        A nested object's matrix composes its forms' matrices innermost first, from the
        identity, exactly as ``_to_page`` did from pypdfium2's ``container`` chain."""
        from pypdfium2 import PdfiumError  # what a damaged page raises: the reader skips it

        c = self.c
        text, form, unknown = c.FPDF_PAGEOBJ_TEXT, c.FPDF_PAGEOBJ_FORM, c.FPDF_PAGEOBJ_UNKNOWN
        # (count, get, parent, level, chain of form matrices from the innermost out)
        stack: list[tuple[Any, Any, Any, int, tuple[Matrix, ...], int]] = [
            (c.FPDFPage_CountObjects, c.FPDFPage_GetObject, page_raw, 0, (), 0)
        ]
        while stack:
            count, get, parent, level, chain, start = stack.pop()
            n = count(parent)
            if n < 0:
                raise PdfiumError("Failed to get number of pageobjects.")
            to_page = _IDENTITY
            for m in chain:
                to_page = _then(to_page, m)
            for i in range(start, n):
                raw = get(parent, i)
                if not raw:
                    raise PdfiumError("Failed to get pageobject.")
                kind = c.FPDFPageObj_GetType(raw)
                if kind == unknown:
                    raise PdfiumError("Failed to determine pageobject type.")
                if kind == text:
                    yield raw, to_page
                elif kind == form and level < max_depth - 1:
                    # depth first, as get_objects recurses: the rest of this list afterwards
                    stack.append((count, get, parent, level, chain, i + 1))
                    stack.append(
                        (
                            c.FPDFFormObj_CountObjects,
                            c.FPDFFormObj_GetObject,
                            raw,
                            level + 1,
                            (self.matrix(raw), *chain),
                            0,
                        )
                    )
                    break


def _then(inner: Matrix, outer: Matrix) -> Matrix:
    """``inner`` followed by ``outer`` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _apply(box, m: Matrix) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _outside(box, area) -> bool:
    """Whether ``box`` lies wholly outside ``area`` (both left, bottom, right, top)."""
    return box[2] <= area[0] or box[0] >= area[2] or box[3] <= area[1] or box[1] >= area[3]


def hidden_objects(page) -> tuple[set[int], str]:
    """Addresses of the page's text objects a reader cannot see, and how they are hidden."""
    import pypdfium2.raw as pdfium_c

    left, bottom, right, top = page.get_mediabox()
    # A margin: a damaged file's page box can fall back to a default size a little off.
    margin = max(OFF_PAGE_MARGIN, 0.1 * max(right - left, top - bottom))
    page_box = (left - margin, bottom - margin, right + margin, top + margin)
    found: set[int] = set()
    how: set[str] = set()
    probe = _Probe(pdfium_c)
    render_mode = pdfium_c.FPDFTextObj_GetTextRenderMode
    for raw, to_page in probe.text_objects(page.raw, max_depth=4):
        reason = None
        bounds = probe.bounds(raw)
        clip = probe.clip_box(raw) if bounds is not None else None
        if bounds is not None:
            bounds = _apply(bounds, to_page)
        if clip is not None:
            clip = _apply(clip, to_page)
        mode = render_mode(raw)
        if mode in INVISIBLE_MODES:
            reason = "invisible"
        elif probe.font_size(raw, to_page) < MIN_FONT_PT:
            reason = "too small to read"
        elif mode in FILL_ONLY_MODES and probe.is_white(raw):
            reason = "white"
        elif bounds is not None and _outside(bounds, page_box):
            reason = "off the page"
        elif bounds is not None and clip is not None and _outside(bounds, clip):
            reason = "clipped away"
        if reason:
            found.add(ctypes.cast(raw, ctypes.c_void_p).value or 0)
            how.add(reason)
    return found, ", ".join(sorted(how))


def hidden_chars(textpage, objects: set[int], n_chars: int) -> list[bool]:
    """For each character of the text page, whether it belongs to a hidden text object."""
    import pypdfium2.raw as pdfium_c

    out = []
    for i in range(n_chars):
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, i)
        out.append(bool(obj) and (ctypes.cast(obj, ctypes.c_void_p).value or 0) in objects)
    return out
