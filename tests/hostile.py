"""Builders for the hostile and broken input corpus.

Every function writes one file (or directory / symlink) into ``directory`` and returns its
path. Nothing here is committed as a binary: the tests build the corpus at run time into
pytest's ``tmp_path``. The contract wording is original filler text.
"""

from __future__ import annotations

import io
import os
import random
import re
import struct
import zipfile
import zlib
from pathlib import Path

PASSWORD = "s3cret-pass"
WRONG_PASSWORD = "not-the-password"

# Words used to make page text that does not repeat from page to page (repeated lines at the
# page edges are treated as running headers and removed).
_WORDS = (
    "supplier buyer goods audit labour rights notice term remedy breach policy code "
    "safety wages hours grievance review report training site worker records plan"
).split()

BODY_LINES = [
    "1. Scope. The Supplier shall deliver the Goods described in Schedule 1.",
    "2. Conduct. The Supplier shall respect the Buyer Code of Conduct at every site.",
    "3. Records. The Supplier shall keep records of working hours and wages.",
    "4. Audit. The Buyer may inspect those records on reasonable notice.",
    "5. Remedy. The Supplier shall agree a corrective action plan after any breach.",
    "6. Exit. The Buyer may end this agreement if the plan is not carried out.",
]


# --------------------------------------------------------------------------- PDF helpers


def pdf_bytes(
    pages: list[list[str]],
    *,
    font_size: float = 11,
    line_height: float = 6,
    encrypt: tuple[str, str] | None = None,
    method: str = "AES_128",
    header: str | None = None,
    footer: str | None = None,
) -> bytes:
    """A PDF with one list of lines per page (fpdf2, core Helvetica, no wrapping)."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=font_size)
    if encrypt:
        from fpdf.enums import EncryptionMethod

        pdf.set_encryption(
            owner_password=encrypt[0],
            user_password=encrypt[1],
            encryption_method=EncryptionMethod[method],
        )
    n = len(pages)
    for no, lines in enumerate(pages, 1):
        pdf.add_page()
        y = 15.0
        if header:
            pdf.text(20, y, header)
            y += line_height * 2
        for line in lines:
            pdf.text(20, y, line)
            y += line_height
        if footer:
            pdf.text(95, 287, footer.format(page=no, pages=n))
    return bytes(pdf.output())


def contract_pdf_bytes(n_pages: int = 3) -> bytes:
    pages = []
    for p in range(n_pages):
        pages.append([f"{line} (Part {p + 1})" for line in BODY_LINES])
    return pdf_bytes(pages)


def _write(directory: Path, name: str, data: bytes) -> Path:
    path = Path(directory) / name
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------- broken files


def empty(directory: Path) -> Path:
    return _write(directory, "empty.pdf", b"")


def truncated_pdf(directory: Path) -> Path:
    data = contract_pdf_bytes(3)
    return _write(directory, "truncated.pdf", data[: int(len(data) * 0.3)])


def broken_xref_pdf(directory: Path) -> Path:
    """Every xref offset and startxref point to the wrong byte (a reader must rebuild)."""
    data = contract_pdf_bytes(2)
    xref_at = data.rindex(b"\nxref\n")

    def shift(m: re.Match) -> bytes:
        return b"%010d" % (int(m.group(1)) + 7) + m.group(2)

    table = re.sub(rb"(\d{10})( 00000 n)", shift, data[xref_at:])
    table = re.sub(rb"startxref\s+\d+", b"startxref\n999999", table)
    return _write(directory, "broken_xref.pdf", data[:xref_at] + table)


def garbage_xref_pdf(directory: Path) -> Path:
    """The xref table and trailer replaced with noise: no trailer, no /Root to find."""
    data = contract_pdf_bytes(2)
    xref_at = data.rindex(b"\nxref\n")
    noise = random.Random(11).randbytes(400)
    body = re.sub(rb"/Type\s*/Catalog", b"/Type /Katalog", data[:xref_at])
    return _write(directory, "garbage_xref.pdf", body + noise)


def random_bytes_pdf(directory: Path) -> Path:
    data = b"\x13\x37" + random.Random(1234).randbytes(64 * 1024)
    return _write(directory, "random.pdf", data)


def encrypted_pdf(directory: Path) -> Path:
    pages = [[f"{line} (Part {p + 1})" for line in BODY_LINES] for p in range(2)]
    return _write(directory, "encrypted.pdf", pdf_bytes(pages, encrypt=("owner-pass", PASSWORD)))


def image_only_pdf(directory: Path) -> Path:
    """A 'scan': a raster picture of lines of text, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (850, 1100), "white")
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(BODY_LINES):
        draw.text((60, 80 + 30 * i), line, fill="black")
    path = Path(directory) / "scan.pdf"
    img.save(path, "PDF", resolution=100.0)
    return path


def million_chars_pdf(directory: Path, n_chars: int = 1_000_000) -> Path:
    """One page holding about ``n_chars`` characters in a tiny font."""
    from fpdf import FPDF

    per_line = 1000
    n_lines = n_chars // per_line
    pdf = FPDF(unit="pt", format=(700, n_lines * 0.6 + 20))
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=0.5)
    pdf.add_page()
    rng = random.Random(7)
    for i in range(n_lines):
        words: list[str] = []
        size = 0
        while size < per_line:
            w = rng.choice(_WORDS)
            words.append(w)
            size += len(w) + 1
        pdf.text(10, 10 + i * 0.6, " ".join(words)[:per_line])
    return _write(directory, "million_chars.pdf", bytes(pdf.output()))


# --------------------------------------------------------------------------- raw PDF objects

_HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(
    objects: dict[int, bytes],
    streams: dict[int, tuple[bytes, bytes]] | None = None,
    *,
    root: int = 1,
) -> bytes:
    """A PDF from numbered object bodies; ``streams`` maps a number to (the stream dictionary's
    opening entries, the stream bytes), and /Length is filled in. Object 1 is the catalog."""
    items = dict(objects)
    for num, (head, data) in (streams or {}).items():
        items[num] = b"<< " + head + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(items):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + items[num] + b"\nendobj\n"
    xref, size = len(out), max(items) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for num in range(1, size):
        out += b"%010d 00000 n \n" % offsets[num] if num in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def text_ops(lines: list[str], top: int = 720) -> bytes:
    """A content stream showing ``lines`` (Latin-1) from ``top`` down, 14 points apart."""
    ops = [b"BT /F1 11 Tf 14 TL 72 %d Td" % top]
    for line in lines:
        esc = (
            line.encode("latin-1")
            .replace(b"\\", b"\\\\")
            .replace(b"(", b"\\(")
            .replace(b")", b"\\)")
        )
        ops.append(b"(" + esc + b") Tj T*")
    return b" ".join(ops) + b" ET"


def _page(parent: int, contents: bytes, resources: bytes = b"", extra: bytes = b"") -> bytes:
    return (
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 3 0 R >> %s>> /Contents %s %s>>"
        % (parent, resources, contents, extra)
    )


def _one_page_pdf(
    content: bytes,
    *,
    stream_head: bytes = b"",
    catalog: bytes = b"",
    page_extra: bytes = b"",
    resources: bytes = b"",
    more: dict[int, bytes] | None = None,
    more_streams: dict[int, tuple[bytes, bytes]] | None = None,
    kids: bytes = b"5 0 R",
    count: int = 1,
    contents: bytes = b"4 0 R",
) -> bytes:
    page = _page(2, contents, resources, page_extra)
    return raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b">>",
            2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            3: _HELVETICA,
            5: page,
            **(more or {}),
        },
        {4: (stream_head, content), **(more_streams or {})},
    )


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with one list of Latin-1 lines per page, written object by object (5,000 pages
    in ~0.1 s where fpdf2 takes a second)."""
    objects = {1: b"<< /Type /Catalog /Pages 2 0 R >>", 3: _HELVETICA}
    streams = {}
    kids = []
    for i, lines in enumerate(pages):
        page, content = 4 + 2 * i, 5 + 2 * i
        objects[page] = _page(2, b"%d 0 R" % content)
        kids.append(b"%d 0 R" % page)
        streams[content] = (b"", text_ops(lines))
    objects[2] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % len(pages)
    return raw_pdf(objects, streams)


def many_pages_pdf(directory: Path, n_pages: int = 5000) -> Path:
    """``n_pages`` pages of one short line each (distinct words, so no running header)."""
    rng = random.Random(5)
    pages = [[" ".join(rng.choice(_WORDS) for _ in range(5)) + "."] for _ in range(n_pages)]
    return _write(directory, f"pages_{n_pages}.pdf", text_pdf(pages))


def pdf_page_tree_cycle(directory: Path) -> Path:
    """The page tree lists itself as its own kid: pdfium counts a page it cannot load."""
    return _write(
        directory,
        "page_tree_cycle.pdf",
        _one_page_pdf(text_ops(BODY_LINES), kids=b"2 0 R 5 0 R", count=2),
    )


def pdf_bogus_page_count(directory: Path) -> Path:
    """/Count claims two billion pages; there is one."""
    return _write(
        directory, "bogus_count.pdf", _one_page_pdf(text_ops(BODY_LINES), count=2_000_000_000)
    )


def _huffman_bits(codes: list[tuple[int, int]]) -> bytes:
    """Pack (value, width) codes, most significant bit first, into deflate's LSB-first bytes."""
    acc = n = 0
    out = bytearray()
    for value, width in codes:
        for i in range(width - 1, -1, -1):
            acc |= ((value >> i) & 1) << n
            n += 1
            if n == 8:
                out.append(acc)
                acc = n = 0
    if n:
        out.append(acc)
    return bytes(out)


def blank_zlib(size: int) -> bytes:
    """A zlib stream inflating to at least ``size`` blanks, written directly (0.5 s for 320 MiB
    where zlib.compress takes seconds): one fixed-Huffman block holding a blank, a 258-byte copy
    at distance 1, then 258-byte copies at distance 258, two of which fill exactly 5 bytes."""
    start = [(1, 1), (1, 1), (0, 1)]  # BFINAL=1, BTYPE=01 (fixed Huffman), bit by bit
    blank = [(0x30 + ord(" "), 8)]  # literals 0-143 are 0x30 + value, 8 bits
    near = [(0b11000101, 8), (0, 5)]  # length code 285 (258 bytes), distance code 0 (1 back)
    far = [
        (0b11000101, 8),
        (0b10000, 5),
        (0b1000000, 7),
    ]  # distance code 16, extra bits 1: 258 back
    pairs = max(0, (size - 259) // (2 * 258) + 1)
    body = (
        _huffman_bits(start + blank + near)
        + _huffman_bits(far * 2) * pairs
        + _huffman_bits([(0, 7)])
    )
    n = 259 + 2 * 258 * pairs
    adler, chunk = 1, b" " * 2**20
    for at in range(0, n, len(chunk)):
        adler = zlib.adler32(chunk[: min(len(chunk), n - at)], adler)
    return b"\x78\x01" + body + adler.to_bytes(4, "big")


def pdf_stream_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """A 3 MB PDF whose content stream inflates to ``size`` bytes (text, then blanks); the
    text is a stream of its own so that the bomb stream is pure blanks."""
    return _write(
        directory,
        "stream_bomb.pdf",
        _one_page_pdf(
            text_ops(BODY_LINES),
            contents=b"[4 0 R 6 0 R]",
            more_streams={6: (b"/Filter /FlateDecode", blank_zlib(size))},
        ),
    )


def _bomb_pdf(directory: Path, name: str, head: bytes, data: bytes) -> Path:
    """A one-page PDF: a text stream, then a second content stream ``data`` under ``head``."""
    return _write(
        directory,
        name,
        _one_page_pdf(
            text_ops(BODY_LINES),
            contents=b"[4 0 R 6 0 R]",
            more_streams={6: (head, data)},
        ),
    )


def pdf_double_flate_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """Two Flate layers: the outer one inflates to only a few MB, the inner one to ``size``."""
    data = zlib.compress(blank_zlib(size), 9)
    return _bomb_pdf(directory, "double_flate.pdf", b"/Filter [/FlateDecode /FlateDecode]", data)


def pdf_long_dict_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """The /Filter entry more than 4 KB before the ``stream`` keyword (a /Pad string after it)."""
    head = b"/Filter /FlateDecode /Pad <" + b"00" * 4096 + b">"
    return _bomb_pdf(directory, "long_dict.pdf", head, blank_zlib(size))


def pdf_image_token_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """A content stream whose dictionary names /Image (and calls itself one, with no size)."""
    head = b"/Note /Image /Subtype /Image /Filter /FlateDecode"
    return _bomb_pdf(directory, "image_token.pdf", head, blank_zlib(size))


def pdf_escaped_name_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """The filter's name written with an escape: /#46lateDecode is /FlateDecode."""
    return _bomb_pdf(directory, "escaped_name.pdf", b"/Filter /#46lateDecode", blank_zlib(size))


def pdf_big_image_claim_bomb(directory: Path, size: int = 400 * 2**20) -> Path:
    """A content stream that claims to be a huge image: the claim buys at most IMAGE_CAP."""
    head = b"/Subtype /Image /Width 100000 /Height 100000 /BitsPerComponent 8 /Filter /Fl"
    return _bomb_pdf(directory, "image_claim.pdf", head, blank_zlib(size))


def pdf_active_content(directory: Path) -> Path:
    """JavaScript on open, a launch action and a link annotation: none may run or be fetched."""
    return _write(
        directory,
        "active_content.pdf",
        _one_page_pdf(
            text_ops(BODY_LINES),
            catalog=b"/OpenAction 6 0 R /AA << /WC 8 0 R >> ",
            page_extra=b"/Annots [7 0 R]",
            more={
                6: b"<< /S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/js', true\\);) >>",
                7: b"<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] "
                b"/A << /S /URI /URI (http://127.0.0.1:9/uri) >> >>",
                8: b"<< /S /Launch /F (/bin/sh) >>",
            },
        ),
    )


def pdf_form_loop(directory: Path) -> Path:
    """A form XObject that draws itself: the reader must not recurse for ever."""
    form_head = (
        b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] "
        b"/Resources << /XObject << /X1 6 0 R >> /Font << /F1 3 0 R >> >>"
    )
    return _write(
        directory,
        "form_loop.pdf",
        _one_page_pdf(
            text_ops(BODY_LINES) + b" /X1 Do",
            resources=b"/XObject << /X1 6 0 R >> ",
            more_streams={
                6: (form_head, b"BT /F1 11 Tf 72 300 Td (Inner form text.) Tj ET /X1 Do")
            },
        ),
    )


