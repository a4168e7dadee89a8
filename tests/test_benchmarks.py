"""The benchmark summary (benchmarks/run_all.py) judges the budgets from the scripts' JSON.

Only the summarising logic is tested here, on hand-made results: speed itself is never timed in
tests (run ``python benchmarks/run_all.py``)."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"


@pytest.fixture(scope="module")
def run_all():
    sys.path.insert(0, str(BENCH))
    try:
        spec = importlib.util.spec_from_file_location("run_all_under_test", BENCH / "run_all.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        yield module
    finally:
        sys.path.remove(str(BENCH))


def _results(cold_small: float, warm_200: float, worker_mib: float) -> dict:
    return {
        "ingest": {
            "rows": [
                {
                    "input": "generated 200p",
                    "kind": "generated",
                    "format": "pdf",
                    "pages": 200,
                    "median_s": 0.25,
                    "pages_per_s": 800.0,
                    "ratio_vs_pdftotext": 2.0,
                    "pdftotext": {"median_s": 0.125, "pages_per_s": 1600.0},
                },
                {
                    "input": "a.docx",
                    "kind": "sample",
                    "format": "docx",
                    "pages": 10.0,
                    "median_s": 0.02,
                },
                {"input": "broken.pdf", "kind": "sample", "format": "pdf", "error": "E103"},
            ]
        },
        "analyse": {
            "settings": {"generated_pages": [200]},
            "rows": [
                {
                    "input": "generated 200p (seed 1)",
                    "kind": "generated",
                    "clauses": 3000,
                    "clauses_per_s": 1500.0,
                    "pages_per_s": 100.0,
                    "median_s": 2.0,
                },
                {"input": "a.docx", "kind": "sample", "clauses": 100, "median_s": 0.1},
            ],
        },
        "endtoend": {
            "cold": [
                {
                    "name": "a.txt (smallest sample)",
                    "input": "sample_contracts/a.txt",
                    "median_s": cold_small,
                    "maxrss_mib": 150.0,
                },
                {
                    "name": "generated 200p (seed 1)",
                    "input": "x.pdf",
                    "median_s": cold_small + warm_200,
                    "maxrss_mib": 170.0,
                },
            ],
            "warm": {"rows": [{"input": "generated 200p (seed 1)", "median_s": warm_200}]},
        },
        "batch": {
            "settings": {"workers": 2},
            "portfolio": {
                "documents": 10,
                "docs_per_hour": 20000.0,
                "pages_per_s": 200.0,
                "worker_peak_rss_mib": [worker_mib, 90.0],
            },
            "pdf": {"ratio": 14.0},
        },
    }


def _verdicts(rows: list[dict]) -> dict[str, str]:
    return {r["measure"]: r["verdict"] for r in rows if r["verdict"] in ("met", "MISSED")}


def test_budgets_met(run_all):
    rows = run_all.summarise(_results(0.7, 2.0, 140.0))
    verdicts = _verdicts(rows)
    assert sorted(verdicts.values()) == ["met"] * 4  # the fresh-process 200p row too
    values = {r["measure"]: r["value"] for r in rows}
    assert values["ingest pdf: pages/s"] == "800"  # the failed PDF row is left out
    assert values["ingest docx: equivalent pages/s"] == "500"
    assert values["analysis, 1 sample contracts: clauses/s"] == "1,000"
    assert values["batch worker peak RSS"] == "140 MiB"


@pytest.mark.parametrize(
    "cold, warm, worker, missed",
    [
        (2.4, 2.0, 140.0, "cold start: clausecheck scan a.txt"),
        (0.7, 3.5, 140.0, "200p PDF end to end, engine built (1 core)"),
        (0.7, 2.0, 600.0, "batch worker peak RSS"),
    ],
)
def test_each_budget_can_be_missed(run_all, cold, warm, worker, missed):
    verdicts = _verdicts(run_all.summarise(_results(cold, warm, worker)))
    assert [m for m, v in verdicts.items() if v == "MISSED"] == [missed]


def test_missing_steps_leave_their_rows_out(run_all):
    rows = run_all.summarise({"batch": _results(1.0, 1.0, 100.0)["batch"]})
    assert [r["measure"] for r in rows][0].startswith("batch, 10 docs")
    assert all(not r["measure"].startswith(("ingest", "analysis", "cold")) for r in rows)


def _physical(batch: float, long: float, cold: float, worker: float) -> dict:
    return {
        "physical": {
            "batch": {
                "documents": 115,
                "pages": 1400,
                "workers": 2,
                "ratio": batch,
                "clausecheck_pages_per_s": 400.0,
                "pdftotext_pages_per_s": 1200.0,
            },
            "long": {"pages": 210, "ratio": long},
            "cold": {"input": "sample_contracts/a.txt", "median_s": cold},
            "memory": {"worker_peak_rss_mib": [worker, 200.0]},
        }
    }


@pytest.mark.parametrize(
    "figures, missed",
    [
        ((2.9, 9.0, 0.75, 280.0), []),
        ((3.5, 9.0, 0.75, 280.0), ["batch vs pdftotext, 115 real PDFs (1,400 p), 2 workers"]),
        ((2.9, 12.0, 0.75, 280.0), ["210p PDF to JSON, fresh process vs pdftotext"]),
        ((2.9, 9.0, 0.95, 280.0), ["cold start: clausecheck scan sample_contracts/a.txt"]),
        ((2.9, 9.0, 0.75, 320.0), ["batch worker peak RSS (real-contract PDFs)"]),
    ],
)
def test_the_physical_limit_ratios_are_judged(run_all, figures, missed):
    verdicts = _verdicts(run_all.summarise(_physical(*figures)))
    assert len(verdicts) == 4
    assert [m for m, v in verdicts.items() if v == "MISSED"] == missed
