"""What the batch sends to a worker (Settings, Task) and what comes back (outcome dicts).

An outcome is a plain dict so that it crosses process and network boundaries unchanged:
``{"status": "ok", "path", "sha256", "report", "timings", "worker"}``, ``{"status":
"unchanged", "path", "sha256", "model_version"}``, ``{"status": "error", "path", "sha256", "code",
"exit_code", "message"}``, or ``{"status": "fatal", ...}`` when a worker cannot work at all.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck import errors
from clausecheck.limits import Limits

Outcome = dict[str, Any]
Fingerprint = tuple[str, str, "str | None"]  # (sha256, tool_version, model_version)


def _tree_digest(folder: str | None) -> str | None:
    """Names and contents of a data folder's YAML files: editing a user's provision re-analyses."""
    if not folder:
        return None
    h = hashlib.sha256()
    for path in sorted(Path(folder).glob("*.yaml")):
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes()[: 1 << 20])
        except OSError:
            h.update(b"unreadable")
    return h.hexdigest()


@dataclass(frozen=True)
class Settings:
    """Per-document options and limits, the same for every document of a run."""

    limits: Limits = field(default_factory=lambda: Limits(timeout=120.0))
    max_memory_mb: int | None = 1500  # address-space cap of each local worker process
    password: str | None = None
    ocr: bool | None = None  # None: OCR scanned pages when tesseract is installed
    kill_grace: float | None = (
        None  # extra seconds before a worker that ignores the timeout is killed
    )
    provisions_dir: str | None = None  # the same analysis options as ``scan``
    library_dir: str | None = None
    analysis: tuple[tuple[str, Any], ...] = ()  # relationship, company, contract_type, high_risk

    @property
    def options_tag(self) -> str | None:
        """A short digest of the analysis options, part of each document's version, so that a
        re-run with other options analyses again instead of skipping."""
        if not (self.provisions_dir or self.library_dir or self.analysis):
            return None
        key = repr(
            (_tree_digest(self.provisions_dir), _tree_digest(self.library_dir), self.analysis)
        )
        return "options:" + hashlib.sha256(key.encode()).hexdigest()[:12]

    def version(self, model_version: str | None) -> str | None:
        """The engine's model version, tagged with the analysis options when there are any."""
        tag = self.options_tag
        return model_version if tag is None else f"{model_version or ''} {tag}".strip()

    @property
    def timeout(self) -> float | None:
        return self.limits.timeout or None

    @property
    def hard_timeout(self) -> float | None:
        """When the runner kills a worker whose document ignored the in-process timeout."""
        if self.timeout is None:
            return None
        grace = self.kill_grace if self.kill_grace is not None else max(5.0, self.timeout * 0.25)
        return self.timeout + grace


@dataclass(frozen=True)
class Task:
    """One document to analyse. ``known``: what the store already holds for this path."""

    id: int
    path: str
    known: Fingerprint | None = None
    data: bytes | None = None  # content already read by the parent (process-local filesystems)
    read_error: Outcome | None = None  # the parent could not read it: report this as the outcome


def error_outcome(path: str, exc: errors.ClauseCheckError, sha256: str | None = None) -> Outcome:
    exc.path = path  # name the document as the batch knows it (its URL or absolute path)
    return {
        "status": "error",
        "path": path,
        "sha256": sha256,
        "code": exc.code,
        "exit_code": exc.exit_code,
        "message": exc.message,
    }


def internal_outcome(path: str, exc: BaseException, sha256: str | None = None) -> Outcome:
    """A bug met while analysing one document: recorded like any other error, the batch goes on."""
    return error_outcome(path, errors.internal(exc), sha256)


def timeout_error(path: str, seconds: float) -> errors.ClauseCheckError:
    return errors.error("E210", path, seconds=seconds)


def crash_error(path: str) -> errors.ClauseCheckError:
    return errors.error("E220", path)


def fatal_outcome(exc: BaseException) -> Outcome:
    """A worker that cannot work at all (e.g. an invalid model file): the batch must stop."""
    if not isinstance(exc, errors.ClauseCheckError):
        exc = errors.error("E003", None, detail=f"{type(exc).__name__}: {exc}")
    return {
        "status": "fatal",
        "code": exc.code,
        "exit_code": exc.exit_code,
        "cause": exc.cause,
        "fix": exc.fix,
    }


def fatal_error(outcome: Outcome) -> errors.ClauseCheckError:
    """The error a worker reported when it could not start (e.g. an invalid model file)."""
    return errors.restore(outcome["code"], outcome["exit_code"], outcome["cause"], outcome["fix"])
