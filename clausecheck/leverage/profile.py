"""Policy profiles (playbooks): which provisions a company requires, and the minimum status of each.

A profile is data: ``clausecheck/profiles/<id>.yaml`` (shipped) or any YAML file. ``requires``
maps provision ids to ``present`` or ``weak`` (or to ``{minimum, basis}`` to cite a legal basis).
"""

from __future__ import annotations

from pathlib import Path

from clausecheck.data.provisions import RELATIONSHIPS, SPEC_ORDER
from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import DataFileError
from clausecheck.types import Finding, ProfileResult, Status

_DIR = Path(__file__).resolve().parents[1] / "profiles"


def shipped() -> list[str]:
    return sorted(p.stem for p in _DIR.glob("*.yaml"))


def default_for(relationship: str) -> str:
    return f"{relationship}-baseline"


def _fail(path: Path, problem: str) -> DataFileError:
    return DataFileError(
        path, problem, "fix the profile file (see clausecheck/profiles/ for examples)"
    )


def load(name_or_path: str | Path) -> dict:
    """A shipped profile by id, or a YAML file by path."""
    path = Path(name_or_path)
    if not path.suffix and not path.exists():
        path = _DIR / f"{name_or_path}.yaml"
        if not path.is_file():
            raise DataFileError(
                Path(str(name_or_path)),
                "no such profile",
                f"use one of {', '.join(shipped())} or a YAML file path",
            )
    data = read_mapping(path)  # safe loader: no tags, no aliases, no duplicate keys
    if (
        not isinstance(data, dict)
        or not isinstance(data.get("requires"), dict)
        or not data.get("id")
    ):
        raise _fail(path, "needs an id and a 'requires' mapping of provision ids to present | weak")
    if data.get("relationship") not in (None, *RELATIONSHIPS):
        raise _fail(path, f"relationship must be one of {RELATIONSHIPS} or null")
    reqs = {}
    for pid, spec in data["requires"].items():
        spec = spec if isinstance(spec, dict) else {"minimum": spec}
        if pid not in SPEC_ORDER:
            raise _fail(path, f"unknown provision '{pid}'")
        if spec.get("minimum") not in ("present", "weak"):
            raise _fail(path, f"'{pid}': minimum must be present or weak")
        reqs[pid] = (spec["minimum"], str(spec.get("basis") or ""))
    return {
        "id": str(data["id"]),
        "title": str(data.get("title") or data["id"]),
        "relationship": data.get("relationship"),
        "requires": reqs,
        "path": str(path),
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
