"""A small portfolio store of real scans (original synthetic contracts) for the review tests."""

from __future__ import annotations

import pytest

from clausecheck.batch.store import Store
from tests.batch.helpers import write_variant


@pytest.fixture
def portfolio(engine, tmp_path):
    """(store path, {name: report dict}) with three scanned contracts."""
    folder = tmp_path / "contracts"
    folder.mkdir()
    db = tmp_path / "p.db"
    reports = {}
    with Store(db) as store:
        for n in range(3):
            path = write_variant(folder / f"msa_{n}.txt", n)
            data = engine.scan(path).to_dict()
            store.write_report(data)
            reports[path.name] = data
    return db, reports
