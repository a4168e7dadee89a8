"""The clause library: model clauses as data (clause_library/<id>.yaml), validated on load,
with their variables filled from a contract's own defined names.

Users add or override entries with their own directory (``--library DIR``); their entries
take precedence by id.
"""

from __future__ import annotations

import re
import string
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.data.provisions import RELATIONSHIPS, check_shift_and_moments
from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import ClauseCheckError, error

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

    def convert_field(self, value, conversion):
        return value  # {name!r} is refused at load; never repr() a value into a clause

    def format_field(self, value, format_spec):
        # {name:>1500000000} is refused at load; a spec here would pad without bound.
        return str(value)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def formatted_placeholders(text: str) -> list[str]:
    """Placeholders carrying a format spec or a conversion (``{name:>9}``, ``{name!r}``): a
    clause only ever needs a plain ``{name}``, and a spec can ask for a gigabyte of padding."""
    return [
        "{" + name + (f"!{conv}" if conv else "") + (f":{spec}" if spec else "") + "}"
        for _, name, spec, conv in string.Formatter().parse(text)
        if name is not None and (spec or conv)
    ]


def _invalid(path: Path, problems: list[tuple[str, str]]) -> ClauseCheckError:
    """E340 naming every (field, problem) found in one file."""
    return error(
        "E340", path, problems="; ".join(f"field '{name}': {text}" for name, text in problems)
    )


def _fail(path: Path, field_name: str, problem: str) -> ClauseCheckError:
    return _invalid(path, [(field_name, problem)])


def load_entry(path: Path, known: Collection[str] | None = None) -> Entry:
    """One entry; ``known``: the provision ids it may name (default: the built-in ones)."""
    if known is None:
        from clausecheck.data import registry

        known = registry.builtin().ids
    data = read_mapping(path)
    problems: list[tuple[str, str]] = []  # every problem of the file, reported together

    def fail(field_name: str, problem: str) -> None:
        problems.append((field_name, problem))

    for key in _REQUIRED:
        if key not in data:
            fail(key, "is required")
    if problems:  # the checks below read these fields
        raise _invalid(path, problems)
    eid = data["id"]
    if not isinstance(eid, str) or not _ID.match(eid) or eid != path.stem:
        fail("id", "must be snake_case and equal the file name")
    if data["kind"] not in KINDS:
        fail("kind", f"must be one of {KINDS}")
    if data["provision"] not in known:
        fail("provision", f"unknown provision '{data['provision']}'")
    rels = tuple(data["relationship_types"] or ())
    if not rels or any(r not in RELATIONSHIPS for r in rels):
        fail("relationship_types", f"a non-empty subset of {RELATIONSHIPS}")
    if data["tier"] not in TIERS:
        fail("tier", f"must be one of {TIERS}")
    use_when = data["use_when"] or {}
    statuses = tuple(use_when.get("status") or ())
    if not statuses or any(s not in ("missing", "weak") for s in statuses):
        fail("use_when.status", "a list of missing and/or weak")
    variables = {}
    for name, spec in (data["variables"] or {}).items():
        if not _ID.match(str(name)) or not isinstance(spec, dict) or "default" not in spec:
            fail(f"variables.{name}", "each variable needs a snake_case name and a default")
            continue
        variables[str(name)] = str(spec["default"])
    text = str(data["text"] or "")
    definitions = {str(k): str(v) for k, v in (data.get("definitions") or {}).items()}
    used = placeholders(text) | {
        p for k, v in definitions.items() for p in placeholders(k) | placeholders(v)
    }
    try:
        with_spec = [
            f
            for t in (text, *definitions, *definitions.values())
            for f in formatted_placeholders(t)
        ]
    except ValueError as exc:  # an unmatched brace
        with_spec = []
        fail("text", f"has a malformed placeholder ({exc})")
    if with_spec:
        shown = ", ".join(f[:40] for f in with_spec[:3])
        fail("text", f"placeholders must be plain {{name}}, with no format or conversion: {shown}")
    undeclared = sorted(used - set(variables))
    if undeclared:
        fail("variables", f"placeholders without a declared default: {', '.join(undeclared)}")
    rationale = data["rationale"] or {}
    if rationale.get("key") not in RATIONALE_KEYS:
        fail("rationale.key", f"must be one of {RATIONALE_KEYS}")
    shift, moments = check_shift_and_moments(data, fail)
    ladder = data["ladder"] or {}
    frameworks = tuple(data["frameworks"] or ())
    for i, fw in enumerate(frameworks):
        if not isinstance(fw, dict) or not {"framework", "ref", "version"} <= set(fw):
            fail(
                f"frameworks[{i}]",
                "needs framework, ref and version (cite by name and article only)",
            )
    check = data["self_check"] or {}
    if check.get("status") not in ("present", "weak"):
        fail("self_check.status", "must be present or weak")
    if data["provenance"] != "original drafting":
        fail("provenance", "must be 'original drafting'")
    if problems:
        raise _invalid(path, problems)
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


