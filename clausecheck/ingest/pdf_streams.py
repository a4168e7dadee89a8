"""The inflated size of a PDF's compressed streams, measured before pdfium inflates them.

pdfium inflates a page's content streams whole, with no size cap: a 2 MB PDF whose content
stream inflates to 512 MiB of blanks took 7 s and 1 GiB of memory. Image streams are not
counted: text extraction never decodes them (OCR renders one page at a time).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from clausecheck import errors
from clausecheck.limits import Limits

_STREAM = re.compile(rb"(?<=[>\s])stream\r?\n")
_DICT_WINDOW = 4096  # how far back from "stream" to look for the stream's dictionary
_READ = 1 << 16  # input per step (memoryview slices copy nothing)
_INFLATE = 1 << 20  # most output per step


def _stream_dict(raw: bytes, at: int) -> bytes:
    start = raw.rfind(b"obj", max(0, at - _DICT_WINDOW), at)
    return raw[start if start >= 0 else max(0, at - _DICT_WINDOW) : at]


def _inflated_size(raw: memoryview, start: int, budget: int) -> int:
    """Bytes a zlib stream starting at ``start`` inflates to, counting at most ``budget + 1``."""
    inflater = zlib.decompressobj()
    size = 0
    pos = start
    try:
        while not inflater.eof and size <= budget:
            data: bytes | memoryview = inflater.unconsumed_tail
            if not data:
                data = raw[pos : pos + _READ]
                if not data:
                    break
                pos += len(data)
            size += len(inflater.decompress(data, _INFLATE))
    except zlib.error:
        pass  # a damaged stream: pdfium stops where it stops too
    return size


def check_inflated_size(raw: bytes, path: Path, limits: Limits) -> None:
    """Raise LimitExceeded when the non-image Flate streams inflate past the limit."""
    budget = limits.max_decompressed
    view = memoryview(raw)
    for m in _STREAM.finditer(raw):
        head = _stream_dict(raw, m.start())
        if b"/Fl" not in head or b"/Image" in head:  # /FlateDecode, or its abbreviation /Fl
            continue
        budget -= _inflated_size(view, m.end(), budget)
        if budget < 0:
            raise errors.error("E204", path, limit_mib=limits.max_decompressed // 2**20)