def encrypted_owner_only_pdf(directory: Path) -> Path:
    """Encrypted with an owner password only: anyone may open it, so it must read."""
    pages = [[f"{line} (Part {p + 1})" for line in BODY_LINES] for p in range(2)]
    return _write(directory, "owner_only.pdf", pdf_bytes(pages, encrypt=("owner-pass", "")))


def encrypted_rc4_pdf(directory: Path) -> Path:
    pages = [[f"{line} (Part {p + 1})" for line in BODY_LINES] for p in range(2)]
    return _write(
        directory, "rc4.pdf", pdf_bytes(pages, encrypt=("owner-pass", PASSWORD), method="RC4")
    )


def encrypted_aes256_pdf(directory: Path) -> Path:
    pages = [[f"{line} (Part {p + 1})" for line in BODY_LINES] for p in range(2)]
    return _write(
        directory,
        "aes256.pdf",
        pdf_bytes(pages, encrypt=("owner-pass", PASSWORD), method="AES_256"),
    )


# --------------------------------------------------------------------------- DOCX helpers

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def w_para(text: str, *, style: str | None = None, num: tuple[int, int] | None = None) -> str:
    ppr = ""
    if style or num:
        inner = f'<w:pStyle w:val="{style}"/>' if style else ""
        if num:
            inner += f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>'
        ppr = f"<w:pPr>{inner}</w:pPr>"
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def document_xml(body: str, *, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    )


def docx_bytes(parts: dict[str, str | bytes], *, defaults: bool = True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        if defaults:
            zf.writestr("[Content_Types].xml", CONTENT_TYPES)
            zf.writestr("_rels/.rels", RELS)
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def simple_docx_bytes() -> bytes:
    return docx_bytes({"word/document.xml": document_xml("".join(w_para(t) for t in BODY_LINES))})


def docx_zip_bomb(directory: Path, size: int = 320 * 2**20) -> Path:
    """word/document.xml really decompresses to ``size`` bytes (streamed, never in memory)."""
    path = Path(directory) / "bomb.docx"
    head = document_xml("").split("<w:body>")[0].encode() + b"<w:body><w:p><w:r><w:t>"
    chunk = b"A" * (4 * 2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as fh:
            fh.write(head)
            written = len(head)
            while written < size:
                fh.write(chunk)
                written += len(chunk)
            fh.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return path


def docx_ratio_bomb(directory: Path) -> Path:
    """A 40 MiB part that compresses about 1000:1 (under the total limit, over the ratio)."""
    path = Path(directory) / "ratio_bomb.docx"
    filler = b"<w:p><w:r><w:t>" + b"B" * (40 * 2**20) + b"</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr(
            "word/document.xml",
            document_xml("").replace("<w:body></w:body>", "<w:body>").encode()
            + filler
            + b"</w:body></w:document>",
        )
    return path


def docx_lying_sizes(directory: Path) -> Path:
    """A part that declares 2 KiB but inflates to 64 MiB: the declared size is a lie."""
    real = document_xml("".join(w_para(t) for t in BODY_LINES)).encode()
    real = real.replace(
        b"</w:body>", b"<w:p><w:r><w:t>" + b"C" * (64 * 2**20) + b"</w:t></w:r></w:p></w:body>"
    )
    declared = 2048
    comp = zlib.compressobj(6, zlib.DEFLATED, -15)
    payload = comp.compress(real) + comp.flush()
    crc = zlib.crc32(real[:declared])
    name = b"word/document.xml"
    out = io.BytesIO()
    entries = []
    for fname, data, csize, usize, method, fcrc in [
        (b"[Content_Types].xml", CONTENT_TYPES.encode(), None, None, 0, None),
        (name, payload, len(payload), declared, 8, crc),
    ]:
        if csize is None:
            csize = usize = len(data)
            fcrc = zlib.crc32(data)
        offset = out.tell()
        out.write(
            struct.pack(
                "<4sHHHHHIIIHH",
                b"PK\x03\x04",
                20,
                0,
                method,
                0,
                0,
                fcrc,
                csize,
                usize,
                len(fname),
                0,
            )
            + fname
            + data
        )
        entries.append((fname, method, fcrc, csize, usize, offset))
    cd_at = out.tell()
    for fname, method, fcrc, csize, usize, offset in entries:
        out.write(
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                method,
                0,
                0,
                fcrc,
                csize,
                usize,
                len(fname),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + fname
        )
    cd_size = out.tell() - cd_at
    out.write(
        struct.pack(
            "<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), cd_size, cd_at, 0
        )
    )
    return _write(directory, "lying_sizes.docx", out.getvalue())


def docx_xxe(directory: Path) -> Path:
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = w_para("The Supplier shall respect human rights.") + w_para("Leaked: &xxe; end.")
    return _write(
        directory, "xxe.docx", docx_bytes({"word/document.xml": document_xml(body, prolog=prolog)})
    )


def docx_billion_laughs(directory: Path) -> Path:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)
    ]
    prolog = "<!DOCTYPE w:document [" + "".join(ents) + "]>"
    body = w_para("The Supplier shall respect human rights.") + w_para("Laugh: &lol9; end.")
    return _write(
        directory,
        "laughs.docx",
        docx_bytes({"word/document.xml": document_xml(body, prolog=prolog)}),
    )


