"""OCR rendering has a pixel cap: a tiny PDF with a huge page is refused with the real cause
(E212), and a large ordinary page is rendered at a lower resolution instead."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import hostile  # noqa: E402

from clausecheck import errors, ingest  # noqa: E402
from clausecheck.ingest import ocr  # noqa: E402


def test_an_ordinary_page_keeps_its_resolution():
    assert ocr.render_dpi(595, 842, 200, Path("a.pdf"), 1) == 200


def test_a_large_page_is_rendered_at_a_lower_resolution():
    dpi = ocr.render_dpi(3000, 3000, 200, Path("a.pdf"), 1)
    assert ocr.MIN_OCR_DPI <= dpi < 200
    assert (3000 / 72 * dpi) ** 2 <= ocr.MAX_OCR_PIXELS * 1.001


def test_a_huge_page_is_refused_with_its_cause():
    with pytest.raises(errors.LimitExceeded) as info:
        ocr.render_dpi(14_400, 14_400, 200, Path("a.pdf"), 3)
    assert info.value.code == "E212" and "page 3" in str(info.value)


def test_huge_page_scan_is_refused_before_rendering(tmp_path, monkeypatch):
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/bin/true")  # never reached
    path = hostile.pdf_huge_page_scan(tmp_path)
    assert path.stat().st_size < 1024
    with pytest.raises(errors.LimitExceeded) as info:
        ingest.load(path, ocr=True)
    assert info.value.code == "E212"


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))


def test_huge_page_scan_cli_is_bounded(tmp_path):
    """The CLI under a 1.5 GiB address-space cap: one line and exit 6 (with tesseract
    installed) or 7 (without), never a MemoryError."""
    path = hostile.pdf_huge_page_scan(tmp_path)
    env = hostile.cli_env()
    proc = subprocess.run(
        [sys.executable, "-m", "clausecheck", "outline", str(path), "--ocr"],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_cap,
        env=env,
    )
    expected = "E212" if ocr.tesseract_path() else "E131"
    assert proc.returncode == (6 if expected == "E212" else 7), proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], proc.stderr
