"""The traction timeline: the dates and periods a contract states, and the moments laid out in time.

Extraction reads sentence units: the initial term, renewal periods and the notice window to stop
renewal, reporting frequencies, audit notice and frequency, cure periods and disbursement
conditions. Dates are resolved from the effective date where it is known; otherwise rows are
relative ("every 3 months", "90 days before each renewal") or event-driven ("each drawdown").
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any, cast

from clausecheck.detect.context import Context
from clausecheck.leverage.traction.instances import clause_index_at
from clausecheck.leverage.traction.moments import HOOK_RANK, MomentData
from clausecheck.leverage.traction.moments import load as load_moments
from clausecheck.nlp import anchors
from clausecheck.structure.dates import PERIOD, add_period, period_days, period_span
from clausecheck.types import Finding, MomentInstance, Period, Status, TimelineRow, When

_TERM = re.compile(
    r"\b(?:initial\s+term|term\s+of\s+(?:this|the)\s+(?:agreement|contract|concession|licen[cs]e)|"
    r"(?:agreement|contract)\s+(?:shall\s+)?(?:commences?|continues?|remains?|begins?|be\s+effective)|continues?\s+for|concession\s+period|"
    r"licen[cs]e\s+period|(?:shall|will)\s+expire)\b",
    re.I,
)
_RENEW = re.compile(r"\b(?:renew\w*|extend\w*|extension)\b", re.I)
_AUTO = re.compile(
    r"\b(?:automatic\w*|unless\s+(?:either|a|one|the)\s+party|shall\s+(?:be\s+)?(?:renewed|extended|renew|extend))\b",
    re.I,
)
_BEFORE = re.compile(
    r"^\W*(?:\w+\W+){0,4}?(?:prior\s+to|before|in\s+advance\s+of|preceding|ahead\s+of)\b", re.I
)
_NOTICE_WORD = re.compile(r"\b(?:notice|notif\w+)\b", re.I)
_REPORT = re.compile(
    r"\b(?:reports?|reporting|statements?|certif\w+|questionnaires?|updates?)\b", re.I
)
_FREQ = re.compile(
    r"\b(?P<word>quarterly|monthly|annual(?:ly)?|yearly|semi-annual(?:ly)?|bi-?annual(?:ly)?)\b|"
    r"\b(?:each|every|per)\s+(?:calendar\s+|fiscal\s+|financial\s+)?(?P<each>quarter|month|year|half-year)\b|"
    r"\bonce\s+(?:a|per|in\s+(?:any|each|every)|every)\s+(?:calendar\s+)?(?P<once>quarter|month|year|twelve[\s-]*(?:\(12\)\s*)?months?(?:\s+period)?|12[\s-]*months?(?:\s+period)?)",
    re.I,
)
_REQUALIFY = re.compile(
    r"\b(?:re-?qualif\w*|re-?certif\w*|re-?approv\w*|re-?assess\w*|re-?audit\w*)\b", re.I
)
_BEFORE_END = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:prior\s+to|before|in\s+advance\s+of)\s+(?:the\s+)?"
    r"(?:expir\w*|end\s+of\s+the\s+(?:\w+\s+)?term|term\s+end|renewal)",
    re.I,
)
_DUE_AFTER = re.compile(
    PERIOD.pattern
    + r"\s+(?:after|following|from)\s+(?:the\s+)?(?:end\s+of\s+)?(?:each|every|the)\s+"
    r"(?:calendar\s+|fiscal\s+|financial\s+)?(?:quarter|month|year|half-year)",
    re.I,
)
_FREQ_UNITS = {
    "quarterly": (3, "month"),
    "monthly": (1, "month"),
    "annual": (1, "year"),
    "annually": (1, "year"),
    "yearly": (1, "year"),
    "semi-annual": (6, "month"),
    "semi-annually": (6, "month"),
    "biannual": (6, "month"),
    "biannually": (6, "month"),
    "bi-annual": (6, "month"),
    "bi-annually": (6, "month"),
    "quarter": (3, "month"),
    "month": (1, "month"),
    "year": (1, "year"),
    "half-year": (6, "month"),
}
_TERM_LEAD = re.compile(
    r"\b(?:continu\w*|remain\w*|initial\s+(?:term|period)|term|period|expire\w*)\b[^.;]{0,40}$",
    re.I,
)
_NOT_TERM = re.compile(r"\b(?:first|last|within|after|prior|preceding|following|notice)\b", re.I)
_NEXUS = {"hr", "eth", "env", "ehs", "tg"}
_DIGIT = re.compile(r"\d")
_BREACH = re.compile(r"\b(?:breach\w*|default\w*|fail\w*|non-?complian\w+|violat\w+)\b", re.I)
_NOT_CURE = re.compile(r"\b(?:comment|fees?|renewal|non-renewal|extend|once a)\b[^.;]{0,30}$", re.I)
_AUDIT = re.compile(r"\b(?:audit\w*|inspect\w*|site\s+visits?)\b", re.I)
_CURE = re.compile(
    r"\b(?:cure|cured|remed(?:y|ied|iate|iation)|rectif\w+|corrective\s+action)\b", re.I
)
_DRAW = re.compile(
    r"\b(?:drawdown|draw-down|disburse\w*|utili[sz]ation|tranche|cash\s+calls?|advances?\s+of\s+(?:the\s+)?(?:funds|loan))\b",
    re.I,
)
_CONDITION = re.compile(
    r"\b(?:conditions?\s+precedent|subject\s+to|condition\w*|shall\s+not\s+be\s+obliged|satisf\w+)\b",
    re.I,
)


_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|ten|twelve|thirty|sixty|ninety)\b|ly\b", re.I
)
# every branch of extract() needs one of these in its unit
_TRIGGERS = tuple(
    anchors.prepare(rx) for rx in (_RENEW, _TERM, _AUDIT, _CURE, _REPORT, _DRAW, _REQUALIFY)
)


def _units_touched(ctx: Context, patterns: tuple[anchors.Pattern, ...]) -> set[int]:
    """Units that a match of any pattern overlaps: one anchored search of the whole text per
    pattern instead of a search per unit and pattern (52,000 on a 200-page contract). A unit
    left out holds no match of any pattern, so extract() would pass it over anyway."""
    words = ctx.words or anchors.WordStarts(ctx.doc.text)
    starts = [u.start for u in ctx.units]
    touched: set[int] = set()
    for pattern in patterns:
        for m in words.search(pattern):
            ui = max(0, bisect.bisect_right(starts, m.start()) - 1)
            while ui < len(starts) and starts[ui] < max(m.end(), m.start() + 1):
                if ctx.units[ui].end > m.start():
                    touched.add(ui)
                ui += 1
    return touched


def _periods(text: str, base: int) -> list[tuple[re.Match[str], tuple[int, str]]]:
    out = []
    for m in PERIOD.finditer(text):
        p = period_days(m)
        if p is not None and p[0] > 0:
            out.append((m, p))
    return out


def _period(m: re.Match[str], p: tuple[int, str], base: int, ci: int, ctx: Context) -> Period:
    clause = ctx.structure.clauses[ci].id if ci >= 0 else None
    start, end = period_span(m)
    return Period(p[0], p[1], m.string[start:end].strip(), base + start, base + end, clause)


def _freq(text: str) -> tuple[int, str] | None:
    m = _FREQ.search(text)
    if not m:
        return None
    key = (m.group("word") or m.group("each") or "").lower()
    if key:
        return _FREQ_UNITS.get(key)
    return (
        (1, "year")
        if "year" in m.group("once").lower()
        or "12" in m.group("once")
        or "twelve" in m.group("once").lower()
        else _FREQ_UNITS.get(m.group("once").lower())
    )


def extract(ctx: Context, findings: tuple[Finding, ...] = ()) -> dict[str, Any]:
    """The contract's dates and periods, each with its clause and offsets. With the findings, a
    period in the clause that evidences the audit rights beats one in a clause that only
    mentions audits ("training prioritising issues found in audits, annually")."""
    text = ctx.doc.text
    audit_top = _evidence_top(ctx, findings, "monitoring_audit")
    out: dict[str, Any] = {
        "effective_date": ctx.structure.effective_date,
        "initial_term": None,
        "renewal_term": None,
        "non_renewal_notice": None,
        "automatic_renewal": False,
        "reporting": [],
        "reporting_due": [],  # "N days after each quarter": when each report falls due
        "requalification": [],  # "re-qualify ... 180 days before expiry": a deadline to act on
        "audit_notice": None,
        "audit_frequency": None,
        "cure_periods": [],
        "disbursement": [],
    }
    candidates: dict[str, list] = {"initial_term": [], "audit_notice": [], "audit_frequency": []}
    relevant = _units_touched(ctx, _TRIGGERS)
    disbursement = load_moments().moments.get("disbursement")
    draws = disbursement is None or disbursement.arises_in(ctx.structure.relationship)
    for ui, unit in enumerate(ctx.units):
        if ui not in relevant:
            continue
        s = text[unit.start : unit.end]
        if len(s) > 3000 or not _DIGIT.search(s) and not _NUMBER_WORD.search(s):
            continue
        ci = unit.clause
        renew = _RENEW.search(s)
        wanted = (
            renew or _TERM.search(s) or _AUDIT.search(s) or (_CURE.search(s) and _BREACH.search(s))
        )
        periods = _periods(s, unit.start) if wanted else []  # the PERIOD regex is the costly part
        if renew and periods:
            for m, p in periods:
                after = s[m.end() : m.end() + 80]
                if _BEFORE.search(after) and (
                    _NOTICE_WORD.search(s[max(0, m.start() - 80) : m.end() + 80])
                ):
                    if out["non_renewal_notice"] is None and p[1] in (
                        "day",
                        "business_day",
                        "month",
                    ):
                        out["non_renewal_notice"] = _period(m, p, unit.start, ci, ctx)
                elif (
                    m.start() > renew.start()
                    and p[1] in ("year", "month")
                    and out["renewal_term"] is None
                ):
                    out["renewal_term"] = _period(m, p, unit.start, ci, ctx)
            if _AUTO.search(s):
                out["automatic_renewal"] = True
        if _TERM.search(s) and periods:
            for m, p in periods:
                if p[1] in ("year", "month") and not (renew and m.start() > renew.start()):
                    score = (
                        2 * bool(_TERM_LEAD.search(s[max(0, m.start() - 60) : m.start()]))
                        - 3 * bool(_NOT_TERM.search(s[max(0, m.start() - 30) : m.start()]))
                        + bool(re.search(r"\b(?:commenc\w+|begins?|effective\s+date)\b", s, re.I))
                    )
                    candidates["initial_term"].append(
                        (score, -unit.start, _period(m, p, unit.start, ci, ctx))
                    )
                    break
        if _REQUALIFY.search(s) and len(out["requalification"]) < 3:
            for m, p in _periods(s, unit.start):
                if p[1] in ("day", "business_day", "week", "month") and _BEFORE_END.match(
                    s, m.end()
                ):
                    out["requalification"].append(_period(m, p, unit.start, ci, ctx))
                    break
        if _REPORT.search(s):
            f = _freq(s)
            clause_id = ctx.structure.clauses[ci].id if ci >= 0 else None
            due = _DUE_AFTER.search(s) if f is not None else None
            # "20 Business Days after each Quarter": the clause's own cadence, also when the
            # frequency was read first from its heading ("Quarterly Reports")
            if (
                due is not None
                and len(out["reporting_due"]) < 6
                and not any(d.clause_id == clause_id for d in out["reporting_due"])
            ):
                dp = period_days(due)
                if dp is not None:
                    first = period_span(due)[0]  # "five (5) days after ...", not the words before
                    out["reporting_due"].append(
                        Period(
                            dp[0],
                            dp[1],
                            " ".join(s[first : due.end()].split()),
                            unit.start + first,
                            unit.start + due.end(),
                            clause_id,
                        )
                    )
            if (
                f is not None
                and len(out["reporting"]) < 6
                and not any((r.clause_id, r.n, r.unit) == (clause_id, *f) for r in out["reporting"])
            ):
                fm = _FREQ.search(s)
                assert fm is not None  # _freq(s) found it
                out["reporting"].append(
                    Period(
                        f[0],
                        f[1],
                        fm.group(0),
                        unit.start + fm.start(),
                        unit.start + fm.end(),
                        ctx.structure.clauses[ci].id if ci >= 0 else None,
                    )
                )
        if _AUDIT.search(s):
            for m, p in periods:
                window = s[max(0, m.start() - 40) : m.end() + 40]
                if _NOTICE_WORD.search(window) and p[1] in ("day", "business_day", "hour", "week"):
                    score = _audit_score(ctx, s, ci, audit_top)
                    candidates["audit_notice"].append(
                        (score, -unit.start, _period(m, p, unit.start, ci, ctx))
                    )
            f = _freq(s)
            if f is not None and re.search(
                r"\bonce\b|\bno more (?:than|often)|\bnot more (?:than|often)"
                r"|\beach\b|\bevery\b|annual",
                s,
                re.I,
            ):
                fm = _FREQ.search(s)
                assert fm is not None  # _freq(s) found it
                freq = Period(
                    f[0],
                    f[1],
                    fm.group(0),
                    unit.start + fm.start(),
                    unit.start + fm.end(),
                    ctx.structure.clauses[ci].id if ci >= 0 else None,
                )
                # in the clause that evidences the audit rights any frequency is the audit's;
                # elsewhere only one close to an audit word, not that of something else in a
                # sentence that mentions audits in passing
                score = _audit_score(ctx, s, ci, audit_top)
                if score >= 4 or any(
                    abs(am.start() - fm.start()) <= 100 for am in _AUDIT.finditer(s)
                ):
                    candidates["audit_frequency"].append((score, -unit.start, freq))
        if _CURE.search(s) and _BREACH.search(s) and len(out["cure_periods"]) < 6:
            for m, p in periods:
                near = s[max(0, m.start() - 80) : m.end() + 60]
                if (
                    p[1] in ("day", "business_day", "week", "month")
                    and p[0] <= 365
                    and _CURE.search(near)
                    and not _NOT_CURE.search(s[max(0, m.start() - 40) : m.start()])
                ):
                    out["cure_periods"].append(_period(m, p, unit.start, ci, ctx))
                    break
        if draws and _DRAW.search(s) and _CONDITION.search(s) and len(out["disbursement"]) < 4:
            dm = _DRAW.search(s)
            assert dm is not None  # searched just above
            out["disbursement"].append(
                Period(
                    1,
                    "event",
                    dm.group(0),
                    unit.start + dm.start(),
                    unit.start + dm.end(),
                    ctx.structure.clauses[ci].id if ci >= 0 else None,
                )
            )
    for key, found in candidates.items():
        if found:
            out[key] = max(found, key=lambda c: (c[0], c[1]))[2]
    facts = ctx.structure.term  # read from whole sentences with their clause: they come first
    if facts is not None:
        for key, value in (
            ("initial_term", facts.initial_term),
            ("renewal_term", facts.renewal_term),
            ("non_renewal_notice", facts.renewal_notice),
        ):
            if value is not None:
                out[key] = value
        if facts.renewal_term is not None and facts.automatic_renewal is not None:
            out["automatic_renewal"] = facts.automatic_renewal
    eff = _date(out["effective_date"])
    term = out["initial_term"]
    out["expiry"] = (
        add(eff, term.n, term.unit).isoformat()
        if eff and isinstance(term, Period) and term.unit in ("year", "month")
        else None
    )
    out["perpetual"] = False
    if facts is not None and facts.expiry is not None:
        out["perpetual"] = facts.expiry.value == "perpetual"
        out["expiry"] = None if out["perpetual"] else facts.expiry.value
    return out


def _date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def add(d: dt.date, n: int, unit: str) -> dt.date:
    """``d`` plus n units, month ends clamped (31 January + 1 month = 28/29 February)."""
    out = add_period(d, n, unit)
    if out is None:
        raise ValueError(f"unknown unit {unit!r}")
    return out


def _period_end(d: dt.date, months: int) -> dt.date:
    """The last day of the calendar period of ``months`` months (quarter, half-year, year) that
    ends on or after ``d``."""
    month = ((d.month - 1) // months + 1) * months
    year = d.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return (
        dt.date(year, month, 1)
        + dt.timedelta(days=31)
        - dt.timedelta(days=(dt.date(year, month, 1) + dt.timedelta(days=31)).day)
    )


def _phrase(p: Period) -> str:
    unit = p.unit.replace("_", " ")
    return f"{p.n} {unit}{'s' if p.n != 1 else ''}"


def _evidence_top(ctx: Context, findings: tuple[Finding, ...], moment: str) -> int | None:
    """The top-level clause holding the evidence of a found provision whose lever is the
    moment's (the audit rights for the audit window), or None."""
    data = load_moments()
    if moment not in data.moments:
        return None
    lever = data.moments[moment].lever
    for f in findings:
        if f.status is Status.MISSING or not f.evidence:
            continue
        if data.provision_levers.get(f.provision) != lever:
            continue
        ci = clause_index_at(ctx.structure, f.evidence[0].start)
        if ci >= 0:
            anc = ctx.ancestors(ci)
            return anc[-1] if anc else ci
    return None


