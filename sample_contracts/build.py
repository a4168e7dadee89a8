#!/usr/bin/env python3
"""Regenerate the rendered sample contracts from ``sample_contracts/src/<name>.txt``.

Usage (from the repository root)::

    /work/venv/bin/python sample_contracts/build.py            # build everything
    /work/venv/bin/python sample_contracts/build.py --only supplier_strong_northwind

Outputs are written next to ``src/``:

=====================================  ==========================================================
supplier_strong_northwind              .docx (Word automatic numbering, tracked changes, footnote,
                                       header/footer) and .pdf (LibreOffice, running header and
                                       "Page N of M" footer)
jv_reserved_matters_kestrel            .docx (as above)
supplier_weak_harbor                   .pdf (LibreOffice, header/footer) and .txt (copy of src)
project_loan_solaris                   .pdf (LibreOffice, header/footer with page numbers)
distribution_enduse_argus              .html (semantic HTML with a <style> and a <script>)
services_outsourcing_lumen             .md
host_government_concession_ardenia     .txt hard-wrapped at 78 columns
purchase_terms_meridian                _scanned.pdf (image-only PDF, no text layer)
=====================================  ==========================================================

Source format: one paragraph per line, a blank line between paragraphs, clause numbers at the
start of the line ("1.", "12.3", "(a)", "(iv)", "ARTICLE IV – ...", "SCHEDULE 1 – ..."), run-in
headings ("12.3 Audit. The Supplier shall ...").

Only the standard library, python-docx (and its lxml), pypdfium2 (page counts), Pillow and
LibreOffice (``soffice --headless --convert-to pdf``, for DOCX -> PDF) are used. Text and layout
are deterministic; LibreOffice stamps its PDFs with the conversion time.

The DOCX files carry real Word automatic numbering: one abstractNum for the clause hierarchy
(ilvl0 "%1.", ilvl1 "%1.%2", ilvl2 "%1.%2.%3", ilvl3 "(%4)" lowerLetter, ilvl4 "(%5)" lowerRoman,
default lvlRestart), a w:num per list instance (each schedule restarts with a startOverride), and
the numbers are not typed into the paragraph text. Each DOCX also has one tracked insertion and one
tracked deletion by "Counsel" (the accepted text equals the source), one footnote, and a header
("DRAFT - <title>") and footer that readers must leave out of the body.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
OUT = HERE

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

# ---------------------------------------------------------------------------------------------
# Source parsing
# ---------------------------------------------------------------------------------------------

RE_L2 = re.compile(r"^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\s+(\S.*)$")
RE_L1 = re.compile(r"^(\d{1,3})\.(\d{1,3})\s+(\S.*)$")
RE_L0 = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")
RE_PAREN = re.compile(r"^\(([a-z]{1,4})\)\s+(\S.*)$")
RE_LITERAL_NUM = re.compile(r"^(\([A-Z0-9]{1,3}\))\s+(\S.*)$")  # (A) recitals, (1) parties
RE_PART = re.compile(r"^(ARTICLE|SCHEDULE|EXHIBIT|ANNEX|APPENDIX|PART)\s+([0-9]+|[IVXLC]+|[A-Z])\b(.*)$")
RE_ROMAN = re.compile(r"^(i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii|xiii|xiv|xv)$")

SMALL_WORDS = {"and", "or", "of", "the", "to", "for", "in", "on", "with", "by", "a", "an", "at",
               "from", "under", "not", "against", "as", "its", "per", "into", "upon", "after",
               "before", "no"}


def read_lines(name: str) -> list[str]:
    """The source paragraphs (non-blank lines), stripped."""
    text = (SRC / f"{name}.txt").read_text("utf-8")
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def roman_value(s: str) -> int:
    vals = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
    total = 0
    for a, b in zip(s, s[1:] + " "):
        v = vals[a]
        total += -v if b != " " and vals.get(b, 0) > v else v
    return total


def to_roman(n: int) -> str:
    out = []
    for value, sym in [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"),
                       (5, "v"), (4, "iv"), (1, "i")]:
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


def to_letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def split_runin(body: str) -> tuple[str | None, str]:
    """("Audit.", " The Supplier shall ...") for a run-in heading, else (None, body)."""
    m = re.match(r"^([A-Z][^.;:]{0,80}?\.)(\s+)(?=[A-Z“\"(‘])", body)
    if not m:
        return None, body
    head = m.group(1)
    words = re.findall(r"[A-Za-z&][\w’'&-]*", head[:-1])
    if not words or len(words) > 9:
        return None, body
    if not all(w[0].isupper() or w[0] == "&" or w.lower() in SMALL_WORDS for w in words):
        return None, body
    return head, body[len(head):]


def is_short_heading(text: str) -> bool:
    return len(text) <= 90 and not text.endswith((".", ";", ":", ",")) and not re.search(r"\.\s", text)


@dataclass
class Para:
    src: str                      # the source line, exactly
    kind: str                     # title | heading | num | plain | part_heading
    ilvl: int | None = None       # automatic-numbering level, when kind == "num" or numbered heading
    number: str | None = None     # the number as written in the source
    body: str = ""                # text without the number (for auto-numbered paragraphs)
    runin: str | None = None      # run-in heading ("Audit.") if any
    rest: str = ""                # body after the run-in heading
    heading: bool = False         # displayed as a heading
    in_part: bool = False         # inside a schedule / exhibit / annex
    restart: bool = False         # first paragraph of a new list instance (schedule)
    definition: bool = False


@dataclass
class Parsed:
    name: str
    title: str
    paras: list[Para] = field(default_factory=list)
    mismatches: list[str] = field(default_factory=list)


def parse(name: str) -> Parsed:
    """Classify each source paragraph and decide its Word numbering level.

    The numbering levels are replayed here exactly as Word counts them (level counters reset
    whenever a higher level appears; a schedule starts a new list instance restarting at 1). A
    line whose written number differs from the number Word would render keeps its number as
    literal text instead (and is reported in ``mismatches``)."""
    lines = read_lines(name)
    parsed = Parsed(name, lines[0])
    counters = [0] * 5
    in_part = False
    pending_restart = False
    last_letter = 0
    last_roman = 0
    for idx, line in enumerate(lines):
        if idx == 0:
            parsed.paras.append(Para(line, "title", heading=True))
            continue
        p = Para(line, "plain", in_part=in_part)
        m2, m1, m0, mp = RE_L2.match(line), RE_L1.match(line), RE_L0.match(line), RE_PAREN.match(line)
        mpart = RE_PART.match(line)
        if m2:
            p.ilvl, p.number, p.body = 2, f"{m2[1]}.{m2[2]}.{m2[3]}", m2[4]
        elif m1:
            p.ilvl, p.number, p.body = 1, f"{m1[1]}.{m1[2]}", m1[3]
        elif m0:
            p.ilvl, p.number, p.body = 0, f"{m0[1]}.", m0[2]
        elif mp:
            tok = mp[1]
            as_letter = not RE_ROMAN.match(tok)
            if not as_letter:
                v = roman_value(tok)
                # "(i)" after "(h)", "(v)" after "(u)", "(x)" after "(w)" are letters.
                follows_letter = len(tok) == 1 and last_letter and to_letter(last_letter + 1) == tok
                if follows_letter and not (last_roman and v == last_roman + 1):
                    as_letter = True
                elif not (v == 1 or v == last_roman + 1):
                    as_letter = True
            p.ilvl = 3 if as_letter else 4
            p.number, p.body = f"({tok})", mp[2]
        elif mpart and mpart[1] in ("SCHEDULE", "EXHIBIT", "ANNEX", "APPENDIX"):
            p.kind, p.heading = "part_heading", True
            in_part = True
            pending_restart = True
            counters = [0] * 5
            last_letter = last_roman = 0
            parsed.paras.append(p)
            continue
        elif mpart:
            p.kind, p.heading = "part_heading", True
            parsed.paras.append(p)
            continue
        elif re.fullmatch(r"[A-Z][A-Z ’'&,–-]{2,40}", line) and len(line.split()) <= 3 and line.upper() == line:
            # BACKGROUND, RECITALS and similar unnumbered section headings
            p.kind, p.heading = "part_heading", True
            parsed.paras.append(p)
            continue
        else:
            p.definition = bool(re.match(r"^[“\"]", line))
            parsed.paras.append(p)
            continue

        # Replay Word's counters and compare with the written number.
        trial = counters[:]
        trial[p.ilvl] += 1
        for deeper in range(p.ilvl + 1, 5):
            trial[deeper] = 0
        rendered = render_number(trial, p.ilvl)
        if rendered != p.number:
            parsed.mismatches.append(f"{name}: '{line[:40]}' written {p.number}, Word would render {rendered}")
            p.kind, p.ilvl = "plain", None
            parsed.paras.append(p)
            continue
        counters = trial
        if p.ilvl == 3:
            last_letter, last_roman = counters[3], 0
        elif p.ilvl == 4:
            last_roman = counters[4]
        else:
            last_letter = last_roman = 0
        p.kind = "num"
        p.restart = pending_restart
        pending_restart = False
        if p.ilvl == 0 and is_short_heading(p.body):
            p.heading = True
        else:
            p.runin, p.rest = split_runin(p.body)
            if p.runin is None:
                p.rest = p.body
        parsed.paras.append(p)
    return parsed


def render_number(c: list[int], ilvl: int) -> str:
    if ilvl == 0:
        return f"{c[0]}."
    if ilvl == 1:
        return f"{c[0]}.{c[1]}"
    if ilvl == 2:
        return f"{c[0]}.{c[1]}.{c[2]}"
    if ilvl == 3:
        return f"({to_letter(max(c[3], 1))})"
    return f"({to_roman(max(c[4], 1))})"


# ---------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CHANGE_DATE = "2025-01-20T10:00:00Z"


@dataclass
class DocxOptions:
    auto_numbering: bool = True
    header: str = ""
    footer_text: str = ""            # text before "Page N of M" ("" for page numbers only)
    tracked: dict | None = None      # {"ins": (number, phrase), "del": (number, before_phrase, deleted)}
    footnote: tuple[str, str] | None = None  # (clause number, footnote text)
    justify: bool = True


def _w(tag: str) -> str:
    return f"{{{W_NS}}}{tag}"


def _el(tag: str, **attrs):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    el = OxmlElement(f"w:{tag}")
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _text_el(tag: str, text: str):
    t = _el(tag)
    t.text = text
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    return t


def _strip_theme_fonts(style) -> None:
    rpr = style.element.rPr
    if rpr is not None and rpr.rFonts is not None:
        for attr in list(rpr.rFonts.attrib):
            if "Theme" in attr or "theme" in attr:
                del rpr.rFonts.attrib[attr]


def _setup_styles(doc, justify: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    _strip_theme_fonts(normal)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(10)
    pf.line_spacing = 1.0
    if justify:
        pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for name, size, align in (("Title", 16, WD_ALIGN_PARAGRAPH.CENTER), ("Heading 1", 11, None)):
        st = doc.styles[name]
        st.font.name = "Times New Roman"
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.color.rgb = RGBColor(0, 0, 0)
        _strip_theme_fonts(st)
        st.paragraph_format.space_before = Pt(12)
        st.paragraph_format.space_after = Pt(10)
        st.paragraph_format.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.LEFT
        if name == "Title":
            # The template's Title has a bottom border and expanded spacing: drop them.
            ppr = st.element.pPr
            if ppr is not None:
                for child in list(ppr):
                    if child.tag == _w("pBdr"):
                        ppr.remove(child)
            rpr = st.element.rPr
            if rpr is not None:
                for child in list(rpr):
                    if child.tag in (_w("spacing"), _w("kern"), _w("color")):
                        rpr.remove(child)
                st.font.color.rgb = RGBColor(0, 0, 0)
    for name in ("Header", "Footer"):
        st = doc.styles[name]
        st.font.name = "Times New Roman"
        st.font.size = Pt(9)


LEVELS = [
    # ilvl, numFmt, lvlText, indent left, hanging, bold
    (0, "decimal", "%1.", 720, 720, True),
    (1, "decimal", "%1.%2", 720, 720, False),
    (2, "decimal", "%1.%2.%3", 1440, 720, False),
    (3, "lowerLetter", "(%4)", 1440, 720, False),
    (4, "lowerRoman", "(%5)", 2160, 720, False),
    (5, "decimal", "%6.", 2880, 720, False),
    (6, "decimal", "%7.", 3600, 720, False),
    (7, "decimal", "%8.", 4320, 720, False),
    (8, "decimal", "%9.", 5040, 720, False),
]


class Numbering:
    """One abstractNum for the clause hierarchy and a w:num per list instance."""

    def __init__(self, doc) -> None:
        self.root = doc.part.numbering_part.element
        ids = [int(a.get(_w("abstractNumId"))) for a in self.root.findall(_w("abstractNum"))]
        self.abstract_id = max(ids + [0]) + 1
        self.num_ids = [int(n.get(_w("numId"))) for n in self.root.findall(_w("num"))]
        ab = _el("abstractNum", abstractNumId=self.abstract_id)
        ab.append(_el("nsid", val="5C1A0C01"))
        ab.append(_el("multiLevelType", val="multilevel"))
        ab.append(_el("tmpl", val="7D3A1F22"))
        for ilvl, fmt, text, left, hanging, bold in LEVELS:
            lvl = _el("lvl", ilvl=ilvl)
            lvl.append(_el("start", val=1))
            lvl.append(_el("numFmt", val=fmt))
            lvl.append(_el("lvlText", val=text))
            lvl.append(_el("lvlJc", val="left"))
            ppr = _el("pPr")
            tabs = _el("tabs")
            tabs.append(_el("tab", val="num", pos=left))
            ppr.append(tabs)
            ppr.append(_el("ind", left=left, hanging=hanging))
            lvl.append(ppr)
            if bold:
                rpr = _el("rPr")
                rpr.append(_el("b"))
                lvl.append(rpr)
            ab.append(lvl)
        existing = self.root.findall(_w("abstractNum"))
        if existing:
            existing[-1].addnext(ab)
        else:
            self.root.insert(0, ab)

    def new_num(self, start_override: int | None = None) -> int:
        num_id = max(self.num_ids + [0]) + 1
        self.num_ids.append(num_id)
        num = _el("num", numId=num_id)
        num.append(_el("abstractNumId", val=self.abstract_id))
        if start_override is not None:
            ov = _el("lvlOverride", ilvl=0)
            ov.append(_el("startOverride", val=start_override))
            num.append(ov)
        nums = self.root.findall(_w("num"))
        if nums:
            nums[-1].addnext(num)
        else:
            self.root.append(num)
        return num_id


def _add_run(p, text: str, *, bold: bool = False, wrapper: str | None = None, author: str = "Counsel",
             change_id: list[int] | None = None):
    r = _el("r")
    if bold:
        rpr = _el("rPr")
        rpr.append(_el("b"))
        r.append(rpr)
    r.append(_text_el("delText" if wrapper == "del" else "t", text))
    if wrapper:
        change_id[0] += 1
        w = _el(wrapper, id=change_id[0], author=author, date=CHANGE_DATE)
        w.append(r)
        p._p.append(w)
    else:
        p._p.append(r)
    return r


def _add_field(p, instr: str, placeholder: str) -> None:
    fld = _el("fldSimple", instr=f" {instr} ")
    r = _el("r")
    r.append(_text_el("t", placeholder))
    fld.append(r)
    p._p.append(fld)


def _segments(text: str, number: str | None, tracked: dict | None) -> list[tuple[str, str | None]]:
    """Split ``text`` into (text, None|'ins'|'del') pieces for this clause's tracked changes."""
    segs: list[tuple[str, str | None]] = [(text, None)]
    if not tracked or number is None:
        return segs
    if "ins" in tracked and tracked["ins"][0] == number and tracked["ins"][1] in text:
        phrase = tracked["ins"][1]
        i = text.index(phrase)
        segs = [(text[:i], None), (phrase, "ins"), (text[i + len(phrase):], None)]
    if "del" in tracked and tracked["del"][0] == number and tracked["del"][1] in text:
        _, before, deleted = tracked["del"]
        out = []
        for s, kind in segs:
            if kind is None and before in s:
                i = s.index(before)
                out += [(s[:i], None), (deleted, "del"), (s[i:], None)]
            else:
                out.append((s, kind))
        segs = out
    return [(s, k) for s, k in segs if s]


