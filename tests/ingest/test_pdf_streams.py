"""The PDF decompression check: filter chains decoded layer by layer, dictionaries parsed
(escaped names, any length), one budget for every layer, images exempt only up to their
declared size."""

from __future__ import annotations

import base64
import sys
import zlib
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck import errors  # noqa: E402
from clausecheck.ingest import pdf_dict, pdf_streams  # noqa: E402
from clausecheck.limits import Limits  # noqa: E402

SMALL = Limits(max_decompressed=2 * 2**20)


def _decoded(chain: list[str], data: bytes) -> int:
    return pdf_streams._decoded_size(memoryview(data), chain, 10**9)


def _lzw(data: bytes) -> bytes:
    """A plain PDF LZW encoder (9-12 bit codes, early change) for the decoder's round trip.
    The width follows the decoder's table, which lags the encoder's by one entry."""
    table = {bytes([i]): i for i in range(256)}
    width, acc, n_bits, out = 9, 0, 0, bytearray()
    dec_next = None  # the decoder's next code, once it has read a code after the clear

    def put(code: int) -> None:
        nonlocal acc, n_bits, width, dec_next
        acc = (acc << width) | code
        n_bits += width
        while n_bits >= 8:
            n_bits -= 8
            out.append((acc >> n_bits) & 0xFF)
        acc &= (1 << n_bits) - 1
        if code == 256:
            return
        dec_next = 258 if dec_next is None else dec_next + 1
        while dec_next + 1 >= (1 << width) and width < 12:
            width += 1

    put(256)
    w = b""
    for byte in data:
        wc = w + bytes([byte])
        if wc in table:
            w = wc
            continue
        put(table[w])
        table[wc] = 258 + len(table) - 256
        w = bytes([byte])
    put(table[w])
    put(257)
    if n_bits:
        out.append((acc << (8 - n_bits)) & 0xFF)
    return bytes(out)


@pytest.mark.parametrize(
    "chain, encode",
    [
        (["flate"], zlib.compress),
        (["hex"], lambda b: b.hex().encode() + b">"),
        (["a85"], lambda b: base64.a85encode(b) + b"~>"),
        (["flate", "flate"], lambda b: zlib.compress(zlib.compress(b))),
        (["hex", "flate"], lambda b: zlib.compress(b).hex().encode() + b">"),
    ],
)
def test_every_layer_is_decoded_and_counted(chain, encode):
    data = b"The Supplier shall respect human rights. " * 500
    encoded = encode(data)
    total = _decoded(chain, encoded)
    assert total >= len(data)  # the last layer's output is counted (and the others on top)


def test_run_length_decoding():
    data = bytes([2]) + b"abc" + bytes([257 - 100]) + b"x" + bytes([128])
    assert _decoded(["rl"], data) == 3 + 100


def test_lzw_decoding_round_trip():
    data = b"audit audit audit rights rights " * 200
    out = b"".join(pdf_streams._lzw(iter([_lzw(data)])))
    assert out == data


def test_escaped_names_are_decoded():
    assert pdf_dict.name(b"#46lateDecode") == "FlateDecode"
    raw = b"1 0 obj\n<< /Filter /#46l /Length 3 >>\nstream\n"
    head = pdf_dict.stream_dict(raw, raw.index(b"stream"), 0)
    assert head is not None and head["Filter"] == "Fl"


def test_a_string_cannot_fake_the_object_header():
    raw = b"1 0 obj\n<< /Filter /FlateDecode /Note (2 0 obj << >>) /Length 3 >>\nstream\n"
    head = pdf_dict.stream_dict(raw, raw.index(b"stream"), 0)
    assert head is not None and head["Filter"] == "FlateDecode"


def test_image_allowance_is_capped():
    huge = {"Subtype": "Image", "Width": 100_000, "Height": 100_000, "BitsPerComponent": 8}
    assert pdf_streams._image_allowance(huge) == pdf_streams.IMAGE_CAP
    assert pdf_streams._image_allowance({"Subtype": "Image"}) == 0  # no size: no allowance
    assert pdf_streams._image_allowance({"Note": "Image"}) == 0


@pytest.mark.parametrize(
    "build",
    [
        hostile.pdf_double_flate_bomb,
        hostile.pdf_long_dict_bomb,
        hostile.pdf_image_token_bomb,
        hostile.pdf_escaped_name_bomb,
        hostile.pdf_big_image_claim_bomb,
    ],
)
def test_bombs_are_refused_within_a_small_budget(build, tmp_path):
    # a stream calling itself an image is exempt up to IMAGE_CAP: only what is past it counts
    extra = pdf_streams.IMAGE_CAP if build is hostile.pdf_big_image_claim_bomb else 0
    path = build(tmp_path, size=extra + 8 * 2**20)
    with pytest.raises(errors.LimitExceeded) as info:
        pdf_streams.check_inflated_size(path.read_bytes(), path, SMALL)
    assert info.value.code == "E204"


def test_an_ordinary_pdf_passes(tmp_path):
    data = hostile.contract_pdf_bytes(3)
    pdf_streams.check_inflated_size(data, tmp_path / "ok.pdf", SMALL)


def test_ascii85_decodes_across_chunk_boundaries():
    data = b"\0" * 13 + b"audit rights" + bytes(range(256)) * 4
    encoded = base64.a85encode(data) + b"~>"
    chunks = [encoded[i : i + 7] for i in range(0, len(encoded), 7)]
    assert b"".join(pdf_streams._a85(iter(chunks))) == data
