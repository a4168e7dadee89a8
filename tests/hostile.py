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
_WORDS = ("supplier buyer goods audit labour rights notice term remedy breach policy code "
          "safety wages hours grievance review report training site worker records plan").split()

BODY_LINES = [
    "1. Scope. The Supplier shall deliver the Goods described in Schedule 1.",
    "2. Conduct. The Supplier shall respect the Buyer Code of Conduct at every site.",
    "3. Records. The Supplier shall keep records of working hours and wages.",
    "4. Audit. The Buyer may inspect those records on reasonable notice.",
    "5. Remedy. The Supplier shall agree a corrective action plan after any breach.",
    "6. Exit. The Buyer may end this agreement if the plan is not carried out.",
]


# --------------------------------------------------------------------------- PDF helpers


def pdf_bytes(pages: list[list[str]], *, font_size: float = 11, line_height: float = 6,
              encrypt: tuple[str, str] | None = None, header: str | None = None,
              footer: str | None = None) -> bytes:
    """A PDF with one list of lines per page (fpdf2, core Helvetica, no wrapping)."""
    from fpdf import FPDF

    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=font_size)
    if encrypt:
        from fpdf.enums import EncryptionMethod

        pdf.set_encryption(owner_password=encrypt[0], user_password=encrypt[1],
                           encryption_method=EncryptionMethod.AES_128)
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


def many_pages_pdf(directory: Path, n_pages: int = 5000) -> Path:
    """``n_pages`` pages of one short line each (distinct words, so no running header)."""
    from fpdf import FPDF

    rng = random.Random(5)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_font("helvetica", size=10)
    for _ in range(n_pages):
        pdf.add_page()
        pdf.text(20, 20, " ".join(rng.choice(_WORDS) for _ in range(5)) + ".")
    return _write(directory, f"pages_{n_pages}.pdf", bytes(pdf.output()))


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
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>')


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
        zf.writestr("word/document.xml", document_xml("").replace("<w:body></w:body>", "<w:body>")
                    .encode() + filler + b"</w:body></w:document>")
    return path


def docx_lying_sizes(directory: Path) -> Path:
    """A part that declares 2 KiB but inflates to 64 MiB: the declared size is a lie."""
    real = document_xml("".join(w_para(t) for t in BODY_LINES)).encode()
    real = real.replace(b"</w:body>", b"<w:p><w:r><w:t>" + b"C" * (64 * 2**20) + b"</w:t></w:r></w:p></w:body>")
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
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, method, 0, 0, fcrc, csize, usize,
                              len(fname), 0) + fname + data)
        entries.append((fname, method, fcrc, csize, usize, offset))
    cd_at = out.tell()
    for fname, method, fcrc, csize, usize, offset in entries:
        out.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, method, 0, 0, fcrc,
                              csize, usize, len(fname), 0, 0, 0, 0, 0, offset) + fname)
    cd_size = out.tell() - cd_at
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(entries), len(entries), cd_size, cd_at, 0))
    return _write(directory, "lying_sizes.docx", out.getvalue())


def docx_xxe(directory: Path) -> Path:
    prolog = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    body = w_para("The Supplier shall respect human rights.") + w_para("Leaked: &xxe; end.")
    return _write(directory, "xxe.docx", docx_bytes({"word/document.xml": document_xml(body, prolog=prolog)}))


def docx_billion_laughs(directory: Path) -> Path:
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
    prolog = "<!DOCTYPE w:document [" + "".join(ents) + "]>"
    body = w_para("The Supplier shall respect human rights.") + w_para("Laugh: &lol9; end.")
    return _write(directory, "laughs.docx", docx_bytes({"word/document.xml": document_xml(body, prolog=prolog)}))


def docx_missing_document(directory: Path) -> Path:
    return _write(directory, "no_document.docx",
                  docx_bytes({"word/styles.xml": f'<w:styles xmlns:w="{W_NS}"/>'}))


def docx_truncated(directory: Path) -> Path:
    data = docx_bytes({"word/document.xml": document_xml("".join(w_para(t) for t in BODY_LINES * 40))})
    return _write(directory, "truncated.docx", data[: len(data) // 2])


def docx_bad_xml(directory: Path) -> Path:
    return _write(directory, "bad_xml.docx",
                  docx_bytes({"word/document.xml": document_xml(w_para("Unclosed <w:p>"))[:-30]}))


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(extra: bytes) -> bytes:
    header = _OLE_MAGIC + bytes(16) + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9) + bytes(512 - 32)
    return header + bytes(512) + extra + bytes(1024)


def docx_password_protected(directory: Path) -> Path:
    """What Word writes for an encrypted .docx: an OLE file with an EncryptedPackage stream."""
    entries = "EncryptionInfo".encode("utf-16-le") + bytes(40) + "EncryptedPackage".encode("utf-16-le")
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
    data = ("<html><body><p>The Supplier shall respect human rights.</p>" + "<div>" * depth
            + "Deep text." + "</div>" * depth + "</body></html>")
    return _write(directory, "deep.html", data.encode())


# --------------------------------------------------------------------------- text encodings

TEXT_ACCENTED = ("Contrat de fourniture entre Société Générale d'Équipement et Müller Fabrik.\n\n"
                 "1. Le fournisseur garantit le respect des droits de l'homme à chaque étape.\n\n"
                 "2. L'acheteur peut procéder à un contrôle des sites après préavis.\n\n"
                 "3. Tout manquement grave entraîne la résiliation immédiate du contrat.\n")


def text_utf16(directory: Path) -> Path:
    return _write(directory, "utf16.txt", TEXT_ACCENTED.encode("utf-16"))


def text_latin1(directory: Path) -> Path:
    return _write(directory, "latin1.txt", TEXT_ACCENTED.encode("latin-1"))


def text_invalid_utf8(directory: Path) -> Path:
    data = ("1. The Supplier shall respect human rights.\n\n2. The Buyer may audit the "
            "Supplier on notice.\n").encode() + b"\xff\xfe\xc3\x28 broken bytes \x80\x81 tail words\n"
    return _write(directory, "bad_utf8.txt", data)


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


# --------------------------------------------------------------------------- not contracts


def xlsx_like(directory: Path) -> Path:
    return _write(directory, "sheet.xlsx", docx_bytes({
        "xl/workbook.xml": '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
        "xl/worksheets/sheet1.xml": "<worksheet/>"}, defaults=False))


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
