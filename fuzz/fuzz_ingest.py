"""Fuzz the ingestors: mutated sample contracts must give a Document or a ClauseCheckError.

Anything else escaping ``clausecheck.ingest.load_bytes`` (or ``structure.analyse`` on what it
returns), a Document whose offsets fall outside its text, or an input that runs past the
per-input time limit is a crash: its bytes and traceback are saved under ``fuzz/crashes/``.

    python fuzz/fuzz_ingest.py --minutes 10                 # every target, atheris if installed
    python fuzz/fuzz_ingest.py --target docx --minutes 10   # one target
    python fuzz/fuzz_ingest.py --engine random --runs 2000  # seeded mutation loop, no atheris
    python fuzz/fuzz_ingest.py --replay fuzz/crashes/docx-1a2b3c4d.docx

With atheris (``pip install atheris``) the run is coverage-guided by libFuzzer, with the
format-aware mutations of ``fuzz/mutate.py`` as its custom mutator; without it, a seeded loop
applies the same mutations, and every input is reproducible from (target, --seed, iteration).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

from mutate import mutate  # noqa: E402

TARGETS: dict[str, tuple[str, ...]] = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "html": (".html", ".htm"),
    "text": (".txt", ".md"),
}
SAMPLES = REPO / "sample_contracts"
CRASH_DIR = HERE / "crashes"
INPUT_TIMEOUT_S = 20.0
MAX_LEN = 4 * 2**20


class Hang(BaseException):
    """Raised by the alarm when one input runs past the time limit (a BaseException, so that
    library code catching Exception cannot swallow it)."""


class Crash(Exception):
    """An input made the ingestor fail in a way that is not a ClauseCheckError."""

    def __init__(self, kind: str, detail: str, where: str) -> None:
        super().__init__(f"{kind} at {where}: {detail}")
        self.kind = kind
        self.detail = detail
        self.where = where

    @property
    def key(self) -> str:
        return f"{self.kind}@{self.where}"


def fuzz_limits():
    """Tighter than the defaults so that one input stays cheap; raising is still exercised."""
    from clausecheck.limits import Limits

    return Limits(max_pages=300, max_chars=3_000_000, max_decompressed=64 * 2**20)


def seeds(target: str) -> list[bytes]:
    found = [
        p.read_bytes() for p in sorted(SAMPLES.iterdir()) if p.suffix.lower() in TARGETS[target]
    ]
    if not found:
        raise SystemExit(f"no {target} samples in {SAMPLES}")
    return found


def generate(target: str, master_seed: int, index: int, corpus: Sequence[bytes]) -> bytes:
    """The ``index``-th mutated input of a seeded run (the recipe of a crash)."""
    rng = random.Random(f"{master_seed}:{target}:{index}")
    return mutate(rng.choice(corpus), rng, corpus, target)[:MAX_LEN]


def check_document(doc) -> None:
    """Offsets in a Document must stay inside its text and in order."""
    n = len(doc.text)
    for kind, spans in (("block", doc.blocks), ("anchor", doc.anchors), ("page", doc.pages)):
        for s in spans:
            if not 0 <= s.start <= s.end <= n:
                raise AssertionError(f"{kind} {s.start}-{s.end} outside the text (length {n})")
    starts = [b.start for b in doc.blocks]
    if starts != sorted(starts):
        raise AssertionError("blocks out of order")


def _where(exc: BaseException) -> str:
    """The innermost clausecheck frame (or the innermost frame) of an exception."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "clausecheck" in f.filename and "fuzz" not in f.filename]
    f = (ours or frames or [None])[-1]
    if f is None:
        return "?"
    return f"{Path(f.filename).name}:{f.lineno}"


def _on_alarm(signum, frame):
    raise Hang()


def run_one(
    target: str, data: bytes, *, timeout: float = INPUT_TIMEOUT_S, analyse: bool = True
) -> str:
    """Ingest one input; return the outcome ("ok" or an error code), or raise Crash."""
    from clausecheck import errors, ingest, structure

    ext = TARGETS[target][0]
    old = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        # ocr=False: the target is clausecheck's own parsing; OCR would time tesseract on
        # mutated scans (OCR is tested on its own, tests/ingest/test_ocr.py)
        doc = ingest.load_bytes(data, Path(f"fuzz{ext}"), limits=fuzz_limits(), ocr=False)
        check_document(doc)
        if analyse:
            structure.analyse(doc)
        return "ok"
    except errors.ClauseCheckError as exc:
        if exc.exit_code == errors.EXIT_INTERNAL or not exc.cause or not exc.fix:
            raise Crash("BadError", str(exc), _where(exc)) from None
        return exc.code
    except Hang:
        raise Crash("Hang", f"over {timeout:.0f}s", "timeout") from None
    except Exception as exc:  # the point of the fuzzer: any other exception is a bug
        raise Crash(type(exc).__name__, str(exc)[:300], _where(exc)) from exc
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass
class Stats:
    target: str
    engine: str
    started: float = field(default_factory=time.monotonic)
    execs: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    crashes: dict[str, str] = field(default_factory=dict)  # key -> saved file (or recipe)

    def record(self, outcome: str) -> None:
        self.execs += 1
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1

    def summary(self) -> dict:
        minutes = (time.monotonic() - self.started) / 60
        return {
            "target": self.target,
            "engine": self.engine,
            "minutes": round(minutes, 2),
            "execs": self.execs,
            "execs_per_s": round(self.execs / max(minutes * 60, 1e-9), 1),
            "outcomes": dict(sorted(self.outcomes.items())),
            "crashes": self.crashes,
        }


