"""What ``Document.text`` is made of: the normalisation every reader applies to source text, and
that the writers mapping findings back into a source (the Word redline) must apply the same way.

Normalisation is one character for one character, so offsets into the normalised text are offsets
into the source run it came from, with one exception: characters that are invisible inside a
word (zero-width spaces and joiners, the word joiner, the byte-order mark, the soft hyphen) and
the bidirectional controls are removed, so that "au\u200bdit" reads as "audit";
``clean_mapped`` says where each kept character came from.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

_SPACE_LIKE = str.maketrans(
    {
        "\xa0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\r": " ",
        "\x0c": " ",
    }
)
BLOCK_SEP = "\n\n"


INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u202a-\u202e\u2066-\u2069]")
# Bidirectional embedding, override and isolate controls (removed with the invisible ones):
# they make the order shown differ from the order stored ("Trojan Source"), in every output.
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """Normalise space-like characters one-for-one, strip controls and remove the characters
    that are invisible inside a word (``INVISIBLE``)."""
    return clean_mapped(text)[0]


def clean_mapped(text: str) -> tuple[str, Callable[[int], int]]:
    """``clean(text)`` and a function from an offset into ``text`` to the offset into the
    result (an offset of a removed character maps to where the next kept one lands)."""
    text = re.sub(r"[\x00-\x08\x0b\x0e-\x1f\x7f]", " ", text.translate(_SPACE_LIKE))
    removed = [m.start() for m in INVISIBLE.finditer(text)]
    if not removed:
        return text, _same
    return INVISIBLE.sub("", text), lambda offset: offset - bisect.bisect_left(removed, offset)


def _same(offset: int) -> int:
    return offset


def has_invisible(text: str) -> bool:
    """Whether ``clean`` removes characters from ``text`` (offsets then shift)."""
    return INVISIBLE.search(text) is not None
