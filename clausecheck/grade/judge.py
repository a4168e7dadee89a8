"""The judge: a model learned from labelled real contracts that decides each provision's status and
which candidate clause is its evidence.

Candidates come from the cues (recall first): every sentence holding one of the provision's cue
groups, less the hard constraints - headings, tables of contents, signature blocks and
definitions are never evidence on their own, and a sentence an exclusion rule (a look-alike)
claims first is never a candidate. The rules stay, as features: which rules matched and with what
status, at which level the human-rights link was found (the sentence or list item, the clause,
a definition or cross-reference, the section), modality, region, cue counts, strength signals and
the clause classifier's probabilities.

Two linear models, stored as plain JSON arrays (no pickle): a unit model gives each candidate
probabilities of [none, weak, present]; a contract model turns the best candidates' scores and
the rules' verdict into calibrated probabilities of [missing, weak, present] for the provision.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from clausecheck import errors
from clausecheck.data.provisions import Provision
from clausecheck.detect.context import Context
from clausecheck.types import Hit, Status
from clausecheck.vocab import Modality

FORMAT = "clausecheck-judge"
FORMAT_VERSION = 1
UNIT_CLASSES = ("none", "weak", "present")
CONTRACT_CLASSES = ("missing", "weak", "present")
NEXUS_GROUPS = {
    "HR": "common:hr",
    "ETH": "common:eth",
    "ENV": "common:env",
    "EHS": "common:ehs",
    "3TG": "common:tg",
}
_SKIP_KINDS = {"toc", "signature"}
REVIEW_BELOW = 0.6  # a decision the judge is less sure of is marked for review
MAX_CANDIDATES = 80  # per provision and contract: bounds a long contract's cost

UNIT_FEATURES = (
    "first_present",
    "first_weak",
    "first_none",
    "any_present",
    "any_weak",
    "also_present",
    "also_weak",
    "edge",
    "down_soft",
    "down_not_operative",
    "n_rules",
    "cues_sentence",
    "cues_clause",
    "lookalike_sentence",
    "lookalike_clause",
    "strength",
    "nexus_sentence",
    "nexus_clause_only",
    "nexus_linked_only",
    "nexus_section_only",
    "has_nexus",
    *(f"mod_{m}" for m in Modality.values()),
    "recital",
    "schedule",
    "list_item",
    "heading_cue",
    "heading_nexus",
    "first_in_clause",
    "rule_candidate",
    "depth",
    "log_length",
    "position",
    "model_scored",
    "model_none",
    "model_weak",
    "model_present",
    "lex",
)
# features that also enter per provision (feature x provision), so that one model can weigh a
# rule's verdict or the human-rights link differently for different provisions
INTERACTIONS = (
    "first_present",
    "first_weak",
    "any_present",
    "nexus_sentence",
    "nexus_clause_only",
    "cues_sentence",
    "model_present",
    "model_weak",
)
CONTRACT_INTERACTIONS = ("max_present", "max_found", "rules_present", "rules_weak")
CONTRACT_FEATURES = (
    "max_present",
    "max_found",
    "second_found",
    "mean_top3_found",
    "n_found_half",
    "log_candidates",
    "rules_present",
    "rules_weak",
    "rules_missing",
    "max_lex",
)


@dataclass
class Candidate:
    """One sentence that may evidence a provision, with the rules' verdicts and its features."""

    ui: int
    outcome: Any  # grader.UnitOutcome
    features: dict[str, float] = field(default_factory=dict)
    probs: tuple[float, float, float] = (1.0, 0.0, 0.0)  # none, weak, present

    @property
    def hit(self) -> Hit | None:
        o = self.outcome
        if o is None:
            return None
        return o.first or (o.also[0] if o.also else None) or (o.all[0] if o.all else None)


def nexus_keys(p: Provision) -> set[str]:
    return {NEXUS_GROUPS[n] for n in p.nexus if n in NEXUS_GROUPS}


