"""HTML report sections for the findings (with highlighted evidence) and the suggested clauses."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from clausecheck.report.digest import (
    decision_text,
    insertion_text,
    priority_rank,
    readable,
    shown_status,
)
from clausecheck.report.digest import provision_name as title_of
from clausecheck.report.html_parts import (
    anchor_id,
    code_list,
    definition_list,
    humanise,
    moments_text,
    priority_badge,
    section,
    section_ref,
    status_badge,
    status_class,
    status_of,
    text_list,
)
from clausecheck.report.htmlutil import esc

Context = tuple[int, int, str]  # a span of the document text whose exact text we hold

_ACTION = {"extend": "extend the existing clause", "add": "add a clause"}


def contexts(d: Mapping[str, Any]) -> list[Context]:
    """Clause texts with offsets found elsewhere in the report (timeline sources, moment instances).

    Only spans whose text length matches their offsets are kept, so evidence can be cut out of
    them by offset without guessing.
    """
    traction = d.get("traction") or {}
    spans: list[Any] = [row.get("source") for row in traction.get("timeline") or ()]
    for moment in traction.get("moments") or ():
        spans.extend(moment.get("instances") or ())
    found = []
    for s in spans:
        if not isinstance(s, Mapping):
            continue
        start, end, text = s.get("start"), s.get("end"), s.get("text")
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and isinstance(text, str)
            and len(text) == end - start
        ):
            found.append((start, end, text))
    return found


def _highlighted(ev: Mapping[str, Any], spans: Sequence[Context]) -> str:
    """The evidence in <mark>, inside the widest known clause text that contains it."""
    text, start, end = str(ev.get("text") or ""), ev.get("start"), ev.get("end")
    mark = f"<mark>{esc(text)}</mark>"
    if not isinstance(start, int) or not isinstance(end, int):
        return mark
    best = None
    for s, e, ctx in spans:
        inside = s <= start and end <= e and ctx[start - s : end - s] == text
        if inside and (best is None or e - s > best[1] - best[0]):
            best = (s, e, ctx)
    if best is None:
        return mark
    s, _, ctx = best
    return f"{esc(ctx[: start - s])}{mark}{esc(ctx[end - s :])}"


def _evidence(ev: Mapping[str, Any], spans: Sequence[Context]) -> str:
    where = section_ref(ev.get("section"), ev.get("heading"), ev.get("page"))
    ocr = ' <span class="badge">OCR</span>' if ev.get("ocr") else ""
    return (
        f'<figure class="evidence"><figcaption>{where}'
        f"{ocr}</figcaption><blockquote>{_highlighted(ev, spans)}</blockquote></figure>"
    )


_TECHNICAL_REASONS = ("model:", "judge:")
_SCORES_NOTE = (
    "The status is the call of the rules and the judge reading the clause in its context. "
    "The model and judge figures are probabilities over candidate sentences: p(none) is the "
    "chance that one sentence on its own is unrelated to the provision, so a high p(none) can sit "
    "beside a present call made from another sentence or from the clause's context."
)
_PURPOSE = {
    "oblige": "it obliges the other party to act",
    "oblige_to_engage": "it obliges the other party to engage",
    "persuade": "it gives grounds to persuade",
}


def _confidence_words(conf: Any) -> str:
    if not isinstance(conf, (int, float)):
        return ""
    level = "high" if conf >= 0.8 else "medium" if conf >= 0.6 else "low"
    return f"{level} ({conf:.0%})"


def _facts(f: Mapping[str, Any]) -> str:
    """What a reader acts on, in plain words; the technical record is in ``_technical``."""
    confidence = _confidence_words(f.get("confidence"))
    if f.get("uncertain"):
        confidence += "; uncertain: an edge case of the specification"
    priority = priority_badge(f.get("priority")) if f.get("priority") else ""
    if priority and f.get("priority_reason"):
        priority += f" {esc(f.get('priority_reason'))}"
    lev = f.get("leverage") or {}
    return definition_list(
        [
            ("Confidence", esc(confidence)),
            ("Priority", priority),
            ("What to do", esc(_ACTION.get(f.get("action") or "", ""))),
            ("Who must act", esc(f.get("obligor"))),
            ("Who holds the right", esc(f.get("holder"))),
            ("Why it matters", esc(_PURPOSE.get(str(lev.get("purpose")), ""))),
            ("Moments it creates or uses", esc(moments_text(f.get("moments")))),
        ]
    )


# a rejected candidate as grade/explain.rejection_text writes it: 10.2 'Each Party ...': why
_CANDIDATE = re.compile(r"^(?P<clause>.*?) '(?P<snippet>.*?)(?:\.\.\.)?': (?P<why>.*)$", re.S)
_LOOKALIKE = re.compile(r"^look-alike \((?P<what>.*)\)$", re.S)
_PROBABILITY = re.compile(r"[,:;]?\s*(?:the judge scores it )?p\([^)]*\)\s*=\s*[\d.]+")
_NEAR_MISS = 0.3  # a judge score from which a rejected clause reads as "came close"


def examined_plain(candidate: Any, provision: str) -> str:
    """One rejected candidate in plain words, without the judge's score (which is in the
    technical detail): "10.2 “Each Party shall comply ...” - judged not to meet the Code of
    conduct provision"."""
    text = readable(candidate)
    m = _CANDIDATE.match(text)
    if m is None:  # not in the shape explain writes: keep the words, drop any probability
        return _PROBABILITY.sub("", text).strip()
    where = f"{m['clause']} \u201c{m['snippet'].rstrip('.')}\u2026\u201d"
    why = m["why"]
    score = re.search(r"p\(found\)=([\d.]+)", why)
    look = _LOOKALIKE.match(why)
    if score is not None:
        close = float(score.group(1)) >= _NEAR_MISS
        said = f"judged not to meet the {provision} provision"
        said = f"came close, but {said}" if close else said
    elif look is not None:
        what = ", ".join(humanise(w.strip()).lower() for w in look["what"].split(","))
        said = f"a look-alike ({what}), not the {provision} provision"
    elif why.startswith("cue without"):
        said = "mentions the subject, but without the wording or context the provision needs"
    else:
        said = _PROBABILITY.sub("", why).strip()
    return f"{where} \u2013 {said}"