def save_crash(target: str, data: bytes, crash: Crash, recipe: str) -> Path:
    CRASH_DIR.mkdir(exist_ok=True)
    digest = hashlib.sha1(crash.key.encode()).hexdigest()[:8]
    path = CRASH_DIR / f"{target}-{digest}{TARGETS[target][0]}"
    if not path.exists():
        path.write_bytes(data)
        cause = crash.__cause__
        tb = "".join(traceback.format_exception(cause)) if cause else str(crash)
        path.with_suffix(path.suffix + ".txt").write_text(
            f"{crash.key}\nrecipe: {recipe}\n\n{tb}", encoding="utf-8"
        )
    return path


def _handle(
    stats: Stats, data: bytes, recipe: str, *, save: bool = True, analyse: bool = True
) -> None:
    try:
        stats.record(run_one(stats.target, data, analyse=analyse))
    except Crash as crash:
        stats.record("CRASH")
        if crash.key not in stats.crashes:
            stats.crashes[crash.key] = (
                str(save_crash(stats.target, data, crash, recipe)) if save else recipe
            )
            print(f"[{stats.target}] new crash {crash} ({recipe})", file=sys.stderr, flush=True)


def random_loop(
    target: str,
    *,
    seconds: float | None,
    runs: int | None,
    seed: int,
    save: bool = True,
    analyse_every: int = 1,
) -> Stats:
    """The seeded mutation loop (no coverage feedback). ``save=False`` keeps crashes in memory;
    ``analyse_every=n`` runs the structure parser on every n-th input only (CI's short run)."""
    corpus = seeds(target)
    stats = Stats(target, "random")
    deadline = time.monotonic() + seconds if seconds else None
    i = 0
    while (runs is None or i < runs) and (deadline is None or time.monotonic() < deadline):
        _handle(
            stats,
            generate(target, seed, i, corpus),
            f"generate({target!r}, {seed}, {i})",
            save=save,
            analyse=i % analyse_every == 0,
        )
        i += 1
    return stats


def atheris_loop(target: str, *, seconds: float, seed: int, workdir: Path) -> None:
    """Coverage-guided run under libFuzzer; prints a JSON summary line every minute."""
    import atheris

    with atheris.instrument_imports(include=["clausecheck"]):
        import clausecheck.ingest  # noqa: F401
        import clausecheck.structure  # noqa: F401
    corpus = seeds(target)
    corpus_dir = workdir / target
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for blob in corpus:
        (corpus_dir / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
    stats = Stats(target, "atheris")
    last = [time.monotonic()]

    def one_input(data: bytes) -> None:
        _handle(stats, data, "atheris input (bytes saved beside this file)")
        if time.monotonic() - last[0] > 60:
            last[0] = time.monotonic()
            print(json.dumps(stats.summary()), file=sys.stderr, flush=True)

    def custom_mutator(data: bytes, max_size: int, mut_seed: int) -> bytes:
        rng = random.Random(mut_seed)
        if rng.random() < 0.3:
            return atheris.Mutate(data, max_size)
        return mutate(data, rng, corpus, target)[:max_size]

    atheris.Setup(
        [
            sys.argv[0],
            f"-max_total_time={int(seconds)}",
            f"-seed={seed + 1}",
            f"-timeout={int(INPUT_TIMEOUT_S) + 10}",
            "-rss_limit_mb=3072",
            f"-max_len={MAX_LEN}",
            "-print_final_stats=1",
            str(corpus_dir),
        ],
        one_input,
        custom_mutator=custom_mutator,
    )
    try:
        atheris.Fuzz()
    finally:
        print(json.dumps(stats.summary()), file=sys.stderr, flush=True)


def replay(path: Path) -> int:
    target = next((t for t, exts in TARGETS.items() if path.suffix.lower() in exts), "text")
    try:
        print(run_one(target, path.read_bytes()))
        return 0
    except Crash as crash:
        traceback.print_exception(crash.__cause__ or crash)
        return 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--target", choices=[*TARGETS, "all"], default="all")
    ap.add_argument("--minutes", type=float, default=None, help="Time per target.")
    ap.add_argument("--runs", type=int, default=None, help="Inputs per target (random engine).")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    ap.add_argument("--workdir", type=Path, default=HERE / "work", help="libFuzzer corpus folder.")
    ap.add_argument("--replay", type=Path, default=None, help="Run one saved input and exit.")
    args = ap.parse_args(argv)
    if args.replay:
        return replay(args.replay)
    if args.minutes is None and args.runs is None:
        args.minutes = 1.0
    targets = list(TARGETS) if args.target == "all" else [args.target]
    engine = args.engine
    if engine == "auto":
        try:
            import atheris  # noqa: F401

            engine = "atheris" if args.minutes else "random"
        except ImportError:
            engine = "random"
    if engine == "atheris":
        if len(targets) > 1:
            # libFuzzer owns the process and exits at the end: one child process per target.
            import subprocess

            for t in targets:
                subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--target",
                        t,
                        "--engine",
                        "atheris",
                        "--minutes",
                        str(args.minutes),
                        "--seed",
                        str(args.seed),
                        "--workdir",
                        str(args.workdir),
                    ],
                    check=False,
                )
            return 0
        atheris_loop(targets[0], seconds=args.minutes * 60, seed=args.seed, workdir=args.workdir)
        return 0
    failed = False
    for t in targets:
        stats = random_loop(
            t, seconds=args.minutes * 60 if args.minutes else None, runs=args.runs, seed=args.seed
        )
        print(json.dumps(stats.summary()), flush=True)
        failed |= bool(stats.crashes)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