def _add_footnotes_part(doc, notes: list[tuple[int, str]]) -> None:
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    esc = html.escape
    body = [
        f'<w:footnotes xmlns:w="{W_NS}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
        'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
        'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>',
    ]
    for fid, text in notes:
        body.append(
            f'<w:footnote w:id="{fid}"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
            '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
            f'<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> {esc(text, quote=False)}</w:t></w:r>'
            '</w:p></w:footnote>')
    body.append("</w:footnotes>")
    blob = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + "".join(body)).encode("utf-8")
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, blob, doc.part.package)
    doc.part.relate_to(part, RT.FOOTNOTES)


def build_docx(parsed: Parsed, path: Path, opts: DocxOptions) -> dict:
    import docx
    from docx.shared import Pt, Twips

    doc = docx.Document()
    _setup_styles(doc, opts.justify)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Twips(16838), Twips(11906)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(sec, side, Twips(1440))
    sec.top_margin = sec.bottom_margin = Twips(1300)

    # Header and footer (never part of the body text).
    hp = sec.header.paragraphs[0]
    hp.text = opts.header
    fp = sec.footer.paragraphs[0]
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if opts.footer_text:
        _add_run(fp, opts.footer_text + " – ")
    _add_run(fp, "Page ")
    _add_field(fp, "PAGE", "1")
    _add_run(fp, " of ")
    _add_field(fp, "NUMPAGES", "1")

    numbering = Numbering(doc) if opts.auto_numbering else None
    num_id = numbering.new_num() if numbering else None
    change_id = [100]
    stats = {"paragraphs": 0, "numbered": 0, "literal": 0, "start_overrides": 0, "runin": 0}
    footnote_done = False

    for para in parsed.paras:
        stats["paragraphs"] += 1
        if para.kind == "title":
            doc.add_paragraph(para.src, style="Title")
            continue
        if para.kind == "part_heading":
            p = doc.add_paragraph(style="Heading 1")
            if para.src.startswith(("SCHEDULE", "EXHIBIT", "ANNEX", "APPENDIX")):
                p.paragraph_format.page_break_before = True
            _add_run(p, para.src)
            continue
        auto = numbering is not None and para.kind == "num"
        if auto and para.restart:
            num_id = numbering.new_num(start_override=1)
            stats["start_overrides"] += 1
        if para.kind == "num" and para.heading:
            p = doc.add_paragraph(style="Heading 1")
            text = para.body if auto else para.src
            for seg, kind in _segments(text, para.number, opts.tracked):
                _add_run(p, seg, wrapper=kind, change_id=change_id)
        elif para.kind == "num":
            p = doc.add_paragraph()
            if not auto:
                lvl = LEVELS[para.ilvl]
                p.paragraph_format.left_indent = Twips(lvl[3])
                p.paragraph_format.first_line_indent = Twips(-lvl[4])
                _add_run(p, para.number + " ")
            if para.runin:
                _add_run(p, para.runin, bold=True)
                stats["runin"] += 1
            for seg, kind in _segments(para.rest, para.number, opts.tracked):
                _add_run(p, seg, wrapper=kind, change_id=change_id)
        else:
            p = doc.add_paragraph()
            if para.definition:
                p.paragraph_format.left_indent = Twips(720)
            for seg, kind in _segments(para.src, None, None):
                _add_run(p, seg)
        if auto:
            stats["numbered"] += 1
            numpr = p._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = para.ilvl
            numpr.get_or_add_numId().val = num_id
        elif para.kind != "plain":
            stats["literal"] += 1
        if opts.footnote and not footnote_done and para.number == opts.footnote[0]:
            r = _el("r")
            rpr = _el("rPr")
            rpr.append(_el("vertAlign", val="superscript"))
            r.append(rpr)
            r.append(_el("footnoteReference", id=1))
            p._p.append(r)
            footnote_done = True
    if opts.footnote:
        if not footnote_done:
            raise SystemExit(f"{parsed.name}: footnote anchor {opts.footnote[0]} not found")
        _add_footnotes_part(doc, [(1, opts.footnote[1])])
    if opts.tracked:
        xml = doc.element.xml
        if "w:ins " not in xml or ("del" in opts.tracked and "w:del " not in xml):
            raise SystemExit(f"{parsed.name}: tracked-change anchors not found")
    # Fixed core properties so rebuilds differ as little as possible.
    cp = doc.core_properties
    cp.author = "clausecheck sample builder"
    cp.title = parsed.title
    cp.revision = 1
    import datetime as _dt
    cp.created = cp.modified = _dt.datetime(2025, 1, 20, 10, 0, 0)
    cp.last_modified_by = "clausecheck sample builder"
    doc.save(str(path))
    return stats


