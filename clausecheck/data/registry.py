"""The registry: which provisions exist and in what order, built from the loaded provision files.

Everything that names provisions - profiles, the clause library, portfolio tables, training,
reports - asks the registry rather than a list in code, so a provision added with
``--provisions DIR`` is known everywhere: a profile can require it and the library can hold
clauses for it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.data.provisions import CueGroup, Provision, load_all


@dataclass(frozen=True)
class Registry:
    common: dict[str, CueGroup]
    provisions: tuple[Provision, ...]  # in the order the data declares
    _by_id: dict[str, Provision] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {p.id: p for p in self.provisions})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._by_id)

    def __contains__(self, pid: object) -> bool:
        return pid in self._by_id

    def __iter__(self) -> Iterator[Provision]:
        return iter(self.provisions)

    def __len__(self) -> int:
        return len(self.provisions)

    def get(self, pid: str) -> Provision | None:
        return self._by_id.get(pid)

    def __getitem__(self, pid: str) -> Provision:
        return self._by_id[pid]

    def position(self, pid: str) -> int:
        """Where ``pid`` sorts in reports; unknown ids after every known one."""
        try:
            return self.ids.index(pid)
        except ValueError:
            return len(self.ids)


def load(extra_dir: str | Path | None = None) -> Registry:
    """The built-in provisions extended (or overridden) by a user's directory."""
    common, provisions = load_all(extra_dir)
    return Registry(common, tuple(provisions))


@functools.lru_cache(maxsize=1)
def builtin() -> Registry:
    """The shipped provisions (cached: read once per process)."""
    return load(None)
