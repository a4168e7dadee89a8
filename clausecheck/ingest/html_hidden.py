"""HTML text a reader cannot see: never evidence.

Two kinds. Some styles hide an element with everything in it, whatever its children say
(``display:none``, ``opacity:0``, clipped to nothing, moved off-screen, the ``hidden``
attribute, deleted text in ``<del>``): ``hides_subtree``. Others are inherited and a child may
undo them (``visibility:hidden`` then ``visible``; ``font-size:0`` on a row of inline blocks
whose children set their own size, a common layout trick): ``hides_text`` follows them down
the tree. Styles come from ``style`` attributes and from simple rules in ``<style>`` blocks
(``.class``, ``#id``, ``tag``, ``tag.class``); nothing is fetched.
"""

from __future__ import annotations

import re
from typing import Any

_HIDDEN_TAGS = {"del"}  # deleted text is not agreed text
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LENGTH = re.compile(r"^(-?[\d.]+)(px|pt|em|rem|%|)$")
_ABSOLUTE = {"px": 1.0, "pt": 4 / 3, "": 1.0, "rem": 16.0}
_OFFSCREEN_PX = 1000  # a box moved this far off the page edge is off-screen
MIN_FONT_PX = 1.0  # a font smaller than this cannot be read


def declarations(css: str) -> dict[str, str]:
    """``property -> value`` of a CSS declaration block, all whitespace (tabs, newlines) and
    ``!important`` removed, lower case: ``display:\\tnone`` is ``display:none``."""
    out = {}
    for decl in _CSS_COMMENT.sub("", css).split(";"):
        prop, sep, value = decl.partition(":")
        if sep:
            value = "".join(value.split()).lower().replace("!important", "")
            out["".join(prop.split()).lower()] = value
    return out


def _length(value: str) -> tuple[float, str] | None:
    m = _LENGTH.match(value)
    if not m:
        return None
    try:
        return float(m.group(1)), m.group(2)
    except ValueError:
        return None


def _px(value: str) -> float | None:
    """An absolute length in CSS pixels (None for a relative or unknown one)."""
    length = _length(value)
    if length is None or length[1] not in _ABSOLUTE:
        return None
    return length[0] * _ABSOLUTE[length[1]]


def hides_box(d: dict[str, str]) -> bool:
    """Whether the declarations hide the element and everything in it."""
    if d.get("display") == "none" or d.get("opacity") in ("0", "0.0", "0%"):
        return True
    if d.get("clip") in ("rect(0,0,0,0)", "rect(0px,0px,0px,0px)"):
        return True
    if d.get("clip-path") in ("inset(50%)", "inset(100%)"):
        return True
    if d.get("transform", "").startswith("scale(0"):
        return True
    for prop in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
        offset = _px(d.get(prop, ""))
        if offset is not None and offset <= -_OFFSCREEN_PX:
            return True
    if d.get("overflow") == "hidden":
        for prop in ("height", "max-height", "width", "max-width"):
            extent = _px(d.get(prop, ""))
            if extent is not None and extent < 1:
                return True
    return False


State = tuple[bool, bool]  # (visibility hidden, font too small), both inherited
VISIBLE: State = (False, False)


def inherited_state(d: dict[str, str], parent: State) -> State:
    """The element's inherited hiding, from its declarations and its parent's state: a child
    may undo ``visibility:hidden`` or set a readable absolute font size again."""
    vis, tiny = parent
    visibility = d.get("visibility")
    if visibility in ("hidden", "collapse"):
        vis = True
    elif visibility == "visible":
        vis = False
    size = d.get("font-size")
    if size is not None:
        px = _px(size)
        length = _length(size)
        if px is not None:
            tiny = px < MIN_FONT_PX
        elif length is not None:  # em or %: a multiple of the parent's (0 stays 0)
            factor = length[0] * (1.0 if length[1] == "em" else 0.01)
            tiny = tiny or factor * 16 < MIN_FONT_PX
        else:  # a keyword (small, medium ...) or a calc(): readable
            tiny = False
    return vis, tiny


class HiddenRules:
    """The hiding declarations of a page's ``<style>`` rules, by class, id and tag name."""

    def __init__(self, root: Any) -> None:
        self.classes: dict[str, dict[str, str]] = {}
        self.ids: dict[str, dict[str, str]] = {}
        self.tags: dict[str, dict[str, str]] = {}
        for style in root.iter("style"):
            for rule in _CSS_COMMENT.sub("", style.text or "").split("}"):
                selectors, sep, body = rule.partition("{")
                if sep:
                    self._add(selectors, declarations(body))

    def _add(self, selectors: str, d: dict[str, str]) -> None:
        if not d:
            return
        for selector in selectors.split(","):
            last = selector.split()[-1].lower() if selector.split() else ""
            named = re.findall(r"([.#])([\w-]+)", last)
            for kind, name in named:  # tag.cls: applied to what has the class
                (self.classes if kind == "." else self.ids).setdefault(name, {}).update(d)
            if not named and re.fullmatch(r"[a-z][a-z0-9]*", last):
                self.tags.setdefault(last, {}).update(d)

    def style(self, el: Any) -> dict[str, str]:
        """The element's declarations: tag, class and id rules, then its own ``style``."""
        d: dict[str, str] = {}
        if self.tags:
            d.update(self.tags.get(str(el.tag).lower(), {}))
        if self.classes:
            for c in (el.get("class") or "").split():
                d.update(self.classes.get(c.lower(), {}))
        if self.ids:
            d.update(self.ids.get((el.get("id") or "").lower(), {}))
        own = el.get("style")
        if own:
            d.update(declarations(own))
        return d

    def hides_subtree(self, el: Any) -> bool:
        if el.get("hidden") is not None or el.tag in _HIDDEN_TAGS:
            return True
        return hides_box(self.style(el))

    def text_state(self, el: Any, parent: State) -> State:
        """Whether text directly in ``el`` is hidden by inherited styles (any part true)."""
        return inherited_state(self.style(el), parent)