def candidates(
    p: Provision, ctx: Context, outcomes: dict[int, Any], caches: dict[str, dict]
) -> tuple[list[Candidate], int]:
    """The provision's candidates (sorted by position) and how many sentences a look-alike
    exclusion took out."""
    keys = p.trigger_keys()
    units = {ui for key in keys for ui in ctx.index.get(key, ())} | set(outcomes)
    clauses = ctx.structure.clauses
    if len(units) > MAX_CANDIDATES:  # a long contract: the likeliest by the rules and cue counts
        cue_keys = {g.key for g in p.cues.values()}

        def likely(ui: int) -> tuple[int, int, int]:
            o = outcomes.get(ui)
            first = o.first if o is not None else None
            rank = (
                2
                if first is not None and first.status is Status.PRESENT
                else int(first is not None)
            )
            return (-rank, -len(ctx.units[ui].groups & cue_keys), ui)

        units = set(sorted(units, key=likely)[:MAX_CANDIDATES])
    out = []
    excluded = 0
    for ui in sorted(units):
        o = outcomes.get(ui)
        if o is not None and o.excluded:
            excluded += 1
            continue
        u = ctx.units[ui]
        kind = clauses[u.clause].kind if u.clause >= 0 else "preamble"
        if o is None and (kind in _SKIP_KINDS or _is_heading_or_definition(ctx, ui, caches)):
            continue
        out.append(Candidate(ui, o))
    return out, excluded


def _is_heading_or_definition(ctx: Context, ui: int, caches: dict[str, dict]) -> bool:
    cache = caches.setdefault("form", {})
    if ui not in cache:
        cache[ui] = ctx.is_definitional(ui) or ctx.is_heading(ui)
    return cache[ui]


def _cached(caches: dict[str, dict], name: str, ui: int, fn: Any) -> Any:
    cache = caches.setdefault(name, {})
    if ui not in cache:
        cache[ui] = fn(ui)
    return cache[ui]


def unit_features(
    p: Provision, ctx: Context, cand: Candidate, modality: str, caches: dict[str, dict]
) -> dict[str, float]:
    """The candidate's features as a name -> value mapping (absent names are 0)."""
    ui = cand.ui
    u = ctx.units[ui]
    groups = u.groups
    keys = _provision_keys(p, caches)
    cue_keys, look_keys, strong_keys, nexus = keys
    clause_ctx = _cached(caches, "clause", ui, ctx.clause_context)
    base = caches.setdefault("base", {}).get(ui)
    if base is None:  # what does not depend on the provision: once per sentence
        base = caches["base"][ui] = _unit_base(ctx, ui, modality, caches)
    f = dict(base[0])
    o = cand.outcome
    if o is None:
        f["first_none"] = 1.0
    else:
        first = o.first
        if first is None:
            f["first_none"] = 1.0
        else:
            if first.status is Status.PRESENT:
                f["first_present"] = 1.0
            elif first.status is Status.WEAK:
                f["first_weak"] = 1.0
            if first.edge:
                f["edge"] = 1.0
            if first.downgrades:
                codes = {d.code for d in first.downgrades}
                if "soft_wording" in codes:
                    f["down_soft"] = 1.0
                if "not_operative" in codes:
                    f["down_not_operative"] = 1.0
        statuses = {h.status for h in o.all} | {h.status for h in o.also}
        if Status.PRESENT in statuses:
            f["any_present"] = 1.0
        if Status.WEAK in statuses:
            f["any_weak"] = 1.0
        if o.also:
            also = {h.status for h in o.also}
            if Status.PRESENT in also:
                f["also_present"] = 1.0
            if Status.WEAK in also:
                f["also_weak"] = 1.0
        if o.all:
            f["n_rules"] = min(len(o.all), 5) / 5
        f["rule_candidate"] = 1.0
    n_cues = max(len(cue_keys), 1)
    in_cues = len(groups & cue_keys)
    if in_cues:
        f["cues_sentence"] = in_cues / n_cues
    clause_cues = len(clause_ctx & cue_keys)
    if clause_cues:
        f["cues_clause"] = clause_cues / n_cues
    if groups & look_keys:
        f["lookalike_sentence"] = 1.0
    if (clause_ctx - groups) & look_keys:
        f["lookalike_clause"] = 1.0
    strong = len(groups & strong_keys)
    if strong:
        f["strength"] = min(strong, 3) / 3
    if nexus:
        f["has_nexus"] = 1.0
        in_s = bool(groups & nexus)
        in_c = bool(clause_ctx & nexus)
        # the wider contexts cost most: read them only while the link is still unfound
        in_l = in_c or bool(_cached(caches, "linked", ui, ctx.linked_context)[0] & nexus)
        in_sec = in_l or bool(_cached(caches, "section", ui, ctx.section_context) & nexus)
        if in_s:
            f["nexus_sentence"] = 1.0
        if in_c and not in_s:
            f["nexus_clause_only"] = 1.0
        if in_l and not in_c:
            f["nexus_linked_only"] = 1.0
        if in_sec and not in_l:
            f["nexus_section_only"] = 1.0
    heading = base[1]
    if heading & cue_keys:
        f["heading_cue"] = 1.0
    if heading & nexus:
        f["heading_nexus"] = 1.0
    return f