def docx_missing_document(directory: Path) -> Path:
    return _write(
        directory,
        "no_document.docx",
        docx_bytes({"word/styles.xml": f'<w:styles xmlns:w="{W_NS}"/>'}),
    )


def docx_truncated(directory: Path) -> Path:
    data = docx_bytes(
        {"word/document.xml": document_xml("".join(w_para(t) for t in BODY_LINES * 40))}
    )
    return _write(directory, "truncated.docx", data[: len(data) // 2])


def docx_bad_xml(directory: Path) -> Path:
    return _write(
        directory,
        "bad_xml.docx",
        docx_bytes({"word/document.xml": document_xml(w_para("Unclosed <w:p>"))[:-30]}),
    )


def docx_missing_parts(directory: Path) -> Path:
    """Only word/document.xml: no content types, relationships, styles or numbering, although
    paragraphs name a heading style and a list."""
    body = w_para("Supply Agreement", style="Heading1") + "".join(
        w_para(t, num=(3, 0)) for t in BODY_LINES
    )
    return _write(
        directory,
        "parts_missing.docx",
        docx_bytes({"word/document.xml": document_xml(body)}, defaults=False),
    )


def _numbering_xml(levels: str) -> str:
    return (
        f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
        '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>'
    )


def docx_numbering_garbage(directory: Path) -> Path:
    """List levels named "x", "²" and 12, a start of 999,999,999 in letters, an outline level
    of 9 (Word's "body text"): the numbers may be odd, the text must be read."""
    levels = (
        '<w:lvl w:ilvl="x"><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="\u00b2"><w:lvlText w:val="%1."/></w:lvl>'
        '<w:lvl w:ilvl="0"><w:start w:val="999999999"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="(%1)"/></w:lvl>'
        '<w:lvl w:ilvl="12"><w:start w:val="\u00b9"/><w:numFmt w:val="upperRoman"/>'
        '<w:lvlText w:val="%1."/></w:lvl>'
    )
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:styleId="Body"><w:name w:val="Body Text"/>'
        '<w:pPr><w:outlineLvl w:val="9"/></w:pPr></w:style></w:styles>'
    )
    body = "".join(w_para(t, num=(1, i % 3 * 6), style="Body") for i, t in enumerate(BODY_LINES))
    return _write(
        directory,
        "numbering_garbage.docx",
        docx_bytes(
            {
                "word/document.xml": document_xml(body),
                "word/numbering.xml": _numbering_xml(levels),
                "word/styles.xml": styles,
            }
        ),
    )


def docx_numbering_amplifier(directory: Path) -> Path:
    """A 100 kB list-number template (50,000 digits once rendered) on 20,000 paragraphs:
    0.1 MB zipped, a gigabyte of text if expanded before the character limit is checked."""
    levels = f'<w:lvl w:ilvl="0"><w:lvlText w:val="{"%1" * 50_000}"/></w:lvl>'
    body = w_para("The Supplier shall respect human rights.", num=(1, 0)) * 20_000
    return _write(
        directory,
        "numbering_amplifier.docx",
        docx_bytes(
            {"word/document.xml": document_xml(body), "word/numbering.xml": _numbering_xml(levels)}
        ),
    )


def docx_many_members(directory: Path, n: int = 20_000) -> Path:
    """A package of ``n`` tiny parts besides a normal document."""
    path = Path(directory) / "many_members.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml("".join(w_para(t) for t in BODY_LINES)))
        for i in range(n):
            zf.writestr(f"customXml/item{i}.xml", "<a/>")
    return path


def docx_deep_tables(directory: Path, depth: int = 300) -> Path:
    """Tables nested ``depth`` deep (XML deeper than the parser's 256-level limit)."""
    deep = (
        "<w:tbl><w:tr><w:tc>" * depth + w_para("Deep cell text.") + "</w:tc></w:tr></w:tbl>" * depth
    )
    return _write(
        directory,
        "deep_tables.docx",
        docx_bytes(
            {
                "word/document.xml": document_xml(
                    w_para("The Supplier shall respect human rights.") + deep
                )
            }
        ),
    )


EXTERNAL_URL = "http://127.0.0.1:9/template.dotm"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _external_rel(rid: str, kind: str, target: str) -> str:
    return (
        f'<Relationship Id="{rid}" Type="{R_NS}/{kind}" Target="{target}" TargetMode="External"/>'
    )


def docx_external_refs(directory: Path) -> Path:
    """Relationships to a remote template, an external image, a linked sub-document and an
    INCLUDETEXT field: none may be fetched."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + _external_rel("rId1", "attachedTemplate", EXTERNAL_URL)
        + _external_rel("rId2", "image", EXTERNAL_URL + ".png")
        + _external_rel("rId3", "subDocument", EXTERNAL_URL + ".docx")
        + "</Relationships>"
    )
    field = (
        f'<w:p><w:fldSimple w:instr="INCLUDETEXT &quot;{EXTERNAL_URL}&quot;"><w:r>'
        f"<w:t>Included.</w:t></w:r></w:fldSimple></w:p>"
        f'<w:p><w:subDoc r:id="rId3" xmlns:r="{R_NS}"/></w:p>'
    )
    template = '<w:attachedTemplate r:id="rId1"/>'
    settings = f'<w:settings xmlns:w="{W_NS}" xmlns:r="{R_NS}">{template}</w:settings>'
    body = "".join(w_para(t) for t in BODY_LINES) + field
    parts = {
        "word/document.xml": document_xml(body),
        "word/_rels/document.xml.rels": rels,
        "word/settings.xml": settings,
    }
    return _write(directory, "external_refs.docx", docx_bytes(parts))


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(extra: bytes) -> bytes:
    header = _OLE_MAGIC + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9) + bytes(512 - 32)
    return header + bytes(512) + extra + bytes(1024)


def docx_password_protected(directory: Path) -> Path:
    """What Word writes for an encrypted .docx: an OLE file with an EncryptedPackage stream."""
    entries = (
        "EncryptionInfo".encode("utf-16-le") + bytes(40) + "EncryptedPackage".encode("utf-16-le")
    )
    return _write(directory, "protected.docx", _ole(entries))


def legacy_doc(directory: Path) -> Path:
    return _write(directory, "legacy.doc", _ole("WordDocument".encode("utf-16-le") + bytes(200)))


# --------------------------------------------------------------------------- HTML

HTML_HOSTILE = """<!DOCTYPE html>
<html><head><title>Supply Agreement</title>
<style>body { color: red } .secret::after { content: "STYLETEXT" }</style>
<script>alert(1); document.write("SCRIPTTEXT")</script></head>
<body onload="alert('ONLOADTEXT')">
<h1>Supply Agreement</h1>
<p onclick="alert('CLICKTEXT')">The Supplier shall respect human rights in its operations.</p>
<iframe src="https://example.invalid/">IFRAMETEXT</iframe>
<script>var x = "SCRIPTTEXT2";</script>
<noscript>NOSCRIPTTEXT</noscript>
<p style="display:none">HIDDENTEXT</p>
<h2>Audit</h2>
<p>The Buyer may audit the Supplier's sites on reasonable notice.</p>
</body></html>
"""


def html_hostile(directory: Path) -> Path:
    return _write(directory, "hostile.html", HTML_HOSTILE.encode())


def html_deep(directory: Path, depth: int = 100_000) -> Path:
    data = (
        "<html><body><p>The Supplier shall respect human rights.</p>"
        + "<div>" * depth
        + "Deep text."
        + "</div>" * depth
        + "</body></html>"
    )
    return _write(directory, "deep.html", data.encode())


def html_entity_dtd(directory: Path) -> Path:
    """A billion-laughs internal DTD in an HTML file."""
    ents = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return _write(
        directory,
        "entities.html",
        (
            f"<!DOCTYPE html [{ents}]><html><body><p>The Supplier shall respect "
            "human rights.</p><p>Laugh: &l9; end.</p></body></html>"
        ).encode(),
    )


def html_wide(directory: Path, n: int = 50_000) -> Path:
    """``n`` sibling paragraphs (XPath locators used to cost O(n) each)."""
    paras = "".join(f"<p>{i}. The Supplier shall keep record {i}.</p>" for i in range(1, n + 1))
    return _write(directory, "wide.html", f"<html><body>{paras}</body></html>".encode())


def html_unclosed(directory: Path, n: int = 50_000) -> Path:
    return _write(
        directory,
        "unclosed.html",
        (
            "<html><body><p>The Supplier shall respect human rights.</p>" + "<div><span>x" * n
        ).encode(),
    )


def html_bold_flood(directory: Path, n: int = 200_000) -> Path:
    """One paragraph of ``n`` bold words (the bold check used to re-join the paragraph at each)."""
    return _write(
        directory,
        "bold_flood.html",
        (
            "<html><body><p>The Supplier shall respect human rights. "
            + "<b>bold</b> " * n
            + "</p></body></html>"
        ).encode(),
    )


# --------------------------------------------------------------------------- text encodings

TEXT_ACCENTED = (
    "Contrat de fourniture entre Société Générale d'Équipement et Müller Fabrik.\n\n"
    "1. Le fournisseur garantit le respect des droits de l'homme à chaque étape.\n\n"
    "2. L'acheteur peut procéder à un contrôle des sites après préavis.\n\n"
    "3. Tout manquement grave entraîne la résiliation immédiate du contrat.\n"
)


def text_utf16(directory: Path) -> Path:
    return _write(directory, "utf16.txt", TEXT_ACCENTED.encode("utf-16"))


def text_latin1(directory: Path) -> Path:
    return _write(directory, "latin1.txt", TEXT_ACCENTED.encode("latin-1"))


def text_invalid_utf8(directory: Path) -> Path:
    data = (
        b"1. The Supplier shall respect human rights.\n\n2. The Buyer may audit the "
        b"Supplier on notice.\n"
    ) + b"\xff\xfe\xc3\x28 broken bytes \x80\x81 tail words\n"
    return _write(directory, "bad_utf8.txt", data)


def text_utf32(directory: Path) -> Path:
    return _write(directory, "utf32.txt", TEXT_ACCENTED.encode("utf-32"))


def text_utf16_no_bom(directory: Path) -> Path:
    return _write(directory, "utf16le.txt", TEXT_ACCENTED.encode("utf-16-le"))


def text_one_huge_line(directory: Path, n: int = 60_000) -> Path:
    """About 3 MB on one line, no line break anywhere."""
    return _write(
        directory, "one_line.txt", ("1. The Supplier shall respect human rights and " * n).encode()
    )


def text_nul_bytes(directory: Path) -> Path:
    return _write(
        directory, "nul.txt", b"1. The Supplier shall respect human rights.\x00\x00\x01\n" * 100
    )


# --------------------------------------------------------------------------- paths


def directory_input(directory: Path) -> Path:
    path = Path(directory) / "a_folder.pdf"
    path.mkdir()
    return path


def symlink_loop(directory: Path) -> Path:
    a, b = Path(directory) / "loop_a.pdf", Path(directory) / "loop_b.pdf"
    os.symlink(b, a)
    os.symlink(a, b)
    return a


def nonexistent(directory: Path) -> Path:
    return Path(directory) / "does_not_exist.pdf"


def fifo(directory: Path) -> Path:
    """A named pipe: reading it would wait for ever."""
    path = Path(directory) / "pipe.txt"
    os.mkfifo(path)
    return path


def device_symlink(directory: Path) -> Path:
    """A symlink to /dev/zero: stat says 0 bytes, reading never ends."""
    path = Path(directory) / "zero.pdf"
    os.symlink("/dev/zero", path)
    return path


def control_chars_name(directory: Path) -> Path:
    """An empty file whose name holds a newline, a fake message and a right-to-left override."""
    return _write(directory, "evil\nclausecheck error E000 forged\u202etxt.pdf", b"")


def oversize_sparse(directory: Path, size: int = 300 * 2**20) -> Path:
    """A sparse file over the 200 MiB default: costs no disk, must not be read."""
    path = Path(directory) / "oversize.pdf"
    with open(path, "wb") as fh:
        fh.truncate(size)
    return path


# --------------------------------------------------------------------------- not contracts


def xlsx_like(directory: Path) -> Path:
    return _write(
        directory,
        "sheet.xlsx",
        docx_bytes(
            {
                "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
                "xl/worksheets/sheet1.xml": "<worksheet/>",
            },
            defaults=False,
        ),
    )


def png_image(directory: Path) -> Path:
    from PIL import Image

    path = Path(directory) / "picture.png"
    Image.new("RGB", (64, 64), "blue").save(path, "PNG")
    return path


def png_named_pdf(directory: Path) -> Path:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (64, 64), "green").save(buf, "PNG")
    return _write(directory, "picture.pdf", buf.getvalue())


def xlsx_xlsxwriter(directory: Path) -> Path:
    """A real workbook whose cell reads like a clause (xlsxwriter)."""
    import xlsxwriter

    path = Path(directory) / "clauses.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet().write(0, 0, BODY_LINES[0])
    book.close()
    return path


def xlsx_openpyxl_named_docx(directory: Path) -> Path:
    """A real workbook (openpyxl) saved under a .docx name."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = BODY_LINES[1]
    path = Path(directory) / "workbook.docx"
    book.save(path)
    return path


def jpeg_photo(directory: Path) -> Path:
    """A noisy photo-like JPEG."""
    from PIL import Image

    rng = random.Random(3)
    path = Path(directory) / "photo.jpg"
    Image.frombytes("RGB", (320, 240), rng.randbytes(320 * 240 * 3)).save(path, "JPEG", quality=85)
    return path


def jpeg_named_pdf(directory: Path) -> Path:
    return _write(directory, "photo.pdf", jpeg_photo(directory).read_bytes())


def gzip_named_pdf(directory: Path) -> Path:
    import gzip

    return _write(directory, "compressed.pdf", gzip.compress(contract_pdf_bytes(1)))


# --------------------------------------------------------------------------- hidden text
# A visible contract without a grievance mechanism, and a grievance clause hidden from the
# reader in each way a format allows: the hidden clause must never become evidence.

VISIBLE_LINES = [
    "SUPPLY AGREEMENT",
    'This Supply Agreement is made between Buyer Ltd ("Buyer") and Supplier Ltd ("Supplier").',
    "1. Scope. The Supplier shall deliver the Goods described in Schedule 1.",
    "2. Price. The Buyer shall pay the price within 30 days of invoice.",
    "4. Law. This agreement is governed by the laws of England.",
]
HIDDEN_CLAUSE = (
    "3. Grievance. The Supplier shall establish and maintain a grievance mechanism through "
    "which workers and communities may raise human rights concerns anonymously and without "
    "retaliation, and shall report every grievance received to the Buyer."
)
HIDDEN_WORD = "grievance"  # in the hidden clause only


def visible_contract_text(clause: str = HIDDEN_CLAUSE) -> str:
    """The contract with the clause in plain view (the control case)."""
    return "\n\n".join(VISIBLE_LINES[:4] + [clause] + VISIBLE_LINES[4:]) + "\n"


def visible_contract(directory: Path) -> Path:
    """``directory/c.txt`` holding the plain-view contract."""
    path = directory / "c.txt"
    path.write_text(visible_contract_text(), encoding="utf-8")
    return path


def cli_env() -> dict[str, str]:
    """The environment for running ``python -m clausecheck`` from this checkout in a subprocess,
    with debug tracebacks off (the one-line errors are what the tests read)."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    env.pop("CLAUSECHECK_DEBUG", None)
    return env


def _pdf_lines(text: str, width: int = 80) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width)


def _hidden_pdf(directory: Path, name: str, hidden_ops: bytes) -> Path:
    visible = text_ops([ln for line in VISIBLE_LINES for ln in _pdf_lines(line)])
    return _write(directory, name, _one_page_pdf(visible + b" " + hidden_ops))


def _clause_ops(prefix: bytes, size: bytes = b"11", at: bytes = b"72 300") -> bytes:
    shown = b" ".join(b"(%s) Tj T*" % ln.encode("latin-1") for ln in _pdf_lines(HIDDEN_CLAUSE))
    return b"BT %s /F1 %s Tf 14 TL %s Td %s ET" % (prefix, size, at, shown)


def pdf_hidden_render_mode(directory: Path) -> Path:
    return _hidden_pdf(directory, "render_mode_3.pdf", _clause_ops(b"3 Tr"))


def pdf_hidden_white(directory: Path) -> Path:
    return _hidden_pdf(directory, "white.pdf", _clause_ops(b"1 1 1 rg"))


def pdf_hidden_tiny(directory: Path) -> Path:
    return _hidden_pdf(directory, "tiny.pdf", _clause_ops(b"", size=b"0.01"))


def pdf_hidden_off_page(directory: Path) -> Path:
    return _hidden_pdf(directory, "off_page.pdf", _clause_ops(b"", at=b"72 -400"))


def pdf_hidden_clipped(directory: Path) -> Path:
    return _hidden_pdf(directory, "clipped.pdf", b"q 0 0 5 5 re W n " + _clause_ops(b"") + b" Q")


def _docx_run(text: str, rpr: str = "") -> str:
    return (
        f'<w:r>{f"<w:rPr>{rpr}</w:rPr>" if rpr else ""}<w:t xml:space="preserve">{text}</w:t></w:r>'
    )


def docx_hidden_vanish(directory: Path) -> Path:
    """The clause in runs marked <w:vanish/>, one directly, one through a character style."""
    half = len(HIDDEN_CLAUSE) // 2
    clause = (
        "<w:p>"
        + _docx_run(HIDDEN_CLAUSE[:half], "<w:vanish/>")
        + _docx_run(HIDDEN_CLAUSE[half:], '<w:rStyle w:val="Secret"/>')
        + "</w:p>"
    )
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:type="character" w:styleId="Secret">'
        '<w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>'
    )
    body = "".join(w_para(t) for t in VISIBLE_LINES[:4]) + clause + w_para(VISIBLE_LINES[4])
    return _write(
        directory,
        "vanish.docx",
        docx_bytes({"word/document.xml": document_xml(body), "word/styles.xml": styles}),
    )


_DOCX_HIDERS = {
    "white": ("", '<w:color w:val="FFFFFF"/>'),
    "tiny": ("", '<w:sz w:val="1"/>'),
    "paragraph_style": ('<w:pPr><w:pStyle w:val="Fine"/></w:pPr>', ""),
}


def docx_hidden(directory: Path, how: str) -> Path:
    """The clause hidden by white text, a font under 1 pt, or a paragraph style with vanish."""
    ppr, rpr = _DOCX_HIDERS[how]
    clause = f"<w:p>{ppr}{_docx_run(HIDDEN_CLAUSE, rpr)}</w:p>"
    styles = (
        f'<w:styles xmlns:w="{W_NS}"><w:style w:type="paragraph" w:styleId="Fine">'
        '<w:name w:val="Fine"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>'
    )
    body = "".join(w_para(t) for t in VISIBLE_LINES[:4]) + clause + w_para(VISIBLE_LINES[4])
    return _write(
        directory,
        f"hidden_{how}.docx",
        docx_bytes({"word/document.xml": document_xml(body), "word/styles.xml": styles}),
    )


def docx_hidden_kinds() -> list[str]:
    return list(_DOCX_HIDERS)


_HTML_HIDERS = {
    "css_class": ('<p class="fine">{}</p>', ".fine { color: black } p.fine { display : none }"),
    "font_size_0": ('<p style="font-size:0">{}</p>', ""),
    "off_screen": ('<p style="position:absolute; left:-10000px">{}</p>', ""),
    "del": ("<p><del>{}</del></p>", ""),
    "display_tab": ('<p style="display:\tnone">{}</p>', ""),
}


def html_hidden(directory: Path, how: str) -> Path:
    template, css = _HTML_HIDERS[how]
    body = "".join(f"<p>{line}</p>" for line in VISIBLE_LINES[:4])
    body += template.format(HIDDEN_CLAUSE) + f"<p>{VISIBLE_LINES[4]}</p>"
    page = f"<html><head><style>{css}</style></head><body>{body}</body></html>"
    return _write(directory, f"hidden_{how}.html", page.encode())


def html_hidden_kinds() -> list[str]:
    return list(_HTML_HIDERS)


def zero_width_text(directory: Path) -> Path:
    """The clause in plain view, with zero-width characters and soft hyphens inside its key
    words: they must not hide it."""
    clause = (
        HIDDEN_CLAUSE.replace("grievance mechanism", "grie\u200bvance mech\u00adanism")
        .replace("human rights", "hu\u200cman ri\u2060ghts")
        .replace("workers", "wor\ufeffkers")
        .replace("retaliation", "retal\u200diation")
    )
    return _write(directory, "zero_width.txt", visible_contract_text(clause).encode("utf-8"))


# --------------------------------------------------------------------------- DOCX structure


def docx_style_chain(directory: Path, n: int = 3000) -> Path:
    """Styles forming one basedOn chain ``n`` long, every paragraph in the last style: walked
    twice per paragraph without a memo, this took minutes."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="Style {i}"/>'
        + (f'<w:basedOn w:val="S{i - 1}"/>' if i else "")
        + "</w:style>"
        for i in range(n)
    )
    body = "".join(w_para(t, style=f"S{n - 1}") for t in BODY_LINES * 200)
    return _write(
        directory,
        "style_chain.docx",
        docx_bytes(
            {
                "word/document.xml": document_xml(body),
                "word/styles.xml": f'<w:styles xmlns:w="{W_NS}">{styles}</w:styles>',
            }
        ),
    )


