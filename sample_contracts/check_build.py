#!/usr/bin/env python3
"""Check the files written by build.py against their sources, through clausecheck's reader.

Usage (from the repository root)::

    /work/venv/bin/python sample_contracts/check_build.py [-v]

For every generated file: load it with ``clausecheck.ingest.load`` and check that the text a
reader sees matches the source. Checks:

* every numbered line of the source (``1.``, ``12.3``, ``(a)``, ``(iv)``, ``(A)``, ``ARTICLE IV``,
  ``SCHEDULE 1`` ...) appears in ``doc.text`` with its number, inside one block (``strict``);
  the check is also repeated with block breaks treated as spaces (``loose``) to tell a split
  paragraph from missing text;
* DOCX, HTML, Markdown and text outputs: the body blocks equal the source paragraphs, in order;
* header / footer text (DOCX, PDF), deleted tracked-change text (DOCX), ``<script>`` and
  ``<style>`` content (HTML) do not appear; inserted text and the footnote do;
* DOCX structure: numbers come from numbering.xml (not from the paragraph text), the level
  scheme, a startOverride, w:ins / w:del by "Counsel", a footnote reference, a header part;
* the scanned PDF raises ``OcrRequired`` without OCR, and with ``ocr=True`` yields several key
  sentences.

Exit status 0 when every check passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.dont_write_bytecode = True  # importing build.py must not leave __pycache__ in sample_contracts/
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import build  # noqa: E402  (the sibling build script: shared constants and the source parser)
from clausecheck import errors, ingest  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

NUMBERED = re.compile(
    r"^(\d{1,3}(\.\d{1,3}){0,2}\.?\s|\([a-z]{1,4}\)\s|\([A-Z0-9]{1,3}\)\s|"
    r"(ARTICLE|SCHEDULE|EXHIBIT|ANNEX|APPENDIX|PART)\s+([0-9]+|[IVXLC]+|[A-Z])\b)")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


@dataclass
class Result:
    file: str
    checks: int = 0
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def check(self, ok: bool, message: str) -> bool:
        self.checks += 1
        if not ok:
            self.failures.append(message)
        return ok


def numbered_lines(name: str) -> list[str]:
    return [ln for ln in build.read_lines(name) if NUMBERED.match(ln)]


def body_blocks(doc) -> list[str]:
    return [doc.text[b.start:b.end] for b in doc.blocks if b.kind != "footnote"]


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def check_numbered(res: Result, doc, name: str) -> None:
    blocks = [norm(b) for b in body_blocks(doc)]
    whole = norm(doc.text)
    squashed = squash(doc.text)
    lines = numbered_lines(name)
    strict_missing, split, space_only = [], [], []
    for ln in lines:
        n = norm(ln)
        if any(n in b for b in blocks):
            continue
        if n in whole:
            split.append(ln)
        elif doc.format == "pdf" and squash(ln) in squashed:
            # Only whitespace differs: a PDF line break fell where the source has no space
            # ("US$" | "[●]"); any PDF reader must put a space there. Not a reader bug.
            space_only.append(ln)
        else:
            strict_missing.append(ln)
    if space_only:
        res.notes.append(f"{len(space_only)} numbered lines differ only by a space at a PDF line break: "
                         + "; ".join(repr(x[:50]) for x in space_only[:3]))
    res.check(not strict_missing, f"{len(strict_missing)}/{len(lines)} numbered lines missing from doc.text: "
              + "; ".join(repr(x[:70]) for x in strict_missing[:6]))
    res.check(not split, f"{len(split)}/{len(lines)} numbered lines present only across a block break "
              "(paragraph split in two blocks): " + "; ".join(repr(x[:70]) for x in split[:6]))
    res.notes.append(f"numbered lines checked: {len(lines)}")


def check_sequence(res: Result, doc, name: str) -> None:
    src = [norm(x) for x in build.read_lines(name)]
    got = [norm(x) for x in body_blocks(doc)]
    if src == got:
        res.check(True, "")
        res.notes.append(f"blocks == source paragraphs ({len(src)})")
        return
    import difflib

    diff = [d for d in difflib.unified_diff(src, got, "source", "reader", n=0, lineterm="")
            if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    res.check(False, f"blocks differ from source paragraphs ({len(src)} vs {len(got)}); first differences: "
              + " | ".join(d[:110] for d in diff[:6]))


def check_absent(res: Result, doc, strings: list[str], what: str) -> None:
    for s in strings:
        res.check(s not in doc.text, f"{what} text appears in doc.text: {s!r}")


# ----------------------------------------------------------------------------------- DOCX

def check_docx_structure(res: Result, path: Path, tracked: dict, footnote: str, header: str) -> None:
    from lxml import etree

    zf = zipfile.ZipFile(path)
    names = set(zf.namelist())
    doc = etree.fromstring(zf.read("word/document.xml"))
    numbering = etree.fromstring(zf.read("word/numbering.xml"))
    # The clause abstractNum: the level scheme required.
    want = {0: ("decimal", "%1."), 1: ("decimal", "%1.%2"), 2: ("decimal", "%1.%2.%3"),
            3: ("lowerLetter", "(%4)"), 4: ("lowerRoman", "(%5)")}
    used_nums = {n.get(W + "val") for n in doc.iter(W + "numId")}
    abstract_of = {n.get(W + "numId"): n.find(W + "abstractNumId").get(W + "val") for n in numbering.iter(W + "num")}
    abstracts = {abstract_of[n] for n in used_nums if n in abstract_of}
    res.check(len(abstracts) == 1, f"numbered paragraphs use {len(abstracts)} abstractNums, expected 1")
    for ab in numbering.iter(W + "abstractNum"):
        if ab.get(W + "abstractNumId") in abstracts:
            for lvl in ab.iter(W + "lvl"):
                i = int(lvl.get(W + "ilvl"))
                if i in want:
                    got = (lvl.find(W + "numFmt").get(W + "val"), lvl.find(W + "lvlText").get(W + "val"))
                    res.check(got == want[i], f"ilvl{i} is {got}, expected {want[i]}")
                    res.check(lvl.find(W + "lvlRestart") is None, f"ilvl{i} has an explicit lvlRestart")
    overrides = [ov for n in numbering.iter(W + "num") if n.get(W + "numId") in used_nums
                 for ov in n.iter(W + "startOverride")]
    res.check(len(overrides) >= 1, "no startOverride on the nums used")
    res.notes.append(f"nums used: {len(used_nums)}, startOverrides: {len(overrides)}")
    # No visible number in the text of an auto-numbered paragraph; run-in headings bold, own run.
    numbered = 0
    literal_number = []
    bold_runin = 0
    for p in doc.iter(W + "p"):
        ppr = p.find(W + "pPr")
        if ppr is None or ppr.find(W + "numPr") is None:
            continue
        numbered += 1
        runs = [r for r in p.iter(W + "r") if r.find(W + "t") is not None]
        text = "".join(t.text or "" for r in runs for t in r.iter(W + "t"))
        if re.match(r"^\s*(\d+(\.\d+)*\.?|\([a-z]+\))\s", text):
            literal_number.append(text[:40])
        if runs:
            first = runs[0]
            rpr = first.find(W + "rPr")
            t = "".join(x.text or "" for x in first.iter(W + "t"))
            if rpr is not None and rpr.find(W + "b") is not None and t.endswith(".") and len(runs) > 1:
                bold_runin += 1
    res.check(numbered > 100, f"only {numbered} paragraphs carry w:numPr")
    res.check(not literal_number, f"auto-numbered paragraphs also carry a typed number: {literal_number[:3]}")
    res.check(bold_runin > 50, f"only {bold_runin} bold run-in headings in their own run")
    res.notes.append(f"paragraphs with numPr: {numbered}, bold run-in headings: {bold_runin}")
    # Tracked changes.
    ins = list(doc.iter(W + "ins"))
    dels = list(doc.iter(W + "del"))
    res.check(len(ins) == 1 and ins[0].get(W + "author") == "Counsel", "expected one w:ins by Counsel")
    res.check(len(dels) == 1 and dels[0].get(W + "author") == "Counsel", "expected one w:del by Counsel")
    ins_text = "".join(t.text for t in ins[0].iter(W + "t")) if ins else ""
    del_text = "".join(t.text for t in dels[0].iter(W + "delText")) if dels else ""
    res.check(ins_text == tracked["ins"][1], f"w:ins text is {ins_text!r}")
    res.check(del_text == tracked["del"][2], f"w:del text is {del_text!r}")
    # Footnote, header, footer.
    res.check("word/footnotes.xml" in names, "no word/footnotes.xml part")
    res.check(len(list(doc.iter(W + "footnoteReference"))) == 1, "expected one w:footnoteReference")
    headers = [n for n in names if re.match(r"word/header\d*\.xml", n)]
    footers = [n for n in names if re.match(r"word/footer\d*\.xml", n)]
    htext = " ".join("".join(etree.fromstring(zf.read(n)).itertext()) for n in headers)
    ftext = " ".join("".join(etree.fromstring(zf.read(n)).itertext()) for n in footers)
    res.check(header in htext, f"header part lacks {header!r}")
    res.check(build.FOOTER_DRAFT in ftext, "footer part lacks the draft footer text")


def check_docx(name: str, tracked: dict, footnote: str) -> Result:
    path = HERE / f"{name}.docx"
    res = Result(path.name)
    title = build.read_lines(name)[0]
    header = f"DRAFT – {title}"
    check_docx_structure(res, path, tracked, footnote, header)
    doc = ingest.load(path)
    check_numbered(res, doc, name)
    check_sequence(res, doc, name)
    check_absent(res, doc, [header, build.FOOTER_DRAFT, "Page 1 of"], "header/footer")
    check_absent(res, doc, [tracked["del"][2].strip()], "deleted (w:del)")
    # Inserted text: present, in its clause.
    number, phrase = tracked["ins"]
    res.check(any(b.startswith(number + " ") and phrase in b for b in body_blocks(doc)),
              f"inserted text {phrase!r} not found in clause {number}")
    # The deleted words are dropped without leaving a gap: the clause reads as in the source.
    dnum, before, _deleted = tracked["del"]
    src_line = next(ln for ln in build.read_lines(name) if ln.startswith(dnum + " ") and before in ln)
    res.check(src_line in doc.text, f"clause {dnum} with the deletion does not read as the source")
    foot = [doc.text[b.start:b.end] for b in doc.blocks if b.kind == "footnote"]
    res.check(len(foot) == 1 and footnote in foot[0], f"footnote block missing or wrong: {foot}")
    res.notes.append(f"blocks: {len(doc.blocks)}, chars: {len(doc.text)}")
    return res


# ----------------------------------------------------------------------------------- PDF

def check_pdf(name: str, header: str, footer_extra: str = "") -> Result:
    path = HERE / f"{name}.pdf"
    res = Result(path.name)
    doc = ingest.load(path)
    pages = build.pdf_pages(path)
    res.notes.append(f"pages: {pages}, blocks: {len(doc.blocks)}, chars: {len(doc.text)}")
    res.check(pages >= 3, f"only {pages} pages; running header detection needs 3+")
    check_absent(res, doc, [header], "running header")
    if footer_extra:
        check_absent(res, doc, [footer_extra], "running footer")
    m = re.search(r"Page \d+ of \d+", doc.text)
    res.check(m is None, f"running footer text appears in doc.text: {m.group(0) if m else ''!r}")
    res.check(not doc.warnings, f"reader warnings: {doc.warnings}")
    check_numbered(res, doc, name)
    # Every source paragraph's text must be there (loose: whitespace and block breaks ignored).
    whole = norm(doc.text)
    squashed = squash(doc.text)
    missing = [ln for ln in build.read_lines(name) if norm(ln) not in whole and squash(ln) not in squashed]
    res.check(not missing, f"{len(missing)} source paragraphs missing (loose match): "
              + "; ".join(repr(x[:60]) for x in missing[:5]))
    # Paragraph segmentation: each block should be exactly one source paragraph.
    src = [norm(x) for x in build.read_lines(name)]
    src_set = set(src)
    src_squash = {squash(x) for x in src}
    merged, fragments = [], []
    for b in body_blocks(doc):
        t = norm(b)
        if t in src_set or squash(t) in src_squash:
            continue
        starts = [x for x in src if t.find(x[:30]) >= 0]
        if len(starts) >= 2 or (len(starts) == 1 and len(t) > len(starts[0]) * 1.03 + 5):
            merged.append(t)
        elif len(starts) == 1 and abs(len(t) - len(starts[0])) <= len(starts[0]) * 0.03 + 2:
            continue  # the same paragraph with altered characters: reported by the text checks
        else:
            fragments.append(t)
    res.check(not merged, f"{len(merged)} blocks merge two or more source paragraphs: "
              + "; ".join(repr(x[:45] + " ... " + x[-30:]) for x in merged[:5]))
    res.check(not fragments, f"{len(fragments)} blocks are fragments of a source paragraph (split): "
              + "; ".join(repr(x[:45] + " ... " + x[-30:]) for x in fragments[:5]))
    return res


# ----------------------------------------------------------------------------------- others

def check_html(name: str) -> Result:
    path = HERE / f"{name}.html"
    res = Result(path.name)
    raw = path.read_text("utf-8")
    res.check("<script>" in raw and "<style>" in raw, "the HTML lacks its <script> or <style>")
    res.check(raw.count("<h1>") == 1 and raw.count("<h2>") >= 10, "the HTML lacks <h1>/<h2> structure")
    doc = ingest.load(path)
    check_absent(res, doc, ["SCRIPT TEXT MUST NOT BE READ", "ignore this sentence", "addEventListener",
                            "data-rendered"], "<script>")
    check_absent(res, doc, ["font-family", "max-width"], "<style>")
    check_numbered(res, doc, name)
    check_sequence(res, doc, name)
    heads = [b for b in doc.blocks if b.kind == "heading"]
    res.check(heads and heads[0].style_level == 1, "the title is not read as a level-1 heading")
    res.notes.append(f"blocks: {len(doc.blocks)}, headings: {len(heads)}")
    return res


def check_markdown(name: str) -> Result:
    path = HERE / f"{name}.md"
    res = Result(path.name)
    doc = ingest.load(path)
    res.check(doc.format == "markdown", f"read as {doc.format}, not markdown")
    check_numbered(res, doc, name)
    check_sequence(res, doc, name)
    heads = [b for b in doc.blocks if b.kind == "heading"]
    res.check(len(heads) >= 10, f"only {len(heads)} heading blocks")
    res.check(not any(doc.text[b.start:b.end].startswith("#") for b in doc.blocks), "a '#' marker leaked into the text")
    res.notes.append(f"blocks: {len(doc.blocks)}, headings: {len(heads)}")
    return res


def check_text(name: str, filename: str) -> Result:
    path = HERE / filename
    res = Result(path.name)
    doc = ingest.load(path)
    check_numbered(res, doc, name)
    check_sequence(res, doc, name)
    res.notes.append(f"blocks: {len(doc.blocks)}")
    return res


def check_scanned(name: str) -> Result:
    path = HERE / f"{name}_scanned.pdf"
    res = Result(path.name)
    pages = build.pdf_pages(path)
    res.check(4 <= pages <= 6, f"{pages} pages, expected 4-6")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        chars = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    finally:
        pdf.close()
    res.check(chars == 0, f"the scanned PDF has a text layer ({chars} chars)")
    try:
        ingest.load(path)
        res.check(False, "loading without OCR did not raise OcrRequired")
    except errors.OcrRequired as exc:
        res.check(True, "")
        res.notes.append(f"without ocr: {exc.code} OcrRequired")
    doc = ingest.load(path, ocr=True)
    res.check(doc.ocr, "Document.ocr is not set")
    text = norm(doc.text)
    key = [
        "1. DEFINITIONS AND INTERPRETATION",
        "The Seller shall comply with the Supplier Code of Conduct",
        "These General Conditions of Purchase",
        "GENERAL CONDITIONS OF PURCHASE",
    ]
    # Plus the opening words of a few numbered clauses spread through the document.
    lines = [ln for ln in numbered_lines(name) if re.match(r"^\d+\.\d+ ", ln) and ln.isascii()]
    for ln in lines[:: max(1, len(lines) // 6)][:6]:
        key.append(" ".join(ln.split()[:9]))
    src_text = norm(" ".join(build.read_lines(name)))
    key = [k for k in key if k in src_text]
    found = [k for k in key if k in text]
    res.check(len(found) == len(key), f"OCR text lacks {len(key) - len(found)}/{len(key)} key sentences: "
              + "; ".join(repr(k) for k in key if k not in found))
    res.notes.append(f"pages: {pages}, OCR key sentences found: {len(found)}/{len(key)}, "
                     f"OCR chars: {len(doc.text)}")
    # How close is the OCR text to the source overall (word recall)?
    src_words = src_text.split()
    got = set(text.split())
    recall = sum(1 for w in src_words if w in got) / max(1, len(src_words))
    res.notes.append(f"OCR word recall vs source: {recall:.1%}")
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="check build.py outputs through clausecheck.ingest")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--skip-ocr", action="store_true", help="skip the (slow) OCR check")
    args = ap.parse_args(argv)
    results = [
        check_docx("supplier_strong_northwind", build.NORTHWIND_TRACKED,
                   "The ILO fundamental conventions are listed"),
        check_pdf("supplier_strong_northwind", "Northwind – Supply Agreement – Confidential"),
        check_docx("jv_reserved_matters_kestrel", build.KESTREL_TRACKED, "security and human rights guidance note"),
        check_pdf("supplier_weak_harbor", "Harbor Foods – Supply Agreement – Confidential"),
        check_text("supplier_weak_harbor", "supplier_weak_harbor.txt"),
        check_pdf("project_loan_solaris", "Solaris Development Bank – Facility Agreement – Execution Version",
                  "Caldera Falls Hydro –"),
        check_html("distribution_enduse_argus"),
        check_markdown("services_outsourcing_lumen"),
        check_text("host_government_concession_ardenia", "host_government_concession_ardenia.txt"),
    ]
    if not args.skip_ocr:
        results.append(check_scanned("purchase_terms_meridian"))
    failed = 0
    for res in results:
        status = "ok  " if not res.failures else "FAIL"
        print(f"{status} {res.file}: {res.checks - len(res.failures)}/{res.checks} checks passed")
        if args.verbose:
            for n in res.notes:
                print(f"       . {n}")
        for f in res.failures:
            print(f"       ! {f}")
        failed += bool(res.failures)
    print(f"{len(results) - failed}/{len(results)} files passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
