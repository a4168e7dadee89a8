"""Stop one document's analysis when its time is up, from inside the process doing it.

In a process's main thread (the local process pool) a real-time interval timer sends SIGALRM,
which also interrupts blocking system calls. Elsewhere (a Dask worker runs tasks in a thread)
a timer thread raises the exception asynchronously in the analysing thread.

Either way the exception arrives wherever the interpreter happens to be, and some places
swallow it: a garbage-collector callback, a ``__del__``, a callback from compiled code that
cannot propagate errors ("Exception ignored in ..."). So it is raised again every
``RETRY_S`` until the block has ended. Native code that never returns to the interpreter is
stopped by the local runner killing the worker (``Settings.hard_timeout``).
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from clausecheck.batch.task import timeout_error

RETRY_S = 0.1


class _Expired(BaseException):
    """Raised into the analysis; a BaseException so that ``except Exception`` cannot swallow it."""


@contextmanager
def time_limit(seconds: float | None, path: str) -> Iterator[None]:
    """Raise ``AnalysisTimeout`` for ``path`` if the block runs longer than ``seconds``."""
    if not seconds:
        yield
        return
    in_main = threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer")
    timer = _alarm if in_main else _thread_timer
    try:
        with timer(seconds):
            yield
    except _Expired:
        raise timeout_error(path, seconds) from None


def _settle(cleanup: Callable[[], None]) -> None:
    """Run ``cleanup`` to the end even if one last delivery interrupts it."""
    while True:
        try:
            cleanup()
            return
        except _Expired:
            continue


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    active = [True]

    def expire(signum, frame):
        if active[0]:
            raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, RETRY_S)

    def disarm() -> None:
        active[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    try:
        yield
    finally:
        _settle(disarm)


_set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
_set_async_exc.argtypes = (ctypes.c_ulong, ctypes.py_object)


@contextmanager
def _thread_timer(seconds: float) -> Iterator[None]:
    target = threading.get_ident()
    lock = threading.Lock()
    active = [True]
    stop = threading.Event()

    def expire() -> None:
        if stop.wait(seconds):
            return
        while True:
            with lock:
                if not active[0]:
                    return
                _set_async_exc(target, _Expired)
            if stop.wait(RETRY_S):
                return

    def disarm() -> None:
        with lock:
            active[0] = False
            _set_async_exc(target, ctypes.py_object())  # withdraw a delivery not yet raised
        stop.set()

    threading.Thread(target=expire, name="clausecheck-time-limit", daemon=True).start()
    try:
        yield
    finally:
        _settle(disarm)
