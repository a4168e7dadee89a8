"""Moment instances: the clauses that create each moment, and their human-rights hook.

A provision finding (present or weak) creates the moments its card lists; a generic mechanism
(a books audit, a renewal clause, a consent-to-assign clause) found by the moment's regexes creates
one too. ``hr_hook`` is ``explicit`` when the clause, a definition it uses or a section it refers to
names HR, labour, ethics or E&S matters; ``possible`` for a generic mechanism; ``absent`` when only
the counterparty holds the lever.
"""

from __future__ import annotations

import bisect

from clausecheck.data.provisions import Provision
from clausecheck.detect.context import Context
from clausecheck.leverage.traction.moments import MomentData
from clausecheck.nlp import anchors
from clausecheck.types import Finding, MomentInstance, Status, Structure

NEXUS = {"hr", "eth", "env", "ehs", "tg"}
_MAX_GENERIC = 6  # generic instances kept per moment, at most one per top-level section


def clause_index_at(structure: Structure, offset: int) -> int:
    """Index of the deepest clause holding ``offset``, or -1."""
    best, best_level = -1, -1
    for i, c in enumerate(structure.clauses):
        if c.start <= offset < c.end and c.level >= best_level and c.kind != "toc":
            best, best_level = i, c.level
    return best


_LINKED_UNITS = 8  # sentences of a clause whose definitions and cross-references are followed


def hr_linked(ctx: Context, ci: int) -> bool:
    """The HR link test of provisions.md 2.2 for a whole clause (cached per context)."""
    if ci < 0:
        return False
    cache = ctx.__dict__.setdefault("_hr_linked", {})
    if ci not in cache:
        cache[ci] = _hr_linked(ctx, ci)
    return cache[ci]


def _hr_linked(ctx: Context, ci: int) -> bool:
    groups = set(ctx.clause_tree[ci])
    for a in ctx.ancestors(ci):
        groups |= ctx.clause_own[a]
    if groups & NEXUS:
        return True
    for ui in ctx.clause_units[ci][:_LINKED_UNITS]:
        linked, _ = ctx.linked_context(ui)
        if linked & NEXUS:
            return True
    return False


def _top(ctx: Context, ci: int) -> int:
    anc = ctx.ancestors(ci)
    return anc[-1] if anc else ci


_RENEWALS = ("service_renewal", "licence_renewal")


def _moments_of(p: Provision, contract_type: str) -> tuple[str, ...]:
    """A provision that creates both renewal moments creates the one that fits the contract type."""
    wanted = (
        "licence_renewal" if contract_type in ("licence", "host_government") else "service_renewal"
    )
    if all(m in p.moments_created for m in _RENEWALS):
        return tuple(m for m in p.moments_created if m not in _RENEWALS or m == wanted)
    return p.moments_created


def find(
    ctx: Context,
    findings: tuple[Finding, ...],
    provisions: list[Provision],
    data: MomentData,
    company: str | None,
) -> tuple[MomentInstance, ...]:
    by_id = {p.id: p for p in provisions}
    counterparties = {
        (x.defined_as or x.name).lower() for x in ctx.structure.parties if x.role == "counterparty"
    }
    clauses = ctx.structure.clauses
    out: list[MomentInstance] = []
    covered: set[tuple[str, int]] = set()  # (moment, top-level clause) already holding an instance
    for f in findings:
        if f.status is Status.MISSING or not f.evidence:
            continue
        p = by_id[f.provision]
        ev = f.evidence[0]
        ci = clause_index_at(ctx.structure, ev.start)
        if not p.structural and f.status is Status.PRESENT:
            hook = "explicit"
        else:
            hook = "explicit" if hr_linked(ctx, ci) else "possible"
        if (
            company
            and f.holder
            and f.holder.lower() in counterparties
            and p.id in data.provision_levers
        ):
            hook = "absent"  # only the counterparty holds this lever
        for m in _moments_of(p, ctx.structure.contract_type):
            if not data.moments[m].arises_in(ctx.structure.relationship):
                continue
            lever = data.provision_levers.get(p.id, data.moments[m].lever)
            out.append(
                MomentInstance(
                    m,
                    clauses[ci].id if ci >= 0 else None,
                    ev.start,
                    ev.end,
                    ((p.id, f.status.value),),
                    lever,
                    hook,
                    f.holder,
                    f.obligor,
                )
            )
            covered.add((m, _top(ctx, ci) if ci >= 0 else -1))
    out.extend(_generic(ctx, data, covered))
    out.append(_signing(ctx))
    return tuple(_merge(out))


def _generic(ctx: Context, data: MomentData, covered: set[tuple[str, int]]) -> list[MomentInstance]:
    words = ctx.words or anchors.WordStarts(ctx.doc.text)
    clauses = ctx.structure.clauses
    operative = [i for i, c in enumerate(clauses) if c.kind == "clause"]
    starts = [clauses[i].start for i in operative]
    out = []
    for m in data.moments.values():
        if not m.arises_in(ctx.structure.relationship):
            continue  # no "each drawdown" in a supply agreement
        seen = 0
        for pattern in m.mechanism:
            for match in words.search(pattern):
                k = bisect.bisect_right(starts, match.start()) - 1
                if k < 0:
                    continue
                ci = _deepest(ctx, operative[k], match.start())
                if ci < 0 or not clauses[ci].start <= match.start() < clauses[ci].end:
                    continue
                top = _top(ctx, ci)
                if (m.id, top) in covered:
                    continue
                covered.add((m.id, top))
                seen += 1
                hook = "explicit" if hr_linked(ctx, ci) else "possible"
                out.append(
                    MomentInstance(
                        m.id, clauses[ci].id, match.start(), match.end(), (), m.lever, hook
                    )
                )
                if seen >= _MAX_GENERIC:
                    break
            if seen >= _MAX_GENERIC:
                break
    return out


def _deepest(ctx: Context, ci: int, offset: int) -> int:
    for child in ctx.children[ci] if ctx.children else ():
        c = ctx.structure.clauses[child]
        if c.start <= offset < c.end:
            return _deepest(ctx, child, offset)
    return ci


def _signing(ctx: Context) -> MomentInstance:
    """Signing always happens: the negotiation moment, whose gaps are the list to negotiate."""
    return MomentInstance("contract_negotiation", None, None, None, (), "engage", "absent")


def _merge(items: list[MomentInstance]) -> list[MomentInstance]:
    """One instance per (moment, clause): provisions sharing a clause are listed together."""
    merged: dict[tuple[str, str | None, int | None], MomentInstance] = {}
    for inst in items:
        key = (inst.moment, inst.clause_id, inst.start if inst.clause_id is None else None)
        old = merged.get(key)
        if old is None:
            merged[key] = inst
            continue
        hook = max(
            old.hr_hook, inst.hr_hook, key=lambda h: {"absent": 0, "possible": 1, "explicit": 2}[h]
        )
        provs = old.provisions + tuple(p for p in inst.provisions if p not in old.provisions)
        merged[key] = MomentInstance(
            old.moment,
            old.clause_id,
            old.start,
            old.end,
            provs,
            old.lever,
            hook,
            old.holder or inst.holder,
            old.obligor or inst.obligor,
        )
    return list(merged.values())
