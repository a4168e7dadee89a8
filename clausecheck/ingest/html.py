"""HTML (e.g. SEC EDGAR exhibits) -> Document: visible text with block structure.

Scripts, styles and other invisible elements are dropped; nothing is fetched or executed.
"""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.builder import TextBuilder, hidden_text_warning
from clausecheck.ingest.text import decode
from clausecheck.limits import Limits

_BLOCK_TAGS = {
    "p",
    "div",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "td",
    "th",
    "tr",
    "table",
    "section",
    "article",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "dl",
    "ul",
    "ol",
    "header",
    "footer",
    "main",
    "center",
    "body",
    "form",
    "address",
    "caption",
    "figure",
    "figcaption",
    "hr",
    "title",
}
_SKIP_TAGS = {
    "script",
    "style",
    "noscript",
    "template",
    "head",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "button",
    "select",
    "textarea",
    "input",
}
_HEADING = re.compile(r"^h([1-6])$")
_WS = re.compile(r"\s+")


_HIDDEN_TAGS = {"del", "s", "strike"}  # deleted or struck-out text is not agreed text
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LENGTH = re.compile(r"^(-?[\d.]+)(px|pt|em|rem|%|)$")
_OFFSCREEN_PX = 1000  # a box moved this far off the page edge is off-screen


def _declarations(css: str) -> dict[str, str]:
    """``property -> value`` of a CSS declaration block, all whitespace (tabs, newlines) and
    ``!important`` removed, lower case: ``display:\tnone`` is ``display:none``."""
    out = {}
    for decl in _CSS_COMMENT.sub("", css).split(";"):
        prop, sep, value = decl.partition(":")
        if sep:
            value = "".join(value.split()).lower().replace("!important", "")
            out["".join(prop.split()).lower()] = value
    return out


def _length(value: str) -> float | None:
    m = _LENGTH.match(value)
    if not m:
        return None
    try:
        number = float(m.group(1))
    except ValueError:
        return None
    return number * {"pt": 1.33, "em": 16, "rem": 16, "%": 0.16}.get(m.group(2), 1)


def hides(css: str) -> bool:
    """Whether a declaration block makes its text invisible to a reader: display or visibility
    off, a font too small to read, no opacity, clipped to nothing, or moved off-screen."""
    d = _declarations(css)
    if d.get("display") == "none" or d.get("visibility") in ("hidden", "collapse"):
        return True
    if d.get("opacity") in ("0", "0.0", "0%"):
        return True
    size = _length(d.get("font-size", ""))
    if size is not None and size < 1:
        return True
    if d.get("clip") in ("rect(0,0,0,0)", "rect(0px,0px,0px,0px)") or d.get("clip-path") in (
        "inset(50%)",
        "inset(100%)",
    ):
        return True
    if d.get("transform", "").startswith("scale(0"):
        return True
    for prop in ("left", "top", "right", "text-indent", "margin-left", "margin-top"):
        offset = _length(d.get(prop, ""))
        if offset is not None and offset <= -_OFFSCREEN_PX:
            return True
    for prop in ("height", "max-height", "width", "max-width"):
        extent = _length(d.get(prop, ""))
        if extent is not None and extent < 1 and d.get("overflow") == "hidden":
            return True
    return False


def _hidden_selectors(root) -> tuple[set[str], set[str], set[str]]:
    """Classes, ids and tag names that a ``<style>`` rule hides (simple selectors only:
    ``.cls``, ``#id``, ``tag``, ``tag.cls``; a selector list counts selector by selector)."""
    classes: set[str] = set()
    ids: set[str] = set()
    tags: set[str] = set()
    for style in root.iter("style"):
        for rule in _CSS_COMMENT.sub("", style.text or "").split("}"):
            selectors, sep, body = rule.partition("{")
            if not sep or not hides(body):
                continue
            for selector in selectors.split(","):
                last = selector.split()[-1].lower() if selector.split() else ""
                named = re.findall(r"([.#])([\w-]+)", last)
                for kind, name in named:  # tag.cls hides what has the class
                    (classes if kind == "." else ids).add(name)
                if not named and re.fullmatch(r"[a-z][a-z0-9]*", last):
                    tags.add(last)
    return classes, ids, tags


