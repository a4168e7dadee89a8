"""Before/after equality of what the engine decides, for behaviour-preserving refactors.

    python tools/snapshot.py save DIR        # reports of the samples, the dev set and a pool slice
    python tools/snapshot.py check DIR       # the same now; exit 1 on any difference

A snapshot is each contract's JSON report (``report.to_dict``) less the volatile fields
(timings, tool and model versions). ``check`` compares every field the saved snapshot has, so
fields added later (a new schema version) do not count as differences, but a change in a
finding, its evidence, the traction map or the timeline does. Contract text is only ever
written under DIR, which should be outside the repository.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "real_contracts"
VOLATILE = {"timings", "tool", "generated", "model_version", "tool_version", "schema_version"}


def inputs(pool_slice: int = 120) -> list[Path]:
    samples = sorted(
        p
        for p in (ROOT / "sample_contracts").iterdir()
        if p.suffix in {".docx", ".pdf", ".txt", ".md", ".html"}
    )
    dev = sorted(p for p in (SHARED / "dev").iterdir() if p.suffix in {".txt", ".md", ".pdf"})
    pool = sorted((SHARED / "pool" / "contracts").iterdir())
    # every fourth pool contract: a spread across the alphabetical (company) order
    return samples + dev + pool[::4][:pool_slice]


def _strip(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {k: _strip(v) for k, v in obj.items() if k not in VOLATILE}
    if isinstance(obj, list):
        return [_strip(v) for v in obj]
    return obj


def _report(path: Path) -> dict[str, Any]:
    from clausecheck import scan
    from clausecheck.report import json_report

    try:
        return _strip(json_report.to_dict(scan(path)))
    except Exception as exc:  # a snapshot records failures as data, to compare them too
        return {"error": f"{type(exc).__name__}: {exc}"}


def _diff(before: Any, after: Any, where: str, out: list[str]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for k, v in before.items():
            if k not in after:
                out.append(f"{where}.{k}: gone")
            else:
                _diff(v, after[k], f"{where}.{k}", out)
    elif isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            out.append(f"{where}: {len(before)} items -> {len(after)}")
        for i, (b, a) in enumerate(zip(before, after)):
            _diff(b, a, f"{where}[{i}]", out)
    elif before != after:
        out.append(f"{where}: {str(before)[:80]!r} -> {str(after)[:80]!r}")


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"save", "check"}:
        print(__doc__)
        return 2
    mode, folder = argv[0], Path(argv[1])
    folder.mkdir(parents=True, exist_ok=True)
    changed = 0
    files = inputs()
    for path in files:
        name = (
            hashlib.sha256(str(path.relative_to(path.parents[1])).encode()).hexdigest()[:16]
            + ".json"
        )
        now = _report(path)
        if mode == "save":
            (folder / name).write_text(json.dumps(now, sort_keys=True))
            continue
        before = json.loads((folder / name).read_text())
        out: list[str] = []
        _diff(before, now, "", out)
        if out:
            changed += 1
            print(f"{path.name}: {len(out)} differences", *out[:8], sep="\n  ")
    print(f"{len(files)} contracts {'saved' if mode == 'save' else 'compared'}; {changed} differ")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