def _provision_keys(
    p: Provision, caches: dict[str, dict]
) -> tuple[set[str], set[str], set[str], set[str]]:
    """The provision's cue, look-alike, strength and human-rights-link group keys (once each)."""
    cache = caches.setdefault("keys", {})
    keys = cache.get(p.id)
    if keys is None:
        keys = cache[p.id] = (
            {g.key for g in p.cues.values()},
            {g.key for g in p.lookalikes.values()},
            {g.key for g in p.strong.values()},
            nexus_keys(p),
        )
    return keys


def _unit_base(
    ctx: Context, ui: int, modality: str, caches: dict[str, dict]
) -> tuple[dict[str, float], set[str]]:
    """A sentence's features that no provision changes (modality, region, place in its clause,
    length, position) and the cue groups of its heading."""
    u = ctx.units[ui]
    clause = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
    kind = clause.kind if clause is not None else "preamble"
    f: dict[str, float] = {f"mod_{modality}": 1.0}
    if kind in ("recital", "preamble"):
        f["recital"] = 1.0
    if kind == "schedule":
        f["schedule"] = 1.0
    if clause is not None:
        if (clause.number or "").startswith("("):
            f["list_item"] = 1.0
        if _first_text_unit(ctx, u.clause) == ui:
            f["first_in_clause"] = 1.0
        if clause.level:
            f["depth"] = min(clause.level, 4) / 4
    if u.end > u.start:
        f["log_length"] = math.log1p(u.end - u.start) / 8
    if ui:
        f["position"] = ui / max(len(ctx.units), 1)
    heading = _cached(caches, "heading", u.clause, lambda ci: _heading_groups(ctx, ci))
    return f, heading


def _heading_groups(ctx: Context, ci: int) -> set[str]:
    """Cue groups in the heading of the clause or, if it has none, of its nearest ancestor with
    one. Headings decide nothing (spec 2.1) but tell where a lawyer would look."""
    clauses = ctx.structure.clauses
    while ci >= 0:
        c = clauses[ci]
        if c.heading:
            at = ctx.doc.text.find(c.heading, c.start, c.body_end)
            if at >= 0:
                return ctx.groups_in(at, at + len(c.heading))
            return set()
        ci = ctx.parents[ci]
    return set()


def _first_text_unit(ctx: Context, ci: int) -> int | None:
    """The clause's first sentence that is not only its number and heading."""
    for ui in ctx.clause_units[ci]:
        if not ctx.is_heading(ui):
            return ui
    return None


def prescore(cand: Candidate) -> tuple[float, ...]:
    """Which candidates the clause classifier reads first (it is the costly step)."""
    f = cand.features
    return (
        -(2 * f.get("first_present", 0) + f.get("first_weak", 0) + f.get("any_present", 0)),
        -f.get("nexus_sentence", 0),
        -f.get("cues_sentence", 0),
        cand.ui,
    )


def contract_features(cands: Sequence[Candidate], rules_status: Status | None) -> dict[str, float]:
    found = sorted((c.probs[1] + c.probs[2] for c in cands), reverse=True)
    present = max((c.probs[2] for c in cands), default=0.0)
    f = {
        "max_present": present,
        "max_found": found[0] if found else 0.0,
        "second_found": found[1] if len(found) > 1 else 0.0,
        "mean_top3_found": sum(found[:3]) / 3,
        "n_found_half": min(sum(1 for x in found if x >= 0.5), 5) / 5,
        "log_candidates": math.log1p(len(cands)) / 4,
        "rules_present": float(rules_status is Status.PRESENT),
        "rules_weak": float(rules_status is Status.WEAK),
        "rules_missing": float(rules_status is None),
        "max_lex": max((c.features.get("lex", 0.0) for c in cands), default=0.0),
    }
    return f


