"""What a batch run did: counts by outcome, errors by code, wall time and rate."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from clausecheck.batch.task import Outcome


@dataclass
class Summary:
    total: int = 0
    analysed: int = 0
    unchanged: int = 0
    pages: int = 0
    errors: Counter = field(default_factory=Counter)  # code -> count
    model_version: str | None = None
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    @property
    def failed(self) -> int:
        return sum(self.errors.values())

    @property
    def done(self) -> int:
        return self.analysed + self.unchanged + self.failed

    @property
    def wall_s(self) -> float:
        return (self.finished or time.perf_counter()) - self.started

    def stop(self) -> None:
        self.finished = time.perf_counter()

    def add(self, outcome: Outcome) -> None:
        status = outcome.get("status")
        if status == "ok":
            self.analysed += 1
            report = outcome.get("report") or {}
            self.pages += int((report.get("document") or {}).get("pages") or 0)
            self.model_version = self.model_version or (report.get("tool") or {}).get("model")
        elif status == "unchanged":
            self.unchanged += 1
            self.model_version = self.model_version or outcome.get("model_version")
        else:
            self.errors[outcome.get("code") or "E000"] += 1

    def render_interrupted(self, db: object, resume: str, signal_name: str) -> str:
        """What was saved when a run was stopped, and how to go on."""
        left = self.total - self.done
        return "\n".join(
            [
                f"interrupted by {signal_name}: {self.done} of {self.total} documents saved in "
                f"{db} ({self.analysed} analysed, {self.unchanged} unchanged, {self.failed} "
                f"errors); {left} not done",
                "documents in progress were dropped, never half-saved; resume with:",
                f"  {resume}",
            ]
        )

    def render(self) -> str:
        wall = self.wall_s
        rate = self.analysed / wall if wall > 0 else 0.0
        lines = [
            f"{self.done} of {self.total} documents: {self.analysed} analysed, "
            f"{self.unchanged} skipped as unchanged, {self.failed} errors",
            f"wall time {wall:.1f} s, {rate:.2f} documents/s analysed ({self.pages} pages)",
        ]
        if self.errors:
            counts = sorted(self.errors.items())
            lines.append("errors by code: " + ", ".join(f"{code} x{n}" for code, n in counts))
        return "\n".join(lines)
