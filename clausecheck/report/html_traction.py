"""HTML report section for the moments of traction: dates, the 13 moments, gap markers, timeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from clausecheck.report import svg_timeline
from clausecheck.report.digest import readable
from clausecheck.report.html_parts import (
    anchor_id,
    code_list,
    definition_list,
    hook_badge,
    humanise,
    or_dash,
    priority_badge,
    section,
    section_ref,
    status_badge,
)
from clausecheck.report.htmlutil import esc

_PERIODS = ("initial_term", "renewal_term", "non_renewal_notice", "audit_notice", "audit_frequency")
_PERIOD_LISTS = ("reporting", "cure_periods", "disbursement")


def _period(p: Any) -> str:
    if not isinstance(p, Mapping):
        return ""
    text = p.get("text") or (f"{p.get('n')} {p.get('unit')}" if p.get("n") else "")
    where = f" (section {esc(p.get('section'))})" if p.get("section") else ""
    return f"{esc(text)}{where}" if text else ""


def _dates(dates: Mapping[str, Any]) -> str:
    rows = [
        ("Effective date", esc(dates.get("effective_date"))),
        ("Expiry", esc(dates.get("expiry"))),
    ]
    if "automatic_renewal" in dates:
        rows.append(("Automatic renewal", "yes" if dates.get("automatic_renewal") else "no"))
    rows += [(humanise(k), _period(dates.get(k))) for k in _PERIODS]
    rows += [
        (humanise(k), "; ".join(x for x in map(_period, dates.get(k) or ()) if x))
        for k in _PERIOD_LISTS
    ]
    return definition_list(rows)


def _instance(inst: Mapping[str, Any]) -> str:
    provs = " ".join(
        f'<a href="#{anchor_id("f", p.get("id"))}">{esc(humanise(p.get("id")))}</a> '
        f"{status_badge(p.get('status'))}"
        for p in inst.get("provisions") or ()
        if isinstance(p, Mapping)
    )
    who = " \u2192 ".join(esc(x) for x in (inst.get("holder"), inst.get("obligor")) if x)
    markers = code_list(inst.get("markers") or ())
    excerpt = (
        f'<blockquote class="excerpt">{esc(inst.get("text"))}</blockquote>'
        if inst.get("text")
        else ""
    )
    return (
        f"<li><p><strong>{section_ref(inst.get('section'), inst.get('heading'))}</strong> "
        f"{hook_badge(inst.get('hr_hook'))} lever: {esc(humanise(inst.get('lever')).lower())}"
        f"{' (' + who + ')' if who else ''} {provs} {markers}</p>{excerpt}</li>"
    )


def _moments(moments: list[Mapping[str, Any]]) -> str:
    rows, details = [], []
    for m in moments:
        mid = m.get("moment")
        instances = [i for i in m.get("instances") or () if isinstance(i, Mapping)]
        where = ", ".join(str(i.get("section")) for i in instances if i.get("section"))
        name = esc(m.get("label") or humanise(mid))
        link = f'<a href="#{anchor_id("m", mid)}">{name}</a>' if instances else name
        kind = "Shift" if m.get("shift") else "lifecycle"
        rows.append(
            f'<tr><th scope="row">{link}</th><td>{kind}</td>'
            f"<td>{'yes' if m.get('created') else 'no'}</td><td>{hook_badge(m.get('hr_hook'))}</td>"
            f'<td class="num">{len(instances)}</td><td>{or_dash(esc(where))}</td></tr>'
        )
        if instances:
            details.append(
                f'<details id="{anchor_id("m", mid)}" open><summary>{name}: {len(instances)} '
                f"instance{'s' if len(instances) > 1 else ''}</summary>"
                f'<ul class="instances">{"".join(map(_instance, instances))}</ul></details>'
            )
    table = (
        '<div class="scroll"><table class="data"><caption>The 13 moments of traction '
        "(Shift's ten plus three lifecycle additions)</caption><thead><tr>"
        '<th scope="col">Moment</th><th scope="col">Source</th><th scope="col">Created</th>'
        '<th scope="col">HR hook</th><th scope="col">Instances</th><th scope="col">Sections</th>'
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    return table + "".join(details)


def _markers(markers: list[Mapping[str, Any]]) -> str:
    if not markers:
        return '<p class="muted">No gap markers.</p>'
    rows = "".join(
        f'<tr><th scope="row"><code>{esc(m.get("code"))}</code></th>'
        f"<td>{esc(humanise(m.get('type')))}</td>"
        f"<td>{priority_badge(m.get('severity'))}</td><td>{esc(readable(m.get('message')))}</td>"
        f"<td>{or_dash(esc(m.get('section')))}</td>"
        f"<td>{or_dash(esc(humanise(m.get('suggest')) if m.get('suggest') else ''))}</td></tr>"
        for m in markers
    )
    return (
        '<div class="scroll"><table class="data"><caption>Gap markers: unused moments (UM), orphan '
        "obligations (OO), broken consequence ladder (BL1-BL4)</caption><thead><tr>"
        '<th scope="col">Code</th><th scope="col">Type</th><th scope="col">Severity</th>'
        '<th scope="col">Message</th><th scope="col">Section</th>'
        '<th scope="col">Suggested entry</th>'
        f"</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def _timeline_table(timeline: list[Mapping[str, Any]]) -> str:
    rows = "".join(
        f"<tr><td>{esc(r.get('phase'))}</td><td>{esc((r.get('when') or {}).get('text'))}</td>"
        f'<th scope="row">{esc(r.get("label") or humanise(r.get("moment")))}</th>'
        f"<td>{section_ref(r.get('section'), r.get('heading'))}</td>"
        f"<td>{or_dash(esc(humanise(r.get('lever')).lower()))}</td>"
        f"<td>{hook_badge(r.get('hr_hook'))}</td>"
        f"<td>{or_dash(code_list(r.get('markers') or ()))}</td></tr>"
        for r in timeline
    )
    return (
        '<details class="timeline-rows"><summary>Timeline as a table</summary><div class="scroll">'
        '<table class="data"><thead><tr><th scope="col">Phase</th><th scope="col">When</th>'
        '<th scope="col">Moment</th><th scope="col">Clause</th><th scope="col">Lever</th>'
        '<th scope="col">HR hook</th><th scope="col">Gaps</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></div></details>"
    )


def traction_section(d: Mapping[str, Any]) -> str:
    traction = d.get("traction")
    if not isinstance(traction, Mapping):
        return section(
            "traction",
            "Moments of traction",
            '<p class="muted">This report was made without the leverage map.</p>',
        )
    moments = [m for m in traction.get("moments") or () if isinstance(m, Mapping)]
    markers = [m for m in traction.get("markers") or () if isinstance(m, Mapping)]
    timeline = [r for r in traction.get("timeline") or () if isinstance(r, Mapping)]
    chart = svg_timeline.render(timeline)
    body = [
        _dates(traction.get("dates") or {}),
        "<h3>Moments</h3>",
        _moments(moments),
        "<h3>Gap markers</h3>",
        _markers(markers),
        '<h3 id="timeline">Timeline</h3>',
    ]
    if chart:
        body += [f'<div class="scroll chart">{chart}</div>', _timeline_table(timeline)]
    else:
        body.append('<p class="muted">No timeline rows.</p>')
    return section(
        "traction",
        "Moments of traction",
        "".join(body),
        intro="Where the contract creates a moment at which the company can act, whether that "
        "moment carries a human-rights hook, and where the chain of leverage breaks.",
    )