def provision_row(
    row: dict[str, float], pid: str, provisions: Sequence[str], interactions: Sequence[str]
) -> dict[str, float]:
    """``row`` with the provision's one-hot and its feature x provision terms (none for a
    provision the judge was not trained on: it is judged by the shared weights alone)."""
    if pid not in provisions:
        return row
    out = dict(row)
    out[f"prov_{pid}"] = 1.0
    for name in interactions:
        value = row.get(name)
        if value:
            out[f"{pid}*{name}"] = value
    return out


def names_for(
    provisions: Sequence[str], base: Sequence[str], interactions: Sequence[str]
) -> tuple[str, ...]:
    """Every feature name a judge trained on ``provisions`` uses."""
    return (
        *base,
        *(f"prov_{p}" for p in provisions),
        *(f"{p}*{name}" for p in provisions for name in interactions),
    )


def _softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=-1, keepdims=True)


@dataclass
class Linear:
    """A standardised multinomial logistic regression over named features."""

    features: tuple[str, ...]
    classes: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # classes x features
    intercept: np.ndarray
    temperature: float = 1.0

    def matrix(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        index = {name: j for j, name in enumerate(self.features)}
        x = np.zeros((len(rows), len(self.features)))
        for i, row in enumerate(rows):
            for name, value in row.items():
                j = index.get(name)
                if j is not None:
                    x[i, j] = value
        return x

    def predict(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros((0, len(self.classes)))
        x = (self.matrix(rows) - self.mean) / self.scale
        return _softmax((x @ self.coef.T + self.intercept) / self.temperature)

    def contributions(
        self, row: dict[str, float], cls: int, top: int = 6
    ) -> list[tuple[str, float]]:
        """The features that pushed class ``cls`` most (value x weight, standardised)."""
        x = (self.matrix([row])[0] - self.mean) / self.scale
        w = self.coef[cls] - self.coef.mean(axis=0)
        parts = sorted(
            ((name, float(x[j] * w[j])) for j, name in enumerate(self.features) if row.get(name)),
            key=lambda kv: -abs(kv[1]),
        )
        return [(n, round(v, 3)) for n, v in parts[:top]]

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "classes": list(self.classes),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "coef": self.coef.tolist(),
            "intercept": self.intercept.tolist(),
            "temperature": self.temperature,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> Linear:
        try:
            features = tuple(str(x) for x in data["features"])
            classes = tuple(str(x) for x in data["classes"])
            arrays = {
                k: np.asarray(data[k], dtype=np.float64)
                for k in ("mean", "scale", "coef", "intercept")
            }
            temperature = float(data.get("temperature", 1.0))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{where}: {exc}") from None
        n, k = len(features), len(classes)
        shapes = {"mean": (n,), "scale": (n,), "coef": (k, n), "intercept": (k,)}
        for name, shape in shapes.items():
            if arrays[name].shape != shape or not np.all(np.isfinite(arrays[name])):
                raise ValueError(f"{where}.{name}: expected a finite array of shape {shape}")
        if np.any(arrays["scale"] <= 0) or not 0 < temperature < 100:
            raise ValueError(f"{where}: scale and temperature must be positive")
        return cls(
            features,
            classes,
            arrays["mean"],
            arrays["scale"],
            arrays["coef"],
            arrays["intercept"],
            temperature,
        )


@dataclass
class Ranker:
    """Which candidate a reviewer would cite: a conditional logit over one provision's
    candidates in one contract (a score per candidate; the highest is the operative clause)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray

    def scores(self, rows: Sequence[dict[str, float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        proto = Linear(
            self.features, ("x",), self.mean, self.scale, self.weights[None, :], np.zeros(1)
        )
        x = (proto.matrix(rows) - self.mean) / self.scale
        return x @ self.weights

    def to_json(self) -> dict[str, Any]:
        return {
            "features": list(self.features),
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "weights": self.weights.tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> Ranker:
        lin = Linear.from_json(
            {**data, "classes": ["x"], "coef": [data.get("weights")], "intercept": [0.0]}, where
        )
        return cls(lin.features, lin.mean, lin.scale, lin.coef[0])


@dataclass
class Judge:
    unit: Linear
    contract: Linear
    ranker: Ranker
    provisions: tuple[str, ...]  # provisions seen in training (their one-hot features)
    top_k: int
    metadata: dict[str, Any]
    lexicon: Any = None  # a ClauseModel over real candidate sentences: p(cited) per provision
    lexicon_data: dict[str, Any] | None = None  # its JSON form, kept for saving
    contract_provisions: tuple[str, ...] = ()  # provisions with their own contract base rate

    def rank(self, pid: str, cands: Sequence[Candidate]) -> list[Candidate]:
        """Candidates, the one a reviewer would cite first."""
        scores = self.ranker.scores(self.unit_rows(pid, cands))
        order = sorted(range(len(cands)), key=lambda i: (-scores[i], cands[i].ui))
        return [cands[i] for i in order]

    def unit_rows(self, pid: str, cands: Sequence[Candidate]) -> list[dict[str, float]]:
        return [provision_row(c.features, pid, self.provisions, INTERACTIONS) for c in cands]

    def score(self, pid: str, cands: Sequence[Candidate]) -> None:
        probs = self.unit.predict(self.unit_rows(pid, cands))
        for c, row in zip(cands, probs, strict=True):
            c.probs = (float(row[0]), float(row[1]), float(row[2]))

    def decide(
        self, pid: str, cands: Sequence[Candidate], rules_status: Status | None
    ) -> tuple[Status, tuple[float, float, float], dict[str, float]]:
        """(status, [p(missing), p(weak), p(present)], the contract features)."""
        row = provision_row(
            contract_features(cands, rules_status),
            pid,
            self.contract_provisions,
            CONTRACT_INTERACTIONS,
        )
        p = self.contract.predict([row])[0]
        probs = (float(p[0]), float(p[1]), float(p[2]))
        status = (Status.MISSING, Status.WEAK, Status.PRESENT)[int(np.argmax(p))]
        if not cands:
            status = Status.MISSING
        return status, probs, row

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "provisions": list(self.provisions),
            "contract_provisions": list(self.contract_provisions),
            "top_k": self.top_k,
            "unit": self.unit.to_json(),
            "contract": self.contract.to_json(),
            "ranker": self.ranker.to_json(),
            "lexicon": self.lexicon_data,
            "metadata": self.metadata,
        }

    def save(self, path: str | Path) -> None:
        from clausecheck.report.atomic import write_text

        compact: dict[str, Any] = {"separators": (",", ":"), "allow_nan": False}
        # one top-level key per line: the header stays readable with `head`
        lines = [
            f"{json.dumps(k)}:{json.dumps(v, **compact)}" for k, v in sorted(self.to_json().items())
        ]
        write_text(path, "{\n" + ",\n".join(lines) + "\n}\n")


def from_json(data: Any, where: str = "judge") -> Judge:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError(f"{where}: not a clausecheck judge file")
    if data.get("format_version") != FORMAT_VERSION:
        raise ValueError(
            f"{where}: format version {data.get('format_version')} is not {FORMAT_VERSION}"
        )
    top_k = data.get("top_k")
    if not isinstance(top_k, int) or not 1 <= top_k <= 100:
        raise ValueError(f"{where}: top_k must be a whole number 1-100")
    lexicon = None
    if data.get("lexicon") is not None:
        from clausecheck.model import classifier

        lexicon = classifier.from_dict(data["lexicon"], f"{where}.lexicon")
    return Judge(
        Linear.from_json(data.get("unit") or {}, f"{where}.unit"),
        Linear.from_json(data.get("contract") or {}, f"{where}.contract"),
        Ranker.from_json(data.get("ranker") or {}, f"{where}.ranker"),
        tuple(str(x) for x in data.get("provisions") or ()),
        top_k,
        dict(data.get("metadata") or {}),
        lexicon,
        data.get("lexicon"),
        tuple(str(x) for x in data.get("contract_provisions") or ()),
    )


JUDGE_FILE = "judge.json"


def default_path() -> Path:
    from clausecheck.data.resources import data_dir

    return data_dir("models") / JUDGE_FILE


def load(path: str | Path | None = None) -> Judge:
    """A judge file: JSON arrays only, checked for shape and finiteness (no code runs on load)."""
    p = Path(path) if path is not None else default_path()
    try:
        if p.stat().st_size > 64 * 2**20:
            raise errors.error("E322", p, limit_mib=64)
        data = json.loads(p.read_text(encoding="utf-8"))
        return from_json(data, str(p.name))
    except OSError as exc:
        raise errors.error("E323", p, reason=exc.strerror or exc) from None
    except ValueError as exc:
        raise errors.error("E324", p, detail=exc) from None
