"""Rules -> Hits -> one Finding per provision, each explaining itself."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, cast

from clausecheck.data import policy
from clausecheck.data.provisions import Provision, Rule
from clausecheck.detect import modality as modality_mod
from clausecheck.detect.context import Context
from clausecheck.grade import explain
from clausecheck.types import Downgrade, Evidence, Explanation, Finding, Hit, Rejection, Status

_SKIP_KINDS = {"toc", "signature"}
_CONTENT_REGIONS_WEAK = {"recital", "preamble"}
_MAX_EVIDENCE = 600


def _has_all(groups: set[str], requirements: tuple[tuple[str, ...], ...]) -> str | None:
    """None if every requirement (a tuple of alternatives) is met, else the first unmet one."""
    for alts in requirements:
        if not any(a in groups for a in alts):
            return "|".join(a.split(":", 1)[1] for a in alts)
    return None


@dataclass
class UnitOutcome:
    """What the rules say about one sentence for one provision."""

    first: Hit | None = None  # the first rule that matched (the rules-only verdict)
    excluded: bool = False  # an exclusion rule matched first: a look-alike, never evidence
    all: list[Hit] = field(default_factory=list)  # every rule that matched
    also: list[Hit] = field(default_factory=list)  # another provision's rule counting it here


def _merge(old: UnitOutcome | None, new: UnitOutcome) -> UnitOutcome:
    if old is not None:
        new.also = old.also + new.also
    return new


class Grader:
    def __init__(self, provisions: list[Provision]) -> None:
        self.provisions = provisions
        self.by_id = {p.id: p for p in provisions}

    # ---------------------------------------------------------------------------------
    def unit_modality(self, ctx: Context, ui: int, cache: dict[int, str]) -> str:
        if ui in cache:
            return cache[ui]
        u = ctx.units[ui]
        own = ctx.memo.setdefault("own_modality", {})  # a sentence's own wording, lead-in aside

        def classify(uj: int) -> str:
            if uj not in own:
                unit = ctx.units[uj]
                own[uj] = modality_mod.classify(ctx.doc.text[unit.start : unit.end])
            return own[uj]

        mod = classify(ui)
        if mod == "none" and u.clause >= 0:
            # list items inherit the lead-in's modality: "Supplier shall: (a) ...; (b) ..."
            for a in [u.clause, *ctx.ancestors(u.clause)]:
                units = ctx.clause_units[a]
                lead = [x for x in units if x < ui][-2:] if a == u.clause else units[-2:]
                for uj in reversed(lead):
                    if uj == ui:
                        continue
                    m = classify(uj)
                    if m != "none":
                        mod = m
                        break
                if mod != "none":
                    break
        cache[ui] = mod
        return mod

    def evaluate(self, ctx: Context) -> dict[str, list[Hit]]:
        """Per provision, the hits of the first rule that matches each sentence."""
        return self.outcomes(ctx, collect_all=False)[0]

    def outcomes(
        self, ctx: Context, *, collect_all: bool = True
    ) -> tuple[dict[str, list[Hit]], dict[str, dict[int, UnitOutcome]]]:
        """The rules' verdicts: per provision the first-rule hits (as ``evaluate``), and per
        candidate sentence every rule that matched (the judge's features); ``collect_all=False``
        stops at the first rule, as the rules-only engine needs."""
        hits: dict[str, list[Hit]] = {p.id: [] for p in self.provisions}
        per_unit: dict[str, dict[int, UnitOutcome]] = {p.id: {} for p in self.provisions}
        mod_cache: dict[int, str] = ctx.memo.setdefault("modality", {})
        link_cache: dict[int, tuple[set[str], list[str]]] = ctx.memo.setdefault("linked", {})
        clause_cache: dict[int, set[str]] = ctx.memo.setdefault("clause", {})
        clauses = ctx.structure.clauses
        for p in self.provisions:
            # Rules are ordered: for each sentence the first rule that matches decides it
            # (a "missing" rule is an explicit exclusion that stops later rules).
            by_unit: dict[int, list[Rule]] = {}
            for rule in p.rules:
                for ui in {ui for key in rule.sentence[0] for ui in ctx.index.get(key, ())}:
                    by_unit.setdefault(ui, []).append(rule)
            for ui in sorted(by_unit):
                u = ctx.units[ui]
                kind = clauses[u.clause].kind if u.clause >= 0 else "preamble"
                if kind in _SKIP_KINDS or ctx.is_definitional(ui) or ctx.is_heading(ui):
                    continue
                outcome = UnitOutcome()
                for rule in by_unit[ui]:
                    hit = self._apply(p, rule, ctx, ui, kind, mod_cache, link_cache, clause_cache)
                    if hit is None:
                        continue
                    if outcome.first is None and not outcome.excluded:
                        if hit.status == Status.MISSING:
                            outcome.excluded = True
                        else:
                            outcome.first = hit
                            hits[p.id].append(hit)
                            for other, st in rule.also.items():
                                also = _also_hit(hit, p.id, other, st)
                                hits.setdefault(other, []).append(also)
                                if other in per_unit:
                                    per_unit[other].setdefault(ui, UnitOutcome()).also.append(also)
                    if hit.status != Status.MISSING:
                        outcome.all.append(hit)
                    if not collect_all:
                        break
                per_unit[p.id][ui] = _merge(per_unit[p.id].get(ui), outcome)
        return hits, per_unit

    def _apply(
        self,
        p: Provision,
        rule: Rule,
        ctx: Context,
        ui: int,
        kind: str,
        mod_cache,
        link_cache,
        clause_cache,
    ) -> Hit | None:
        u = ctx.units[ui]
        groups = u.groups
        if _has_all(groups, rule.sentence) is not None:
            return None
        ctype = ctx.structure.contract_type
        if (rule.types and ctype not in rule.types) or ctype in rule.not_types:
            return None
        if any(k in groups for k in rule.not_sentence):
            return None
        notes: list[str] = []
        if rule.clause or rule.not_clause:
            if ui not in clause_cache:
                clause_cache[ui] = ctx.clause_context(ui)
            cgroups = clause_cache[ui]
            if _has_all(cgroups, rule.clause) is not None:
                return None
            if any(k in cgroups for k in rule.not_clause):
                return None
        if rule.section and _has_all(ctx.section_context(ui), rule.section) is not None:
            return None
        if rule.linked:
            if ui not in link_cache:
                link_cache[ui] = ctx.linked_context(ui)
            lgroups, lnotes = link_cache[ui]
            if _has_all(lgroups, rule.linked) is not None:
                return None
            notes.extend(lnotes)
        links = list(notes)
        mod = self.unit_modality(ctx, ui, mod_cache)
        status = Status(rule.status)
        reasons = [rule.reason] if rule.reason else []
        if status == Status.MISSING:
            return Hit(p.id, status, u.start, u.end, None, f"{p.id}.{rule.id}", (), tuple(reasons))
        if mod == "negated" and "negated" not in rule.modality:
            return None
        downgrades: list[Downgrade] = []
        if rule.modality and mod not in rule.modality:
            if modality_mod.is_soft(mod) and status == Status.PRESENT:
                status = Status.WEAK
                downgrades.append(
                    Downgrade(
                        code="soft_wording", detail=f"soft wording ({mod}) makes it weak (spec 2.3)"
                    )
                )
            elif status == Status.PRESENT:
                return None
        if kind in _CONTENT_REGIONS_WEAK and status == Status.PRESENT:
            if p.structural:
                return None
            status = Status.WEAK
            downgrades.append(
                Downgrade(
                    code="not_operative",
                    detail=f"in the {kind}, which is not operative: weak at most (spec 2.1)",
                )
            )
        reasons.extend(d.detail for d in downgrades)
        text = ctx.doc.text[u.start : u.end]
        missing_refs = (
            _memo(ctx, "attachments", ui, lambda: ctx.attachment_missing(text))
            if status == Status.PRESENT
            else []
        )
        flags = []
        if missing_refs:
            flags.append(
                "referenced_document_not_attached: " + ", ".join(dict.fromkeys(missing_refs))
            )
            notes.extend(flags)
        cues = tuple(
            sorted(k.split(":", 1)[1] for k in groups if k.startswith((p.id + ":", "common:")))
        )
        obligor, holder = _memo(ctx, "parties", (ui, mod), lambda: parties_in(text, ctx, mod))
        clause = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
        strong = [name for name, g in p.strong.items() if g.key in groups]
        if strong:
            notes.append("strength signals: " + ", ".join(strong))
        return Hit(
            p.id,
            status,
            u.start,
            u.end,
            clause.id if clause else None,
            f"{p.id}.{rule.id}",
            cues,
            tuple(reasons),
            rule.edge,
            None,
            mod,
            obligor,
            holder,
            tuple(notes),
            downgrades=tuple(downgrades),
            rule_reason=rule.reason or "",
            links=tuple(links),
            flags=tuple(flags),
            strength=tuple(strong),
        )


def _memo(ctx: Context, name: str, key: Any, compute: Callable[[], Any]) -> Any:
    """A per-document result, computed once for all provisions (``Context.memo``)."""
    cache = ctx.memo.setdefault(name, {})
    if key not in cache:
        cache[key] = compute()
    return cache[key]


def _also_hit(hit: Hit, source: str, other: str, status: str) -> Hit:
    """The same clause counted for another provision (a rule's ``also``)."""
    first = ([hit.rule_reason] if hit.rule_reason else []) + [d.detail for d in hit.downgrades]
    reason = f"the same clause counts for {source}; " + first[0] if first else ""
    return replace(
        hit,
        provision=other,
        status=Status(status) if hit.status != Status.WEAK or status == "weak" else Status.WEAK,
        reasons=(reason,) if reason else (),
        score=None,
        downgrades=(),
        rule_reason=reason,
    )


_SUBJECT = re.compile(
    r"\b(shall|will|must|may|agrees?|undertakes?|covenants?|represents?|warrants?|is\s+entitled|has\s+the\s+right)\b",
    re.I,
)


def parties_in(text: str, ctx: Context, mod: str) -> tuple[str | None, str | None]:
    """(obligor, holder) by the contract's defined party names around the main verb."""
    names = [p.defined_as for p in ctx.structure.parties if p.defined_as]
    m = _SUBJECT.search(text)
    if not m:
        return None, None
    before = text[max(0, m.start() - 120) : m.start()]
    subject = None
    if re.search(r"\b(each|either|both)\s+(party|parties)\b|\bthe\s+parties\b", before, re.I):
        subject = "each party"
    else:
        best = -1
        for name in names:
            for mm in re.finditer(re.escape(name), before):
                if mm.start() > best:
                    best, subject = mm.start(), name
    if subject is None:
        return None, None
    others = [n for n in names if n != subject]
    other = others[0] if len(others) == 1 else None
    if subject == "each party":
        return "each party", "each party"
    if mod == "right":
        return other, subject
    return subject, other


def _prior(hit: Hit | None, status: Status, n_candidates: int) -> float:
    """The rule prior of a decision (policy/scoring.yaml)."""
    s = policy.scoring()
    if hit is None:
        return s.missing_no_candidates if n_candidates == 0 else s.missing_with_candidates
    return s.edge_rule if hit.edge else (s.present if status == Status.PRESENT else s.weak)


def _confidence(prior: float, agreement: float | None) -> tuple[float, dict[str, float] | None]:
    """The prior blended with the classifier's agreement (probability of the chosen class)."""
    s = policy.scoring()
    if agreement is None:
        return prior, None
    blend = {"prior": s.blend_prior, "model": s.blend_model}
    return round(s.blend_prior * prior + s.blend_model * agreement, 3), blend


def model_texts(ctx: Context, units: list[int]) -> list[str]:
    """The sentences the clause classifier reads for these units."""
    return [ctx.doc.text[ctx.units[ui].start : ctx.units[ui].end] for ui in units]


def model_scores(
    model, ctx: Context, units: dict[str, list[int]]
) -> dict[str, dict[int, tuple[float, float, float]]]:
    """Classifier probabilities [none, weak, present] for the units each provision needs."""
    wanted = sorted({ui for uis in units.values() for ui in uis})
    if model is None or not wanted:
        return {}
    probs = model.predict(model_texts(ctx, wanted))
    out: dict[str, dict[int, tuple[float, float, float]]] = {}
    for pid, uis in units.items():
        arr = probs.get(pid)
        if arr is None:
            continue
        pos = {ui: i for i, ui in enumerate(wanted)}
        out[pid] = {
            ui: cast(tuple[float, float, float], tuple(float(x) for x in arr[pos[ui]]))
            for ui in uis
        }
    return out


def findings(grader: Grader, ctx: Context, hits: dict[str, list[Hit]], model=None) -> list[Finding]:
    out = []
    clauses = {c.id: c for c in ctx.structure.clauses}
    unit_at = {u.start: i for i, u in enumerate(ctx.units)}
    best_by = {p.id: _best(hits.get(p.id, [])) for p in grader.provisions}
    need: dict[str, list[int]] = {}
    for p in grader.provisions:
        b = best_by[p.id]
        if b is not None and b.start in unit_at:
            need[p.id] = [unit_at[b.start]]
        else:
            need[p.id] = sorted({ui for key in p.trigger_keys() for ui in ctx.index.get(key, ())})[
                :40
            ]
    scores = model_scores(model, ctx, need)
    for p in grader.provisions:
        best = best_by[p.id]
        pscores = scores.get(p.id, {})
        if best is None:
            out.append(_missing(p, ctx, pscores))
        else:
            out.append(_found(p, ctx, best, hits.get(p.id, []), clauses, pscores, unit_at))
    return out


def _missing(p: Provision, ctx: Context, pscores: dict[int, tuple[float, float, float]]) -> Finding:
    rejected = _candidates(p, ctx)
    top = max(pscores.items(), key=lambda kv: kv[1][1] + kv[1][2], default=None)
    found_p = (top[1][1] + top[1][2]) if top else None
    model_note = None
    if top is not None and top[1][2] >= 0.9:
        u = ctx.units[top[0]]
        model_note = (
            f"model disagrees: '{ctx.doc.text[u.start : u.start + 80]}...' "
            f"scores p(present)={top[1][2]:.2f}; review it"
        )
    prior = _prior(None, Status.MISSING, len(rejected))
    confidence, blend = _confidence(prior, None if found_p is None else 1.0 - found_p)
    expl = Explanation(
        decided_by="no_rule",
        sentences_examined=len(ctx.units),
        clauses_examined=len(ctx.structure.clauses),
        candidates=len(pscores),
        rejected=tuple(rejected),
        prior=prior,
        model=None if found_p is None else {"found": found_p},
        model_note=model_note,
        blend=blend,
        confidence=confidence,
    )
    return missing_finding(p.id, expl, score=None if found_p is None else round(found_p, 3))


def missing_finding(pid: str, expl: Explanation, **extra: Any) -> Finding:
    """A missing finding from its decision record: the reasons, notes and the rejected
    candidates' lines are all rendered from ``expl`` (shared by the rules and the judge)."""
    return Finding(
        pid,
        Status.MISSING,
        expl.confidence,
        False,
        (),
        explain.reasons(pid, Status.MISSING, expl),
        notes=explain.notes(expl),
        candidates=tuple(explain.rejection_text(r) for r in expl.rejected),
        explanation=expl,
        **extra,
    )


def _found(
    p: Provision, ctx: Context, best: Hit, plist: list[Hit], clauses, pscores, unit_at
) -> Finding:
    ev = _evidence(ctx, best, clauses)
    others = sorted(
        {
            h.clause_id
            for h in plist
            if h.status == best.status and h.clause_id and h.clause_id != best.clause_id
        }
    )
    also = tuple(clauses[c].label for c in others[:5] if c in clauses)
    where = f"{ev.section} ({ev.heading})" if ev.heading else (ev.section or "unnumbered text")
    prob = pscores.get(unit_at.get(best.start, -1))
    agreement = None
    score = None
    if prob is not None:
        agreement = prob[2] if best.status == Status.PRESENT else prob[1]
        score = round(prob[2], 3)
    prior = _prior(best, best.status, 0)
    confidence, blend = _confidence(prior, agreement)
    expl = Explanation(
        decided_by="rule",
        rule=best.rule,
        rule_reason=best.rule_reason,
        clause=where,
        cues=best.cues,
        link_path=best.links,
        modality=best.modality,
        edge=best.edge,
        downgrades=best.downgrades,
        flags=best.flags,
        strength=best.strength,
        also_supported_by=also,
        prior=prior,
        model=None if prob is None else {"present": prob[2], "weak": prob[1], "none": prob[0]},
        blend=blend,
        confidence=confidence,
    )
    return Finding(
        p.id,
        best.status,
        confidence,
        best.edge,
        (ev,),
        explain.reasons(p.id, best.status, expl),
        best.obligor,
        best.holder,
        best.rule,
        best.cues,
        score,
        explain.notes(expl),
        explanation=expl,
    )


def _best(hits: list[Hit]) -> Hit | None:
    if not hits:
        return None
    return max(hits, key=lambda h: (h.status.rank, not h.edge, len(h.cues), -h.start))


def _evidence(ctx: Context, hit: Hit, clauses) -> Evidence:
    return _evidence_span(ctx, hit.start, hit.end, hit.clause_id, clauses)


def _evidence_span(ctx: Context, start: int, end: int, clause_id: str | None, clauses) -> Evidence:
    if end - start > _MAX_EVIDENCE:
        end = start + _MAX_EVIDENCE
        cut = ctx.doc.text.rfind(" ", start, end)
        end = cut if cut > start + 100 else end
    clause = clauses.get(clause_id) if clause_id else None
    section = None
    heading = None
    if clause is not None:
        section = clause.label
        heading = clause.heading
        c = clause
        while heading is None and c.parent:
            c = clauses.get(c.parent)
            if c is None:
                break
            heading = c.heading
    return Evidence(
        ctx.doc.text[start:end],
        start,
        end,
        ctx.doc.page_at(start),
        section,
        heading,
        ctx.doc.is_ocr_at(start),
    )


def _candidates(p: Provision, ctx: Context) -> list[Rejection]:
    """Clauses holding this provision's cues that no rule accepted, with why."""
    keys = p.trigger_keys()
    look = {g.key: name for name, g in p.lookalikes.items()}
    seen = []
    for key in keys:
        for ui in ctx.index.get(key, ()):
            seen.append(ui)
    out = []
    for ui in sorted(set(seen))[:40]:
        out.append(rejection(ctx, ui, look, "no_context"))
        if len(out) >= 5:
            break
    return out


def rejection(
    ctx: Context, ui: int, look: dict[str, str], otherwise: str, score: float | None = None
) -> Rejection:
    """A candidate sentence examined and rejected: a look-alike if it holds one, else
    ``otherwise`` (no_context for the rules, judge for the judge)."""
    u = ctx.units[ui]
    c = ctx.structure.clauses[u.clause] if u.clause >= 0 else None
    why = tuple(look[k] for k in sorted(u.groups) if k in look)  # sorted: the same order every run
    return Rejection(
        clause=c.label if c else "unnumbered text",
        start=u.start,
        end=u.end,
        code="lookalike" if why else otherwise,
        snippet=ctx.doc.text[u.start : min(u.end, u.start + 80)].replace("\n", " "),
        lookalikes=why,
        score=score,
    )
