"""Policy profiles (playbooks): which provisions a company requires, and the minimum status of each.

A profile is data: ``clausecheck/profiles/<id>.yaml`` (shipped) or any YAML file. ``requires``
maps provision ids to ``present`` or ``weak`` (or to ``{minimum, basis}`` to cite a legal basis).
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from clausecheck.data.provisions import RELATIONSHIPS
from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import error
from clausecheck.types import Finding, ProfileResult, Status

_DIR = Path(__file__).resolve().parents[1] / "profiles"
KEYS = ("id", "title", "relationship", "description", "legal_basis", "requires")


def shipped() -> list[str]:
    return sorted(p.stem for p in _DIR.glob("*.yaml"))


def default_for(relationship: str) -> str:
    return f"{relationship}-baseline"


def load(name_or_path: str | Path, known: Collection[str] | None = None) -> dict:
    """A shipped profile by id, or a YAML file by path. ``known``: the provision ids it may
    require (the engine's registry, a user's provisions included; default: the built-in ones)."""
    if known is None:
        from clausecheck.data import registry

        known = registry.builtin().ids
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _DIR / f"{name_or_path}.yaml"
        if not path.is_file():
            raise error("E351", Path(str(name_or_path)), profiles=", ".join(shipped()))
    data = read_mapping(path)  # safe loader: no tags, no aliases, no duplicate keys
    problems = [  # every problem of the file, reported together
        f"unknown key '{k}' (allowed: {', '.join(KEYS)})" for k in data if k not in KEYS
    ]
    requires = data.get("requires")
    if not isinstance(requires, dict) or not data.get("id"):
        problems.append("needs an id and a 'requires' mapping of provision ids to present | weak")
    if data.get("relationship") not in (None, *RELATIONSHIPS):
        problems.append(f"relationship must be one of {RELATIONSHIPS} or null")
    reqs = {}
    for pid, spec in requires.items() if isinstance(requires, dict) else ():
        spec = spec if isinstance(spec, dict) else {"minimum": spec}
        problems += [
            f"'{pid}': unknown key '{k}' (allowed: minimum, basis)"
            for k in spec
            if k not in ("minimum", "basis")
        ]
        if pid not in known:
            problems.append(f"unknown provision '{pid}' (see 'clausecheck provisions list')")
            continue
        if spec.get("minimum") not in ("present", "weak"):
            problems.append(f"'{pid}': minimum must be present or weak")
            continue
        reqs[pid] = (spec["minimum"], str(spec.get("basis") or ""))
    if problems:
        raise error("E350", path, problems="; ".join(problems))
    return {
        "id": str(data["id"]),
        "title": str(data.get("title") or data["id"]),
        "relationship": data.get("relationship"),
        "description": " ".join(str(data.get("description") or "").split()),
        "requires": reqs,
        "path": str(path),
        "shipped": path.resolve().parent == _DIR,
    }


def evaluate(
    profile: dict, findings: tuple[Finding, ...], fail_on: str | None = None
) -> ProfileResult:
    status = {f.provision: f.status for f in findings}
    reqs = []
    for pid, (minimum, basis) in profile["requires"].items():
        st = status.get(pid, Status.MISSING)
        reqs.append((pid, minimum, st.value, st.rank >= Status(minimum).rank, basis))
    return ProfileResult(
        profile["id"], profile["title"], profile["relationship"], fail_on, tuple(reqs)
    )