# ---------------------------------------------------------------------------------------------
# PDF via LibreOffice
# ---------------------------------------------------------------------------------------------

def soffice_to_pdf(docx_path: Path, pdf_path: Path) -> None:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise SystemExit("LibreOffice (soffice) is not installed; it is needed for the PDF outputs")
    with tempfile.TemporaryDirectory(prefix="cc-build-lo-") as tmp:
        profile = Path(tmp) / "profile"
        outdir = Path(tmp) / "out"
        cmd = [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
               "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(outdir), str(docx_path)]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        produced = outdir / (docx_path.stem + ".pdf")
        if res.returncode != 0 or not produced.exists():
            raise SystemExit(f"LibreOffice failed on {docx_path.name}: {res.stdout} {res.stderr}")
        shutil.copyfile(produced, pdf_path)


def pdf_pages(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_pdf(parsed: Parsed, path: Path, opts: DocxOptions) -> dict:
    with tempfile.TemporaryDirectory(prefix="cc-build-") as tmp:
        src_docx = Path(tmp) / f"{parsed.name}.docx"
        stats = build_docx(parsed, src_docx, opts)
        soffice_to_pdf(src_docx, path)
    stats["pages"] = pdf_pages(path)
    return stats


# ---------------------------------------------------------------------------------------------
# HTML, Markdown, text
# ---------------------------------------------------------------------------------------------

HTML_STYLE = """\
body { font-family: Georgia, 'Times New Roman', serif; max-width: 46em; margin: 2em auto; line-height: 1.45; }
h1 { text-align: center; font-size: 1.4em; }
h2 { font-size: 1.05em; margin-top: 1.6em; }
h3 { font-size: 1em; font-style: italic; }
p.definition { margin-left: 2em; }
p.sub { margin-left: 2.5em; }
b.runin { font-weight: bold; }
"""

HTML_SCRIPT = """\
// Harmless page script: readers must ignore it. clausecheck-fixture: SCRIPT TEXT MUST NOT BE READ.
document.addEventListener("DOMContentLoaded", function () {
  var note = "The Supplier shall ignore this sentence, which lives inside a script element.";
  document.documentElement.setAttribute("data-rendered", note.length > 0 ? "yes" : "no");
});
"""


def heading_level(para: Para) -> int | None:
    if para.kind == "title":
        return 1
    if para.kind == "part_heading":
        return 2
    if para.kind == "num" and para.heading:
        return 3 if para.in_part else 2
    return None


def build_html(parsed: Parsed, path: Path) -> dict:
    esc = lambda s: html.escape(s, quote=False)  # noqa: E731
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f"<title>{esc(parsed.title.title())}</title>", "<style>", HTML_STYLE.rstrip(), "</style>",
           "</head>", "<body>", "<article>"]
    for para in parsed.paras:
        level = heading_level(para)
        if level:
            out.append(f"<h{level}>{esc(para.src)}</h{level}>")
            if para.kind == "title":
                # A harmless script inside the body (a reader must skip it, not just <head>).
                out.append("<script>")
                out.append(HTML_SCRIPT.rstrip())
                out.append("</script>")
            continue
        cls = ""
        if para.definition:
            cls = ' class="definition"'
        elif para.kind == "num" and para.ilvl in (3, 4):
            cls = ' class="sub"'
        if para.kind == "num" and para.runin:
            out.append(f"<p{cls}>{esc(para.number)} <b class=\"runin\">{esc(para.runin)}</b>{esc(para.rest)}</p>")
        else:
            out.append(f"<p{cls}>{esc(para.src)}</p>")
    out += ["</article>", "</body>", "</html>", ""]
    path.write_text("\n".join(out), encoding="utf-8")
    return {"paragraphs": len(parsed.paras), "bytes": path.stat().st_size}


def build_markdown(parsed: Parsed, path: Path) -> dict:
    out: list[str] = []
    for para in parsed.paras:
        level = heading_level(para)
        if level:
            out.append("#" * level + " " + para.src)
        else:
            out.append(para.src)
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")
    return {"paragraphs": len(parsed.paras), "bytes": path.stat().st_size}


def build_txt_copy(name: str, path: Path) -> dict:
    shutil.copyfile(SRC / f"{name}.txt", path)
    return {"bytes": path.stat().st_size}


def build_txt_wrapped(name: str, path: Path, width: int = 78) -> dict:
    paras = read_lines(name)
    wrapped = [textwrap.fill(p, width=width, break_long_words=False, break_on_hyphens=False)
               for p in paras]
    path.write_text("\n\n".join(wrapped) + "\n", encoding="utf-8")
    lines = path.read_text("utf-8").split("\n")
    assert max(len(ln) for ln in lines) <= width, "a line exceeds the wrap width"
    return {"paragraphs": len(paras), "lines": len(lines), "bytes": path.stat().st_size}


# ---------------------------------------------------------------------------------------------
# Image-only (scanned) PDF
# ---------------------------------------------------------------------------------------------

def _wrap_px(text: str, font, width: float, indent: float) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    cur = ""
    for w in words:
        cand = w if not cur else cur + " " + w
        avail = width - (indent if lines else 0)
        if font.getlength(cand) <= avail or not cur:
            cur = cand
        else:
            lines.append(cur)
            cur = w
    if cur:
        lines.append(cur)
    return lines


def build_scanned_pdf(parsed: Parsed, path: Path, *, dpi: int = 200, pt: float = 11.0) -> dict:
    from PIL import Image, ImageDraw, ImageFont

    page_w, page_h = round(8.27 * dpi), round(11.69 * dpi)  # A4
    margin_x, margin_top, margin_bottom = round(0.8 * dpi), round(0.75 * dpi), round(0.75 * dpi)
    size = round(pt * dpi / 72)
    regular = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), size)
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), size)
    line_h = round(size * 1.25)
    para_gap = round(size * 0.55)
    text_w = page_w - 2 * margin_x

    pages: list[Image.Image] = []
    page = draw = None
    y = 0

    def new_page():
        nonlocal page, draw, y
        page = Image.new("L", (page_w, page_h), 255)
        draw = ImageDraw.Draw(page)
        y = margin_top
        pages.append(page)

    new_page()
    for para in parsed.paras:
        is_head = para.kind in ("title", "part_heading") or (para.kind == "num" and para.heading)
        font = bold if is_head else regular
        indent = 0
        lines = _wrap_px(para.src, font, text_w, indent)
        block_h = len(lines) * line_h
        # Keep headings with the next line; never leave a single orphan line of a paragraph.
        need = min(block_h, 2 * line_h) + (line_h if is_head else 0)
        if y + need > page_h - margin_bottom:
            new_page()
        for i, ln in enumerate(lines):
            if y + line_h > page_h - margin_bottom:
                new_page()
            if para.kind == "title":
                x = (page_w - font.getlength(ln)) / 2
            else:
                x = margin_x + (indent if i else 0)
            draw.text((x, y), ln, font=font, fill=0)
            y += line_h
        y += para_gap
    # Bilevel pages (CCITT G4 in the PDF), as an office scanner produces.
    pages = [pg.convert("1", dither=Image.Dither.NONE) for pg in pages]
    first, rest = pages[0], pages[1:]
    first.save(str(path), "PDF", resolution=float(dpi), save_all=True, append_images=rest)
    n = len(pages)
    if not 4 <= n <= 6:
        raise SystemExit(f"scanned PDF has {n} pages; expected 4-6 (adjust the font size)")
    return {"pages": n, "bytes": path.stat().st_size}