def docx_nested_sdt_tables(directory: Path, depth: int = 40) -> Path:
    """A paragraph inside ``depth`` tables, each wrapped in a content control (w:sdt)."""
    inner = w_para(BODY_LINES[3])
    for _ in range(depth):
        inner = f"<w:sdt><w:sdtContent><w:tbl><w:tr><w:tc>{inner}</w:tc></w:tr></w:tbl></w:sdtContent></w:sdt>"
    body = "".join(w_para(t) for t in BODY_LINES[:3]) + inner + w_para(BODY_LINES[4])
    # a table cell needs a paragraph of its own around a nested table
    body = body.replace("<w:tc><w:sdt>", "<w:tc><w:p/><w:sdt>")
    return _write(
        directory, "nested_sdt.docx", docx_bytes({"word/document.xml": document_xml(body)})
    )


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def docx_text_box(directory: Path) -> Path:
    """A text box as Word writes it: the DrawingML box (mc:Choice) and its VML copy
    (mc:Fallback), inside an anchoring paragraph."""
    box = f"<w:txbxContent>{w_para(BODY_LINES[3])}</w:txbxContent>"
    run = (
        f'<w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:txbx xmlns:wps="urn:wps">{box}</wps:txbx></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:textbox xmlns:v="urn:v">{box}</v:textbox></w:pict>'
        "</mc:Fallback></mc:AlternateContent></w:r>"
    )
    body = "".join(w_para(t) for t in BODY_LINES[:3]) + f"<w:p>{run}</w:p>"
    body += "".join(w_para(t) for t in BODY_LINES[4:])
    return _write(directory, "text_box.docx", docx_bytes({"word/document.xml": document_xml(body)}))


