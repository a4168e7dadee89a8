"""Format-aware mutations of contract files, driven by a ``random.Random`` so every mutated
input is reproducible from (target, seed file, master seed, iteration).

Byte-level operators (flips, truncation, chunk deletion and duplication, splices with another
seed, dictionary tokens, extreme numbers) work on every format. On top of that:
- DOCX: mutate one zip member's XML and re-zip it, drop, duplicate or rename a member;
- PDF: inflate a FlateDecode stream, mutate the content operators, deflate it back.
"""

from __future__ import annotations

import io
import random
import re
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence

# Tokens that steer a mutation towards the parser's interesting corners.
TOKENS: dict[str, tuple[bytes, ...]] = {
    "pdf": (
        b"obj",
        b"endobj",
        b"stream",
        b"endstream",
        b"xref",
        b"trailer",
        b"startxref",
        b"/Length 99999999",
        b"/Count 2147483647",
        b"/Kids [1 0 R]",
        b"<<",
        b">>",
        b"[",
        b"]",
        b"0 0 R",
        b"/Type /Page",
        b"/Encrypt",
        b"/Filter /FlateDecode",
        b"%%EOF",
        b"\x00",
        b"BT",
        b"ET",
        b"Tj",
        b"TJ",
        b"Tf",
        b"Td",
        b"T*",
        b"(\\))",
        b"<feff00410042>",
        b"1e308",
    ),
    "xml": (
        b"<w:p>",
        b"</w:p>",
        b"<w:r>",
        b"<w:t>",
        b"</w:t>",
        b'<w:ilvl w:val="x"/>',
        b'<w:ilvl w:val="99"/>',
        b'<w:numId w:val="1"/>',
        b'<w:start w:val="999999999"/>',
        b'<w:start w:val="-5"/>',
        b'<w:numFmt w:val="upperRoman"/>',
        b'<w:numFmt w:val="lowerLetter"/>',
        b'<w:lvlText w:val="%1.%2.%3.%9"/>',
        b'<w:outlineLvl w:val="999"/>',
        b"<w:del>",
        b"</w:del>",
        b"<w:ins>",
        b"<w:tbl><w:tr><w:tc>",
        b"</w:tc></w:tr></w:tbl>",
        b"&amp;",
        b"&#0;",
        b"&#xFFFF;",
        b'<!DOCTYPE x [<!ENTITY e "eeeeeeee">]>',
        b"&e;",
        b"<![CDATA[",
        b"]]>",
        b"\x00",
        b"\xff",
    ),
    "html": (
        b"<p>",
        b"</p>",
        b"<div>",
        b"</div>",
        b"<h1>",
        b"<table><tr><td>",
        b"</td></tr></table>",
        b"<script>",
        b"</script>",
        b"<!--",
        b"-->",
        b"<b>",
        b"<br>",
        b"&nbsp;",
        b"&#0;",
        b"&#x10FFFF;",
        b"<![CDATA[",
        b"<?xml version='1.0'?>",
        b'style="display:none"',
        b"<iframe src=x>",
        b"<svg>",
        b"<math>",
        b"\x00",
        b"\xff\xfe",
        b"<meta charset=utf-16>",
    ),
    "text": (
        b"\n\n",
        b"1.",
        b"1.1",
        b"1.1.1.1.1.1",
        b"(a)",
        b"(iv)",
        b"ARTICLE IV",
        b"Section 12.3",
        b"WHEREAS",
        b"NOW, THEREFORE",
        b'"Supplier" means',
        b"shall",
        b"Page 3 of 9",
        b"-\n",
        b"\xc2\xa0",
        b"\xe2\x80\x8b",
        b"\xef\xbb\xbf",
        b"\xff\xfe",
        b"\x00",
        b"\r",
        b"\x0c",
        b"#",
        b"**",
        b"__",
        b"|---|",
        b"[x](y)",
        b"\xed\xa0\x80",
        b"\xf0\x9f\x98\x80",
        b"\xe2\x80\xae",
    ),
}
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
_EXTREME = (
    b"0",
    b"-1",
    b"1",
    b"255",
    b"256",
    b"65535",
    b"65536",
    b"2147483647",
    b"2147483648",
    b"-2147483648",
    b"4294967296",
    b"9999999999999999999",
    b"1e400",
    b"0.000001",
    b"NaN",
    b"",
)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_TAG_START = re.compile(rb"<(?=[\w/])")
_ATTR_VALUE = re.compile(rb'(w:\w+=")([^"]*)(")')

Mutator = Callable[[bytes, random.Random, Sequence[bytes], str], bytes]


def _span(data: bytes, rng: random.Random, most: int = 4096) -> tuple[int, int]:
    if not data:
        return 0, 0
    start = rng.randrange(len(data))
    return start, min(len(data), start + rng.randint(1, most))