def _audit_score(ctx: Context, s: str, ci: int, audit_top: int | None) -> int:
    """How surely a sentence's period belongs to the audit right: in the clause that evidences
    it, then naming an audit, then in a human-rights clause."""
    anc = ctx.ancestors(ci) if ci >= 0 else ()
    top = (anc[-1] if anc else ci) if ci >= 0 else None
    return (
        4 * (audit_top is not None and top == audit_top)
        + 2 * bool(re.search(r"\baudit", s, re.I))
        + bool(ci >= 0 and ctx.clause_tree[ci] & _NEXUS)
    )


def rows(
    ctx: Context,
    dates: dict[str, Any],
    instances: tuple[MomentInstance, ...],
    findings: tuple[Finding, ...],
    data: MomentData,
    today: dt.date | None = None,
) -> tuple[TimelineRow, ...]:
    """One row per moment instance worth a date, ordered by phase then date."""
    del today  # rows state dates; what is upcoming is the reader's question (portfolio calendar)
    eff = _date(dates.get("effective_date"))
    expiry = _date(dates.get("expiry"))
    term = dates.get("initial_term")
    hook = {
        m: max(
            (i.hr_hook for i in instances if i.moment == m),
            key=cast(Callable[[str], int], HOOK_RANK.get),
            default="absent",
        )
        for m in data.moments
    }
    first = {m: _placed(ctx, [i for i in instances if i.moment == m], data) for m in data.moments}
    missing = tuple(f.provision for f in findings if f.status is Status.MISSING)
    out: list[TimelineRow] = []

    def row(
        moment: str,
        when: When,
        label: str,
        clause: str | None,
        provisions=(),
        source=None,
        markers=(),
        own_clause: bool = False,
    ):
        inst = first.get(moment)
        if not data.moments[moment].arises_in(ctx.structure.relationship):
            return
        label = " ".join(label.split())  # "each   quarter report" read across a line break
        when = replace(when, text=" ".join(when.text.split()))
        out.append(
            TimelineRow(
                moment,
                data.moments[moment].phase,
                when,
                label,
                clause if clause is not None or own_clause else (inst.clause_id if inst else None),
                tuple(provisions) or (tuple(p for p, _ in inst.provisions) if inst else ()),
                inst.lever if inst else data.moments[moment].lever,
                hook[moment],
                source,
                tuple(markers),
            )
        )

    row(
        "contract_negotiation",
        When("date", eff.isoformat(), date=eff.isoformat())
        if eff
        else When("event", "signing and each amendment"),
        f"signing: {len(missing)} provision(s) missing to negotiate",
        None,
        missing[:8],
        own_clause=True,
    )
    renewal = dates.get("renewal_term")
    notice = dates.get("non_renewal_notice")
    renewal_moment = (
        "licence_renewal"
        if first.get("licence_renewal") and not first.get("service_renewal")
        else "service_renewal"
    )
    if isinstance(notice, Period):
        src = (notice.start, notice.end)
        if expiry:
            deadline = expiry - dt.timedelta(days=notice.days)
            row(
                renewal_moment,
                When(
                    "date",
                    f"{deadline.isoformat()} ({_phrase(notice)} "
                    f"before expiry on {expiry.isoformat()})"
                    + (f", then every {_phrase(renewal)}" if isinstance(renewal, Period) else ""),
                    date=deadline.isoformat(),
                    end=expiry.isoformat(),
                    offset_days=-notice.days,
                    every=(renewal.n, renewal.unit) if isinstance(renewal, Period) else None,
                ),
                "last day to give notice of non-renewal, or to require human-rights terms before "
                + ("automatic renewal" if dates.get("automatic_renewal") else "renewal"),
                notice.clause_id,
                source=src,
            )
        else:
            row(
                renewal_moment,
                When(
                    "relative",
                    f"{_phrase(notice)} before the end of the term and of each renewal",
                    offset_days=-notice.days,
                ),
                "notice window to stop renewal, or to require human-rights terms",
                notice.clause_id,
                source=src,
            )
    for req in dates.get("requalification") or ():
        due = expiry - dt.timedelta(days=req.days) if expiry else None
        row(
            "bid_qualification",
            When(
                "date",
                f"{due.isoformat()} ({_phrase(req)} before expiry on {expiry.isoformat()})",
                date=due.isoformat(),
                end=expiry.isoformat(),
                offset_days=-req.days,
            )
            if due and expiry
            else When(
                "relative", f"{_phrase(req)} before the end of the term", offset_days=-req.days
            ),
            "human-rights re-qualification due before the term ends",
            req.clause_id,
            source=(req.start, req.end),
            own_clause=True,
        )
    if expiry:
        row(
            renewal_moment if isinstance(renewal, Period) else "exit",
            When(
                "date",
                expiry.isoformat(),
                date=expiry.isoformat(),
                every=(renewal.n, renewal.unit) if isinstance(renewal, Period) else None,
            ),
            (
                "end of the initial term; renews "
                + (f"for {_phrase(renewal)} periods" if isinstance(renewal, Period) else "")
                + (" automatically" if dates.get("automatic_renewal") else "")
            )
            if isinstance(renewal, Period)
            else "end of the initial term",
            # the clause that sets the term, not the first clause that mentions renewal or exit
            term.clause_id if isinstance(term, Period) and term.clause_id else None,
        )
    elif isinstance(renewal, Period):
        row(
            renewal_moment,
            When(
                "recurrence",
                f"every {_phrase(renewal)} after the initial term",
                every=(renewal.n, renewal.unit),
            ),
            "renewal" + (" (automatic)" if dates.get("automatic_renewal") else ""),
            renewal.clause_id,
            source=(renewal.start, renewal.end),
        )
    due_after = {d.clause_id: d for d in dates.get("reporting_due") or ()}
    for rep in dates.get("reporting") or ():
        due = due_after.get(rep.clause_id)
        if due is not None and rep.unit == "month" and rep.n in (1, 3, 6, 12):
            end = _period_end(eff, rep.n) if eff else None
            first_date = add_period(end, due.n, due.unit) if end else None
            text = f"{due.text} (every {_phrase(rep)})" + (
                f", first on {first_date.isoformat()}" if first_date else ""
            )
        else:
            first_date = add(eff, rep.n, rep.unit) if eff else None
            text = f"every {_phrase(rep)}" + (
                f" from {eff.isoformat()}" if eff else " from the effective date"
            )
        row(
            "periodic_reporting",
            When(
                "recurrence",
                text,
                date=first_date.isoformat() if first_date else None,
                every=(rep.n, rep.unit),
            ),
            f"{rep.text} report",
            rep.clause_id,
            source=(rep.start, rep.end),
        )
    audit_freq, audit_notice = dates.get("audit_frequency"), dates.get("audit_notice")
    if isinstance(audit_freq, Period) or isinstance(audit_notice, Period):
        parts = []
        if isinstance(audit_freq, Period):
            parts.append(f"up to {audit_freq.text}")
        if isinstance(audit_notice, Period):
            parts.append(f"on {_phrase(audit_notice)}' notice")
        audit_src = audit_freq if isinstance(audit_freq, Period) else audit_notice
        assert audit_src is not None  # one of the two is a Period
        row(
            "monitoring_audit",
            When(
                "recurrence" if isinstance(audit_freq, Period) else "event",
                "audit " + ", ".join(parts),
                every=(audit_freq.n, audit_freq.unit) if isinstance(audit_freq, Period) else None,
                offset_days=audit_notice.days if isinstance(audit_notice, Period) else None,
            ),
            "audit window",
            audit_src.clause_id,
            source=(audit_src.start, audit_src.end),
        )
    for cure in (dates.get("cure_periods") or ())[:3]:
        row(
            "exit",
            When("relative", f"{_phrase(cure)} after notice of breach", offset_days=cure.days),
            "cure period before termination",
            cure.clause_id,
            source=(cure.start, cure.end),
        )
    for d in (dates.get("disbursement") or ())[:2]:
        row(
            "disbursement",
            When("event", f"each {d.text.lower()}"),
            "conditions to check before funds are released",
            d.clause_id,
            source=(d.start, d.end),
        )
    dated = {r.moment for r in out}
    for mid, moment in data.moments.items():
        inst = first.get(mid)
        if mid in dated or inst is None:
            continue
        row(
            mid,
            When("event", _EVENT.get(mid, "as the clause provides")),
            moment.label,
            inst.clause_id,
            source=(inst.start, inst.end) if inst.start is not None else None,
        )
    order = {
        p: i
        for i, p in enumerate(
            ("pre-award", "signing", "conditions", "performance", "renewal", "exit", "survival")
        )
    }
    return tuple(sorted(out, key=lambda r: (order[r.phase], r.when.date or "9999")))


