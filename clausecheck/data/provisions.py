"""Provision definitions: one YAML file per provision, validated on load.

A provision file holds its cue groups (phrases matched on lemmas, regular expressions, spaCy
token patterns), look-alikes that must not count, and ordered grading rules. Shared groups
(nexus terms, mechanisms used by several provisions) live in ``provisions/_common.yaml``.
Users add or override provisions with their own directory (``--provisions DIR``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from clausecheck.data import regex
from clausecheck.data.policy import moment_ids
from clausecheck.data.regex import Regex
from clausecheck.data.regex_risk import backtracking_risk
from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import ClauseCheckError, error
from clausecheck.vocab import SHIFT_CATEGORIES, Modality, Priority, Purpose, Relationship, Status

RELATIONSHIPS = Relationship.values()
STATUSES = Status.values()
MODALITIES = Modality.values()
PRIORITIES = Priority.values()
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_RULE_KEYS = {
    "id",
    "status",
    "sentence",
    "clause",
    "linked",
    "not_sentence",
    "not_clause",
    "modality",
    "reason",
    "edge",
    "also",
    "note",
    "section",
    "types",
    "not_types",
}


@dataclass(frozen=True)
class CueGroup:
    key: str  # "<provision>:<name>" or "common:<name>"
    phrases: tuple[str, ...] = ()
    regex: tuple[Regex, ...] = ()  # re.Pattern or data.regex.LazyRegex
    patterns: tuple[Any, ...] = ()


@dataclass(frozen=True)
class Rule:
    id: str
    status: str
    reason: str
    sentence: tuple[tuple[str, ...], ...] = ()  # each item: any of these group keys
    clause: tuple[tuple[str, ...], ...] = ()
    linked: tuple[tuple[str, ...], ...] = ()
    not_sentence: tuple[str, ...] = ()
    not_clause: tuple[str, ...] = ()
    section: tuple[tuple[str, ...], ...] = ()
    modality: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    not_types: tuple[str, ...] = ()
    edge: bool = False
    also: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class PriorityCondition:
    """A card's conditional priority: ``priority`` for ``relationship`` ``when`` the condition
    holds, else ``otherwise`` (or the base value)."""

    relationship: str
    priority: str
    when: str
    otherwise: str | None = None

    def __str__(self) -> str:
        tail = f", else {self.otherwise}" if self.otherwise else ""
        return f"{self.relationship} {self.priority} {self.when}{tail}"


@dataclass(frozen=True)
class Provision:
    id: str
    title: str
    definition: str
    structural: bool
    applies: tuple[str, ...]
    core: tuple[str, ...]
    shift_category: str
    shift_purpose: str
    moments_created: tuple[str, ...]
    moments_used: tuple[str, ...]
    nexus: tuple[str, ...]
    priority: dict[str, str]
    priority_conditions: tuple[PriorityCondition, ...]
    cues: dict[str, CueGroup]
    lookalikes: dict[str, CueGroup]
    strong: dict[str, CueGroup]
    rules: tuple[Rule, ...]
    source: str
    order: int | None = None  # the data's place for it in reports; None: after those with one

    @property
    def priority_notes(self) -> str:
        """The conditional priorities as the card writes them."""
        return "; ".join(str(c) for c in self.priority_conditions)

    def trigger_keys(self) -> set[str]:
        """Group keys whose presence makes a sentence a candidate for this provision."""
        return {g.key for g in self.cues.values()}


# The first part of a field name -> its section of docs/provisions-format.md (else "fields").
DOC_SECTIONS = {
    "shift": "shift-and-moments",
    "moments": "shift-and-moments",
    "priority": "priorities",
    "priority_conditions": "priorities",
    "cues": "cue-groups",
    "lookalikes": "cue-groups",
    "strong": "cue-groups",
    "rules": "rules",
}


def _invalid(path: Path, problems: list[tuple[str, str]]) -> ClauseCheckError:
    """E300 naming every (field, problem) of one file; the fix links the first one's section."""
    first = re.split(r"[.\[]", problems[0][0])[0]
    return error(
        "E300",
        path,
        problems="; ".join(f"field '{name}': {problem}" for name, problem in problems),
        section=DOC_SECTIONS.get(first, "fields"),
    )


