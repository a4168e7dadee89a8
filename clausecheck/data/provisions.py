"""Provision definitions: one YAML file per provision, validated on load.

A provision file holds its cue groups (phrases matched on lemmas, regular expressions, spaCy
token patterns), look-alikes that must not count, and ordered grading rules. Shared groups
(nexus terms, mechanisms used by several provisions) live in ``provisions/_common.yaml``.
Users add or override provisions with their own directory (``--provisions DIR``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import DataFileError

RELATIONSHIPS = ("supplier", "partner", "customer", "lender", "government")
MOMENTS = (
    "contract_negotiation",
    "licence_renewal",
    "bid_qualification",
    "periodic_reporting",
    "service_renewal",
    "maintenance",
    "disbursement",
    "monitoring_audit",
    "technical_assistance",
    "complaint_process",
    "order_change",
    "exit",
    "change_of_control_or_use",
)
STATUSES = ("present", "weak", "missing")
MODALITIES = ("binding", "right", "rep", "efforts", "aspiration", "inform", "none", "negated")
PRIORITIES = ("P1", "P2", "P3", "P4", "-")
SPEC_ORDER = (
    "code_of_conduct",
    "audit_rights",
    "termination_for_breach",
    "grievance_mechanism",
    "reporting_covenant",
    "board_voting_threshold",
    "labour_standards",
    "flow_down",
    "anti_bribery",
    "renewal_term",
    "termination_for_convenience",
    "remediation",
    "capacity_building",
    "conflict_minerals",
    "external_standards",
    "due_diligence",
    "impact_assessment",
    "action_plan",
    "disbursement_conditions",
    "incident_notification",
    "suspension_right",
    "responsible_exit",
    "responsible_purchasing",
    "end_use_restriction",
    "stakeholder_engagement",
    "hr_management_lead",
    "security_and_human_rights",
)
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
    regex: tuple[re.Pattern[str], ...] = ()
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
    priority_notes: str
    cues: dict[str, CueGroup]
    lookalikes: dict[str, CueGroup]
    strong: dict[str, CueGroup]
    rules: tuple[Rule, ...]
    source: str

    def trigger_keys(self) -> set[str]:
        """Group keys whose presence makes a sentence a candidate for this provision."""
        return {g.key for g in self.cues.values()}


def _fail(path: Path, field_name: str, problem: str) -> DataFileError:
    return DataFileError(
        path,
        f"field '{field_name}': {problem}",
        "fix the provision file (see docs/provisions-format.md), "
        "then run 'clausecheck provisions validate'",
    )


def check_shift_and_moments(data: dict[str, Any], fail) -> tuple[dict, dict]:
    """Validate the Shift category/purpose and the moment ids shared by provisions and library
    entries; ``fail(field, problem)`` builds the error naming the file."""
    shift = data.get("shift") or {}
    if shift.get("category") not in tuple("ABCDE") or shift.get("purpose") not in (
        "oblige",
        "oblige_to_engage",
        "persuade",
    ):
        raise fail("shift", "needs category A-E and purpose oblige | oblige_to_engage | persuade")
    moments = data.get("moments") or {}
    for kind in ("creates", "uses"):
        for m in moments.get(kind) or ():
            if m not in MOMENTS:
                raise fail(f"moments.{kind}", f"unknown moment '{m}'")
    return shift, moments


def _group(path: Path, owner: str, name: str, spec: Any) -> CueGroup:
    where = f"cues.{name}"
    if isinstance(spec, list):
        spec = {"phrases": spec}
    if not isinstance(spec, dict):
        raise _fail(
            path, where, "must be a list of phrases or a mapping with phrases/regex/patterns"
        )
    unknown = set(spec) - {"phrases", "regex", "patterns", "case"}
    if unknown:
        raise _fail(path, where, f"unknown keys {sorted(unknown)}")
    flags = 0 if spec.get("case") else re.I
    regexes = []
    for i, rx in enumerate(spec.get("regex") or []):
        try:
            regexes.append(re.compile(rx, flags))
        except re.error as exc:
            raise _fail(
                path, f"{where}.regex[{i}]", f"invalid regular expression ({exc})"
            ) from None
    phrases = tuple(str(p).lower() for p in spec.get("phrases") or [])
    patterns = tuple(spec.get("patterns") or [])
    for i, pat in enumerate(patterns):
        if not isinstance(pat, list) or not all(isinstance(t, dict) for t in pat):
            raise _fail(path, f"{where}.patterns[{i}]", "a token pattern is a list of mappings")
    if not (phrases or regexes or patterns):
        raise _fail(path, where, "has no phrases, regex or patterns")
    return CueGroup(f"{owner}:{name}", phrases, tuple(regexes), patterns)


def _groups(path: Path, owner: str, data: dict[str, Any], key: str) -> dict[str, CueGroup]:
    raw = data.get(key) or {}
    if not isinstance(raw, dict):
        raise _fail(path, key, "must be a mapping of group name to cues")
    return {name: _group(path, owner, name, spec) for name, spec in raw.items()}


def _refs(path: Path, where: str, value: Any, resolve) -> tuple[tuple[str, ...], ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _fail(path, where, "must be a list of group names (use 'a|b' for either)")
    out = []
    for item in value:
        alts = tuple(resolve(where, name.strip()) for name in str(item).split("|"))
        out.append(alts)
    return tuple(out)


def load_common(path: Path) -> dict[str, CueGroup]:
    data = read_mapping(path)
    return _groups(path, "common", data, "cues")


def load_provision(path: Path, common: dict[str, CueGroup]) -> Provision:
    data = read_mapping(path)
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
            raise _fail(path, required, "is required")
    pid = data["id"]
    if not isinstance(pid, str) or not _ID.match(pid):
        raise _fail(path, "id", "must be snake_case")
    applies = tuple(data["applies"])
    for rel in applies + tuple(data.get("core") or ()):
        if rel not in RELATIONSHIPS:
            raise _fail(
                path,
                "applies",
                f"unknown relationship '{rel}'; allowed: {', '.join(RELATIONSHIPS)}",
            )
    shift, moments = check_shift_and_moments(data, lambda f, problem: _fail(path, f, problem))
    priority = {str(k): str(v) for k, v in (data["priority"] or {}).items()}
    for rel, value in priority.items():
        if rel not in RELATIONSHIPS or value not in PRIORITIES:
            raise _fail(
                path,
                "priority",
                f"'{rel}: {value}' - relationships {RELATIONSHIPS}, values {PRIORITIES}",
            )
    cues = _groups(path, pid, data, "cues")
    lookalikes = _groups(path, pid, data, "lookalikes")
    strong = _groups(path, pid, data, "strong")
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
        raise _fail(path, where, f"unknown cue group '{name}'")

    rules = []
    for i, raw in enumerate(data["rules"] or []):
        where = f"rules[{i}]"
        if not isinstance(raw, dict):
            raise _fail(path, where, "must be a mapping")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise _fail(path, where, f"unknown keys {sorted(unknown)}")
        if raw.get("status") not in ("present", "weak", "missing"):
            raise _fail(path, f"{where}.status", "must be present, weak or missing")
        if not raw.get("sentence"):
            raise _fail(path, f"{where}.sentence", "a rule needs at least one sentence cue")
        for m in raw.get("modality") or ():
            if m not in MODALITIES:
                raise _fail(
                    path, f"{where}.modality", f"unknown modality '{m}'; allowed: {MODALITIES}"
                )
        also = raw.get("also") or {}
        for _other, st in also.items():
            if st not in ("present", "weak"):
                raise _fail(path, f"{where}.also", "values must be present or weak")
        rules.append(
            Rule(
                id=str(raw.get("id") or f"rule{i}"),
                status=raw["status"],
                reason=str(raw.get("reason") or ""),
                sentence=_refs(path, f"{where}.sentence", raw.get("sentence"), resolve),
                clause=_refs(path, f"{where}.clause", raw.get("clause"), resolve),
                linked=_refs(path, f"{where}.linked", raw.get("linked"), resolve),
                section=_refs(path, f"{where}.section", raw.get("section"), resolve),
                types=tuple(raw.get("types") or ()),
                not_types=tuple(raw.get("not_types") or ()),
                not_sentence=tuple(
                    k
                    for alts in _refs(
                        path, f"{where}.not_sentence", raw.get("not_sentence"), resolve
                    )
                    for k in alts
                ),
                not_clause=tuple(
                    k
                    for alts in _refs(path, f"{where}.not_clause", raw.get("not_clause"), resolve)
                    for k in alts
                ),
                modality=tuple(raw.get("modality") or ()),
                edge=bool(raw.get("edge", False)),
                also=dict(also),
                note=raw.get("note"),
            )
        )
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
        priority_notes=str(data.get("priority_notes") or ""),
        cues=cues,
        lookalikes=lookalikes,
        strong=strong,
        rules=tuple(rules),
        source=str(path),
    )


def builtin_dir() -> Path:
    return Path(str(resources.files("clausecheck") / "provisions"))


def load_all(extra_dir: str | Path | None = None) -> tuple[dict[str, CueGroup], list[Provision]]:
    """Built-in provisions in specification order, then user files (which override by id)."""
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
            raise DataFileError(
                extra, "the provisions directory does not exist", "check --provisions DIR"
            )
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
                        raise _fail(
                            Path(p.source), f"rules.{rule.id}", f"unknown cue group '{key}'"
                        )
            for other in rule.also:
                if other not in by_id:
                    raise _fail(
                        Path(p.source), f"rules.{rule.id}.also", f"unknown provision '{other}'"
                    )
    order = {pid: i for i, pid in enumerate(SPEC_ORDER)}
    provisions = sorted(by_id.values(), key=lambda p: (order.get(p.id, len(order)), p.id))
    return common, provisions
