"""Scanned PDFs just work: OCR runs by itself when tesseract is on the PATH (a fake one here),
--no-ocr refuses, and without tesseract the message says how to install it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from clausecheck import errors, ingest
from clausecheck.cli.main import main
from clausecheck.ingest import ocr

FAKE_TEXT = (
    "SUPPLY AGREEMENT\n\n1. AUDIT\n\n1.1 The Buyer may audit the Supplier's labour practices.\n"
)


def scan_pdf(path: Path, pages: int = 1) -> Path:
    """Pages that are pictures only: no text layer."""
    from PIL import Image, ImageDraw

    images = []
    for n in range(pages):
        img = Image.new("RGB", (850, 1100), "white")
        ImageDraw.Draw(img).rectangle((60, 80 + n, 700, 120 + n), fill="black")
        images.append(img)
    images[0].save(path, "PDF", resolution=100.0, save_all=True, append_images=images[1:])
    return path


def fake_bin(folder: Path, name: str, script: str) -> None:
    exe = folder / name
    exe.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def fake_tesseract(tmp_path, monkeypatch):
    """A tesseract on the PATH that prints a fixed page and logs each call."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.log"
    page = tmp_path / "page.txt"
    page.write_text(FAKE_TEXT, encoding="utf-8")
    # shell built-ins only: the PATH holds nothing but this folder
    fake_bin(
        folder,
        "tesseract",
        f"echo \"$1\" >> '{log}'\n"
        f"while IFS= read -r line; do printf '%s\\n' \"$line\"; done < '{page}'\n",
    )
    monkeypatch.setenv("PATH", str(folder))
    return log


@pytest.fixture
def no_tesseract(tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def test_ocr_runs_by_itself_when_tesseract_is_installed(tmp_path, fake_tesseract):
    doc = ingest.load(scan_pdf(tmp_path / "scan.pdf"))
    assert doc.ocr and all(p.ocr for p in doc.pages)
    assert "labour practices" in doc.text
    assert len(fake_tesseract.read_text().splitlines()) == 1


def test_no_ocr_refuses(tmp_path, fake_tesseract):
    with pytest.raises(errors.OcrRequired) as exc:
        ingest.load(scan_pdf(tmp_path / "scan.pdf"), ocr=False)
    assert exc.value.code == "E133" and "--no-ocr" in str(exc.value)
    assert not fake_tesseract.exists()  # never called


def test_long_documents_report_each_ocr_page(tmp_path, fake_tesseract):
    lines: list[str] = []
    ingest.load(scan_pdf(tmp_path / "long.pdf", pages=4), progress=lines.append)
    assert lines == [f"long.pdf: OCR page {n} of 4 (no text layer)" for n in range(1, 5)]
    short: list[str] = []
    ingest.load(scan_pdf(tmp_path / "short.pdf", pages=1), progress=short.append)
    assert short == []  # one page: no progress chatter


def test_cli_scan_of_a_scan_without_ocr_flag(tmp_path, fake_tesseract):
    path = tmp_path / "deal.pdf"
    scan_pdf(path, pages=3)
    result = CliRunner().invoke(main, ["scan", str(path), "--not-a-contract-ok"])
    assert result.exit_code == 0, result.output
    assert "deal.pdf: OCR page 3 of 3" in result.stderr
    assert "OCR" in result.stdout.splitlines()[0]  # the header says the text came from OCR


def test_without_tesseract_the_error_says_how_to_install_it(tmp_path, no_tesseract):
    with pytest.raises(errors.OcrRequired) as exc:
        ingest.load(scan_pdf(tmp_path / "scan.pdf"))
    assert exc.value.code == "E130" and exc.value.exit_code == errors.EXIT_OCR
    assert "tesseract" in str(exc.value) and "install" in str(exc.value)
    assert "pass --ocr" not in str(exc.value)  # no pointless flag: OCR needs no flag now
    with pytest.raises(errors.OcrRequired) as exc:
        ingest.load(scan_pdf(tmp_path / "scan2.pdf"), ocr=True)
    assert exc.value.code == "E131"


def test_a_mixed_pdf_without_tesseract_warns_per_page(tmp_path, no_tesseract):
    """A PDF with text pages and a scanned page: the text is read, the scan is named."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.multi_cell(0, 6, "SUPPLY AGREEMENT\n\n1. AUDIT\n\n1.1 The Buyer may audit the Supplier.")
    pdf.add_page()
    from PIL import Image

    img = tmp_path / "page.png"
    Image.new("RGB", (850, 1100), "white").save(img)
    pdf.image(str(img), x=0, y=0, w=210)
    path = tmp_path / "mixed.pdf"
    pdf.output(str(path))
    doc = ingest.load(path)
    assert "The Buyer may audit" in doc.text
    (warning,) = doc.warnings
    assert warning.startswith("pages 2 have no text layer and were skipped: tesseract is not")


@pytest.mark.parametrize(
    "platform, managers, words",
    [
        ("darwin", (), "brew install tesseract"),
        ("win32", (), "winget install"),
        ("linux", ("apt-get",), "apt-get install tesseract-ocr"),
        ("linux", ("dnf",), "dnf install tesseract"),
        ("linux", (), "tesseract-ocr package"),
    ],
)
def test_install_hint_per_platform(tmp_path, monkeypatch, platform, managers, words):
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in managers:
        fake_bin(folder, name, "exit 0\n")
    monkeypatch.setenv("PATH", str(folder))
    assert words in ocr.install_hint(platform)


def test_the_path_is_really_searched(tmp_path, monkeypatch):
    """The fixtures above rely on PATH deciding whether tesseract exists."""
    monkeypatch.setenv("PATH", str(tmp_path))
    assert ocr.tesseract_path() is None and ocr.resolve(None) is False
    fake_bin(tmp_path, "tesseract", "exit 0\n")
    assert ocr.tesseract_path() == os.path.join(str(tmp_path), "tesseract")
    assert ocr.resolve(None) is True and ocr.resolve(False) is False