def _fail(path: Path, field_name: str, problem: str) -> ClauseCheckError:
    return _invalid(path, [(field_name, problem)])


class Problems:
    """The problems found in one data file: call it with (field, problem) for each one, then
    ``check()`` raises them all as one error, built by ``invalid(path, problems)``."""

    def __init__(self, path: Path, invalid: Callable[..., ClauseCheckError] = _invalid) -> None:
        self.path = path
        self.invalid = invalid
        self.found: list[tuple[str, str]] = []

    def __call__(self, field_name: str, problem: str) -> None:
        self.found.append((field_name, problem))

    def check(self) -> None:
        if self.found:
            raise self.invalid(self.path, self.found)


def check_shift_and_moments(data: dict[str, Any], fail) -> tuple[dict, dict]:
    """Validate the Shift category/purpose and the moment ids shared by provisions and library
    entries; ``fail(field, problem)`` reports each problem (see ``Problems``)."""
    shift = data.get("shift") or {}
    if (
        shift.get("category") not in SHIFT_CATEGORIES
        or shift.get("purpose") not in Purpose.values()
    ):
        fail("shift", "needs category A-E and purpose oblige | oblige_to_engage | persuade")
    moments = data.get("moments") or {}
    for kind in ("creates", "uses"):
        for m in moments.get(kind) or ():
            if m not in moment_ids():
                fail(f"moments.{kind}", f"unknown moment '{m}'")
    return shift, moments


def _group(fail: Problems, owner: str, where: str, spec: Any) -> CueGroup | None:
    """One cue group (``where`` is e.g. ``cues.audit``); None, with the problems reported, if
    it is unusable."""
    if isinstance(spec, list):
        spec = {"phrases": spec}
    if not isinstance(spec, dict):
        fail(where, "must be a list of phrases or a mapping with phrases/regex/patterns")
        return None
    unknown = set(spec) - {"phrases", "regex", "patterns", "case"}
    if unknown:
        fail(where, f"unknown keys {sorted(unknown)}")
    flags = 0 if spec.get("case") else re.I
    regexes = []
    for i, rx in enumerate(spec.get("regex") or []):
        try:
            compiled = regex.compile(rx, flags) if isinstance(rx, str) else re.compile(rx, flags)
        except re.error as exc:
            fail(f"{where}.regex[{i}]", f"invalid regular expression ({exc})")
            continue
        risk = regex.risk(rx, flags) if isinstance(rx, str) else backtracking_risk(rx, flags)
        if risk:
            fail(
                f"{where}.regex[{i}]",
                f"can take exponential time on some text ({risk}); rewrite it so that each "
                "part of the text can be matched one way only",
            )
            continue
        regexes.append(compiled)
    phrases = tuple(str(p).lower() for p in spec.get("phrases") or [])
    patterns = tuple(spec.get("patterns") or [])
    for i, pat in enumerate(patterns):
        if not isinstance(pat, list) or not all(isinstance(t, dict) for t in pat):
            fail(f"{where}.patterns[{i}]", "a token pattern is a list of mappings")
    if not (phrases or regexes or patterns or spec.get("regex")):
        fail(where, "has no phrases, regex or patterns")
        return None
    return CueGroup(f"{owner}:{where.split('.', 1)[1]}", phrases, tuple(regexes), patterns)


def _groups(fail: Problems, owner: str, data: dict[str, Any], key: str) -> dict[str, CueGroup]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict):
        fail(key, "must be a mapping of group name to cues")
        return {}
    groups = {name: _group(fail, owner, f"{key}.{name}", spec) for name, spec in raw.items()}
    return {name: g for name, g in groups.items() if g is not None}


def _refs(fail: Problems, where: str, value: Any, resolve) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        fail(where, "must be a list of group names (use 'a|b' for either)")
        return ()
    out = []
    for item in value:
        alts = tuple(resolve(where, name.strip()) for name in str(item).split("|"))
        out.append(alts)
    return tuple(out)