def _is_hidden(el, rules: tuple[set[str], set[str], set[str]]) -> bool:
    if el.get("hidden") is not None or el.tag in _HIDDEN_TAGS:
        return True
    if hides(el.get("style") or ""):
        return True
    classes, ids, tags = rules
    if not (classes or ids or tags):
        return False
    if classes and any(c.lower() in classes for c in (el.get("class") or "").split()):
        return True
    return (el.get("id") or "").lower() in ids or str(el.tag).lower() in tags


def read(raw: bytes, path: Path, *, limits: Limits) -> TextBuilder:
    from lxml import etree, html

    text, warnings = decode(raw, path)
    if len(text) > limits.max_chars * 4:
        raise errors.error("E205", path)
    parser = html.HTMLParser(
        remove_comments=True, remove_pis=True, no_network=True, huge_tree=False, recover=True
    )
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise errors.error("E143", path, detail=exc) from None
    # libxml2 stops at its resource limits (e.g. nesting deeper than 256) and, recovering,
    # returns the document read so far: refuse rather than silently lose the rest.
    limit_hit = next((e for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"), None)
    if limit_hit is not None:
        reason = " ".join(limit_hit.message.split(",")[0].split())
        raise errors.error("E206", path, reason=reason)
    builder = TextBuilder(str(path), "html", max_chars=limits.max_chars)
    builder.warnings.extend(warnings)
    parts: list[str] = []
    has_text = False  # whether parts holds more than whitespace (kept, not recomputed: O(n))
    # Locators are XPaths built while walking (lxml's getpath() counts siblings on every call,
    # which made a page of 100,000 paragraphs take minutes): every step but the root indexed.
    steps: list[str] = []
    child_counts: list[dict[str, int]] = [{}]
    owner: list[tuple[object, str]] = [(root, "/" + str(root.tag))]
    bold = [False]
    skip_depth = 0
    hidden_rules = _hidden_selectors(root)
    hidden_chars = 0

    def add(piece: str) -> None:
        nonlocal has_text
        parts.append(piece)
        has_text = has_text or not piece.isspace()

    def flush(el, locator: str) -> None:
        nonlocal has_text
        joined = _WS.sub(" ", "".join(parts)).strip() if has_text else ""
        parts.clear()
        has_text = False
        if not joined:
            return
        m = _HEADING.match(el.tag) if isinstance(el.tag, str) else None
        level = int(m.group(1)) if m else None
        builder.add_block(
            joined,
            f"html:{locator}",
            kind="heading" if level else ("table_cell" if el.tag in ("td", "th") else "paragraph"),
            style_level=level,
            is_bold=bold[-1],
        )

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if len(steps) >= limits.max_html_depth:
                raise errors.error("E207", path, limit=limits.max_html_depth)
            counts = child_counts[-1]
            counts[tag] = n = counts.get(tag, 0) + 1
            steps.append(f"{tag}[{n}]" if steps else tag)
            child_counts.append({})
            if skip_depth or tag in _SKIP_TAGS:
                skip_depth += 1
                continue
            if tag and _is_hidden(el, hidden_rules):
                hidden_chars += len("".join(el.itertext()).strip())
                skip_depth += 1
                continue
            if tag in _BLOCK_TAGS:
                flush(*owner[-1])
                owner.append((el, "/" + "/".join(steps)))
                bold.append(False)
            if tag in ("b", "strong") and not has_text:
                bold[-1] = True
            if tag == "br":
                add(" ")
            if el.text:
                add(el.text)
        else:
            steps.pop()
            child_counts.pop()
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el.tail:
                    add(el.tail)
                continue
            if tag in _BLOCK_TAGS:
                flush(*owner[-1])
                owner.pop()
                bold.pop()
            if el.tail:
                add(el.tail)
    flush(*owner[-1])
    if hidden_chars:
        builder.warnings.append(hidden_text_warning(hidden_chars, "hidden by the page's styles"))
    return builder
