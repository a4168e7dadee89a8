"""The Dask runner on a scheduler address, with the time limit working inside a worker thread.

An in-process cluster (``processes=False``) runs tasks in threads of this process, so the test
reuses the session's Engine and exercises the thread form of the deadline (no SIGALRM there).
"""

from __future__ import annotations

import logging

from distributed import LocalCluster

from clausecheck.batch import worker
from clausecheck.batch.dask_runner import DaskRunner
from clausecheck.batch.task import Settings, Task
from clausecheck.limits import Limits
from tests.batch.helpers import write_variant
from tests.conftest import SAMPLES


def test_scheduler_address_run_records_timeouts_from_a_worker_thread(engine, monkeypatch, tmp_path):
    monkeypatch.setattr(worker, "_engine", engine)
    small = write_variant(tmp_path / "small.txt", 1)
    slow = tmp_path / "slow.txt"  # about 3 MB: several seconds of analysis against a 1 s limit
    slow.write_text(
        (SAMPLES / "supplier_weak_harbor.txt").read_text(encoding="utf-8") * 150, encoding="utf-8"
    )
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(b"%PDF-1.7 garbage")
    tasks = [Task(0, str(small)), Task(1, str(corrupt)), Task(2, str(slow))]
    with LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        runner = DaskRunner(Settings(limits=Limits(timeout=1.0)), address=cluster.scheduler_address)
        outcomes = {o["path"]: o for o in runner.results(tasks)}
    assert outcomes[str(small)]["status"] == "ok"
    assert outcomes[str(small)]["report"]["document"]["path"] == str(small)
    assert outcomes[str(corrupt)]["code"] == "E103"
    assert (outcomes[str(slow)]["code"], outcomes[str(slow)]["exit_code"]) == ("E210", 9)
