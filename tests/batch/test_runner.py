"""The local runner keeps going when workers hang in native code, crash or meet their caps.

The task function (tests/batch/hooks.py) misbehaves on purpose, picked by file name, so each
failure is deterministic: ``hang`` blocks SIGALRM (only the runner's kill can stop it),
``crash`` kills its own worker, ``limits`` reports the worker's memory cap.
"""

from __future__ import annotations

import time

from clausecheck.batch.runner import LocalRunner
from clausecheck.batch.task import Settings, Task
from clausecheck.limits import Limits
from tests.batch import hooks


def test_hangs_and_crashes_are_recorded_and_every_other_document_completes():
    names = ["ok1.txt", "hang.txt", "ok2.txt", "crash.txt", "ok3.txt", "limits.txt", "ok4.txt"]
    tasks = [Task(i, f"/virtual/{name}") for i, name in enumerate(names)]
    settings = Settings(limits=Limits(timeout=0.5), kill_grace=0.5, max_memory_mb=900)
    t0 = time.monotonic()
    outcomes = {
        o["path"].rsplit("/", 1)[1]: o
        for o in LocalRunner(settings, workers=2, fn=hooks.misbehave).results(tasks)
    }
    assert time.monotonic() - t0 < 120
    assert sorted(outcomes) == sorted(names)  # exactly one outcome each
    assert (outcomes["hang.txt"]["code"], outcomes["hang.txt"]["exit_code"]) == ("E210", 9)
    assert "0.5 s time limit" in outcomes["hang.txt"]["message"]
    assert (outcomes["crash.txt"]["code"], outcomes["crash.txt"]["exit_code"]) == ("E220", 6)
    assert all(outcomes[n]["status"] == "ok" for n in names if n.startswith("ok"))
    assert outcomes["limits.txt"]["rlimit_as"] == 900 * 2**20
    assert outcomes["limits.txt"]["threads_env"] == "1"
