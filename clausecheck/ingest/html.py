"""HTML (e.g. SEC EDGAR exhibits) -> Document: visible text with block structure.

Scripts, styles and other invisible elements are dropped; nothing is fetched or executed.
"""

from __future__ import annotations

import re
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.builder import TextBuilder, hidden_text_warning
from clausecheck.ingest.html_hidden import VISIBLE, HiddenRules
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
    rules = HiddenRules(root)
    hidden_chars = 0
    soft = [VISIBLE]  # text hidden here by an inherited style (visibility, font size)?

    def add_text(piece: str, hidden: bool) -> None:
        nonlocal hidden_chars
        if hidden:
            hidden_chars += len(piece.strip())
        else:
            add(piece)

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
            if tag and rules.hides_subtree(el):
                hidden_chars += len("".join(el.itertext()).strip())
                skip_depth += 1
                continue
            soft.append(rules.text_state(el, soft[-1]))
            if tag in _BLOCK_TAGS:
                flush(*owner[-1])
                owner.append((el, "/" + "/".join(steps)))
                bold.append(False)
            if tag in ("b", "strong") and not has_text:
                bold[-1] = True
            if tag == "br":
                add(" ")
            if el.text:
                add_text(el.text, any(soft[-1]))
        else:
            steps.pop()
            child_counts.pop()
            if skip_depth:
                skip_depth -= 1
                if skip_depth == 0 and el.tail:
                    add_text(el.tail, any(soft[-1]))
                continue
            soft.pop()
            if tag in _BLOCK_TAGS:
                flush(*owner[-1])
                owner.pop()
                bold.pop()
            if el.tail:
                add_text(el.tail, any(soft[-1]))
    flush(*owner[-1])
    if hidden_chars:
        builder.warnings.append(hidden_text_warning(hidden_chars, "hidden by the page's styles"))
    return builder
