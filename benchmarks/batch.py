"""Batch benchmark: a generated portfolio of contracts through the ``clausecheck batch`` runner.

1. Generates (once; cached) a portfolio of --docs contracts (default 500) in mixed formats:
   PDF (fpdf2, via common.write_contract_pdf), DOCX (python-docx), HTML and plain text, a
   quarter each, with lengths drawn from 2-60 pages by a seeded generator. Every format carries
   the same kind of original text (common.contract_blocks), about 3,200 characters a page; each
   contract has its own seed, so parties, products and clause order differ.
2. Runs the whole portfolio through the local batch runner (--workers, default 2) into a fresh
   SQLite store and reports wall time, documents/hour, pages/s and each worker's peak RSS
   (VmHWM, read by the worker itself and returned with every result).
3. Reference: ``pdftotext FILE -`` over the portfolio's PDFs, --workers processes in parallel
   (wall time, best of --repeat), against a batch over the same PDFs alone with the same number
   of workers; the ratio is ours / pdftotext (target: 5 or less).

Batch wall times include starting the worker pool (each worker builds its Engine); the
``start-up`` line gives that cost. Pages of unpaged formats are equivalent pages of 3,000
extracted characters (common.CHARS_PER_PAGE).

    python benchmarks/batch.py                # table
    python benchmarks/batch.py --docs 100     # smaller portfolio
    python benchmarks/batch.py --json
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import multiprocessing
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PORTFOLIO_VERSION = 1
FORMATS = ("pdf", "docx", "html", "txt")
MIN_PAGES, MAX_PAGES = 2, 60


# ----------------------------------------------------------------------------------------
# The portfolio
# ----------------------------------------------------------------------------------------


def plan(docs: int, seed: int) -> list[dict]:
    """What to generate: name, format, pages and seed of every contract (deterministic)."""
    rng = random.Random(seed)
    return [
        {
            "name": f"contract_{i:04d}.{FORMATS[i % len(FORMATS)]}",
            "format": FORMATS[i % len(FORMATS)],
            "pages": rng.randint(MIN_PAGES, MAX_PAGES),
            "seed": seed + i,
        }
        for i in range(docs)
    ]


def blocks_for(pages: int, seed: int) -> list[tuple[str, str]]:
    """Blocks of about ``pages`` pages of text (for the unpaged formats)."""
    want = pages * 3200
    out, size = [], 0
    for kind, text in common.contract_blocks(seed):
        out.append((kind, text))
        size += len(text)
        if size >= want:
            return out
    return out


def write_text(path: Path, blocks: list[tuple[str, str]]) -> None:
    path.write_text("\n\n".join(text for _, text in blocks) + "\n", encoding="utf-8")


def write_html(path: Path, blocks: list[tuple[str, str]]) -> None:
    tags = {"title": "h1", "article": "h2"}
    body = "\n".join(
        f"<{tags.get(kind, 'p')}>{html.escape(text)}</{tags.get(kind, 'p')}>"
        for kind, text in blocks
    )
    path.write_text(
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>Agreement</title></head>'
        f"<body>\n{body}\n</body></html>\n",
        encoding="utf-8",
    )


def write_docx(path: Path, blocks: list[tuple[str, str]]) -> None:
    import docx

    doc = docx.Document()
    for kind, text in blocks:
        if kind == "title":
            doc.add_heading(text, level=0)
        elif kind == "article":
            doc.add_heading(text, level=1)
        else:
            para = doc.add_paragraph(text)
            if kind in ("item", "recital"):
                para.paragraph_format.left_indent = docx.shared.Cm(1)
    fixed = dt.datetime(2024, 3, 1, tzinfo=dt.timezone.utc)  # deterministic bytes
    doc.core_properties.created = doc.core_properties.modified = fixed
    doc.save(str(path))


def generate_one(spec: dict, folder: str) -> str:
    """Write one planned contract (runs in a generator process)."""
    path = Path(folder) / spec["name"]
    if spec["format"] == "pdf":
        common.write_contract_pdf(path, spec["pages"], spec["seed"])
        return spec["name"]
    blocks = blocks_for(spec["pages"], spec["seed"])
    {"docx": write_docx, "html": write_html, "txt": write_text}[spec["format"]](path, blocks)
    return spec["name"]


def portfolio(docs: int, seed: int, cache: str | None, jobs: int) -> tuple[Path, list[dict], float]:
    """The cached portfolio folder (generated if missing), its plan and the seconds spent generating."""
    from importlib.metadata import version

    key = hashlib.sha256(
        json.dumps(
            [
                PORTFOLIO_VERSION,
                common.GENERATOR_VERSION,
                version("fpdf2"),
                version("python-docx"),
                docs,
                seed,
            ]
        ).encode()
    ).hexdigest()[:12]
    folder = common.cache_dir(cache) / f"batch_portfolio_{docs}_seed{seed}_{key}"
    specs = plan(docs, seed)
    if (folder / "manifest.json").is_file():
        return folder, specs, 0.0
    t0 = time.perf_counter()
    work = Path(str(folder) + ".partial")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    ctx = multiprocessing.get_context("spawn")  # fpdf2 and python-docx load in the generators only
    with ctx.Pool(jobs) as pool:
        pool.starmap(generate_one, [(s, str(work)) for s in specs], chunksize=4)
    (work / "manifest.json").write_text(json.dumps(specs, indent=1), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    os.replace(work, folder)
    return folder, specs, time.perf_counter() - t0


# ----------------------------------------------------------------------------------------
# Measurements
# ----------------------------------------------------------------------------------------


def run_batch(paths: list[str], workers: int, timeout: float) -> dict:
    """One batch run into a fresh store; wall time, outcome counts, pages and worker memory."""
    from clausecheck.batch.run import run
    from clausecheck.batch.runner import LocalRunner
    from clausecheck.batch.store import Store
    from clausecheck.batch.task import Settings
    from clausecheck.limits import Limits

    settings = Settings(limits=Limits(timeout=timeout))
    stats = {"pages": 0.0, "workers": {}, "errors": {}, "busy_s": 0.0, "stages": {}}

    class Tally:
        def start(self, total: int) -> None:
            self.first: float | None = None

        def update(self, outcome: dict) -> None:
            if self.first is None:
                self.first = time.perf_counter()
            if outcome["status"] != "ok":
                stats["errors"][outcome.get("code", "?")] = (
                    stats["errors"].get(outcome.get("code", "?"), 0) + 1
                )
                return
            doc = outcome["report"]["document"]
            stats["pages"] += (
                doc["pages"]
                if doc["format"] == "pdf"
                else doc["characters"] / common.CHARS_PER_PAGE
            )
            stats["busy_s"] += outcome["timings"]["total"]
            for stage, seconds in outcome["timings"].items():
                if stage != "total":
                    stats["stages"][stage] = stats["stages"].get(stage, 0.0) + seconds
            w = outcome["worker"]
            stats["workers"][w["pid"]] = max(stats["workers"].get(w["pid"], 0.0), w["peak_rss_mib"])

        def close(self) -> None:
            pass

    tally = Tally()
    with tempfile.TemporaryDirectory(prefix="cc-bench-batch-") as tmp:
        with Store(Path(tmp) / "bench.db") as store:
            t0 = time.perf_counter()
            summary = run(
                paths, store, LocalRunner(settings, workers=workers), settings, progress=tally
            )
            wall = time.perf_counter() - t0
        db_bytes = (Path(tmp) / "bench.db").stat().st_size
    return {
        "documents": len(paths),
        "analysed": summary.analysed,
        "errors": stats["errors"],
        "wall_s": wall,
        "first_result_s": (tally.first or t0) - t0,
        "pages": stats["pages"],
        "docs_per_hour": summary.analysed / wall * 3600,
        "pages_per_s": stats["pages"] / wall,
        "busy_s": stats["busy_s"],
        "utilisation": stats["busy_s"] / (wall * workers),
        "stage_s": stats["stages"],
        "worker_peak_rss_mib": sorted(stats["workers"].values(), reverse=True),
        "store_mib": db_bytes / 2**20,
        "parent_hwm_mib": common.hwm_mib(),
    }


def pdftotext_wall(pdfs: list[str], workers: int, exe: str, repeat: int) -> dict:
    def one(path: str) -> int:
        return subprocess.run(
            [exe, path, "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ).returncode

    walls = []
    for _ in range(repeat + 1):  # the first pass warms the page cache and is not counted
        t0 = time.perf_counter()
        with ThreadPoolExecutor(workers) as pool:
            codes = list(pool.map(one, pdfs))
        walls.append(time.perf_counter() - t0)
    return {"wall_s": min(walls[1:]), "walls_s": walls[1:], "failed": sum(1 for c in codes if c)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--docs", type=int, default=500, help="contracts in the portfolio (default 500)"
    )
    ap.add_argument(
        "--workers", type=int, default=2, help="batch workers and pdftotext processes (default 2)"
    )
    ap.add_argument(
        "--timeout", type=float, default=120.0, help="per-document time limit (default 120)"
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="pdftotext passes; the best is kept (default 3)"
    )
    ap.add_argument("--seed", type=int, default=common.DEFAULT_SEED, help="portfolio seed")
    ap.add_argument("--cache", default=None, help="folder for the generated portfolio")
    ap.add_argument("--no-pdftotext", action="store_true", help="skip the reference")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if args.docs < len(FORMATS):
        ap.error(f"--docs must be at least {len(FORMATS)}")

    folder, specs, gen_s = portfolio(args.docs, args.seed, args.cache, max(1, os.cpu_count() or 1))
    paths = [str(folder / s["name"]) for s in specs]
    pdfs = [str(folder / s["name"]) for s in specs if s["format"] == "pdf"]
    result = {
        "benchmark": "batch",
        "machine": common.machine(),
        "load_avg": os.getloadavg(),
        "settings": {
            "docs": args.docs,
            "workers": args.workers,
            "timeout": args.timeout,
            "seed": args.seed,
            "portfolio": str(folder),
            "generated_s": gen_s,
            "formats": {f: sum(1 for s in specs if s["format"] == f) for f in FORMATS},
            "planned_pages": sum(s["pages"] for s in specs),
        },
    }
    result["portfolio"] = run_batch(paths, args.workers, args.timeout)
    exe = None if args.no_pdftotext else shutil.which("pdftotext")
    if exe and pdfs:
        ours = run_batch(pdfs, args.workers, args.timeout)
        ref = pdftotext_wall(pdfs, args.workers, exe, max(1, args.repeat))
        result["pdf"] = {"ours": ours, "pdftotext": ref, "ratio": ours["wall_s"] / ref["wall_s"]}
    result["load_avg_after"] = os.getloadavg()
    print(common.dump_json(result) if args.json else render(result))
    failed = result["portfolio"]["analysed"] != result["portfolio"]["documents"]
    return 1 if failed else 0


def render(result: dict) -> str:
    s, p = result["settings"], result["portfolio"]
    m = result["machine"]
    lines = [
        f"clausecheck batch benchmark - {s['docs']} contracts "
        f"({', '.join(f'{n} {f}' for f, n in s['formats'].items())}; {s['planned_pages']} planned pages), "
        f"{s['workers']} workers, Python {m['python']}, {m['cpus']} CPUs, load {result['load_avg'][0]:.1f}"
    ]
    if s["generated_s"]:
        lines.append(f"generated the portfolio in {s['generated_s']:.0f} s ({s['portfolio']})")
    lines += [
        f"portfolio: {p['analysed']}/{p['documents']} analysed in {p['wall_s']:.1f} s "
        f"(errors: {p['errors'] or 'none'})",
        f"  {p['docs_per_hour']:,.0f} documents/hour, {p['pages_per_s']:.0f} pages/s ({p['pages']:.0f} pages)",
        f"  start-up (first result after) {p['first_result_s']:.1f} s; store {p['store_mib']:.1f} MiB; "
        f"writer process peak {p['parent_hwm_mib']:.0f} MiB",
        f"  workers busy analysing {p['utilisation']:.0%} of wall x workers "
        f"({p['busy_s']:.1f} s of document time; the rest is start-up, hand-off and idle tail)",
        "  worker peak RSS (MiB): " + ", ".join(f"{x:.0f}" for x in p["worker_peak_rss_mib"]),
        "  document time by stage: "
        + ", ".join(
            f"{k} {v / p['busy_s']:.0%}"
            for k, v in sorted(p["stage_s"].items(), key=lambda kv: -kv[1])
        ),
    ]
    if "pdf" in result:
        o, r = result["pdf"]["ours"], result["pdf"]["pdftotext"]
        lines += [
            f"PDFs only ({o['documents']} files, {o['pages']:.0f} pages): batch {o['wall_s']:.1f} s "
            f"({o['pages_per_s']:.0f} pages/s) vs pdftotext x{s['workers']} {r['wall_s']:.1f} s "
            f"({o['pages'] / r['wall_s']:.0f} pages/s): ratio {result['pdf']['ratio']:.2f} (target <= 5)",
        ]
    lines.append(f"load average after: {result['load_avg_after'][0]:.1f}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