# label words too general to tell a clause's heading: "Supply" heads half a supply agreement
_LABEL_STOP = {
    "shift's",
    "service",
    "supply",
    "change",
    "control",
    "contract",
    "funds",
    "processes",
}


def _placed(
    ctx: Context, instances: list[MomentInstance], data: MomentData
) -> MomentInstance | None:
    """The clause a moment's row sits on: the one whose finding creates it, else one headed as
    the moment is ("Product Training" for technical assistance and training), else the first
    clause that mentions it, not a clause that uses its words in passing ("export licence may be
    revoked" under Export Controls)."""
    placed = [i for i in instances if i.clause_id]
    if not placed:
        return None
    moment = data.moments.get(placed[0].moment)
    words = {
        w.rstrip("s")[:6]  # "audits" heads "Audit Rights"; "complaint" is not "compliance"
        for w in re.findall(r"[a-z']+", (moment.label if moment else "").lower())
        if len(w) > 3 and w not in _LABEL_STOP
    }
    by_id = {c.id: c for c in ctx.structure.clauses}

    def headed(i: MomentInstance) -> bool:
        c = by_id.get(i.clause_id or "")
        while c is not None:
            heading = (c.heading or "").lower()
            if any(w in heading for w in words):
                return True
            c = by_id.get(c.parent or "")
        return False

    return min(
        enumerate(placed), key=lambda pair: (not pair[1].provisions, not headed(pair[1]), pair[0])
    )[1]


_EVENT = {
    "bid_qualification": "before award and at re-qualification",
    "maintenance": "each service or support call",
    "technical_assistance": "each scheduled session",
    "complaint_process": "each complaint or incident",
    "order_change": "each order, forecast or change order",
    "exit": "on notice of termination",
    "change_of_control_or_use": "each assignment, transfer or change of control",
    "monitoring_audit": "each audit or inspection",
    "periodic_reporting": "each report",
    "disbursement": "each drawdown",
    "licence_renewal": "each renewal",
    "service_renewal": "each renewal",
    "contract_negotiation": "each review or amendment",
}


def leverage_density(
    instances: tuple[MomentInstance, ...], dates: dict[str, object]
) -> float | None:
    """Explicit-hook moment instances per contract year (None when the term is not stated)."""
    term = dates.get("initial_term")
    if not isinstance(term, Period) or term.unit not in ("year", "month"):
        return None
    years = term.n if term.unit == "year" else term.n / 12
    explicit = sum(1 for i in instances if i.hr_hook == "explicit")
    return round(explicit / years, 2) if years > 0 else None
