"""Batch fixtures: a small portfolio on disk and one uninterrupted run over it (module scope)."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from clausecheck.cli.main import main
from tests.batch.helpers import write_variant
from tests.conftest import SAMPLES

SAMPLE_FILES = (
    "supplier_weak_harbor.pdf",
    "jv_reserved_matters_kestrel.docx",
    "distribution_enduse_argus.html",
    "services_outsourcing_lumen.md",
)
HOSTILE_NAME = "hostile \x1b[2J name.txt"  # an escape sequence in a file name


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory) -> dict:
    """A folder of generated contracts (one longer, one corrupt PDF, one hostile name) plus the
    rendered sample contracts named one by one, and the batch arguments that cover them."""
    root = tmp_path_factory.mktemp("portfolio")
    folder = root / "contracts"
    (folder / "region").mkdir(parents=True)
    for n in range(1, 3):
        write_variant(folder / f"variant_{n}.txt", n)
    write_variant(folder / "region" / HOSTILE_NAME, 7)
    (folder / "longer.txt").write_text(
        (SAMPLES / "supplier_weak_harbor.txt").read_text(encoding="utf-8") * 12, encoding="utf-8"
    )
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7 garbage")
    samples = root / "samples"
    samples.mkdir()
    for name in SAMPLE_FILES:
        shutil.copy(SAMPLES / name, samples / name)
    args = [str(folder), *(str(samples / n) for n in SAMPLE_FILES), "--workers", "2"]
    return {"root": root, "folder": folder, "samples": samples, "args": args, "count": 9}


@pytest.fixture(scope="module")
def full_run(portfolio) -> dict:
    """One uninterrupted batch over the portfolio: the reference for resume and Dask runs."""
    db = portfolio["root"] / "full.db"
    result = CliRunner().invoke(main, ["batch", *portfolio["args"], "--db", str(db)])
    return {"db": db, "result": result}


def run_batch(*args: str):
    return CliRunner().invoke(main, ["batch", *args])
