"""The dictionary in front of a PDF stream, read the way a PDF reader reads it.

Only what the decompression check needs: names with their ``#xx`` escapes decoded, numbers,
arrays, nested dictionaries, strings skipped whole (a ``(... obj ...)`` string cannot fake an
object header), and a dictionary of any length (a ``/Pad`` entry cannot push the ``/Filter``
out of view).
"""

from __future__ import annotations

import re

_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_WHITE = b"\x00\t\n\x0c\r "
_DELIM = b"()<>[]{}/%"
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_EOL = re.compile(rb"[\r\n]")
_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_TOKEN = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")

PdfValue = object  # str (name), int/float, list, dict, bytes (string), tuple (reference)


class _Unparsable(Exception):
    pass


def name(raw: bytes) -> str:
    """A PDF name's bytes with ``#xx`` escapes decoded: ``/#46lateDecode`` is ``FlateDecode``."""
    return _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw).decode("latin-1")


class _Reader:
    def __init__(self, raw: bytes, pos: int, end: int) -> None:
        self.raw, self.pos, self.end = raw, pos, end

    def skip_space(self) -> None:
        raw, end = self.raw, self.end
        while self.pos < end:
            c = raw[self.pos]
            if c in _WHITE:
                self.pos += 1
            elif c == 0x25:  # % comment to the end of the line
                nl = _EOL.search(raw, self.pos, end)
                self.pos = nl.end() if nl else end
            else:
                return

    def value(self) -> PdfValue:
        self.skip_space()
        raw, pos = self.raw, self.pos
        if pos >= self.end:
            raise _Unparsable
        if raw.startswith(b"<<", pos):
            return self.dictionary()
        c = raw[pos : pos + 1]
        if c == b"/":
            m = _NAME.match(raw, pos, self.end)
            assert m is not None
            self.pos = m.end()
            return name(m.group()[1:])
        if c == b"[":
            self.pos += 1
            items: list[PdfValue] = []
            while True:
                self.skip_space()
                if raw[self.pos : self.pos + 1] == b"]":
                    self.pos += 1
                    return items
                items.append(self.value())
        if c == b"(":
            return self.string()
        if c == b"<":
            close = raw.find(b">", pos, self.end)
            if close < 0:
                raise _Unparsable
            self.pos = close + 1
            return raw[pos + 1 : close]
        m = _TOKEN.match(raw, pos, self.end)
        if not m:
            raise _Unparsable
        self.pos = m.end()
        token = m.group()
        try:
            return int(token)
        except ValueError:
            try:
                return float(token)
            except ValueError:
                return token.decode("latin-1")  # R, true, null ...

    def string(self) -> bytes:
        raw, pos, depth = self.raw, self.pos + 1, 1
        start = pos
        while pos < self.end:
            c = raw[pos]
            if c == 0x5C:  # backslash escapes the next byte
                pos += 2
                continue
            if c == 0x28:
                depth += 1
            elif c == 0x29:
                depth -= 1
                if depth == 0:
                    self.pos = pos + 1
                    return raw[start:pos]
            pos += 1
        raise _Unparsable

    def dictionary(self) -> dict[str, PdfValue]:
        self.pos += 2
        out: dict[str, PdfValue] = {}
        while True:
            self.skip_space()
            if self.raw.startswith(b">>", self.pos):
                self.pos += 2
                return out
            key = self.value()
            if not isinstance(key, str):
                raise _Unparsable
            value = self.value()
            # "N G R": a reference, read as one value
            if isinstance(value, int):
                mark = self.pos
                try:
                    gen, r = self.value(), self.value()
                except _Unparsable:
                    gen = r = None
                if isinstance(gen, int) and r == "R":
                    value = (value, gen)
                else:
                    self.pos = mark
            out[key] = value


def stream_dict(raw: bytes, at: int, since: int) -> dict[str, PdfValue] | None:
    """The dictionary of the stream whose ``stream`` keyword starts at ``at``, searching for
    its object header no further back than ``since``; None when none parses up to ``at``."""
    headers = [m.end() for m in _OBJ.finditer(raw, since, at)]
    for start in reversed(headers):
        reader = _Reader(raw, start, at)
        try:
            reader.skip_space()
            if not raw.startswith(b"<<", reader.pos):
                continue
            found = reader.dictionary()
            reader.skip_space()
        except (_Unparsable, IndexError, RecursionError):
            continue
        if reader.pos == at:
            return found
    return None
