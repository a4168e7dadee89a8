"""The in-process time limit: SIGALRM in the main thread, an asynchronous exception elsewhere."""

from __future__ import annotations

import signal
import threading
import time

import pytest

from clausecheck import errors
from clausecheck.batch.deadline import time_limit


def busy(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(1000))
        except Exception:  # library code often does this: it must not swallow the timeout  # noqa: BLE001
            pass


def test_main_thread_limit_stops_a_busy_loop_with_a_coded_error():
    t0 = time.monotonic()
    with pytest.raises(errors.AnalysisTimeout) as info:
        with time_limit(0.2, "/c/slow.txt"):
            busy(30)
    assert time.monotonic() - t0 < 10
    assert info.value.exit_code == errors.EXIT_TIMEOUT == 9 and info.value.code == "E210"
    assert "/c/slow.txt" in str(info.value) and "0.2 s" in str(info.value)
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is signal.SIG_DFL


def test_limit_interrupts_a_blocking_sleep():
    with pytest.raises(errors.AnalysisTimeout):
        with time_limit(0.2, "x"):
            time.sleep(30)


def run(work, in_thread: bool) -> list[BaseException]:
    """Run ``work`` here or in a new thread; the exceptions it raised."""
    caught: list[BaseException] = []

    def guarded() -> None:
        try:
            work()
        except BaseException as exc:  # noqa: BLE001
            caught.append(exc)

    if in_thread:
        thread = threading.Thread(target=guarded)
        thread.start()
        thread.join(20)
        assert not thread.is_alive()
    else:
        guarded()
    return caught


def test_thread_limit_stops_a_busy_loop_in_a_worker_thread():
    def work() -> None:
        with time_limit(0.2, "/c/slow.txt"):
            busy(30)

    (caught,) = run(work, in_thread=True)
    assert isinstance(caught, errors.AnalysisTimeout)


@pytest.mark.parametrize("in_thread", [False, True])
def test_work_that_finishes_in_time_is_not_interrupted_later(in_thread):
    results: list[object] = []

    def work() -> None:
        with time_limit(0.3, "x"):
            results.append(sum(range(1000)))
        busy(0.6)  # past the limit: nothing may arrive now
        results.append("after")

    assert run(work, in_thread) == []
    assert results == [499500, "after"]


@pytest.mark.parametrize("in_thread", [False, True])
def test_a_swallowed_delivery_is_repeated_until_the_block_ends(in_thread):
    """Like a gc callback or a __del__ that eats the first exception ("Exception ignored")."""

    def work() -> None:
        swallowed = 0
        with time_limit(0.2, "x"):
            end = time.monotonic() + 30
            while time.monotonic() < end:
                try:
                    sum(range(1000))
                except BaseException:  # noqa: BLE001 - the place that swallows it
                    swallowed += 1
                    if swallowed > 1:
                        raise

    (caught,) = run(work, in_thread)
    assert isinstance(caught, errors.AnalysisTimeout)


def test_no_limit_means_no_timer():
    with time_limit(None, "x"):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
