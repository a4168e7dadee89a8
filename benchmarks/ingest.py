"""Ingestion benchmark: pages/s and peak memory of ``clausecheck.ingest.load`` per format.

Inputs: every pdf/docx/html/md/txt file directly in sample_contracts/ (``*_scanned.pdf`` only with
--ocr) and generated 10- and 200-page contract PDFs (benchmarks/common.py).

Each input is measured in its own fresh child process, so memory figures do not mix:
  1. import clausecheck.ingest and the format's reader libraries; note the peak RSS so far
     (VmHWM, the baseline);
  2. one warm-up load (reported as "1st": it includes lazy imports);
  3. --repeat timed loads; the median is reported;
  4. one more load under tracemalloc for the peak of Python-level allocations.
The child's ru_maxrss (peak resident set of the whole child, imports included) is taken from
GNU time's %M when /usr/bin/time exists, else from os.wait4 (then floored at this process's own
RSS, a Linux quirk; the JSON gives the floor). "+load" is ru_maxrss minus the baseline.

Every PDF is also converted with poppler's ``pdftotext FILE -`` (plain mode, no -layout), timed the
same way as a whole process (exec + parse + write to a pipe), as the reference; "ratio" is our
median time / pdftotext's median time (below 1 means clausecheck is faster).

    python benchmarks/ingest.py                # table
    python benchmarks/ingest.py --json         # machine-readable
    python benchmarks/ingest.py --repeat 9 --pages 10,50,200 --ocr
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

sys.dont_write_bytecode = True  # keep benchmarks/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

_READER_LIBS = {
    "pdf": ["pypdfium2", "clausecheck.ingest.pdf"],
    "docx": ["docx", "lxml.etree", "clausecheck.ingest.docx"],
    "html": ["lxml.html", "clausecheck.ingest.html"],
    "md": ["clausecheck.ingest.text"],
    "txt": ["clausecheck.ingest.text"],
}


# ----------------------------------------------------------------------------------------
# Child: measure one file
# ----------------------------------------------------------------------------------------


def child(path: str, repeat: int, ocr: bool) -> None:
    import importlib
    import tracemalloc

    t0 = time.perf_counter()
    from clausecheck import ingest

    fmt = common.fmt_of(Path(path))
    for mod in _READER_LIBS.get(fmt, []):
        try:
            importlib.import_module(mod)
        except ImportError:
            pass
    import_s = time.perf_counter() - t0
    base_rss = common.hwm_mib()

    t0 = time.perf_counter()
    doc = ingest.load(path, ocr=ocr)
    first_s = time.perf_counter() - t0
    pages, estimated = common.page_size(doc)
    chars = len(doc.text)
    del doc

    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        doc = ingest.load(path, ocr=ocr)
        times.append(time.perf_counter() - t0)
        del doc
    timed_rss = common.hwm_mib()

    tracemalloc.start()
    doc = ingest.load(path, ocr=ocr)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    json.dump(
        {
            "format_detected": doc.format,
            "pages": pages,
            "pages_estimated": estimated,
            "chars": chars,
            "import_s": import_s,
            "first_s": first_s,
            "times_s": times,
            "tracemalloc_peak_mib": peak / 2**20,
            "baseline_hwm_mib": base_rss,
            "timed_hwm_mib": timed_rss,
            "warnings": list(doc.warnings),
        },
        sys.stdout,
    )


# ----------------------------------------------------------------------------------------
# Parent
# ----------------------------------------------------------------------------------------


def measure_ours(path: Path, repeat: int, ocr: bool) -> dict:
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        str(path),
        "--repeat",
        str(repeat),
    ]
    if ocr:
        cmd.append("--ocr")
    run = common.run_measured(cmd, capture=True)
    if run["code"] != 0:
        msg = (
            run["stderr"].decode("utf-8", "replace").strip().splitlines() or [f"exit {run['code']}"]
        )[-1]
        return {"error": msg}
    data = json.loads(run["stdout"])
    data["maxrss_mib"] = run["maxrss_mib"]
    data["rss_source"] = run["rss_source"]
    if "rss_floor_mib" in run:
        data["rss_floor_mib"] = run["rss_floor_mib"]
    data["median_s"] = common.median(data["times_s"])
    data["child_wall_s"] = run["wall_s"]
    return data


def measure_pdftotext(path: Path, repeat: int, exe: str) -> dict:
    cmd = [exe, str(path), "-"]
    first = common.run_measured(cmd, rss=True)  # warm-up (page cache, exec) and memory
    if first["code"] != 0:
        return {
            "error": first["stderr"].decode("utf-8", "replace").strip()[-200:]
            or f"exit {first['code']}"
        }
    times = [common.run_measured(cmd, rss=False)["wall_s"] for _ in range(repeat)]
    out = {
        "times_s": times,
        "median_s": common.median(times),
        "maxrss_mib": first["maxrss_mib"],
        "rss_source": first["rss_source"],
    }
    if "rss_floor_mib" in first:
        out["rss_floor_mib"] = first["rss_floor_mib"]
    return out


def inputs(args) -> tuple[list[dict], list[str]]:
    files, note = common.sample_files(Path(args.samples) if args.samples else None, ocr=args.ocr)
    notes = [note] if note else []
    items = common.bench_items(files, args.pages, args.seed, args.cache, notes)
    return items, notes


def main(argv: list[str] | None = None) -> int:
    ap = common.parser(__doc__)
    common.add_input_arguments(ap, "10,200")
    ap.add_argument("--no-pdftotext", action="store_true", help="skip the pdftotext reference")
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
    if args.child:
        child(args.child, args.repeat, args.ocr)
        return 0
    args.pages = [int(x) for x in args.pages.split(",") if x.strip()]

    started = time.perf_counter()
    items, notes = inputs(args)
    exe = (
        None
        if args.no_pdftotext
        else (
            shutil.which("pdftotext")
            or ("/usr/bin/pdftotext" if os.path.exists("/usr/bin/pdftotext") else None)
        )
    )
    if not exe and not args.no_pdftotext:
        notes.append("pdftotext not found: no reference column")
    rows = []
    for item in items:
        res = measure_ours(item["path"], args.repeat, args.ocr)
        row = {
            "input": item["name"],
            "kind": item["kind"],
            "format": item["format"],
            "path": common.rel(item["path"]),
            "bytes": item["path"].stat().st_size,
            **res,
        }
        if "error" not in res:
            row["pages_per_s"] = res["pages"] / res["median_s"]
            row["chars_per_s"] = res["chars"] / res["median_s"]
            if res["maxrss_mib"] is not None:
                row["load_delta_mib"] = res["maxrss_mib"] - res["baseline_hwm_mib"]
        if (
            exe
            and item["format"] == "pdf"
            and not item["path"].name.lower().endswith("_scanned.pdf")
        ):
            ref = measure_pdftotext(item["path"], args.repeat, exe)
            row["pdftotext"] = ref
            if "error" not in ref and "error" not in res:
                ref["pages_per_s"] = res["pages"] / ref["median_s"]
                row["ratio_vs_pdftotext"] = res["median_s"] / ref["median_s"]
        rows.append(row)
    total = time.perf_counter() - started

    result = {
        "benchmark": "ingest",
        "machine": common.machine(),
        "settings": {
            "repeat": args.repeat,
            "ocr": args.ocr,
            "generated_pages": args.pages,
            "seed": args.seed,
            "chars_per_equivalent_page": common.CHARS_PER_PAGE,
            "pdftotext": exe,
        },
        "notes": notes,
        "rows": rows,
        "total_s": total,
    }
    if args.json:
        print(common.dump_json(result))
        return 0 if all("error" not in r for r in rows) else 1
    print(render(result))
    return 0 if all("error" not in r for r in rows) else 1


def render(result: dict) -> str:
    s, m = result["settings"], result["machine"]
    lines = [
        f"clausecheck ingest benchmark - median of {s['repeat']} runs per input, "
        f"Python {m['python']}, {m['cpus']} CPUs"
    ]
    table_rows = []
    for r in result["rows"]:
        if "error" in r:
            table_rows.append(
                {"input": r["input"], "fmt": r["format"], "pages": "ERROR: " + r["error"][:60]}
            )
            continue
        ref = r.get("pdftotext") or {}
        table_rows.append(
            {
                "input": r["input"],
                "fmt": r["format"],
                "pages": common.fmt_pages(r["pages"], r["pages_estimated"]),
                "kchars": f"{r['chars'] / 1000:.0f}",
                "ms": common.num(r["median_s"] * 1000, 1),
                "first": common.num(r["first_s"] * 1000, 0),
                "pages/s": common.num(r["pages_per_s"], 0),
                "kchars/s": common.num(r["chars_per_s"] / 1000, 0),
                "tm_peak": common.num(r["tracemalloc_peak_mib"], 1),
                "rss": common.num(r["maxrss_mib"], 0),
                "+load": common.num(
                    max(0.0, r["load_delta_mib"]) if "load_delta_mib" in r else None, 1
                ),
                "p2t_ms": common.num(ref["median_s"] * 1000, 1) if "median_s" in ref else "-",
                "p2t_rss": common.num(ref["maxrss_mib"], 0) if "maxrss_mib" in ref else "-",
                "ratio": common.num(r["ratio_vs_pdftotext"], 2)
                if "ratio_vs_pdftotext" in r
                else "-",
            }
        )
    cols = [
        ("input", "input", "<"),
        ("fmt", "fmt", "<"),
        ("pages", "pages", ">"),
        ("kchars", "kchars", ">"),
        ("ms", "median ms", ">"),
        ("first", "1st ms", ">"),
        ("pages/s", "pages/s", ">"),
        ("kchars/s", "kchars/s", ">"),
        ("tm_peak", "tm peak MiB", ">"),
        ("rss", "maxrss MiB", ">"),
        ("+load", "+load MiB", ">"),
        ("p2t_ms", "pdftotext ms", ">"),
        ("p2t_rss", "p2t MiB", ">"),
        ("ratio", "ours/p2t", ">"),
    ]
    lines.append(common.table(table_rows, cols))
    lines.append(
        f"pages: PDF pages; ~ = equivalent pages of {s['chars_per_equivalent_page']} extracted "
        "characters for unpaged formats. tm peak = tracemalloc peak of one load; maxrss = "
        "ru_maxrss of the measuring child (imports included); +load = maxrss minus its peak after "
        "imports. pdftotext = whole process, plain mode; ours/p2t = time ratio (<1: ours faster)."
    )
    for note in result["notes"]:
        lines.append("note: " + note)
    lines.append(f"total {result['total_s']:.1f}s")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
