"""Real-contract PDFs for the benchmarks: the pool's plain texts rendered once with fpdf2.

The PDFs (and the text in them) never enter the repository: they are written to
``$TMPDIR/clausecheck-bench-<uid>/real_pdfs_v<N>/`` (``--cache DIR`` to change) and reused while
the source file, this script's version and fpdf2's version are the same. Each contract becomes
an A4 PDF set in DejaVu Sans 10 pt (Helvetica, with the text folded to Latin-1, if DejaVu is
not installed), one paragraph per blank-line-separated block, with a running header and a
"Page X of N" footer as real contracts have.

    python benchmarks/real_pdfs.py                 # the portfolio (every 4th pool contract)
    python benchmarks/real_pdfs.py --long 200      # one ~200-page PDF of several contracts

Prints JSON: the PDFs with their page counts. ``portfolio()`` and ``long_pdf()`` are what the
other benchmark scripts call.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

VERSION = 1
POOL = common.ROOT.parent / "shared" / "real_contracts" / "pool" / "contracts"
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
_LATIN1 = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def pool_files(pool: Path = POOL) -> list[Path]:
    if not pool.is_dir():
        raise SystemExit(f"no pool of real contracts at {pool}")
    return sorted(p for p in pool.iterdir() if p.suffix == ".txt")


def _fpdf_version() -> str:
    from importlib.metadata import version

    try:
        return version("fpdf2")
    except Exception:  # noqa: BLE001
        raise SystemExit("real-contract PDFs need fpdf2: pip install 'fpdf2>=2.7,<3'") from None


def _folder(cache: str | Path | None) -> Path:
    return common.cache_dir(cache) / f"real_pdfs_v{VERSION}"


def _key(sources: list[Path]) -> str:
    h = hashlib.sha256(f"{VERSION}|{_fpdf_version()}|{FONT.is_file()}".encode())
    for src in sources:
        h.update(src.name.encode() + b"\0" + src.read_bytes())
    return h.hexdigest()[:16]


def render(sources: list[str], out: str, max_pages: int = 0) -> dict:
    """Render the texts of ``sources`` one after another into the PDF ``out``; with
    ``max_pages``, stop at the first paragraph that would start a page after it."""
    from fpdf import FPDF

    unicode_font = FONT.is_file()
    family = "body" if unicode_font else "Helvetica"

    class ContractPDF(FPDF):
        def header(self):
            self.set_font(family, "", 7.5)
            self.cell(0, 5, "Execution copy - benchmark rendering", align="R")
            self.ln(7)

        def footer(self):
            self.set_y(-15)
            self.set_font(family, "", 8)
            self.cell(0, 8, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = ContractPDF(format="A4")
    if unicode_font:
        pdf.add_font("body", "", str(FONT))
    pdf.set_creation_date(datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc))
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    pdf.add_page()
    pdf.set_font(family, "", 10)
    for i, src in enumerate(sources):
        if i:
            pdf.add_page()
        text = Path(src).read_text(encoding="utf-8", errors="replace")
        if not unicode_font:
            text = text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")
        for block in text.replace("\r\n", "\n").split("\n\n"):
            block = " ".join(line.strip() for line in block.splitlines() if line.strip())
            if max_pages and pdf.page_no() >= max_pages and pdf.will_page_break(30):
                break
            if block:
                pdf.multi_cell(0, 4.6, block, align="L", new_x="LMARGIN", new_y="NEXT")
                pdf.ln(2)
    tmp = Path(out).with_suffix(".tmp")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(tmp))
    os.replace(tmp, out)
    return {"path": out, "pages": pdf.page_no(), "sources": len(sources)}


def _render_all(jobs: list[tuple[list[str], str]], workers: int, max_pages: int = 0) -> None:
    todo = [(s, o) for s, o in jobs if not Path(o).exists()]
    if not todo:
        return
    print(f"rendering {len(todo)} real-contract PDFs (once) ...", file=sys.stderr, flush=True)
    # a child process: fpdf2 must not load in a measuring process (memory floors)
    with ProcessPoolExecutor(max(1, workers)) as pool:
        list(pool.map(render, [s for s, _ in todo], [o for _, o in todo], [max_pages] * len(todo)))


def _pages(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def portfolio(
    docs: int = 120, step: int = 4, cache: str | Path | None = None, workers: int = 2
) -> list[dict]:
    """Every ``step``-th pool contract (a spread across the alphabetical order), ``docs`` of
    them, each as its own PDF: [{path, pages}]."""
    chosen = pool_files()[::step][:docs]
    folder = _folder(cache)
    jobs = [([str(p)], str(folder / f"c_{_key([p])}.pdf")) for p in chosen]
    _render_all(jobs, workers)
    return [{"path": out, "pages": _pages(Path(out))} for _, out in jobs]


def long_pdf(pages: int = 200, cache: str | Path | None = None) -> dict:
    """One PDF of ``pages`` pages (one more at most): the longest pool contracts one after
    another, cut at that page."""
    files = sorted(pool_files(), key=lambda p: (-p.stat().st_size, p.name))
    chosen, chars = [], 0
    for p in files:  # about 2,600 characters a page at this setting
        if chars >= pages * 2600:
            break
        chosen.append(p)
        chars += p.stat().st_size
    out = _folder(cache) / f"long_{pages}p_{_key(chosen)}.pdf"
    _render_all([([str(p) for p in chosen], str(out))], 1, pages)
    return {"path": str(out), "pages": _pages(out), "contracts": len(chosen)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=120, help="contracts in the portfolio")
    ap.add_argument("--step", type=int, default=4, help="take every STEP-th pool contract")
    ap.add_argument("--long", type=int, default=0, help="also one PDF of about N pages")
    ap.add_argument("--cache", default=None, help="folder for the PDFs (outside the repository)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="render processes")
    args = ap.parse_args(argv)
    out: dict = {"portfolio": portfolio(args.docs, args.step, args.cache, args.jobs)}
    if args.long:
        out["long"] = long_pdf(args.long, args.cache)
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