# ---------------------------------------------------------------------------------------------
# Targets
# ---------------------------------------------------------------------------------------------

FOOTER_DRAFT = "Negotiation draft – not for signature"

NORTHWIND_TRACKED = {
    "ins": ("7.2", "having made careful enquiry, "),
    "del": ("4.3", "within thirty (30) days after receipt", "at its sole discretion and "),
}
KESTREL_TRACKED = {
    "ins": ("8.8", "within ninety days after Completion, "),
    "del": ("3.3", "at least once in each calendar quarter", "whenever the Operator so decides and "),
}


def target_northwind() -> list[str]:
    name = "supplier_strong_northwind"
    parsed = parse(name)
    report = []
    stats = build_docx(parsed, OUT / f"{name}.docx", DocxOptions(
        header=f"DRAFT – {parsed.title}", footer_text=FOOTER_DRAFT, tracked=NORTHWIND_TRACKED,
        footnote=("7.4", "The ILO fundamental conventions are listed in paragraph 1.2 of Schedule 1; "
                         "the Supplier confirmed on signing that it has received the 2022 amendment.")))
    report.append(f"{name}.docx {stats}")
    # The PDF is rendered from the same document, with its changes accepted (a clean copy, as a
    # signed PDF would be), no footnote, and the confidential running header.
    stats = build_pdf(parsed, OUT / f"{name}.pdf", DocxOptions(
        header="Northwind – Supply Agreement – Confidential"))
    report.append(f"{name}.pdf {stats}")
    return report + parsed.mismatches


