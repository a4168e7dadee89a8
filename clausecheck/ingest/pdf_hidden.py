"""Text on a PDF page that a reader cannot see: never evidence.

pdfium extracts every character a content stream shows, including text drawn invisibly
(render mode 3), in white (on the white page), at a size no one can read, clipped away or
placed off the page. A counterparty can hide a clause that way; it must not be reported as
agreed leverage. Judged per text object (few per page), then per character only on a page that
has a hidden object.
"""

from __future__ import annotations

import ctypes

INVISIBLE_MODES = (3, 7)  # PDF text render modes that neither fill nor stroke
FILL_ONLY_MODES = (0, 4)  # modes whose look is the fill colour alone
MIN_FONT_PT = 0.5  # smaller than this once scaled: unreadable even zoomed in on screen
OFF_PAGE_MARGIN = 72.0  # points beyond the page box before text counts as off the page
WHITE = 250  # all of R, G and B at least this: white on the (white) page


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(pdfium_c, obj) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


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


def _to_page(pdfium_c, obj) -> Matrix:
    """Form space to page space for an object inside form XObjects (pypdfium2 ``container``):
    pdfium gives a nested object's bounds and matrix in its form's space."""
    m = _IDENTITY
    container = getattr(obj, "container", None)
    while container is not None:
        m = _then(m, _matrix(pdfium_c, container.raw))
        container = getattr(container, "container", None)
    return m


def _apply(box, m: Matrix) -> tuple[float, float, float, float]:
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _font_size(pdfium_c, obj, to_page: Matrix) -> float:
    size = ctypes.c_float(0)
    if not pdfium_c.FPDFTextObj_GetFontSize(obj, ctypes.byref(size)):
        return MIN_FONT_PT
    a, b, c, d, _, _ = _then(_matrix(pdfium_c, obj), to_page)
    return size.value * abs(a * d - b * c) ** 0.5


def _is_white(pdfium_c, obj) -> bool:
    rgba = [ctypes.c_uint(0) for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(obj, *(ctypes.byref(c) for c in rgba)):
        return False
    r, g, b, a = (c.value for c in rgba)
    return a == 0 or min(r, g, b) >= WHITE


def _bounds(pdfium_c, obj) -> tuple[float, float, float, float] | None:
    box = [ctypes.c_float(0) for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetBounds(obj, *(ctypes.byref(c) for c in box)):
        return None
    left, bottom, right, top = (c.value for c in box)
    return left, bottom, right, top


def _clip_box(pdfium_c, obj) -> tuple[float, float, float, float] | None:
    """The bounding box of the object's clip path (None when it has none)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    xs: list[float] = []
    ys: list[float] = []
    for i in range(max(0, pdfium_c.FPDFClipPath_CountPaths(clip))):
        for j in range(max(0, pdfium_c.FPDFClipPath_CountPathSegments(clip, i))):
            seg = pdfium_c.FPDFClipPath_GetPathSegment(clip, i, j)
            x, y = ctypes.c_float(0), ctypes.c_float(0)
            if seg and pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
                xs.append(x.value)
                ys.append(y.value)
    if not xs:
        return None
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
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_TEXT], max_depth=4):
        raw = obj.raw
        reason = None
        to_page = _to_page(pdfium_c, obj)
        bounds = _bounds(pdfium_c, raw)
        clip = _clip_box(pdfium_c, raw) if bounds is not None else None
        if bounds is not None:
            bounds = _apply(bounds, to_page)
        if clip is not None:
            clip = _apply(clip, to_page)
        mode = pdfium_c.FPDFTextObj_GetTextRenderMode(raw)
        if mode in INVISIBLE_MODES:
            reason = "invisible"
        elif _font_size(pdfium_c, raw, to_page) < MIN_FONT_PT:
            reason = "too small to read"
        elif mode in FILL_ONLY_MODES and _is_white(pdfium_c, raw):
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
