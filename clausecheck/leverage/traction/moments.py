"""The 13 moments of traction as data (``clausecheck/policy/moments.yaml``)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from clausecheck.data.provisions import MOMENTS
from clausecheck.data.yamlfile import read_mapping
from clausecheck.nlp import anchors

PHASES = ("pre-award", "signing", "conditions", "performance", "renewal", "exit", "survival")
HOOK_RANK = {"absent": 0, "possible": 1, "explicit": 2}


@dataclass(frozen=True)
class Moment:
    id: str
    label: str
    shift: bool
    phase: str
    lever: str
    mechanism: tuple[anchors.Pattern, ...]  # searched with anchors.WordStarts.search


@dataclass(frozen=True)
class MomentData:
    moments: dict[str, Moment]
    provision_levers: dict[str, str]
    substantive: tuple[str, ...]
    verification_moments: tuple[str, ...]


@functools.lru_cache(maxsize=1)
def load() -> MomentData:
    data = read_mapping(Path(__file__).resolve().parents[2] / "policy" / "moments.yaml")
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
        )
    if tuple(moments) != MOMENTS:
        raise ValueError("moments.yaml must list the 13 moments in the specification's order")
    return MomentData(
        moments,
        dict(data["provision_levers"]),
        tuple(data["substantive"]),
        tuple(data["verification_moments"]),
    )
