"""Policy as data: the YAML files of ``clausecheck/policy/``, read and checked once.

- ``moments.yaml``: the 13 moments of traction, their phase and lever, and the provision levers;
- ``ladders.yaml``: the broken-consequence-ladder markers BL1-BL4;
- ``scoring.yaml``: how a finding's confidence is formed;
- ``contract_types.yaml``: contract-type cues, default relationships and party role names;
- ``parties.yaml``: recital keywords, legal-form suffixes and the words that end a party's name.

Each loader is cached: the files are read once per process.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.data.yamlfile import read_mapping
from clausecheck.errors import ClauseCheckError, error
from clausecheck.vocab import Phase, Relationship

POLICY_DIR = Path(__file__).resolve().parents[1] / "policy"


def _fail(name: str, problem: str) -> ClauseCheckError:
    return error("E380", POLICY_DIR / name, problem=problem)


@functools.lru_cache(maxsize=1)
def moments_data() -> dict[str, Any]:
    data = read_mapping(POLICY_DIR / "moments.yaml")
    moments = data.get("moments")
    if not isinstance(moments, dict) or not moments:
        raise _fail("moments.yaml", "needs a 'moments' mapping")
    for mid, spec in moments.items():
        if not isinstance(spec, dict) or spec.get("phase") not in Phase.values():
            raise _fail("moments.yaml", f"{mid}: phase must be one of {', '.join(Phase.values())}")
    return data


def moment_ids() -> tuple[str, ...]:
    """The moments of traction, in the order the data lists them."""
    return tuple(moments_data()["moments"])


@dataclass(frozen=True)
class Condition:
    reason: str = ""
    lacks_some: tuple[str, ...] = ()
    lacks_present: tuple[str, ...] = ()
    evidence_of: str | None = None
    matches: re.Pattern[str] | None = None
    not_matches: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Ladder:
    code: str
    triggers: tuple[str, ...]
    broken_when: tuple[Condition, ...]
    step: str
    suggest: str  # 'status' or 'missing'
    message: str


_CONDITION_KEYS = {"reason", "lacks_some", "lacks_present", "evidence_of", "matches", "not_matches"}


@functools.lru_cache(maxsize=1)
def ladders() -> tuple[Ladder, ...]:
    data = read_mapping(POLICY_DIR / "ladders.yaml")
    lists = {k: v for k, v in moments_data().items() if isinstance(v, list)}
    patterns = {}
    for name, rx in (data.get("patterns") or {}).items():
        try:
            patterns[name] = re.compile(str(rx), re.I)
        except re.error as exc:
            raise _fail("ladders.yaml", f"pattern '{name}' is not a valid regex ({exc})") from None

    def pattern(value: Any, where: str) -> re.Pattern[str] | None:
        if value is None:
            return None
        if value not in patterns:
            raise _fail("ladders.yaml", f"{where}: unknown pattern '{value}'")
        return patterns[value]

    out = []
    for i, raw in enumerate(data.get("ladders") or ()):
        where = f"ladders[{i}]"
        if not isinstance(raw, dict) or not {
            "code",
            "trigger",
            "broken_when",
            "step",
            "message",
        } <= set(raw):
            raise _fail("ladders.yaml", f"{where}: needs code, trigger, broken_when, step, message")
        trig = (raw["trigger"] or {}).get("present_any")
        triggers = (
            tuple(lists[trig]) if isinstance(trig, str) and trig in lists else tuple(trig or ())
        )
        if not triggers or isinstance(trig, str) and trig not in lists:
            raise _fail(
                "ladders.yaml", f"{where}.trigger: present_any must list provisions or name a list"
            )
        conds = []
        for j, c in enumerate(raw["broken_when"] or ()):
            if not isinstance(c, dict) or set(c) - _CONDITION_KEYS:
                raise _fail(
                    "ladders.yaml", f"{where}.broken_when[{j}]: keys {sorted(_CONDITION_KEYS)}"
                )
            conds.append(
                Condition(
                    reason=str(c.get("reason") or ""),
                    lacks_some=tuple(c.get("lacks_some") or ()),
                    lacks_present=tuple(c.get("lacks_present") or ()),
                    evidence_of=c.get("evidence_of"),
                    matches=pattern(c.get("matches"), where),
                    not_matches=pattern(c.get("not_matches"), where),
                )
            )
        if raw.get("suggest", "status") not in ("status", "missing"):
            raise _fail("ladders.yaml", f"{where}.suggest: status or missing")
        out.append(
            Ladder(
                str(raw["code"]),
                triggers,
                tuple(conds),
                str(raw["step"]),
                str(raw.get("suggest", "status")),
                " ".join(str(raw["message"]).split()),
            )
        )
    return tuple(out)


@dataclass(frozen=True)
class Scoring:
    missing_no_candidates: float
    missing_with_candidates: float
    edge_rule: float
    present: float
    weak: float
    blend_prior: float
    blend_model: float


@functools.lru_cache(maxsize=1)
def scoring() -> Scoring:
    data = read_mapping(POLICY_DIR / "scoring.yaml")
    try:
        prior, blend = data["prior"], data["blend"]
        values = [
            float(prior[k])
            for k in (
                "missing_no_candidates",
                "missing_with_candidates",
                "edge_rule",
                "present",
                "weak",
            )
        ]
        weights = [float(blend["prior"]), float(blend["model"])]
    except (KeyError, TypeError, ValueError) as exc:
        raise _fail("scoring.yaml", f"missing or non-numeric value ({exc})") from None
    if not all(0.0 <= v <= 1.0 for v in values + weights) or abs(sum(weights) - 1.0) > 1e-9:
        raise _fail("scoring.yaml", "priors lie in [0, 1] and the blend weights add up to 1")
    return Scoring(*values, *weights)


@dataclass(frozen=True)
class ContractTypes:
    order: tuple[str, ...]
    title: dict[str, str]
    body: dict[str, str]
    relationship: dict[str, str]
    company_roles: dict[str, tuple[str, ...]]
    counterparty_roles: dict[str, tuple[str, ...]]
    # library variable -> (contract types it fits, cue in the contract that makes it fit)
    library_needs: dict[str, tuple[tuple[str, ...], re.Pattern[str] | None]]
    provision_cues: dict[str, re.Pattern[str] | None]  # provision -> cue its entries need
    # provision -> (contract types its entries fit, cue in the contract that makes them fit)
    provision_needs: dict[str, tuple[tuple[str, ...], re.Pattern[str] | None]] = field(
        default_factory=dict
    )
    # library variable -> words that, in an entry's own text, mean the entry needs it
    library_named: dict[str, re.Pattern[str]] = field(default_factory=dict)


@functools.lru_cache(maxsize=1)
def contract_types() -> ContractTypes:
    data = read_mapping(POLICY_DIR / "contract_types.yaml")
    types = data.get("types") or {}
    rels = Relationship.values()
    for ctype, spec in types.items():
        if not isinstance(spec, dict) or spec.get("relationship") not in rels:
            raise _fail(
                "contract_types.yaml", f"{ctype}: relationship must be one of {', '.join(rels)}"
            )
        for key in ("title", "body"):
            try:
                re.compile(str(spec.get(key, "")))
            except re.error as exc:
                raise _fail(
                    "contract_types.yaml", f"{ctype}.{key}: invalid regex ({exc})"
                ) from None
    if "other" not in types:
        raise _fail("contract_types.yaml", "needs an 'other' type (the fallback)")
    return ContractTypes(
        order=tuple(t for t in types if types[t].get("title")),
        title={t: s["title"] for t, s in types.items() if s.get("title")},
        body={t: s["body"] for t, s in types.items() if s.get("body")},
        relationship={t: s["relationship"] for t, s in types.items()},
        company_roles={r: tuple(v or ()) for r, v in (data.get("company_roles") or {}).items()},
        counterparty_roles={
            r: tuple(v or ()) for r, v in (data.get("counterparty_roles") or {}).items()
        },
        library_needs={
            var: (tuple(spec.get("types") or ()), _regex(spec.get("cue"), f"library_needs.{var}"))
            for var, spec in (data.get("library_needs") or {}).items()
        },
        provision_cues={
            pid: _regex(cue, f"provision_cues.{pid}")
            for pid, cue in (data.get("provision_cues") or {}).items()
        },
        library_named={
            var: pattern
            for var, spec in (data.get("library_needs") or {}).items()
            if (pattern := _regex(spec.get("named"), f"library_needs.{var}.named")) is not None
        },
        provision_needs={
            pid: (tuple(spec.get("types") or ()), _regex(spec.get("cue"), f"provision_needs.{pid}"))
            for pid, spec in (data.get("provision_needs") or {}).items()
        },
    )


def _regex(value: Any, where: str) -> re.Pattern[str] | None:
    if not value:
        return None
    try:
        return re.compile(str(value), re.I)
    except re.error as exc:
        raise _fail("contract_types.yaml", f"{where}: invalid regex ({exc})") from None


@dataclass(frozen=True)
class PartyWords:
    recital: re.Pattern[str]  # a recital keyword: where the preamble ends
    suffix: re.Pattern[str]  # a legal-form suffix, case as written
    name_end: re.Pattern[str]  # ", a Delaware corporation": the name has ended before it
    not_party: frozenset[str]
    place: re.Pattern[str]
    heading: re.Pattern[str]  # a heading or execution-line word: "AGREED TO BY", "GRANT OF"
    roles: frozenset[str]  # role names ("the Customer"): a defined name, not a legal name


@functools.lru_cache(maxsize=1)
def party_words() -> PartyWords:
    data = read_mapping(POLICY_DIR / "parties.yaml")
    lists = {}
    keys = ("recital_keywords", "suffixes", "name_ends", "not_party_terms", "places")
    for key in (*keys, "heading_words", "role_words"):
        value = data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _fail("parties.yaml", f"'{key}' must be a list of strings")
        lists[key] = value

    def alt(words: list[str]) -> str:
        return "|".join(
            re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
        )

    return PartyWords(
        recital=re.compile(rf"(?<![\w-])(?:{alt(lists['recital_keywords'])})(?![\w-])"),
        # a possessive is no legal form: "the Fund's Registration Statement"
        suffix=re.compile(rf"(?<![\w.])(?:{alt(lists['suffixes'])})(?:\.|(?![\w]|['’]s\b))"),
        name_end=re.compile(rf",?\s+(?:{alt(lists['name_ends'])})\b"),
        not_party=frozenset(w.lower() for w in lists["not_party_terms"]),
        place=re.compile(rf"^(?:{'|'.join(lists['places'])})$"),
        heading=re.compile(rf"(?i)\b(?:{alt(lists['heading_words'])})\b"),
        roles=frozenset(w.lower() for w in lists["role_words"]),
    )
