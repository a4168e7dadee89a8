"""The 13 moments of traction as data (``clausecheck/policy/moments.yaml``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from clausecheck.data.policy import moments_data
from clausecheck.nlp import anchors
from clausecheck.vocab import Hook, Phase

PHASES = Phase.values()
HOOK_RANK = {h.value: h.rank for h in Hook}


@dataclass(frozen=True)
class Moment:
    id: str
    label: str
    shift: bool
    phase: str
    lever: str
    mechanism: tuple[anchors.Pattern, ...]  # searched with anchors.WordStarts.search
    relationships: tuple[str, ...] = ()  # where the moment can arise; empty: every relationship

    def arises_in(self, relationship: str) -> bool:
        return not self.relationships or relationship in self.relationships


@dataclass(frozen=True)
class MomentData:
    moments: dict[str, Moment]
    provision_levers: dict[str, str]
    substantive: tuple[str, ...]
    verification_moments: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def load() -> MomentData:
    data = moments_data()
    moments = {}
    for mid, spec in data["moments"].items():
        if spec["phase"] not in PHASES:
            raise ValueError(f"moments.yaml: {mid}: unknown phase {spec['phase']}")
        moments[mid] = Moment(
            mid,
            spec["label"],
            bool(spec["shift"]),
            spec["phase"],
            spec["lever"],
            tuple(anchors.prepare(re.compile(rx, re.I)) for rx in spec.get("mechanism") or ()),
            tuple(spec.get("relationships") or ()),
        )
    return MomentData(
        moments,
        dict(data["provision_levers"]),
        tuple(data["substantive"]),
        tuple(data["verification_moments"]),
    )