def flip_bytes(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        if buf:
            buf[rng.randrange(len(buf))] ^= (
                1 << rng.randrange(8) if rng.random() < 0.5 else rng.randrange(1, 256)
            )
    return bytes(buf)


def truncate(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    return data[: rng.randrange(len(data))] if data else data


def delete_chunk(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    a, b = _span(data, rng)
    return data[:a] + data[b:]


def duplicate_chunk(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    a, b = _span(data, rng)
    at = rng.randrange(len(data) + 1)
    return data[:at] + data[a:b] * rng.choice((1, 2, 8, 64)) + data[at:]


def splice(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    other = rng.choice(seeds)
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


def insert_token(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    tokens = TOKENS["xml" if fmt == "docx" else fmt]
    out = data
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(out) + 1)
        out = out[:at] + rng.choice(tokens) * rng.choice((1, 1, 1, 3, 200)) + out[at:]
    return out


def extreme_number(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    numbers = list(_NUMBER.finditer(data[:2_000_000]))
    if not numbers:
        return flip_bytes(data, rng, seeds, fmt)
    out = bytearray(data)
    for m in sorted(
        rng.sample(numbers, min(len(numbers), rng.randint(1, 4))), key=lambda m: -m.start()
    ):
        out[m.start() : m.end()] = rng.choice(_EXTREME)
    return bytes(out)


def xml_aware(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    """Mutations that keep XML well-formed more often than byte flips: tokens at tag starts,
    whole-element duplication, attribute values replaced by extreme ones."""
    tags = [m.start() for m in _TAG_START.finditer(data[:2_000_000])]
    if len(tags) < 2:
        return insert_token(data, rng, seeds, fmt)
    roll = rng.random()
    if roll < 0.35:
        at = rng.choice(tags)
        return data[:at] + rng.choice(TOKENS["xml"]) + data[at:]
    if roll < 0.6:
        i = rng.randrange(len(tags) - 1)
        a, b = tags[i], tags[min(len(tags) - 1, i + rng.randint(1, 12))]
        return data[:b] + data[a:b] * rng.choice((1, 2, 50)) + data[b:]
    values = list(_ATTR_VALUE.finditer(data[:2_000_000]))
    if not values:
        return insert_token(data, rng, seeds, fmt)
    m = rng.choice(values)
    return (
        data[: m.start(2)]
        + rng.choice(_EXTREME + (b"x", b"%1%2%3%4%5%6%7%8%9", b"bullet", b"none"))
        + data[m.end(2) :]
    )


BYTE_MUTATORS: tuple[Mutator, ...] = (
    flip_bytes,
    truncate,
    delete_chunk,
    duplicate_chunk,
    splice,
    insert_token,
    extreme_number,
)


def _byte_mutation(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    return rng.choice(BYTE_MUTATORS)(data, rng, seeds, fmt)


# --------------------------------------------------------------------------- DOCX members

_MEMBER_WEIGHTS = {
    "word/document.xml": 6,
    "word/numbering.xml": 4,
    "word/styles.xml": 3,
    "word/footnotes.xml": 2,
}


def mutate_docx(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    """Mutate inside the package: one member's XML, or the member list itself."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        members = [(i.filename, zf.read(i.filename)) for i in zf.infolist()]
    except Exception:  # an already-broken package: fall back to bytes
        return _byte_mutation(data, rng, seeds, fmt)
    if not members:
        return data
    names = [n for n, _ in members]
    weights = [_MEMBER_WEIGHTS.get(n, 1) for n in names]
    target = rng.choices(range(len(members)), weights=weights)[0]
    roll = rng.random()
    if roll < 0.08:
        del members[target]
    elif roll < 0.12:
        members.append(members[target])  # duplicate name: zipfile keeps the last one
    elif roll < 0.15:
        name, blob = members[target]
        members[target] = (name.upper(), blob)
    else:
        name, blob = members[target]
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.7:
                blob = xml_aware(blob, rng, [b for _, b in members], "docx")
            else:
                blob = _byte_mutation(blob, rng, [b for _, b in members], "docx")
        members[target] = (name, blob)
    out = io.BytesIO()
    warnings.simplefilter("ignore", UserWarning)  # "Duplicate name" is the point of one operator
    method = zipfile.ZIP_STORED if rng.random() < 0.2 else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(out, "w", method) as zw:
        for name, blob in members:
            zw.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), blob, compress_type=method)
    return out.getvalue()


# --------------------------------------------------------------------------- PDF streams


def mutate_pdf_stream(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    """Inflate one FlateDecode stream, mutate what it holds (content operators, object
    streams, xref streams), deflate it back; the stale /Length is left for the reader."""
    streams = []
    for m in _STREAM.finditer(data):
        try:
            streams.append((m, zlib.decompress(m.group(1))))
        except zlib.error:
            continue
        if len(streams) >= 64:
            break
    if not streams:
        return _byte_mutation(data, rng, seeds, fmt)
    m, plain = rng.choice(streams)
    for _ in range(rng.randint(1, 3)):
        plain = _byte_mutation(plain, rng, [plain], "pdf")
    packed = zlib.compress(plain)
    return data[: m.start(1)] + packed + data[m.end(1) :]


def mutate(data: bytes, rng: random.Random, seeds: Sequence[bytes], fmt: str) -> bytes:
    """One mutated input: 1-3 rounds of format-aware or byte-level operators."""
    out = data
    for _ in range(rng.choice((1, 1, 2, 3))):
        if fmt == "docx" and rng.random() < 0.85:
            out = mutate_docx(out, rng, seeds, fmt)
        elif fmt == "pdf" and rng.random() < 0.5:
            out = mutate_pdf_stream(out, rng, seeds, fmt)
        else:
            out = _byte_mutation(out, rng, seeds, fmt)
    return out