def load_common(path: Path) -> dict[str, CueGroup]:
    data = read_mapping(path)
    fail = Problems(path)
    groups = _groups(fail, "common", data, "cues")
    fail.check()
    return groups


def load_provision(path: Path, common: dict[str, CueGroup]) -> Provision:
    """One provision file; every problem found in it is reported in one error."""
    data = read_mapping(path)
    fail = Problems(path)
    for required in (
        "id",
        "title",
        "definition",
        "applies",
        "shift",
        "moments",
        "priority",
        "cues",
        "rules",
    ):
        if required not in data:
            fail(required, "is required")
    fail.check()  # the checks below read these fields
    pid = data["id"]
    if not isinstance(pid, str) or not _ID.match(pid):
        fail("id", "must be snake_case")
    applies = tuple(data["applies"])
    for rel in applies + tuple(data.get("core") or ()):
        if rel not in RELATIONSHIPS:
            fail("applies", f"unknown relationship '{rel}'; allowed: {', '.join(RELATIONSHIPS)}")
    shift, moments = check_shift_and_moments(data, fail)
    priority = {str(k): str(v) for k, v in (data["priority"] or {}).items()}
    for rel, value in priority.items():
        if rel not in RELATIONSHIPS or value not in PRIORITIES:
            fail(
                "priority",
                f"'{rel}: {value}' - relationships {RELATIONSHIPS}, values {PRIORITIES}",
            )
    cues = _groups(fail, pid, data, "cues")
    lookalikes = _groups(fail, pid, data, "lookalikes")
    strong = _groups(fail, pid, data, "strong")
    local = {
        **{k: v.key for k, v in cues.items()},
        **{k: v.key for k, v in lookalikes.items()},
        **{k: v.key for k, v in strong.items()},
    }

    def resolve(where: str, name: str) -> str:
        if name in local:
            return local[name]
        if name in common:
            return common[name].key
        if ":" in name:
            return name  # another provision's group, checked once all are loaded
        fail(where, f"unknown cue group '{name}'")
        return name

    rules = []
    for i, raw in enumerate(data["rules"] or []):
        where = f"rules[{i}]"
        if not isinstance(raw, dict):
            fail(where, "must be a mapping")
            continue
        found = len(fail.found)
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            fail(where, f"unknown keys {sorted(unknown)}")
        if raw.get("status") not in STATUSES:
            fail(f"{where}.status", "must be present, weak or missing")
        if not raw.get("sentence"):
            fail(f"{where}.sentence", "a rule needs at least one sentence cue")
        for m in raw.get("modality") or ():
            if m not in MODALITIES:
                fail(f"{where}.modality", f"unknown modality '{m}'; allowed: {MODALITIES}")
        also = raw.get("also") or {}
        for _other, st in also.items():
            if st not in ("present", "weak"):
                fail(f"{where}.also", "values must be present or weak")
        if len(fail.found) > found:
            continue  # the rule cannot be built; its other problems are reported
        rules.append(
            Rule(
                id=str(raw.get("id") or f"rule{i}"),
                status=raw["status"],
                reason=str(raw.get("reason") or ""),
                sentence=_refs(fail, f"{where}.sentence", raw.get("sentence"), resolve),
                clause=_refs(fail, f"{where}.clause", raw.get("clause"), resolve),
                linked=_refs(fail, f"{where}.linked", raw.get("linked"), resolve),
                section=_refs(fail, f"{where}.section", raw.get("section"), resolve),
                types=tuple(raw.get("types") or ()),
                not_types=tuple(raw.get("not_types") or ()),
                not_sentence=tuple(
                    k
                    for alts in _refs(
                        fail, f"{where}.not_sentence", raw.get("not_sentence"), resolve
                    )
                    for k in alts
                ),
                not_clause=tuple(
                    k
                    for alts in _refs(fail, f"{where}.not_clause", raw.get("not_clause"), resolve)
                    for k in alts
                ),
                modality=tuple(raw.get("modality") or ()),
                edge=bool(raw.get("edge", False)),
                also=dict(also),
                note=raw.get("note"),
            )
        )
    fail.check()
    return Provision(
        id=pid,
        title=str(data["title"]),
        definition=str(data["definition"]).strip(),
        structural=bool(data.get("structural", False)),
        applies=applies,
        core=tuple(data.get("core") or ()),
        shift_category=shift["category"],
        shift_purpose=shift["purpose"],
        moments_created=tuple(moments.get("creates") or ()),
        moments_used=tuple(moments.get("uses") or ()),
        nexus=tuple(data.get("nexus") or ()),
        priority=priority,
        priority_conditions=_conditions(path, data.get("priority_conditions")),
        cues=cues,
        lookalikes=lookalikes,
        strong=strong,
        rules=tuple(rules),
        source=str(path),
        order=_order(path, data.get("order")),
    )


