"""Resource limits applied to every input, with options to raise them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 200 * 1024 * 1024  # input file size
    max_pages: int = 2000
    max_chars: int = 10_000_000  # extracted text
    max_decompressed: int = 300 * 1024 * 1024  # total uncompressed size of a DOCX package
    max_part_ratio: int = 200  # compression ratio above which a DOCX part is a bomb
    max_html_depth: int = 2000
    ocr_dpi: int = 200
    timeout: float | None = None  # seconds per document (enforced by the batch runner)