@dataclass(frozen=True)
class VariableSource:
    """Where a shared library variable gets its value from a contract (``_variables.yaml``)."""

    provisions: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    period: str | None = None


def _variable_sources(path: Path, known: Collection[str]) -> dict[str, VariableSource]:
    data = read_mapping(path)
    raw = data.get("variables")
    if not isinstance(raw, dict):
        raise _fail(path, "variables", "must map variable names to their source")
    out = {}
    for name, spec in raw.items():
        where = f"variables.{name}"
        if not _ID.match(str(name)) or not isinstance(spec, dict) or len(spec) != 1:
            raise _fail(path, where, "one of provisions: [...], terms: [...] or period: NAME")
        ((kind, value),) = spec.items()
        if kind == "provisions":
            unknown = [p for p in value or () if p not in known]
            if not value or unknown:
                raise _fail(path, where, f"unknown or no provisions {unknown}")
            out[str(name)] = VariableSource(provisions=tuple(value))
        elif kind == "terms" and value:
            out[str(name)] = VariableSource(terms=tuple(str(v) for v in value))
        elif kind == "period" and value in _PERIODS:
            out[str(name)] = VariableSource(period=str(value))
        else:
            raise _fail(path, where, f"provisions, terms or period ({', '.join(_PERIODS)})")
    return out


_PERIODS = ("cure_periods", "non_renewal_notice", "audit_notice")


def load_variables(
    extra_dir: str | Path | None = None, known: Collection[str] | None = None
) -> dict[str, VariableSource]:
    """The variable sources: the shipped ``_variables.yaml``, then the user's, which wins."""
    if known is None:
        from clausecheck.data import registry

        known = registry.builtin().ids
    out = _variable_sources(builtin_dir() / "_variables.yaml", known)
    if extra_dir is not None and (Path(extra_dir) / "_variables.yaml").is_file():
        out.update(_variable_sources(Path(extra_dir) / "_variables.yaml", known))
    return out


def builtin_dir() -> Path:
    from clausecheck.data.resources import data_dir

    return data_dir("clause_library")


def load_library(
    extra_dir: str | Path | None = None, known: Collection[str] | None = None
) -> dict[str, Entry]:
    """All entries by id: built-in ones, then the user's directory (which takes precedence).
    ``known``: the provision ids entries may name (a user's provisions included)."""
    entries: dict[str, Entry] = {}
    for path in sorted(builtin_dir().glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        entry = load_entry(path, known)
        entries[entry.id] = entry
    if extra_dir is not None:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise error("E341", extra)
        for path in sorted(extra.glob("*.yaml")):
            if path.name.startswith("_"):
                continue
            entry = load_entry(path, known)
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
        conditional = {c.relationship for c in p.priority_conditions if c.priority == "P1"}
        for rel in RELATIONSHIPS:
            if p.priority.get(rel) == "P1" or rel in conditional:
                out.append((p.id, rel))
    return out


def coverage_gaps(entries: dict[str, Entry], provisions) -> list[str]:
    """What the coverage rules of the specification (section 5.2) still lack."""
    gaps = []
    covered = {e.provision for e in entries.values()}
    gaps += [f"{p.id}: no entry" for p in provisions if p.id not in covered]
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