def target_kestrel() -> list[str]:
    name = "jv_reserved_matters_kestrel"
    parsed = parse(name)
    stats = build_docx(parsed, OUT / f"{name}.docx", DocxOptions(
        header=f"DRAFT – {parsed.title}", footer_text=FOOTER_DRAFT, tracked=KESTREL_TRACKED,
        footnote=("8.6", "Kestrel’s security and human rights guidance note of March 2023 was shared "
                         "with the Operator during due diligence.")))
    return [f"{name}.docx {stats}"] + parsed.mismatches


def target_harbor() -> list[str]:
    name = "supplier_weak_harbor"
    parsed = parse(name)
    stats = build_pdf(parsed, OUT / f"{name}.pdf", DocxOptions(
        auto_numbering=False, header="Harbor Foods – Supply Agreement – Confidential"))
    report = [f"{name}.pdf {stats}"]
    report.append(f"{name}.txt {build_txt_copy(name, OUT / f'{name}.txt')}")
    return report


def target_solaris() -> list[str]:
    name = "project_loan_solaris"
    parsed = parse(name)
    stats = build_pdf(parsed, OUT / f"{name}.pdf", DocxOptions(
        auto_numbering=False, header="Solaris Development Bank – Facility Agreement – Execution Version",
        footer_text="Caldera Falls Hydro"))
    return [f"{name}.pdf {stats}"]


