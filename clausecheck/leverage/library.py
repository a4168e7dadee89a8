"""The clause library: model clauses as data (clause_library/<id>.yaml), validated on load,
with their variables filled from a contract's own defined names.

Users add or override entries with their own directory (``--library DIR``); their entries
take precedence by id.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.data.provisions import RELATIONSHIPS, SPEC_ORDER, check_shift_and_moments
from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import DataFileError

KINDS = ("clause", "schedule", "definition")
TIERS = ("baseline", "strong", "extend")
RATIONALE_KEYS = (
    "signal_importance",
    "audit_as_engagement",
    "leverage_for_later",
    "focus_attention",
    "reduce_barriers",
    "unified_voice",
    "depersonalise",
    "foothold",
    "shared_responsibility",
    "more_touchpoints",
    "follow_up_after_signing",
    "contain_pressure",
)
_REQUIRED = (
    "id",
    "kind",
    "provision",
    "relationship_types",
    "tier",
    "use_when",
    "title",
    "variables",
    "text",
    "drafting_notes",
    "rationale",
    "shift",
    "moments",
    "ladder",
    "frameworks",
    "self_check",
    "provenance",
    "licence",
    "version",
    "last_reviewed",
)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Entry:
    id: str
    kind: str
    provision: str
    relationship_types: tuple[str, ...]
    tier: str
    use_when_status: tuple[str, ...]
    fixes: tuple[str, ...]
    title: str
    variables: dict[str, str]  # name -> default
    text: str
    definitions: dict[str, str]
    drafting_notes: tuple[str, ...]
    rationale_key: str
    rationale: str
    shift_category: str
    shift_purpose: str
    moments_created: tuple[str, ...]
    moments_used: tuple[str, ...]
    depends_on: tuple[str, ...]
    precedes: tuple[str, ...]
    frameworks: tuple[dict[str, str], ...]
    self_check_status: str
    self_check_signals: tuple[str, ...]
    source: str
    extra: dict[str, Any] = field(default_factory=dict)

    def fill(self, values: dict[str, str] | None = None) -> tuple[str, dict[str, str]]:
        """The clause text and its definitions with variables filled (defaults for the rest)."""
        merged = {
            **self.variables,
            **{k: v for k, v in (values or {}).items() if k in self.variables and v},
        }
        fmt = _SafeFormatter()
        text = fmt.format(self.text, **merged).strip()
        defs = {
            fmt.format(k, **merged): fmt.format(v, **merged) for k, v in self.definitions.items()
        }
        return text, defs


class _SafeFormatter(string.Formatter):
    """Only plain {name} placeholders: no attribute access or indexing from data files."""

    def get_field(self, field_name, args, kwargs):
        if not _ID.match(field_name):
            raise KeyError(field_name)
        return kwargs[field_name], field_name


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _fail(path: Path, field_name: str, problem: str) -> DataFileError:
    return DataFileError(
        path,
        f"field '{field_name}': {problem}",
        "fix the clause-library file, then run 'clausecheck library validate'",
    )


def load_entry(path: Path) -> Entry:
    data = read_mapping(path)
    for key in _REQUIRED:
        if key not in data:
            raise _fail(path, key, "is required")
    eid = data["id"]
    if not isinstance(eid, str) or not _ID.match(eid) or eid != path.stem:
        raise _fail(path, "id", "must be snake_case and equal the file name")
    if data["kind"] not in KINDS:
        raise _fail(path, "kind", f"must be one of {KINDS}")
    if data["provision"] not in SPEC_ORDER:
        raise _fail(path, "provision", f"unknown provision '{data['provision']}'")
    rels = tuple(data["relationship_types"] or ())
    if not rels or any(r not in RELATIONSHIPS for r in rels):
        raise _fail(path, "relationship_types", f"a non-empty subset of {RELATIONSHIPS}")
    if data["tier"] not in TIERS:
        raise _fail(path, "tier", f"must be one of {TIERS}")
    use_when = data["use_when"] or {}
    statuses = tuple(use_when.get("status") or ())
    if not statuses or any(s not in ("missing", "weak") for s in statuses):
        raise _fail(path, "use_when.status", "a list of missing and/or weak")
    variables = {}
    for name, spec in (data["variables"] or {}).items():
        if not _ID.match(str(name)) or not isinstance(spec, dict) or "default" not in spec:
            raise _fail(
                path, f"variables.{name}", "each variable needs a snake_case name and a default"
            )
        variables[str(name)] = str(spec["default"])
    text = str(data["text"] or "")
    definitions = {str(k): str(v) for k, v in (data.get("definitions") or {}).items()}
    used = placeholders(text) | {
        p for k, v in definitions.items() for p in placeholders(k) | placeholders(v)
    }
    undeclared = sorted(used - set(variables))
    if undeclared:
        raise _fail(
            path, "variables", f"placeholders without a declared default: {', '.join(undeclared)}"
        )
    rationale = data["rationale"] or {}
    if rationale.get("key") not in RATIONALE_KEYS:
        raise _fail(path, "rationale.key", f"must be one of {RATIONALE_KEYS}")
    shift, moments = check_shift_and_moments(data, lambda f, problem: _fail(path, f, problem))
    ladder = data["ladder"] or {}
    frameworks = tuple(data["frameworks"] or ())
    for i, fw in enumerate(frameworks):
        if not isinstance(fw, dict) or not {"framework", "ref", "version"} <= set(fw):
            raise _fail(
                path,
                f"frameworks[{i}]",
                "needs framework, ref and version (cite by name and article only)",
            )
    check = data["self_check"] or {}
    if check.get("status") not in ("present", "weak"):
        raise _fail(path, "self_check.status", "must be present or weak")
    if data["provenance"] != "original drafting":
        raise _fail(path, "provenance", "must be 'original drafting'")
    return Entry(
        id=eid,
        kind=data["kind"],
        provision=data["provision"],
        relationship_types=rels,
        tier=data["tier"],
        use_when_status=statuses,
        fixes=tuple(use_when.get("fixes") or ()),
        title=str(data["title"]),
        variables=variables,
        text=text,
        definitions=definitions,
        drafting_notes=tuple(str(n) for n in data["drafting_notes"] or ()),
        rationale_key=rationale["key"],
        rationale=str(rationale.get("text") or ""),
        shift_category=shift["category"],
        shift_purpose=shift["purpose"],
        moments_created=tuple(moments.get("creates") or ()),
        moments_used=tuple(moments.get("uses") or ()),
        depends_on=tuple(ladder.get("depends_on") or ()),
        precedes=tuple(ladder.get("precedes") or ()),
        frameworks=tuple({k: str(v) for k, v in fw.items()} for fw in frameworks),
        self_check_status=check["status"],
        self_check_signals=tuple(check.get("signals") or ()),
        source=str(path),
    )


def builtin_dir() -> Path:
    from clausecheck.data.resources import data_dir

    return data_dir("clause_library")


def load_library(extra_dir: str | Path | None = None) -> dict[str, Entry]:
    """All entries by id: built-in ones, then the user's directory (which takes precedence)."""
    entries: dict[str, Entry] = {}
    for path in sorted(builtin_dir().glob("*.yaml")):
        entry = load_entry(path)
        entries[entry.id] = entry
    if extra_dir is not None:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise DataFileError(
                extra, "the library directory does not exist", "check --library DIR"
            )
        for path in sorted(extra.glob("*.yaml")):
            entry = load_entry(path)
            entries[entry.id] = entry
    for entry in entries.values():
        for ref in (*entry.depends_on, *entry.precedes):
            if ref not in entries:
                raise _fail(Path(entry.source), "ladder", f"refers to unknown entry '{ref}'")
    return entries


def p1_pairs(provisions) -> list[tuple[str, str]]:
    """(provision, relationship) pairs rated P1 in the specification, conditional P1 included."""
    out = []
    for p in provisions:
        for rel in RELATIONSHIPS:
            if p.priority.get(rel) == "P1" or (
                rel in p.priority_notes and re.search(rf"\b{rel}\s+P1\b", p.priority_notes)
            ):
                out.append((p.id, rel))
    return out


def coverage_gaps(entries: dict[str, Entry], provisions) -> list[str]:
    """What the coverage rules of the specification (section 5.2) still lack."""
    gaps = []
    covered = {e.provision for e in entries.values()}
    gaps += [f"{pid}: no entry" for pid in SPEC_ORDER if pid not in covered]
    for pid, rel in p1_pairs(provisions):
        tiers = {
            e.tier
            for e in entries.values()
            if e.provision == pid and rel in e.relationship_types and e.kind == "clause"
        }
        for tier in ("baseline", "strong"):
            if tier not in tiers:
                gaps.append(f"{pid} / {rel}: P1 but no {tier} entry")
    return gaps
