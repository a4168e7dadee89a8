"""Analysis benchmark: speed and memory of ``Engine.analyse`` on already-ingested documents.

The engine (provisions, spaCy pipeline, compiled cues) is built once; its build time is reported.
Inputs: one file per sample contract in sample_contracts/ (the PDF where there is one, else DOCX,
HTML, Markdown, text; --all-formats for every file) and generated 50- and 200-page contract PDFs
(benchmarks/common.py). For each input:
  - ingest once (not timed here: see benchmarks/ingest.py);
  - --repeat timed ``engine.analyse(doc)`` calls; the median is reported, with clauses/s
    (len(report.structure.clauses) / median), pages/s and characters/s, and the median of the
    engine's own stage timings (structure, nlp_and_cues, grade, traction);
  - one more call under tracemalloc for the peak of Python-level allocations;
  - the process's peak RSS (VmHWM / ru_maxrss) after that input. It is a running high-water mark
    of the one process, so inputs run smallest first and a row shows what that input added.
One untimed analyse of the smallest input warms the engine up first.

Cold start: wall time (median of --cold-repeat) of ``python -m clausecheck scan <smallest
sample> --format json`` in a fresh subprocess, with its ru_maxrss.

    python benchmarks/analyse.py            # table
    python benchmarks/analyse.py --json     # machine-readable
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402


def pick_inputs(args) -> tuple[list[dict], list[str]]:
    files, note = common.sample_files(Path(args.samples) if args.samples else None, ocr=args.ocr)
    notes = [note] if note else []
    if not args.all_formats:
        best: dict[str, Path] = {}
        for p in files:  # sample_files sorts each contract's files pdf, docx, html, md, txt
            best.setdefault(common.contract_name(p), p)
        dropped = len(files) - len(best)
        files = list(best.values())
        if dropped:
            notes.append(
                f"one file per contract (pdf > docx > html > md > txt); {dropped} other "
                "renderings skipped (--all-formats to include them)"
            )
    items = common.bench_items(files, args.pages, args.seed, args.cache, notes)
    return items, notes


def main(argv: list[str] | None = None) -> int:
    ap = common.parser(__doc__)
    ap.add_argument("--cold-repeat", type=int, default=3, help="cold-start runs (default 3)")
    ap.add_argument(
        "--all-formats", action="store_true", help="analyse every rendering of each sample"
    )
    common.add_input_arguments(ap, "50,200")
    args = ap.parse_args(argv)
    if args.repeat < 1 or args.cold_repeat < 0:
        ap.error("--repeat must be at least 1 and --cold-repeat at least 0")
    args.pages = [int(x) for x in args.pages.split(",") if x.strip()]

    started = time.perf_counter()
    items, notes = pick_inputs(args)
    samples = [i for i in items if i["kind"] == "sample"]

    # Cold start first, while this process is still small (see common.run_measured).
    smallest = min((i["path"] for i in samples), key=lambda p: p.stat().st_size, default=None)
    cold = common.time_scan(smallest, args.cold_repeat) if smallest and args.cold_repeat else None

    rss_start = common.hwm_mib()
    t0 = time.perf_counter()
    from clausecheck import ingest
    from clausecheck.engine import Engine

    engine = Engine()
    engine_s = time.perf_counter() - t0
    rss_engine = common.hwm_mib()

    docs = []
    for item in items:
        t0 = time.perf_counter()
        try:
            doc = ingest.load(item["path"], ocr=args.ocr)
        except Exception as exc:  # report and carry on
            docs.append((item, None, f"{type(exc).__name__}: {exc}", 0.0))
            continue
        docs.append((item, doc, None, time.perf_counter() - t0))
    ok = [d for d in docs if d[1] is not None]
    ok.sort(key=lambda d: len(d[1].text))
    if ok:
        t0 = time.perf_counter()
        engine.analyse(ok[0][1])
        warmup_s = time.perf_counter() - t0
    else:
        warmup_s = None

    rows = [
        {
            "input": it["name"],
            "kind": it["kind"],
            "format": it["format"],
            "path": common.rel(it["path"]),
            "error": err,
        }
        for it, doc, err, _ in docs
        if doc is None
    ]
    for item, doc, _, ingest_s in ok:
        times, stages = [], {}
        report = None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            report = engine.analyse(doc)
            times.append(time.perf_counter() - t0)
            for k, v in report.timings.items():
                stages.setdefault(k, []).append(v)
        tracemalloc.start()
        engine.analyse(doc)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        med = common.median(times)
        pages, estimated = common.page_size(doc)
        n_clauses = len(report.structure.clauses)
        rows.append(
            {
                "input": item["name"],
                "kind": item["kind"],
                "format": item["format"],
                "path": common.rel(item["path"]),
                "pages": pages,
                "pages_estimated": estimated,
                "chars": len(doc.text),
                "clauses": n_clauses,
                "ingest_s": ingest_s,
                "times_s": times,
                "median_s": med,
                "clauses_per_s": n_clauses / med,
                "pages_per_s": pages / med,
                "chars_per_s": len(doc.text) / med,
                "stages_median_s": {k: common.median(v) for k, v in stages.items()},
                "tracemalloc_peak_mib": peak / 2**20,
                "process_hwm_mib": common.hwm_mib(),
                "process_maxrss_mib": common.maxrss_mib(),
                "statuses": _status_counts(report),
            }
        )
    total = time.perf_counter() - started
    result = {
        "benchmark": "analyse",
        "machine": common.machine(),
        "settings": {
            "repeat": args.repeat,
            "cold_repeat": args.cold_repeat,
            "generated_pages": args.pages,
            "seed": args.seed,
            "all_formats": args.all_formats,
            "chars_per_equivalent_page": common.CHARS_PER_PAGE,
        },
        "engine": {
            "build_s": engine_s,
            "warmup_analyse_s": warmup_s,
            "hwm_before_mib": rss_start,
            "hwm_after_build_mib": rss_engine,
        },
        "cold_start": cold,
        "notes": notes,
        "rows": rows,
        "total_s": total,
    }
    if args.json:
        print(common.dump_json(result))
    else:
        print(render(result))
    failed = any(r.get("error") for r in rows) or bool(cold and cold.get("error"))
    return 1 if failed else 0


def _status_counts(report) -> dict:
    out = {"present": 0, "weak": 0, "missing": 0}
    for f in report.findings:
        out[f.status.value] = out.get(f.status.value, 0) + 1
    return out


def render(result: dict) -> str:
    s, m, e = result["settings"], result["machine"], result["engine"]
    lines = [
        f"clausecheck analyse benchmark - median of {s['repeat']} runs per input, "
        f"Python {m['python']}, {m['cpus']} CPUs",
        f"engine build {e['build_s']:.2f}s (peak RSS {e['hwm_before_mib']:.0f} -> "
        f"{e['hwm_after_build_mib']:.0f} MiB); warm-up analyse "
        f"{common.num((e['warmup_analyse_s'] or 0) * 1000, 0)} ms",
    ]
    table_rows = []
    for r in result["rows"]:
        if r.get("error"):
            table_rows.append(
                {"input": r["input"], "fmt": r["format"], "pages": "ERROR: " + r["error"][:60]}
            )
            continue
        st = r["stages_median_s"]
        table_rows.append(
            {
                "input": r["input"],
                "fmt": r["format"],
                "pages": common.fmt_pages(r["pages"], r["pages_estimated"]),
                "kchars": f"{r['chars'] / 1000:.0f}",
                "clauses": str(r["clauses"]),
                "ms": common.num(r["median_s"] * 1000, 1),
                "clauses/s": common.num(r["clauses_per_s"], 0),
                "pages/s": common.num(r["pages_per_s"], 1),
                "kchars/s": common.num(r["chars_per_s"] / 1000, 0),
                "stages": "/".join(
                    common.num(st.get(k, float("nan")) * 1000, 0)
                    for k in ("structure", "nlp_and_cues", "grade", "traction")
                ),
                "tm": common.num(r["tracemalloc_peak_mib"], 1),
                "hwm": common.num(r["process_hwm_mib"], 0),
                "pwm": "{present}/{weak}/{missing}".format(**r["statuses"]),
            }
        )
    cols = [
        ("input", "input", "<"),
        ("fmt", "fmt", "<"),
        ("pages", "pages", ">"),
        ("kchars", "kchars", ">"),
        ("clauses", "clauses", ">"),
        ("ms", "median ms", ">"),
        ("clauses/s", "clauses/s", ">"),
        ("pages/s", "pages/s", ">"),
        ("kchars/s", "kchars/s", ">"),
        ("stages", "struct/nlp/grade/traction ms", ">"),
        ("tm", "tm peak MiB", ">"),
        ("hwm", "proc peak MiB", ">"),
        ("pwm", "P/W/M", ">"),
    ]
    lines.append(common.table(table_rows, cols))
    lines.append(
        f"pages: PDF pages; ~ = equivalent pages of {s['chars_per_equivalent_page']} characters "
        "for unpaged formats. tm peak = tracemalloc peak of one analyse call; proc peak = this "
        "process's peak RSS so far (engine included; rows run smallest first). P/W/M = "
        "present/weak/missing findings (sanity check, not a quality measure)."
    )
    c = result.get("cold_start")
    if c:
        if c.get("error"):
            lines.append(f"cold start ({c['input']}): ERROR {c['error']}")
        else:
            lines.append(
                f"cold start: `{c['command'].replace('FILE', c['input'])}` in a fresh process: "
                f"median {c['median_s']:.2f}s wall of {len(c['times_s'])} "
                f"({', '.join(f'{t:.2f}' for t in c['times_s'])}), "
                f"ru_maxrss {c['maxrss_mib']:.0f} MiB"
            )
    for note in result["notes"]:
        lines.append("note: " + note)
    lines.append(f"total {result['total_s']:.1f}s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