def docx_alt_chunk(directory: Path) -> Path:
    """An altChunk: a clause in an embedded HTML file that Word merges when it opens the file."""
    body = "".join(w_para(t) for t in BODY_LINES) + (
        f'<w:altChunk xmlns:r="{R_NS}" r:id="rIdChunk"/>'
    )
    return _write(
        directory,
        "alt_chunk.docx",
        docx_bytes(
            {
                "word/document.xml": document_xml(body),
                "word/chunk.html": f"<html><body><p>{HIDDEN_CLAUSE}</p></body></html>",
            }
        ),
    )


def docx_duplicate_entry(directory: Path) -> Path:
    """word/document.xml twice in the zip: a harmless first copy, a different second one."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("word/document.xml", document_xml("".join(w_para(t) for t in BODY_LINES)))
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
            zf.writestr("word/document.xml", document_xml(w_para(HIDDEN_CLAUSE)))
    return _write(directory, "duplicate_entry.docx", buf.getvalue())


def docx_broken_header(directory: Path) -> Path:
    """A header part linked from the relationships that is not well-formed XML."""
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/header" Target="header1.xml"/></Relationships>'
    )
    sect = (
        f'<w:sectPr xmlns:r="{R_NS}"><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    )
    body = "".join(w_para(t) for t in visible_contract_text().split("\n\n")) + sect
    types = CONTENT_TYPES.replace(
        "</Types>",
        '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.header+xml"/></Types>',
    )
    return _write(
        directory,
        "broken_header.docx",
        docx_bytes(
            {
                "[Content_Types].xml": types,
                "_rels/.rels": RELS,
                "word/document.xml": document_xml(body),
                "word/_rels/document.xml.rels": rels,
                "word/header1.xml": f'<w:hdr xmlns:w="{W_NS}"><w:p><w:r><w:t>Head',
            },
            defaults=False,
        ),
    )


def text_punctuation_run(directory: Path, n: int = 40_000) -> Path:
    """A contract with a 40,000-character run of punctuation and no space (quadratic in
    spaCy's suffix search before runs were broken)."""
    text = visible_contract_text() + "\n5. Notes. " + ("!?.,;" * (n // 5)) + "\n"
    return _write(directory, "punctuation_run.txt", text.encode())


def markdown_emphasis_flood(directory: Path, n: int = 10_000) -> Path:
    """`` *a`` ten thousand times: quadratic for a backtracking emphasis pattern."""
    text = "# Supply Agreement\n\n" + visible_contract_text() + "\n" + " *a" * n + "\n"
    text += "[" * n + "\n"
    return _write(directory, "emphasis.md", text.encode())


def pdf_huge_page_scan(directory: Path, points: int = 14_400) -> Path:
    """A 'scanned' page (one tiny image, no text) 14,400 points a side: under 1 KB, yet 4.8 GB
    if rendered for OCR at 200 dpi."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /XObject << /Im1 6 0 R >> >> /Contents 4 0 R >>" % (points, points)
    )
    data = raw_pdf(
        {
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
            3: _HELVETICA,
            5: page,
        },
        {
            4: (b"", b"q 1000 0 0 1000 0 0 cm /Im1 Do Q"),
            6: (
                b"/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8",
                b"\x80",
            ),
        },
    )
    return _write(directory, "huge_page.pdf", data)


# --------------------------------------------------------------------------- the other classes
# Hostile classes that are not an input file for ``outline`` (tests/test_bad_input.py builds and
# checks those): user data files, output targets, stores, batch lists, the environment. Each
# names the test module that covers it; tests/test_bad_input.py counts them with the corpus.
OTHER_CLASSES = {
    "ocr_huge_page": "tests/ingest/test_ocr_limits.py",
    "scan_time_limit": "tests/cli/test_scan_timeout.py",
    "pdf_bomb_filter_chains_unit": "tests/ingest/test_pdf_streams.py",
    "hidden_text_as_evidence": "tests/ingest/test_hidden_text.py",
    "bidi_controls": "tests/ingest/test_hidden_text.py",
    "docx_broken_secondary_part_redline": "tests/report/test_docx_report.py",
    "provisions_catastrophic_regex": "tests/data/test_regex_risk.py",
    "data_file_dev_zero": "tests/data/test_user_files.py",
    "data_file_fifo": "tests/data/test_user_files.py",
    "data_file_folder": "tests/data/test_user_files.py",
    "data_file_oversized": "tests/data/test_user_files.py",
    "yaml_complex_key": "tests/data/test_user_files.py",
    "library_format_spec": "tests/data/test_user_files.py",
    "library_conversion": "tests/data/test_user_files.py",
    "output_disk_full": "tests/report/test_atomic.py",
    "output_device_in_place": "tests/report/test_atomic.py",
    "output_path_through_file": "tests/report/test_atomic.py",
    "output_file_size_limit": "tests/report/test_atomic.py",
    "csv_full_width_formula": "tests/report/test_csv_report.py",
    "batch_bad_url_in_list": "tests/batch/test_hostile_batch.py",
    "few_file_descriptors": "tests/batch/test_hostile_batch.py",
    "store_undecodable_row": "tests/portfolio/test_damaged_store.py",
    "store_row_not_a_mapping": "tests/portfolio/test_damaged_store.py",
    "store_row_wrong_types": "tests/portfolio/test_damaged_store.py",
    "store_failed_integrity_check": "tests/portfolio/test_damaged_store.py",
}