def _technical(f: Mapping[str, Any], scores: Sequence[str], candidates: Sequence[str] = ()) -> str:
    """Rule ids, cues, Shift category and model probabilities, folded away by default."""
    lev = f.get("leverage") or {}
    leverage = ""
    if lev:
        leverage = esc(
            f"Shift category {lev.get('category', '?')}, "
            f"purpose {humanise(lev.get('purpose')).lower()}"
        )
    rows = definition_list(
        [
            ("Provision id", code_list([f.get("provision")])),
            ("Rule", code_list([f.get("rule")])),
            ("Cues", code_list(f.get("cues") or ())),
            ("Shift leverage", leverage),
            ("Scores", text_list(scores)),
            ("Clauses examined", text_list(candidates)),
        ]
    )
    note = f'<p class="muted">{esc(_SCORES_NOTE)}</p>' if scores else ""
    return f'<details class="technical"><summary>Technical detail</summary>{rows}{note}</details>'


def _decision(f: Mapping[str, Any]) -> str:
    d = f.get("decision")
    if not isinstance(d, Mapping):
        return ""
    said = decision_text(f) or ""
    cls = "disagrees" if d.get("disagrees") else "changed" if d.get("changed") else "confirmed"
    return (
        f'<p class="decision {cls}"><strong>Reviewer:</strong> {esc(said)}. '
        f'{esc(d.get("reason"))} <span class="muted">(the tool\'s call: '
        f"{esc(d.get('tool_now') or f.get('status'))})</span></p>"
    )


def finding_article(f: Mapping[str, Any], spans: Sequence[Context]) -> str:
    pid = f.get("provision")
    status = status_of(shown_status(f))
    reasons = [readable(r) for r in f.get("reasons") or ()]
    verdict = f'<p class="verdict">{esc(reasons[0])}</p>' if reasons else ""
    evidence = "".join(
        _evidence(ev, spans) for ev in f.get("evidence") or () if isinstance(ev, Mapping)
    )
    candidates = [readable(c) for c in f.get("candidates") or () if c]
    # The decision log repeats the examined clauses in one long line; they are listed below.
    scores = [str(r) for r in reasons[1:] if str(r).startswith(_TECHNICAL_REASONS)]
    more = text_list(
        r
        for r in reasons[1:]
        if not (candidates and candidates[0] in str(r)) and str(r) not in scores
    )
    notes = text_list(readable(n) for n in f.get("notes") or ())
    parts = [
        f'<article class="finding st-{status_class(status)}" id="{anchor_id("f", pid)}">',
        f"<h3>{esc(title_of(f))} {status_badge(status)}</h3>",
        _decision(f),
        verdict,
        _facts(f),
        evidence,
    ]
    if more:
        parts.append(f"<h4>Why</h4>{more}")
    if notes:
        parts.append(f"<h4>Notes</h4>{notes}")
    shown = []
    if status == "missing":
        shown = candidates  # with the judge's scores, in the technical detail
        name = title_of(f)
        plain = [examined_plain(c, name) for c in candidates]
        examined = (
            f"<p>The closest clauses, read and rejected:</p>{text_list(plain)}"
            if plain
            else '<p class="muted">No clause came close.</p>'
        )
        parts.append(f"<h4>What was examined</h4>{examined}")
    parts.append(_technical(f, scores, shown))
    n = len(f.get("suggestions") or ())
    if n:
        parts.append(
            f'<p><a href="#{anchor_id("s", pid)}-1">{n} suggested '
            f"clause{'s' if n > 1 else ''}</a></p>"
        )
    parts.append(
        '<p class="back"><a href="#provisions">Back to the provision table</a></p></article>'
    )
    return "".join(parts)


