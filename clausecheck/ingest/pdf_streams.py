"""The inflated size of a PDF's compressed streams, measured before pdfium inflates them.

pdfium inflates a page's content streams whole, with no size cap: a 2 MB PDF whose content
stream inflates to 512 MiB of blanks took 7 s and 1 GiB of memory. So every stream is decoded
here first, through its whole filter chain (``[/FlateDecode /FlateDecode]`` multiplies), in
bounded steps, and the bytes every layer produces count against one budget for the file.

The stream's dictionary is parsed, not searched: names are compared after their ``#xx``
escapes are decoded and the dictionary may be of any length. An image (``/Subtype /Image``)
is exempt up to the raster its ``/Width`` and ``/Height`` declare, at most ``IMAGE_CAP``
bytes (text extraction never decodes images; OCR renders one page at a time): a content
stream that merely calls itself an image gains little.
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.pdf_dict import stream_dict
from clausecheck.limits import Limits

_STREAM = re.compile(rb"(?<=[>\s])stream\r?\n")
_READ = 1 << 16  # input per step (memoryview slices copy nothing)
_INFLATE = 1 << 20  # most output per step
IMAGE_CAP = 64 * 2**20  # most bytes one image stream may inflate to without counting

_FILTERS = {
    "FlateDecode": "flate",
    "Fl": "flate",
    "ASCIIHexDecode": "hex",
    "AHx": "hex",
    "ASCII85Decode": "a85",
    "A85": "a85",
    "RunLengthDecode": "rl",
    "RL": "rl",
    "LZWDecode": "lzw",
    "LZW": "lzw",
}


class _OverBudget(Exception):
    pass


def _chunks(data: memoryview) -> Iterator[bytes | memoryview]:
    for at in range(0, len(data), _READ):
        yield data[at : at + _READ]


def _flate(source: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for data in source:
            while data and not inflater.eof:
                out = inflater.decompress(data, _INFLATE)
                data = inflater.unconsumed_tail
                if out:
                    yield out
            if inflater.eof:
                return
    except zlib.error:
        return  # a damaged stream: pdfium stops where it stops too


def _hex(source: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    carry = b""
    for data in source:
        text = bytes(data)
        end = text.find(b">")
        digits = carry + re.sub(rb"[^0-9A-Fa-f]", b"", text if end < 0 else text[:end])
        carry = digits[len(digits) // 2 * 2 :]
        yield bytes.fromhex(digits[: len(digits) // 2 * 2].decode("ascii"))
        if end >= 0:
            break
    if carry:
        yield bytes.fromhex((carry + b"0").decode("ascii"))


def _a85(source: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    """ASCII85, a chunk at a time ('z' spelt out as '!!!!!', the same four zero bytes, so that
    every chunk but the last splits at a whole group)."""
    carry = b""
    for data in source:
        text = re.sub(rb"\s", b"", bytes(data))
        end = text.find(b"~>")
        text = carry + (text if end < 0 else text[:end]).replace(b"z", b"!!!!!")
        text = re.sub(rb"[^!-u]", b"", text)
        whole = len(text) // 5 * 5
        carry = text[whole:]
        yield base64.a85decode(text[:whole])
        if end >= 0:
            break
    if len(carry) > 1:
        yield base64.a85decode(carry + b"u" * (5 - len(carry)))[: len(carry) - 1]


def _rl(source: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    carry = b""
    for data in source:
        buf = carry + bytes(data)
        out = bytearray()
        i = 0
        while i < len(buf):
            n = buf[i]
            if n == 128:  # end of data
                yield bytes(out)
                return
            if n < 128:
                if i + 1 + n + 1 > len(buf):
                    break
                out += buf[i + 1 : i + 2 + n]
                i += 2 + n
            else:
                if i + 1 >= len(buf):
                    break
                out += buf[i + 1 : i + 2] * (257 - n)
                i += 2
        carry = buf[i:]
        yield bytes(out)


def _lzw(source: Iterator[bytes | memoryview]) -> Iterator[bytes]:
    """PDF LZW (MSB-first codes of 9 to 12 bits, early change 1)."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    width, acc, nbits, prev = 9, 0, 0, b""
    for data in source:
        out = bytearray()
        for byte in bytes(data):
            acc = (acc << 8) | byte
            nbits += 8
            while nbits >= width:
                nbits -= width
                code = (acc >> nbits) & ((1 << width) - 1)
                acc &= (1 << nbits) - 1
                if code == 256:
                    table, width, prev = table[:258], 9, b""
                    continue
                if code == 257:
                    yield bytes(out)
                    return
                if code < len(table):
                    entry = table[code]
                elif prev:
                    entry = prev + prev[:1]
                else:
                    yield bytes(out)
                    return
                out += entry
                if prev and len(table) < 4096:
                    table.append(prev + entry[:1])
                prev = entry
                if len(table) + 1 >= (1 << width) and width < 12:
                    width += 1
        yield bytes(out)


