"""Escaping for every HTML writer: contract text is hostile data."""

from __future__ import annotations

import html
import json
from typing import Any


def esc(value: Any) -> str:
    """Text or attribute value, quotes included; None becomes an empty string."""
    return "" if value is None else html.escape(str(value), quote=True)


def script_json(data: Any) -> str:
    """JSON safe to place inside a <script> element: no way to close the element or open a
    comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