def findings_section(d: Mapping[str, Any]) -> str:
    spans = contexts(d)
    body = "".join(
        finding_article(f, spans) for f in d.get("findings") or () if isinstance(f, Mapping)
    )
    return section(
        "findings",
        "Findings",
        body,
        intro="Each provision with its evidence highlighted, the reasons for its status, "
        "and for missing provisions the clauses that were examined and rejected.",
    )


def _insertion(ins: Mapping[str, Any] | None) -> str:
    return f'<p class="where">Insert {esc(insertion_text(dict(ins)))}.</p>' if ins else ""


def _copy_block(block_id: str, label: str, text: str) -> str:
    """A <pre> with a Copy button (the button is shown by the script; print hides it)."""
    return (
        f'<div class="copyable"><div class="copy-bar"><span>{label}</span>'
        f'<button type="button" class="copy" data-target="{block_id}" hidden>Copy</button></div>'
        f'<pre id="{block_id}">{esc(text)}</pre></div>'
    )


def suggestion_article(f: Mapping[str, Any], s: Mapping[str, Any], n: int) -> str:
    pid = f.get("provision")
    sid = f"{anchor_id('s', pid)}-{n}"
    heading = " ".join(
        str(x) for x in ((s.get("insertion") or {}).get("section_number"), s.get("heading")) if x
    )
    clause = f"{heading}\n\n{s.get('text') or ''}" if heading else str(s.get("text") or "")
    defs = s.get("definitions") or ()
    def_text = "\n\n".join(
        f'"{x.get("term", "")}" {x.get("text", "")}' for x in defs if isinstance(x, Mapping)
    )
    meta = definition_list(
        [
            ("Tier", esc(s.get("tier"))),
            ("Action", esc(_ACTION.get(s.get("action") or "", s.get("action")))),
            ("Fixes", esc(", ".join(map(str, s.get("fixes") or ())))),
            ("Moments", esc(", ".join(humanise(m).lower() for m in s.get("moments") or ()))),
            ("Frameworks", text_list(s.get("frameworks") or ())),
        ]
    ) + (
        '<details class="technical"><summary>Technical detail</summary>'
        + definition_list(
            [
                ("Library entry", code_list([s.get("entry")])),
                ("Shift key", code_list([s.get("shift_key")])),
            ]
        )
        + "</details>"
    )
    parts = [
        f'<article class="suggestion" id="{sid}">',
        f"<h3>{esc(s.get('title') or humanise(s.get('entry')))} "
        f"{priority_badge(f.get('priority'))}</h3>",
        f'<p class="for">For <a href="#{anchor_id("f", pid)}">{esc(title_of(f))}</a> '
        f"{status_badge(f.get('status'))}</p>",
        _insertion(s.get("insertion")),
        f'<p class="rationale">{esc(readable(s.get("rationale")))}</p>'
        if s.get("rationale")
        else "",
        _copy_block(f"{sid}-text", "Clause text", clause),
    ]
    if def_text:
        parts.append(_copy_block(f"{sid}-defs", "Definitions the clause needs", def_text))
    parts.append(f"{meta}</article>")
    return "".join(parts)


def suggestions_section(d: Mapping[str, Any]) -> str:
    findings = [
        f for f in d.get("findings") or () if isinstance(f, Mapping) and f.get("suggestions")
    ]
    findings.sort(
        key=lambda f: priority_rank(f.get("priority"))
    )  # stable: table order within a priority
    body = "".join(
        suggestion_article(f, s, n)
        for f in findings
        for n, s in enumerate(f.get("suggestions") or (), 1)
        if isinstance(s, Mapping)
    )
    if not body:
        body = '<p class="muted">No suggested clauses in this report.</p>'
    return section(
        "suggestions",
        "Suggested clauses",
        body,
        intro="Model clauses from the clause library, highest priority first, filled with the "
        "contract's defined names. Review before use: they are drafting starting points.",
    )
