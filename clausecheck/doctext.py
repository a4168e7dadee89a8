"""What ``Document.text`` is made of: the normalisation every reader applies to source text, and
that the writers mapping findings back into a source (the Word redline) must apply the same way.

Normalisation is one character for one character, so offsets into the normalised text are offsets
into the source run it came from.
"""

from __future__ import annotations

import re

_SPACE_LIKE = str.maketrans(
    {
        "\xa0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",
        "\u200b": " ",
        "\ufeff": " ",
        "\x0c": " ",
    }
)
BLOCK_SEP = "\n\n"


def clean(text: str) -> str:
    """Normalise space-like characters one-for-one (offsets stay valid) and strip controls."""
    text = text.translate(_SPACE_LIKE)
    return re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text)
