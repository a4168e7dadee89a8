"""Small HTML fragments shared by the sections of the HTML report.

Every function takes values from the report dict (untrusted contract text included) and
returns markup with each value escaped by ``htmlutil.esc``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from clausecheck.report.digest import PRIORITIES, STATUSES
from clausecheck.report.htmlutil import esc

HOOKS = ("explicit", "possible", "absent")

# A symbol next to every colour, so nothing is told by colour alone.
STATUS_SYMBOL = {"present": "\u2713", "weak": "\u25d0", "missing": "\u2717", "n/a": "\u2013"}
HOOK_SYMBOL = {"explicit": "\u25cf", "possible": "\u25c6", "absent": "\u25a1"}

_ID_UNSAFE = re.compile(r"[^a-z0-9_-]+")


def humanise(identifier: Any) -> str:
    """``audit_rights`` -> ``Audit rights`` (display only; ids stay as they are elsewhere)."""
    text = str(identifier or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def anchor_id(prefix: str, identifier: Any) -> str:
    """A fragment id built only from [a-z0-9_-], whatever the input holds."""
    return f"{prefix}-{_ID_UNSAFE.sub('-', str(identifier).lower())}"


def status_of(value: Any) -> str:
    """A known status (or "n/a"), or "missing" for anything else (old or damaged reports)."""
    return value if value in STATUSES or value == "n/a" else "missing"


def status_class(status: str) -> str:
    return "na" if status == "n/a" else status


def hook_of(value: Any) -> str:
    return value if value in HOOKS else "absent"


def status_badge(status: Any) -> str:
    s = status_of(status)
    return f'<span class="badge st-{status_class(s)}">{STATUS_SYMBOL[s]} {s}</span>'


def hook_badge(hook: Any) -> str:
    h = hook_of(hook)
    return f'<span class="badge hk-{h}">{HOOK_SYMBOL[h]} {h}</span>'


def priority_badge(priority: Any) -> str:
    if priority not in PRIORITIES:
        return or_dash("")
    return f'<span class="badge pr-{priority}">{priority}</span>'


def or_dash(markup: str) -> str:
    """``markup``, or a muted en dash where it is empty."""
    return markup or '<span class="muted">\u2013</span>'


def section_ref(section: Any, heading: Any = None, page: Any = None) -> str:
    """ "8.3 Audit of Records, p. 4" (escaped); an en dash when nothing is known."""
    parts = " ".join(esc(x) for x in (section, heading) if x)
    if page:
        parts = f"{parts}, p.\u00a0{esc(page)}" if parts else f"p.\u00a0{esc(page)}"
    return or_dash(parts)


def text_list(items: Iterable[Any], *, cls: str = "plain") -> str:
    """A <ul> of escaped strings, or an empty string when there are none."""
    lis = "".join(f"<li>{esc(x)}</li>" for x in items if x not in (None, ""))
    return f'<ul class="{cls}">{lis}</ul>' if lis else ""


def code_list(items: Iterable[Any]) -> str:
    """Each distinct item once, in order, as <code>."""
    return " ".join(f"<code>{esc(x)}</code>" for x in dict.fromkeys(items) if x)


def definition_list(rows: Iterable[tuple[str, str]]) -> str:
    """A <dl> of (label, already-escaped value) pairs, skipping empty values."""
    body = "".join(f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="facts">{body}</dl>' if body else ""


def moments_text(moments: Mapping[str, Any] | None) -> str:
    """ "creates: exit; uses: monitoring audit" as plain (unescaped) text."""
    moments = moments or {}
    parts = []
    for key in ("creates", "uses"):
        names = [humanise(m).lower() for m in moments.get(key) or ()]
        if names:
            parts.append(f"{key}: {', '.join(names)}")
    return "; ".join(parts)


def section(section_id: str, title: str, body: str, *, intro: str = "") -> str:
    """A top-level report section with its heading (title and intro are our own text)."""
    lead = f'<p class="intro">{intro}</p>' if intro else ""
    return (
        f'<section id="{section_id}" aria-labelledby="{section_id}-h">'
        f'<h2 id="{section_id}-h">{title}</h2>{lead}{body}</section>'
    )
