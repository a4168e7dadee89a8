"""What pypdfium2's text calls cost against clausecheck's PDF ingestion, on one PDF.

pypdfium2 has no whole-document text call: text comes page by page from a text page
(``FPDFText_LoadPage``), read with ``get_text_range`` (what ``ingest/pdf.py`` uses) or
``get_text_bounded``. This times, in one process and as CPU seconds (medians of ``--repeat``):

- ``open``: opening the document and loading every page, no text;
- ``textpage``: + loading each page's text page (pdfium's own layout analysis);
- ``get_text_range`` / ``get_text_bounded``: + reading the text with that call;
- ``+ charboxes``: + two character boxes a line, as ingestion reads them;
- ``ingest.load``: clausecheck's whole PDF ingestion (paragraphs, running headers, offsets).

    python benchmarks/pdfium_calls.py FILE.pdf [--repeat 5]
    python benchmarks/pdfium_calls.py --long 200       # the ~200-page real-contract PDF
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

_LINE = re.compile(r"[^\r\n\ufffe]+\ufffe?")


def _pages(raw: bytes, text: str | None, charboxes: bool = False) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(raw)
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            if text is not None:
                tp = page.get_textpage()
                if text == "range":
                    s = tp.get_text_range(errors="replace")
                    if charboxes:
                        for m in _LINE.finditer(s):
                            tp.get_charbox(m.start())
                            tp.get_charbox(m.end() - 1)
                elif text == "bounded":
                    tp.get_text_bounded(errors="replace")
                tp.close()
            page.close()
    finally:
        pdf.close()


def measure(path: Path, repeat: int) -> list[tuple[str, float]]:
    from clausecheck import ingest

    raw = path.read_bytes()
    steps = [
        ("open and load pages", lambda: _pages(raw, None)),
        ("+ text page", lambda: _pages(raw, "none")),
        ("+ get_text_range", lambda: _pages(raw, "range")),
        ("+ get_text_bounded (instead)", lambda: _pages(raw, "bounded")),
        ("+ get_text_range + 2 charboxes a line", lambda: _pages(raw, "range", True)),
        ("clausecheck ingest.load", lambda: ingest.load(path)),
    ]
    out = []
    for name, fn in steps:
        fn()  # warm-up (imports, page cache)
        times = []
        for _ in range(repeat):
            t0 = time.process_time()
            fn()
            times.append(time.process_time() - t0)
        out.append((name, common.median(times)))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", nargs="?", help="a PDF (default: the real-contract ~200-page PDF)")
    ap.add_argument("--long", type=int, default=200, help="pages of the default PDF")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    if args.pdf:
        path = Path(args.pdf)
    else:
        import real_pdfs

        path = Path(real_pdfs.long_pdf(args.long)["path"])
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages = len(pdf)
    pdf.close()
    import os

    load = os.getloadavg()[0]
    print(f"{path.name}: {pages} pages; CPU seconds, median of {args.repeat}; load {load:.1f}")
    for name, secs in measure(path, args.repeat):
        print(f"  {name:40} {secs:7.3f} s  {pages / secs:7,.0f} pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