def target_argus() -> list[str]:
    name = "distribution_enduse_argus"
    return [f"{name}.html {build_html(parse(name), OUT / f'{name}.html')}"]


def target_lumen() -> list[str]:
    name = "services_outsourcing_lumen"
    return [f"{name}.md {build_markdown(parse(name), OUT / f'{name}.md')}"]


def target_ardenia() -> list[str]:
    name = "host_government_concession_ardenia"
    return [f"{name}.txt {build_txt_wrapped(name, OUT / f'{name}.txt')}"]


def target_meridian() -> list[str]:
    name = "purchase_terms_meridian"
    return [f"{name}_scanned.pdf {build_scanned_pdf(parse(name), OUT / f'{name}_scanned.pdf')}"]


TARGETS = {
    "supplier_strong_northwind": target_northwind,
    "jv_reserved_matters_kestrel": target_kestrel,
    "supplier_weak_harbor": target_harbor,
    "project_loan_solaris": target_solaris,
    "distribution_enduse_argus": target_argus,
    "services_outsourcing_lumen": target_lumen,
    "host_government_concession_ardenia": target_ardenia,
    "purchase_terms_meridian": target_meridian,
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", action="append", choices=sorted(TARGETS), help="build only these sources")
    args = ap.parse_args(argv)
    for name in args.only or TARGETS:
        for line in TARGETS[name]():
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
