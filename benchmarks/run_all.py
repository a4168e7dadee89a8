"""All clausecheck benchmarks in one command, summarised in one table against the budgets.

Runs, each in its own process (so memory figures do not mix) and with ``--json``:

1. ``ingest.py``   - pages/s per format, with pdftotext as the reference;
2. ``analyse.py``  - clauses/s and pages/s of ``Engine.analyse``;
3. ``endtoend.py`` - file to JSON report on one core: cold (a fresh ``clausecheck scan``
   process; on the smallest sample this is the cold start) and warm (engine already built);
4. ``batch.py``    - documents/hour of ``clausecheck batch`` over a generated portfolio, worker
   peak RSS, and the PDFs against pdftotext;
5. ``physical.py`` - issue 17's ratios on real-contract PDFs (pool texts rendered once by
   ``real_pdfs.py``, cached outside the repository): ``clausecheck batch --workers 2`` against
   pdftotext in 2 parallel processes, one ~200-page PDF to JSON in a fresh process against
   pdftotext on it, the cold start of a small scan, and the batch workers' peak RSS.

Then prints the summary (measure, value, budget, verdict) and, with ``--save FILE``, writes
every script's full JSON to FILE. Exit code: 0 when every step ran and every budget was met, 1
when a budget was missed, 2 when a step failed.

    python benchmarks/run_all.py                 # about 5 minutes on 2 cores
    python benchmarks/run_all.py --docs 500      # the full 500-contract portfolio
    python benchmarks/run_all.py --quick         # fewer repeats, 40-contract batch (about 2 minutes)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import common  # noqa: E402

BUDGETS = {  # issue #7's budgets, tightened by issue 17 (cold start, worker memory)
    "cold_start_s": (0.8, "cold start of a single small scan"),
    "pdf200_s": (3.0, "200-page PDF end to end, one core"),
    "worker_mib": (300.0, "peak memory of a batch worker"),
    "batch_ratio": (3.0, "batch time / pdftotext's, real-contract PDFs, same parallelism"),
    "long_ratio": (10.0, "~200-page PDF to JSON in a fresh process / pdftotext on it"),
}


def run_step(script: str, args: list[str]) -> tuple[dict | None, str, float]:
    """Run one benchmark script with --json; (result or None, error text, wall seconds)."""
    cmd = [sys.executable, str(HERE / script), "--json", *args]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=str(common.ROOT))
    wall = time.perf_counter() - t0
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
        return None, f"{script}: {tail[0]}", wall
    return (
        data,
        "" if proc.returncode == 0 else f"{script}: exit {proc.returncode} (see its rows)",
        wall,
    )


def _per_format(ingest: dict) -> dict[str, tuple[float, float]]:
    """format -> (pages, seconds) summed over the ingest rows without errors."""
    out: dict[str, tuple[float, float]] = {}
    for r in ingest["rows"]:
        if "error" in r:
            continue
        pages, secs = out.get(r["format"], (0.0, 0.0))
        out[r["format"]] = (pages + r["pages"], secs + r["median_s"])
    return out


def _generated(rows: list[dict], pages: int) -> dict | None:
    return next(
        (
            r
            for r in rows
            if r.get("kind") == "generated"
            and f"generated {pages}p" in r["input"]
            and "error" not in r
        ),
        None,
    )


def summarise(results: dict) -> list[dict]:
    """The summary rows: measure, value, budget (or reference) and verdict."""
    rows: list[dict] = []

    def add(measure: str, value: str, budget: str = "", verdict: str = "") -> None:
        rows.append({"measure": measure, "value": value, "budget": budget, "verdict": verdict})

    def check(key: str, value: float, unit: str, measure: str) -> None:
        limit, _ = BUDGETS[key]
        add(
            measure,
            f"{value:,.2f} {unit}" if unit in ("s", "x") else f"{value:,.0f} {unit}",
            f"<= {limit:g} {unit}",
            "met" if value <= limit else "MISSED",
        )

    ing = results.get("ingest")
    if ing:
        for fmt, (pages, secs) in sorted(
            _per_format(ing).items(), key=lambda kv: common.FORMAT_ORDER.index(kv[0])
        ):
            add(
                f"ingest {fmt}: {'pages' if fmt == 'pdf' else 'equivalent pages'}/s",
                f"{pages / secs:,.0f}",
            )
        big = max(
            (r for r in ing["rows"] if "error" not in r and r["format"] == "pdf"),
            key=lambda r: r["pages"],
            default=None,
        )
        if big and "pdftotext" in big and "error" not in big["pdftotext"]:
            add(
                f"ingest {big['pages']:.0f}p PDF vs pdftotext",
                f"{big['pages_per_s']:,.0f} vs {big['pdftotext']['pages_per_s']:,.0f} pages/s",
                "reference",
                f"{big['ratio_vs_pdftotext']:.1f}x pdftotext's time",
            )
    ana = results.get("analyse")
    if ana:
        for n in sorted({int(p) for p in ana["settings"]["generated_pages"]}):
            r = _generated(ana["rows"], n)
            if r:
                add(
                    f"analysis {n}p PDF: clauses/s",
                    f"{r['clauses_per_s']:,.0f} ({r['clauses']:,} clauses)",
                )
                add(f"analysis {n}p PDF: pages/s", f"{r['pages_per_s']:,.0f}")
        samples = [r for r in ana["rows"] if r.get("kind") == "sample" and "error" not in r]
        if samples:
            clauses = sum(r["clauses"] for r in samples)
            secs = sum(r["median_s"] for r in samples)
            add(f"analysis, {len(samples)} sample contracts: clauses/s", f"{clauses / secs:,.0f}")
    e2e = results.get("endtoend")
    if e2e:
        cold = [c for c in e2e["cold"] if "error" not in c]
        warm = {w["input"]: w for w in e2e["warm"]["rows"]}
        for c in cold:
            w = warm.get(c["name"])
            if "smallest sample" in c["name"]:
                check(
                    "cold_start_s",
                    c["median_s"],
                    "s",
                    f"cold start: clausecheck scan {c['input'].split('/')[-1]}",
                )
                continue
            label = c["name"].split(" (")[0].replace("generated ", "")
            if w:
                if label == "200p":
                    check(
                        "pdf200_s", w["median_s"], "s", "200p PDF end to end, engine built (1 core)"
                    )
                else:
                    add(f"{label} PDF end to end, engine built (1 core)", f"{w['median_s']:.2f} s")
            add(
                f"{label} PDF end to end, fresh process (1 core)",
                f"{c['median_s']:.2f} s",
                "< 3 s" if label == "200p" else "",
                ""
                if label != "200p"
                else ("met" if c["median_s"] < 3.0 else "over (includes the cold start)"),
            )
        peak = max((c["maxrss_mib"] for c in cold), default=0)
        add("peak RSS of a single scan (largest input)", f"{peak:,.0f} MiB")
    bat = results.get("batch")
    if bat:
        p = bat["portfolio"]
        add(
            f"batch, {p['documents']} docs, {bat['settings']['workers']} workers: documents/hour",
            f"{p['docs_per_hour']:,.0f} ({p['pages_per_s']:,.0f} pages/s)",
        )
        if p["worker_peak_rss_mib"]:
            check("worker_mib", max(p["worker_peak_rss_mib"]), "MiB", "batch worker peak RSS")
        if "pdf" in bat:
            add(
                "batch PDFs vs pdftotext (same workers)",
                f"{bat['pdf']['ratio']:.1f}x pdftotext's time",
                "reference",
            )
    phy = results.get("physical")
    if phy:
        b, lg = phy.get("batch"), phy.get("long")
        if b:
            check(
                "batch_ratio",
                b["ratio"],
                "x",
                f"batch vs pdftotext, {b['documents']} real PDFs ({b['pages']:,} p), "
                f"{b['workers']} workers",
            )
            add(
                "  batch vs pdftotext: pages/s",
                f"{b['clausecheck_pages_per_s']:,.0f} vs {b['pdftotext_pages_per_s']:,.0f}",
            )
        if lg:
            check(
                "long_ratio",
                lg["ratio"],
                "x",
                f"{lg['pages']}p PDF to JSON, fresh process vs pdftotext",
            )
        for key in ("cold", "cold_pdf"):
            c = phy.get(key)
            if c:
                check(
                    "cold_start_s", c["median_s"], "s", f"cold start: clausecheck scan {c['input']}"
                )
        m = phy.get("memory")
        if m and m["worker_peak_rss_mib"]:
            check(
                "worker_mib",
                max(m["worker_peak_rss_mib"]),
                "MiB",
                "batch worker peak RSS (real-contract PDFs)",
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--docs", type=int, default=None, help="batch portfolio size (default 100; 40 with --quick)"
    )
    ap.add_argument("--quick", action="store_true", help="fewer repeats and a smaller batch")
    ap.add_argument(
        "--skip",
        default="",
        help="comma-separated steps to leave out (ingest, analyse, endtoend, batch, physical)",
    )
    ap.add_argument("--save", default=None, help="write every step's full JSON to this file")
    args = ap.parse_args(argv)
    repeat = "2" if args.quick else "5"
    docs = str(args.docs or (40 if args.quick else 100))
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    steps = [
        ("ingest", "ingest.py", ["--repeat", repeat, "--pages", "10,200"]),
        ("analyse", "analyse.py", ["--repeat", repeat, "--pages", "10,200", "--cold-repeat", "0"]),
        ("endtoend", "endtoend.py", ["--repeat", repeat]),
        ("batch", "batch.py", ["--docs", docs, "--repeat", "2" if args.quick else "3"]),
        (
            "physical",
            "physical.py",
            ["--docs", "40" if args.quick else "120", "--repeat", "2" if args.quick else "3"],
        ),
    ]
    results: dict = {}
    errors: list[str] = []
    load_before = os.getloadavg()
    for name, script, extra in steps:
        if name in skip:
            continue
        print(f"running {script} {' '.join(extra)} ...", file=sys.stderr, flush=True)
        data, err, wall = run_step(script, extra)
        print(f"  {name} took {wall:.0f} s{'; ' + err if err else ''}", file=sys.stderr, flush=True)
        if data is not None:
            results[name] = data
        if err:
            errors.append(err)
    summary = summarise(results)
    m = common.machine()
    print(
        f"clausecheck benchmarks - Python {m['python']}, {m['cpus']} CPUs, {m['platform']}; "
        f"load {load_before[0]:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(
        common.table(
            summary,
            [
                ("measure", "measure", "<"),
                ("value", "value", ">"),
                ("budget", "budget", "<"),
                ("verdict", "verdict", "<"),
            ],
        )
    )
    print(
        f"equivalent pages: {common.CHARS_PER_PAGE:,} extracted characters (DOCX, HTML, Markdown, text); "
        "ingest rates are over every input of the format (samples and generated PDFs)"
    )
    for err in errors:
        print(f"error: {err}")
    if args.save:
        Path(args.save).write_text(
            common.dump_json({"summary": summary, **results}), encoding="utf-8"
        )
        print(f"full results: {args.save}")
    if errors:
        return 2
    return 1 if any(r["verdict"] == "MISSED" for r in summary) else 0


if __name__ == "__main__":
    sys.exit(main())
