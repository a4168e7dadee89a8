"""How near the physical limit (reading the PDFs' text) clausecheck runs: issue 17's figures,
each measured in one run so that the ratios share the machine's load.

1. **batch**: ``clausecheck batch --workers W`` (a fresh process, a fresh store) over real-contract
   PDFs (``real_pdfs.py``: pool texts rendered once, cached outside the repository) against
   ``pdftotext FILE -`` over the same files, W processes in parallel. Best of ``--repeat`` runs
   each, after one warm-up pass of pdftotext (page cache).
2. **single long PDF**: ``clausecheck scan LONG.pdf --format json -o OUT`` in a fresh process
   against ``pdftotext LONG.pdf -``; runs interleaved, medians.
3. **cold start**: ``clausecheck scan <smallest sample>`` to the terminal report, in a fresh
   process; one untimed run first (it fills the data cache, as any first use does), then
   medians.

For 2 and 3 the child processes' CPU time (user + system, ``RUSAGE_CHILDREN``) is reported beside
the wall time: on a shared machine it moves far less with the load than the wall time does.
4. **worker peak RSS**: the same PDFs through the batch runner in this process
   (``batch.run_batch``); each worker reports its own VmHWM.

    python benchmarks/physical.py                  # 120 PDFs, 2 workers, a ~200-page PDF
    python benchmarks/physical.py --docs 40 --repeat 1 --json

Exit code 1 when an acceptance limit (``LIMITS``) is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.dont_write_bytecode = True
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402
import real_pdfs  # noqa: E402

LIMITS = {  # issue 17's acceptance
    "batch_ratio": 3.0,  # batch time / pdftotext time, same parallelism
    "long_ratio": 10.0,  # one ~200-page PDF to JSON in a fresh process / pdftotext on it
    "cold_start_s": 0.8,  # clausecheck scan of a small contract, fresh process
    "worker_mib": 300.0,  # batch worker peak RSS
}


def clausecheck_cmd() -> list[str]:
    script = Path(sys.executable).parent / "clausecheck"
    return [str(script)] if script.exists() else [sys.executable, "-m", "clausecheck"]


def wall(cmd: list[str], **kwargs) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kwargs)
    took = time.perf_counter() - t0
    if proc.returncode not in (0, 10):  # 10: the batch recorded a document error
        raise SystemExit(
            f"{' '.join(cmd[:3])} ... failed ({proc.returncode}): {proc.stderr[-500:]}"
        )
    return took


def cpu_of(cmd: list[str], **kwargs) -> tuple[float, float]:
    """(wall seconds, the child's user + system CPU seconds) of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    took = wall(cmd, **kwargs)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pdftotext_parallel(pdfs: list[str], workers: int, exe: str) -> float:
    def one(path: str) -> None:
        subprocess.run([exe, path, "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(one, pdfs))
    return time.perf_counter() - t0


def batch_ratio(pdfs: list[str], pages: int, workers: int, repeat: int, exe: str) -> dict:
    ours, ref = [], []
    pdftotext_parallel(pdfs, workers, exe)  # warm-up: the files into the page cache
    with tempfile.TemporaryDirectory(prefix="cc-bench-physical-") as tmp:
        listing = Path(tmp) / "paths.txt"
        listing.write_text("\n".join(pdfs) + "\n", encoding="utf-8")
        for i in range(repeat):
            ref.append(pdftotext_parallel(pdfs, workers, exe))
            db = Path(tmp) / f"run{i}.db"
            cmd = [*clausecheck_cmd(), "batch", "--list", str(listing), "--db", str(db)]
            ours.append(wall([*cmd, "--workers", str(workers), "-q"]))
    return {
        "documents": len(pdfs),
        "pages": pages,
        "workers": workers,
        "clausecheck_s": ours,
        "pdftotext_s": ref,
        "clausecheck_pages_per_s": pages / min(ours),
        "pdftotext_pages_per_s": pages / min(ref),
        "ratio": min(ours) / min(ref),
    }


def long_ratio(pdf: str, pages: int, repeat: int, exe: str) -> dict:
    ours, ref, ours_cpu, ref_cpu = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="cc-bench-physical-") as tmp:
        out = str(Path(tmp) / "report.json")
        cmd = [*clausecheck_cmd(), "scan", pdf, "--format", "json", "-o", out]
        wall([exe, pdf, "-"])  # warm-up: page cache
        wall(cmd)
        for _ in range(repeat):
            took, cpu = cpu_of([exe, pdf, "-"])
            ref.append(took)
            ref_cpu.append(cpu)
            took, cpu = cpu_of(cmd)
            ours.append(took)
            ours_cpu.append(cpu)
    return {
        "pages": pages,
        "clausecheck_s": ours,
        "pdftotext_s": ref,
        "clausecheck_cpu_s": ours_cpu,
        "pdftotext_cpu_s": ref_cpu,
        "ratio": common.median(ours) / common.median(ref),
        "cpu_ratio": common.median(ours_cpu) / max(common.median(ref_cpu), 1e-9),
    }


def cold_start(sample: Path, repeat: int) -> dict:
    cmd = [*clausecheck_cmd(), "scan", str(sample)]
    first = wall(cmd)  # fills the data cache (and the page cache): a first use
    runs = [cpu_of(cmd) for _ in range(repeat)]
    return {
        "input": common.rel(sample),
        "first_s": first,
        "runs_s": [took for took, _ in runs],
        "cpu_s": [cpu for _, cpu in runs],
        "median_s": common.median([took for took, _ in runs]),
        "cpu_median_s": common.median([cpu for _, cpu in runs]),
    }


def worker_memory(pdfs: list[str], workers: int) -> dict:
    import batch

    result = batch.run_batch(pdfs, workers, 120.0)
    return {
        "worker_peak_rss_mib": result["worker_peak_rss_mib"],
        "utilisation": result["utilisation"],
        "wall_s": result["wall_s"],
        "stage_s": result["stage_s"],
        "first_result_s": result["first_result_s"],
    }


def verdicts(result: dict) -> dict:
    figures = {
        "batch_ratio": result.get("batch", {}).get("ratio"),
        "long_ratio": result.get("long", {}).get("ratio"),
        "cold_start_s": result.get("cold", {}).get("median_s"),
        "worker_mib": max(result.get("memory", {}).get("worker_peak_rss_mib") or [0]) or None,
    }
    return {
        k: {"value": v, "limit": LIMITS[k], "met": v is not None and v <= LIMITS[k]}
        for k, v in figures.items()
    }


def render(result: dict) -> str:
    b, lg, c, m = (result.get(k, {}) for k in ("batch", "long", "cold", "memory"))
    lines = [
        f"physical limit - {result['machine']['cpus']} CPUs; load "
        f"{result['load_avg'][0]:.1f} before, {result['load_avg_after'][0]:.1f} after",
    ]
    if b:
        lines.append(
            f"batch, {b['documents']} real-contract PDFs ({b['pages']:,} pages), "
            f"{b['workers']} workers: {min(b['clausecheck_s']):.1f} s "
            f"({b['clausecheck_pages_per_s']:,.0f} pages/s) vs pdftotext "
            f"{min(b['pdftotext_s']):.2f} s "
            f"({b['pdftotext_pages_per_s']:,.0f} pages/s): {b['ratio']:.1f}x"
        )
    if lg:
        cpu = ""
        if lg.get("clausecheck_cpu_s"):
            cpu = (
                f"; CPU {common.median(lg['clausecheck_cpu_s']):.2f} s vs "
                f"{common.median(lg['pdftotext_cpu_s']):.3f} s: {lg['cpu_ratio']:.1f}x"
            )
        lines.append(
            f"one {lg['pages']}-page PDF to JSON, fresh process: "
            f"{common.median(lg['clausecheck_s']):.2f} s vs pdftotext "
            f"{common.median(lg['pdftotext_s']):.3f} s: {lg['ratio']:.1f}x{cpu}"
        )
    for cold in (c, result.get("cold_pdf")):
        if cold:
            cpu = f", CPU {cold['cpu_median_s']:.2f} s" if "cpu_median_s" in cold else ""
            lines.append(
                f"cold start, clausecheck scan {cold['input']}: median {cold['median_s']:.2f} s"
                f"{cpu} (first use {cold['first_s']:.2f} s)"
            )
    if m:
        lines.append(
            f"batch worker peak RSS: {', '.join(f'{v:.0f}' for v in m['worker_peak_rss_mib'])} MiB"
            f" (busy {m['utilisation']:.0%})"
        )
    for k, v in result["verdicts"].items():
        value = "-" if v["value"] is None else f"{v['value']:.2f}"
        lines.append(
            f"  {k:14} {value:>8}  limit {v['limit']:g}  {'met' if v['met'] else 'MISSED'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--docs", type=int, default=120, help="real-contract PDFs (default 120)")
    ap.add_argument("--workers", type=int, default=2, help="batch workers = pdftotext processes")
    ap.add_argument("--long", type=int, default=200, help="pages of the single PDF (default 200)")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each measurement")
    ap.add_argument("--cold-repeat", type=int, default=5, help="cold-start runs (default 5)")
    ap.add_argument("--cache", default=None, help="folder for the rendered PDFs")
    ap.add_argument("--skip", default="", help="comma-separated: batch,long,cold,memory")
    ap.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = ap.parse_args(argv)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    exe = shutil.which("pdftotext")
    if exe is None:
        raise SystemExit("pdftotext (poppler-utils) is needed for the reference")
    portfolio = real_pdfs.portfolio(args.docs, cache=args.cache, workers=os.cpu_count() or 1)
    pdfs = [d["path"] for d in portfolio]
    pages = sum(d["pages"] for d in portfolio)
    long = real_pdfs.long_pdf(args.long, args.cache) if "long" not in skip else None
    samples = common.sample_files()[0]
    sample = min(samples, key=lambda p: p.stat().st_size)
    small_pdf = min((p for p in samples if p.suffix == ".pdf"), key=lambda p: p.stat().st_size)
    result: dict = {"benchmark": "physical", "machine": common.machine()}
    result["load_avg"] = os.getloadavg()
    if "cold" not in skip:
        result["cold"] = cold_start(sample, args.cold_repeat)
        if small_pdf != sample:
            result["cold_pdf"] = cold_start(small_pdf, args.cold_repeat)
    if long:
        result["long"] = long_ratio(long["path"], long["pages"], args.repeat, exe)
    if "batch" not in skip:
        result["batch"] = batch_ratio(pdfs, pages, args.workers, args.repeat, exe)
    if "memory" not in skip:
        result["memory"] = worker_memory(pdfs, args.workers)
    result["load_avg_after"] = os.getloadavg()
    result["verdicts"] = verdicts(result)
    print(common.dump_json(result) if args.json else render(result))
    measured = [v for v in result["verdicts"].values() if v["value"] is not None]
    return 0 if all(v["met"] for v in measured) else 1


if __name__ == "__main__":
    sys.exit(main())
