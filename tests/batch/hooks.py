"""Task functions that misbehave on purpose, for the runner's tests.

They run in worker processes, so they live in an importable module. Each picks its behaviour
from the file name: ``hang`` blocks SIGALRM and sleeps (like native code that never returns
to the interpreter, so only the runner's kill can stop it); ``crash`` kills its own process;
``limits`` reports the worker's address-space cap; anything else succeeds at once.
"""

from __future__ import annotations

import os
import resource
import signal
import time

from clausecheck.batch.task import Settings, Task


def misbehave(task: Task, settings: Settings) -> dict:
    name = os.path.basename(task.path)
    if "hang" in name:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(600)
    if "crash" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    out = {"status": "ok", "path": task.path, "pid": os.getpid()}
    if "limits" in name:
        out["rlimit_as"] = resource.getrlimit(resource.RLIMIT_AS)[0]
        out["threads_env"] = os.environ.get("OMP_NUM_THREADS")
    return out
