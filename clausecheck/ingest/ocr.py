"""OCR of scanned PDF pages with the system tesseract (rendered by pdfium)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from clausecheck import errors
from clausecheck.ingest.reflow import Line

OCR_TIMEOUT_S = 120
MAX_OCR_PIXELS = 50_000_000  # an A4 page at 600 dpi is 35 MP; 200 dpi (the default) is 3.9 MP
MIN_OCR_DPI = 100  # below this tesseract reads little: refuse rather than guess


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


def render_dpi(width_pt: float, height_pt: float, dpi: int, path: Path, page_no: int) -> float:
    """``dpi``, lowered so that the page renders to at most ``MAX_OCR_PIXELS`` pixels; a page
    so large that even ``MIN_OCR_DPI`` exceeds it is refused (E212): a 14,400-point page
    at 200 dpi would take 4.8 GB."""
    area_in2 = max(width_pt, 1.0) * max(height_pt, 1.0) / 72**2
    if area_in2 * dpi * dpi <= MAX_OCR_PIXELS:
        return dpi
    fitted = (MAX_OCR_PIXELS / area_in2) ** 0.5
    if fitted < MIN_OCR_DPI:
        raise errors.error(
            "E212", path, page=page_no, width=round(width_pt), height=round(height_pt)
        )
    return fitted


def install_hint(platform: str | None = None) -> str:
    """How to install tesseract on this platform, in one line."""
    platform = platform or sys.platform
    if platform == "darwin":
        return "brew install tesseract"
    if platform.startswith("win"):
        return "winget install UB-Mannheim.TesseractOCR, then open a new terminal"
    managers = (
        ("apt-get", "sudo apt-get install tesseract-ocr"),
        ("dnf", "sudo dnf install tesseract"),
        ("pacman", "sudo pacman -S tesseract"),
        ("apk", "sudo apk add tesseract-ocr"),
        ("zypper", "sudo zypper install tesseract-ocr"),
    )
    for exe, command in managers:
        if shutil.which(exe):
            return command
    return "install the tesseract-ocr package of your system"


def resolve(ocr: bool | None) -> bool:
    """Whether to OCR scanned pages: ``None`` (the default) means when tesseract is installed;
    ``True`` requires it; ``False`` refuses."""
    if ocr is None:
        return tesseract_path() is not None
    return ocr


def ocr_page(page, page_no: int, path: Path, *, dpi: int = 200) -> list[Line]:
    """Render one page and OCR it; blank lines from tesseract separate paragraphs."""
    # The pixel cap first: a page too large to render is refused whether or not tesseract is here.
    scale = render_dpi(page.get_width(), page.get_height(), dpi, path, page_no) / 72
    exe = tesseract_path()
    if exe is None:
        raise errors.error("E131", path, install=install_hint())
    image = page.render(scale=scale).to_pil()
    # One thread: tesseract's default threading was 6x slower on 2-core machines.
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    with tempfile.TemporaryDirectory(prefix="clausecheck-ocr-") as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            out = subprocess.run(
                [exe, str(png), "stdout", "--psm", "3"],
                capture_output=True,
                env=env,
                timeout=OCR_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise errors.error("E211", path, page=page_no, seconds=OCR_TIMEOUT_S) from None
    if out.returncode != 0:
        raise errors.error("E132", path, page=page_no)
    text = out.stdout.decode("utf-8", errors="replace")
    return [Line(t, locator=f"pdf:p{page_no}:ocr") for t in text.splitlines()]
