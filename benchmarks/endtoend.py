"""End-to-end benchmark: from a contract file to a written JSON report, on one core.

Two ways a user pays for a scan, both pinned to one CPU (``--cpu``, default 0; children inherit
the affinity):

- **cold**: ``python -m clausecheck scan FILE --format json -o OUT`` in a fresh process: the
  interpreter, imports, engine build (provisions, clause library, spaCy pipeline, cue index,
  model), ingestion, analysis, traction and the report written to disk. Median of --repeat,
  with the process's ru_maxrss. On the smallest sample contract this is the *cold start*.
- **warm**: one process builds the engine once, then for each input ``engine.scan(path)`` and
  ``json_report.write``: what a batch worker or a long-lived service pays per document. Median
  of --repeat after one untimed run; the process's peak RSS (VmHWM) at the end.

Inputs: the smallest sample contract and generated contract PDFs (default 10 and 200 pages,
benchmarks/common.py).

    python benchmarks/endtoend.py            # table
    python benchmarks/endtoend.py --json
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TARGETS = {"cold_start_s": 2.0, "pdf200_s": 3.0, "peak_mib": 500.0}


def pin(cpu: int) -> str:
    """Pin this process (and its children) to one CPU where the OS allows it."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    try:
        os.sched_setaffinity(0, {cpu})
    except OSError as exc:
        return f"not pinned ({exc})"
    return f"pinned to CPU {cpu}"


def warm(items: list[dict], repeat: int, out_dir: Path) -> dict:
    from clausecheck.engine import Engine
    from clausecheck.report import json_report

    t0 = time.perf_counter()
    engine = Engine()
    build_s = time.perf_counter() - t0
    rows = []
    for item in items:
        out = out_dir / f"warm-{item['path'].stem}.json"
        times, stages = [], {}
        for i in range(repeat + 1):
            t0 = time.perf_counter()
            report = engine.scan(item["path"])
            json_report.write(report, out)
            wall = time.perf_counter() - t0
            if i == 0:
                continue  # the first run pays lazy imports and regex compilation
            times.append(wall)
            for k, v in report.timings.items():
                stages.setdefault(k, []).append(v)
        stage = {k: common.median(v) for k, v in stages.items()}
        med = common.median(times)
        pages, estimated = common.page_size(report.document)
        rows.append(
            {
                "input": item["name"],
                "path": common.rel(item["path"]),
                "pages": pages,
                "pages_estimated": estimated,
                "times_s": times,
                "median_s": med,
                "stages_median_s": stage,
                "report_s": max(0.0, med - sum(stage.values())),
                "json_bytes": out.stat().st_size,
            }
        )
    return {"engine_build_s": build_s, "rows": rows, "process_hwm_mib": common.hwm_mib()}


def main(argv: list[str] | None = None) -> int:
    ap = common.parser(__doc__)
    ap.add_argument("--cpu", type=int, default=0, help="the CPU to pin to (default 0)")
    ap.add_argument(
        "--pages", default="10,200", help="sizes of the generated PDFs (default 10,200)"
    )
    ap.add_argument(
        "--seed", type=int, default=common.DEFAULT_SEED, help="seed of the generated contracts"
    )
    ap.add_argument(
        "--cache",
        default=None,
        help="folder for generated PDFs (default: a folder in the temp dir)",
    )
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    pages = [int(x) for x in args.pages.split(",") if x.strip()]

    notes: list[str] = []
    files, note = common.sample_files()
    if note:
        notes.append(note)
    smallest = min(files, key=lambda p: p.stat().st_size)
    items = [{"name": f"{smallest.name} (smallest sample)", "path": smallest}]
    items += [i for i in common.bench_items([], pages, args.seed, args.cache, notes)]
    pinned = pin(args.cpu)  # after generating the PDFs, which may use every core

    with tempfile.TemporaryDirectory(prefix="cc-e2e-") as tmp:
        cold = []
        for item in items:
            res = common.time_scan(
                item["path"], args.repeat, output=Path(tmp) / f"cold-{item['path'].stem}.json"
            )
            cold.append({"name": item["name"], **res})
        hot = warm(items, args.repeat, Path(tmp))
    result = {
        "benchmark": "endtoend",
        "machine": common.machine(),
        "load_avg": os.getloadavg(),
        "settings": {
            "repeat": args.repeat,
            "cpu": pinned,
            "generated_pages": pages,
            "seed": args.seed,
        },
        "targets": TARGETS,
        "cold": cold,
        "warm": hot,
        "notes": notes,
    }
    print(common.dump_json(result) if args.json else render(result))
    return 1 if any("error" in c for c in cold) else 0


def render(result: dict) -> str:
    s = result["settings"]
    lines = [
        f"clausecheck end-to-end benchmark - file to JSON report, {s['cpu']}, median of {s['repeat']}, "
        f"load {result['load_avg'][0]:.1f}"
    ]
    rows = []
    warm_by_input = {r["input"]: r for r in result["warm"]["rows"]}
    for c in result["cold"]:
        w = warm_by_input.get(c["name"], {})
        if "error" in c:
            rows.append({"input": c["name"], "cold": "ERROR: " + c["error"][:70]})
            continue
        st = w.get("stages_median_s", {})
        rows.append(
            {
                "input": c["name"],
                "cold": common.num(c["median_s"], 2),
                "rss": common.num(c["maxrss_mib"], 0),
                "warm": common.num(w.get("median_s"), 2),
                "stages": "/".join(
                    f"{st.get(k, 0) * 1000:.0f}"
                    for k in ("ingest", "structure", "nlp_and_cues", "grade", "traction")
                )
                + f"/{w.get('report_s', 0) * 1000:.0f}",
            }
        )
    lines.append(
        common.table(
            rows,
            [
                ("input", "input", "<"),
                ("cold", "cold s", ">"),
                ("rss", "cold maxrss MiB", ">"),
                ("warm", "warm s", ">"),
                ("stages", "warm ms: ingest/struct/nlp/grade/traction/report", ">"),
            ],
        )
    )
    lines.append(
        f"warm process: engine built in {result['warm']['engine_build_s']:.2f} s, "
        f"peak RSS {result['warm']['process_hwm_mib']:.0f} MiB"
    )
    lines += [f"note: {n}" for n in result["notes"]]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