_DECODERS = {"flate": _flate, "hex": _hex, "a85": _a85, "rl": _rl, "lzw": _lzw}


def _filters(head: dict[str, object] | None) -> list[str]:
    """The decodable part of the stream's filter chain (it stops at an image codec)."""
    value = head.get("Filter", head.get("F")) if head is not None else None
    names = value if isinstance(value, list) else [value] if value is not None else []
    chain = []
    for item in names:
        kind = _FILTERS.get(item) if isinstance(item, str) else None
        if kind is None:
            break
        chain.append(kind)
    return chain


def _image_allowance(head: dict[str, object]) -> int:
    if head.get("Subtype") != "Image":
        return 0
    width, height, bits = head.get("Width"), head.get("Height"), head.get("BitsPerComponent", 8)
    if not all(isinstance(v, int) and v > 0 for v in (width, height, bits)):
        return 0
    assert isinstance(width, int) and isinstance(height, int) and isinstance(bits, int)
    return min(IMAGE_CAP, width * height * 4 * max(1, min(bits, 16)) // 8)


def _decoded_size(data: memoryview, chain: list[str], budget: int) -> int:
    """Bytes all layers of ``chain`` produce from ``data``; raises _OverBudget past ``budget``."""
    total = 0

    def counted(layer: Iterator[bytes]) -> Iterator[bytes]:
        nonlocal total
        for piece in layer:
            total += len(piece)
            if total > budget:
                raise _OverBudget
            yield piece

    source: Iterator[bytes | memoryview] = _chunks(data)
    for kind in chain:
        source = counted(_DECODERS[kind](source))
    for _ in source:
        pass
    return total


def _stream_data(raw: bytes, view: memoryview, start: int, head: dict | None) -> memoryview:
    length = head.get("Length") if head is not None else None
    end = raw.find(b"endstream", start)
    if end < 0:
        end = len(raw)
    if isinstance(length, int) and 0 <= length and start + length <= len(raw):
        end = max(end, start + length)  # a fake "endstream" inside the data cuts nothing short
    return view[start:end]


def check_inflated_size(raw: bytes, path: Path, limits: Limits) -> None:
    """Raise LimitExceeded when the streams inflate past the limit, all layers counted."""
    budget = limits.max_decompressed
    view = memoryview(raw)
    since = 0
    for m in _STREAM.finditer(raw):
        # Every match is judged, even one inside another stream's data: pdfium finds objects
        # by their xref offsets, so a /Length cannot hide the stream after it.
        head = stream_dict(raw, m.start(), since)
        since = m.end()
        data = _stream_data(raw, view, m.end(), head)
        chain = _filters(head)
        if head is None and bytes(data[:1]) == b"\x78":
            chain = ["flate"]  # no readable dictionary: judge the bytes (a zlib header)
        if not chain:
            continue
        allowance = _image_allowance(head) if head is not None else 0
        try:
            used = _decoded_size(data, chain, budget + allowance)
        except _OverBudget:
            raise errors.error("E204", path, limit_mib=limits.max_decompressed // 2**20) from None
        budget -= max(0, used - allowance)