def _order(path: Path, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(path, "order", "must be a whole number (its place in reports)")
    return value


def _conditions(path: Path, raw: Any) -> tuple[PriorityCondition, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(path, "priority_conditions", "must be a list of {relationship, priority, when}")
    out = []
    for i, item in enumerate(raw):
        where = f"priority_conditions[{i}]"
        if not isinstance(item, dict) or set(item) - {
            "relationship",
            "priority",
            "when",
            "otherwise",
        }:
            raise _fail(path, where, "keys: relationship, priority, when, otherwise (optional)")
        if item.get("relationship") not in RELATIONSHIPS:
            raise _fail(path, where, f"relationship must be one of {', '.join(RELATIONSHIPS)}")
        for key in ("priority", "otherwise"):
            if item.get(key) is not None and item[key] not in Priority.levels():
                raise _fail(path, f"{where}.{key}", "must be P1, P2, P3 or P4")
        if item.get("priority") is None or not str(item.get("when") or "").strip():
            raise _fail(path, where, "needs a priority and the condition ('when')")
        out.append(
            PriorityCondition(
                item["relationship"],
                item["priority"],
                str(item["when"]).strip(),
                item.get("otherwise"),
            )
        )
    return tuple(out)


def builtin_dir() -> Path:
    return Path(str(resources.files("clausecheck") / "provisions"))


def load_all(extra_dir: str | Path | None = None) -> tuple[dict[str, CueGroup], list[Provision]]:
    """Built-in provisions, then user files (which override by id), in the data's order."""
    base = builtin_dir()
    common = load_common(base / "_common.yaml")
    by_id: dict[str, Provision] = {}
    for path in sorted(base.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        p = load_provision(path, common)
        by_id[p.id] = p
    if extra_dir is not None:
        extra = Path(extra_dir)
        if not extra.is_dir():
            raise error("E301", extra)
        for path in sorted(extra.glob("*.yaml")):
            if path.name.startswith("_"):
                common.update(load_common(path))
                continue
            p = load_provision(path, common)
            by_id[p.id] = p
    known = {g.key for g in common.values()}
    for p in by_id.values():
        known.update(g.key for g in (*p.cues.values(), *p.lookalikes.values(), *p.strong.values()))
    for p in by_id.values():
        fail = Problems(Path(p.source))
        for rule in p.rules:
            for alts in (
                *rule.sentence,
                *rule.clause,
                *rule.linked,
                *rule.section,
                rule.not_sentence,
                rule.not_clause,
            ):
                for key in alts:
                    if key not in known:
                        fail(f"rules.{rule.id}", f"unknown cue group '{key}'")
            for other in rule.also:
                if other not in by_id:
                    fail(f"rules.{rule.id}.also", f"unknown provision '{other}'")
        fail.check()
    provisions = sorted(by_id.values(), key=_report_order)
    return common, provisions


def _report_order(p: Provision) -> tuple[bool, int, str]:
    """The order the data declares (``order:``); provisions without one follow, by id."""
    return (p.order is None, p.order or 0, p.id)
