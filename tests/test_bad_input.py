"""Hostile and broken inputs: each gives a documented exit code and one clean line, fast and
within a memory bound - or, where the input is readable, the right text and nothing else.

The corpus is built at test time by ``tests/hostile.py`` into a temporary directory.
Each case is checked three ways: the library (exception class), the CLI in-process with
CliRunner (exit code, one-line message naming the file and a fix, no traceback) and the CLI in
a subprocess with a timeout and an address-space limit (time and memory bounds).
"""

from __future__ import annotations

import functools
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402

from clausecheck import errors, ingest  # noqa: E402
from clausecheck.cli.main import main  # noqa: E402
from clausecheck.limits import Limits  # noqa: E402

pytest.importorskip("fpdf")
pytest.importorskip("PIL")

REPO = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1536 * 2**20  # 1.5 GiB of address space for the subprocess
DEFAULT_TIMEOUT = 30.0
OUTLINE_OPTIONS = {
    opt for param in main.commands["outline"].params for opt in (*param.opts, *param.secondary_opts)
}
_ERROR_LINE = re.compile(r"^clausecheck: error (E\d{3}): (.+?): (.+) - (\S.*)$")


@dataclass(frozen=True)
class Case:
    id: str
    build: Callable[[Path], Path]
    exc: type[errors.ClauseCheckError] | None  # None: the file must be read
    code: int
    opts: dict = field(default_factory=dict)  # password / max_pages / max_chars
    expect: tuple[str, ...] = ()  # words the extracted text must contain
    absent: tuple[str, ...] = ()  # words it must not contain
    mention: str | None = None  # the error line must contain this
    alt: tuple[type[errors.ClauseCheckError], ...] = ()  # also-acceptable clean errors
    timeout: float = DEFAULT_TIMEOUT

    def cli_args(self) -> list[str]:
        args = []
        for key, value in self.opts.items():
            if value is False:  # a switch turned off: --no-ocr
                args.append(f"--no-{key.replace('_', '-')}")
            elif value is True:  # a switch turned on: --ocr
                args.append(f"--{key.replace('_', '-')}")
            else:
                args += [f"--{key.replace('_', '-')}", str(value)]
        return args

    def limits(self) -> Limits:
        return Limits(
            max_pages=self.opts.get("max_pages", Limits.max_pages),
            max_chars=self.opts.get("max_chars", Limits.max_chars),
        )

    @property
    def codes(self) -> set[int]:
        return {self.code} | {cls.exit_code for cls in self.alt}


def _passwd_lines() -> tuple[str, ...]:
    try:
        lines = Path("/etc/passwd").read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ("root:x:0:0",)
    return tuple(ln for ln in lines[:5] if ln.strip()) + ("root:x:0:0", "/bin/")


BODY = ("Scope", "corrective action plan", "Code of Conduct")
ACCENTED = ("Société Générale", "Müller", "droits de l'homme", "préavis", "résiliation")

HIDDEN = hostile.HIDDEN_WORD

CASES = [
    # Broken or not-quite PDFs
    Case("empty", hostile.empty, errors.EmptyFile, 3),
    Case("truncated_pdf", hostile.truncated_pdf, errors.CorruptFile, 3),
    # pdfium rebuilds a cross-reference table with wrong offsets by scanning the objects.
    Case("broken_xref_pdf", hostile.broken_xref_pdf, None, 0, expect=BODY),
    Case("garbage_xref_pdf", hostile.garbage_xref_pdf, errors.CorruptFile, 3),
    Case("random_bytes_pdf", hostile.random_bytes_pdf, errors.CorruptFile, 3),
    Case("png_named_pdf", hostile.png_named_pdf, errors.UnsupportedFormat, 4),
    # Encryption
    Case(
        "encrypted_no_password",
        hostile.encrypted_pdf,
        errors.EncryptedFile,
        5,
        mention="--password",
    ),
    Case(
        "encrypted_wrong_password",
        hostile.encrypted_pdf,
        errors.EncryptedFile,
        5,
        opts={"password": hostile.WRONG_PASSWORD},
        mention="password is wrong",
    ),
    Case(
        "encrypted_right_password",
        hostile.encrypted_pdf,
        None,
        0,
        opts={"password": hostile.PASSWORD},
        expect=BODY,
    ),
    # Scans and size limits
    Case(
        "image_only_pdf",
        hostile.image_only_pdf,
        errors.OcrRequired,
        7,
        opts={"ocr": False},
        mention="--no-ocr",
    ),
    Case(
        "pages_5000_default_limit",
        hostile.many_pages_pdf,
        errors.LimitExceeded,
        6,
        mention="--max-pages",
    ),
    Case(
        "pages_5000_raised_limit",
        hostile.many_pages_pdf,
        None,
        0,
        opts={"max_pages": 6000},
        expect=("supplier",),
        timeout=60.0,
    ),
    Case(
        "million_chars_one_page",
        hostile.million_chars_pdf,
        None,
        0,
        alt=(errors.LimitExceeded,),
        expect=("supplier", "grievance"),
        timeout=60.0,
    ),
    Case(
        "million_chars_over_max_chars",
        hostile.million_chars_pdf,
        errors.LimitExceeded,
        6,
        opts={"max_chars": 500_000},
        mention="--max-chars",
    ),
    # DOCX packages
    Case("docx_zip_bomb", hostile.docx_zip_bomb, errors.LimitExceeded, 6),
    Case("docx_ratio_bomb", hostile.docx_ratio_bomb, errors.LimitExceeded, 6),
    Case("docx_lying_sizes", hostile.docx_lying_sizes, errors.CorruptFile, 3),
    Case(
        "docx_xxe",
        hostile.docx_xxe,
        None,
        0,
        alt=(errors.CorruptFile,),
        expect=("human rights",),
        absent=_passwd_lines(),
    ),
    Case(
        "docx_billion_laughs",
        hostile.docx_billion_laughs,
        None,
        0,
        alt=(errors.CorruptFile,),
        expect=("human rights",),
        absent=("lollol",),
    ),
    Case("docx_missing_document", hostile.docx_missing_document, errors.CorruptFile, 3),
    Case("docx_truncated", hostile.docx_truncated, errors.CorruptFile, 3),
    Case("docx_bad_xml", hostile.docx_bad_xml, errors.CorruptFile, 3),
    Case("docx_password_protected", hostile.docx_password_protected, errors.EncryptedFile, 5),
    Case("legacy_doc", hostile.legacy_doc, errors.UnsupportedFormat, 4, mention=".docx"),
    # HTML
    Case(
        "html_hostile",
        hostile.html_hostile,
        None,
        0,
        expect=("Supply Agreement", "respect human rights", "reasonable notice"),
        absent=(
            "alert",
            "SCRIPTTEXT",
            "STYLETEXT",
            "color: red",
            "IFRAMETEXT",
            "CLICKTEXT",
            "ONLOADTEXT",
            "NOSCRIPTTEXT",
            "HIDDENTEXT",
            "example.invalid",
        ),
    ),
    # libxml2 stops at depth 256; the reader must refuse rather than drop the rest silently.
    Case("html_deep_nesting", hostile.html_deep, errors.LimitExceeded, 6, mention="parser limit"),
    # Text encodings
    Case("text_utf16_bom", hostile.text_utf16, None, 0, expect=ACCENTED),
    Case("text_latin1", hostile.text_latin1, None, 0, expect=ACCENTED),
    Case(
        "text_invalid_utf8",
        hostile.text_invalid_utf8,
        None,
        0,
        expect=("respect human rights", "audit the Supplier", "tail words"),
    ),
    # Paths
    Case("directory", hostile.directory_input, errors.NotAFile, 3),
    Case("symlink_loop", hostile.symlink_loop, errors.InputError, 3),
    Case("nonexistent", hostile.nonexistent, errors.FileNotFound, 3),
    # Not contracts
    Case("xlsx_like", hostile.xlsx_like, errors.UnsupportedFormat, 4, mention="spreadsheet"),
    Case("png", hostile.png_image, errors.UnsupportedFormat, 4, mention="image"),
    # --- added with the hardening issue ---------------------------------------------------
    # PDF structure: written object by object (tests/hostile.py raw_pdf)
    Case("pdf_page_tree_cycle", hostile.pdf_page_tree_cycle, None, 0, expect=BODY),
    Case("pdf_bogus_page_count", hostile.pdf_bogus_page_count, None, 0, expect=BODY),
    Case(
        "pdf_stream_bomb",
        hostile.pdf_stream_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    Case(
        "pdf_double_flate_bomb",
        hostile.pdf_double_flate_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    Case(
        "pdf_long_dict_bomb",
        hostile.pdf_long_dict_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    Case(
        "pdf_image_token_bomb",
        hostile.pdf_image_token_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    Case(
        "pdf_escaped_name_bomb",
        hostile.pdf_escaped_name_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    Case(
        "pdf_big_image_claim_bomb",
        hostile.pdf_big_image_claim_bomb,
        errors.LimitExceeded,
        6,
        mention="decompression bomb",
    ),
    # OCR asked for: the page is refused by the pixel cap (E212) before anything is rendered,
    # with or without tesseract installed
    Case("pdf_huge_page_scan", hostile.pdf_huge_page_scan, errors.LimitExceeded, 6, {"ocr": True}),
    Case("docx_style_chain", hostile.docx_style_chain, None, 0, expect=BODY),
    Case("docx_nested_sdt_tables", hostile.docx_nested_sdt_tables, None, 0, expect=BODY[3:4]),
    Case("docx_text_box", hostile.docx_text_box, None, 0, expect=BODY),
    Case("docx_alt_chunk", hostile.docx_alt_chunk, None, 0, expect=BODY, absent=("grievance",)),
    Case("docx_duplicate_entry", hostile.docx_duplicate_entry, errors.CorruptFile, 3),
    Case("docx_broken_header", hostile.docx_broken_header, None, 0, expect=("Scope",)),
    Case("text_punctuation_run", hostile.text_punctuation_run, None, 0, expect=("Scope",)),
    Case("markdown_emphasis_flood", hostile.markdown_emphasis_flood, None, 0, expect=("Scope",)),
    Case("zero_width_text", hostile.zero_width_text, None, 0, expect=("grievance mechanism",)),
    *(
        Case(f"hidden_{b.__name__}", b, None, 0, expect=("Scope",), absent=(HIDDEN,))
        for b in (
            hostile.pdf_hidden_render_mode,
            hostile.pdf_hidden_white,
            hostile.pdf_hidden_tiny,
            hostile.pdf_hidden_off_page,
            hostile.pdf_hidden_clipped,
            hostile.docx_hidden_vanish,
        )
    ),
    *(
        Case(
            f"docx_hidden_{how}",
            functools.partial(hostile.docx_hidden, how=how),
            None,
            0,
            expect=("Scope",),
            absent=(HIDDEN,),
        )
        for how in hostile.docx_hidden_kinds()
    ),
    *(
        Case(
            f"html_hidden_{how}",
            functools.partial(hostile.html_hidden, how=how),
            None,
            0,
            expect=("Scope",),
            absent=(HIDDEN,),
        )
        for how in hostile.html_hidden_kinds()
    ),
    Case(
        "pdf_active_content",
        hostile.pdf_active_content,
        None,
        0,
        expect=BODY,
        absent=("launchURL", "127.0.0.1"),
    ),
    Case("pdf_form_loop", hostile.pdf_form_loop, None, 0, expect=BODY),
    Case("encrypted_owner_only", hostile.encrypted_owner_only_pdf, None, 0, expect=BODY),
    Case(
        "encrypted_rc4_right_password",
        hostile.encrypted_rc4_pdf,
        None,
        0,
        opts={"password": hostile.PASSWORD},
        expect=BODY,
    ),
    Case(
        "encrypted_aes256_no_password",
        hostile.encrypted_aes256_pdf,
        errors.EncryptedFile,
        5,
        mention="--password",
    ),
    Case(
        "encrypted_aes256_right_password",
        hostile.encrypted_aes256_pdf,
        None,
        0,
        opts={"password": hostile.PASSWORD},
        expect=BODY,
    ),
    # DOCX parts
    Case(
        "docx_missing_parts",
        hostile.docx_missing_parts,
        None,
        0,
        expect=("Supply Agreement", "Scope"),
    ),
    Case("docx_numbering_garbage", hostile.docx_numbering_garbage, None, 0, expect=BODY),
    Case(
        "docx_numbering_amplifier",
        hostile.docx_numbering_amplifier,
        errors.LimitExceeded,
        6,
        mention="--max-chars",
    ),
    Case("docx_many_members", hostile.docx_many_members, None, 0, expect=BODY),
    Case("docx_deep_tables", hostile.docx_deep_tables, errors.CorruptFile, 3),
    Case(
        "docx_external_refs",
        hostile.docx_external_refs,
        None,
        0,
        expect=BODY + ("Included",),
        absent=("127.0.0.1",),
    ),
    # HTML
    Case(
        "html_entity_dtd",
        hostile.html_entity_dtd,
        None,
        0,
        expect=("respect human rights",),
        absent=("lollol",),
    ),
    Case("html_wide", hostile.html_wide, None, 0, expect=("record 49999",)),
    Case("html_unclosed", hostile.html_unclosed, errors.LimitExceeded, 6, mention="parser limit"),
    Case(
        "html_bold_flood",
        hostile.html_bold_flood,
        None,
        0,
        expect=("respect human rights", "bold bold"),
    ),
    # Text
    Case("text_utf32_bom", hostile.text_utf32, None, 0, expect=ACCENTED),
    Case("text_utf16_no_bom", hostile.text_utf16_no_bom, None, 0, expect=ACCENTED),
    Case(
        "text_one_huge_line", hostile.text_one_huge_line, None, 0, expect=("respect human rights",)
    ),
    Case("text_nul_bytes", hostile.text_nul_bytes, errors.UnsupportedFormat, 4),
    # Paths
    Case("fifo", hostile.fifo, errors.NotAFile, 3, mention="not a regular file"),
    Case(
        "device_symlink", hostile.device_symlink, errors.NotAFile, 3, mention="not a regular file"
    ),
    Case("control_chars_name", hostile.control_chars_name, errors.EmptyFile, 3),
    Case("oversize_sparse", hostile.oversize_sparse, errors.LimitExceeded, 6, mention="--max-mb"),
    # Not contracts
    Case(
        "xlsx_xlsxwriter",
        hostile.xlsx_xlsxwriter,
        errors.UnsupportedFormat,
        4,
        mention="spreadsheet",
    ),
    Case(
        "xlsx_openpyxl_named_docx",
        hostile.xlsx_openpyxl_named_docx,
        errors.UnsupportedFormat,
        4,
        mention="spreadsheet",
    ),
    Case("jpeg_photo", hostile.jpeg_photo, errors.UnsupportedFormat, 4, mention="image"),
    Case("jpeg_named_pdf", hostile.jpeg_named_pdf, errors.UnsupportedFormat, 4, mention="image"),
    Case("gzip_named_pdf", hostile.gzip_named_pdf, errors.CorruptFile, 3),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Builds each hostile file once per module (several cases share a file)."""
    root = tmp_path_factory.mktemp("hostile")
    built: dict[str, Path] = {}

    def get(case: Case) -> Path:
        name = getattr(case.build, "__name__", case.id)
        if name not in built:
            folder = root / name
            folder.mkdir()
            built[name] = case.build(folder)
        return built[name]

    return get


@pytest.fixture(autouse=True)
def _no_debug(monkeypatch):
    monkeypatch.delenv("CLAUSECHECK_DEBUG", raising=False)


def _check_text(case: Case, text: str) -> None:
    for word in case.expect:
        assert word in text, f"{case.id}: {word!r} missing from the extracted text"
    for word in case.absent:
        assert word not in text, f"{case.id}: {word!r} must not be in the extracted text"


def _check_error_line(case: Case, output: str, path: Path) -> None:
    assert "Traceback" not in output
    lines = [ln for ln in output.splitlines() if ln.strip()]
    assert len(lines) == 1, f"{case.id}: expected one line, got {output!r}"
    line = lines[0]
    assert line.startswith("clausecheck: error E"), line
    m = _ERROR_LINE.match(line)
    assert m, f"{case.id}: not 'clausecheck: error Ennn: <file>: <cause> - <fix>': {line!r}"
    assert m.group(2) == errors.printable(str(path)), (
        f"{case.id}: the line must name the file: {line!r}"
    )
    assert len(m.group(4)) >= 8, f"{case.id}: the fix is missing: {line!r}"
    if case.mention:
        assert case.mention in line, f"{case.id}: {case.mention!r} not in {line!r}"
    for option in re.findall(r"(?<![\w-])--[a-z][a-z-]*", line):  # a fix may only name real options
        assert option in OUTLINE_OPTIONS, f"{case.id}: the fix names {option}, which the CLI lacks"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_library(case, corpus):
    path = corpus(case)
    if case.exc is not None:
        with pytest.raises(errors.ClauseCheckError) as info:
            ingest.load(
                path,
                limits=case.limits(),
                password=case.opts.get("password"),
                ocr=case.opts.get("ocr"),
            )
        assert type(info.value) is case.exc, (
            f"{case.id}: got {type(info.value).__name__}: {info.value}"
        )
        assert info.value.exit_code == case.code
        assert info.value.fix and info.value.cause
        return
    try:
        doc = ingest.load(
            path, limits=case.limits(), password=case.opts.get("password"), ocr=case.opts.get("ocr")
        )
    except errors.ClauseCheckError as exc:
        assert isinstance(exc, case.alt), f"{case.id}: unexpected {type(exc).__name__}: {exc}"
        return
    assert doc.text.strip()
    _check_text(case, doc.text)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cli_one_line(case, corpus):
    path = corpus(case)
    result = CliRunner().invoke(main, ["outline", str(path), *case.cli_args()])
    assert result.exit_code in case.codes, f"{case.id}: exit {result.exit_code}: {result.output!r}"
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    if result.exit_code == 0:
        assert str(path) in result.output  # the outline's first line names the file
        return
    _check_error_line(case, result.stderr, path)
    if case.exc is not None:  # a catalogue code whose class is the expected one (or an alt)
        code = re.search(r"error (E\d{3}):", result.stderr)
        assert code and code.group(1) in errors.CATALOGUE, result.stderr
        assert issubclass(errors.CATALOGUE[code.group(1)].kind, (case.exc, *case.alt))


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_subprocess_bounded(case, corpus):
    path = corpus(case)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    env.pop("CLAUSECHECK_DEBUG", None)
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "clausecheck", "outline", str(path), *case.cli_args()],
            capture_output=True,
            text=True,
            timeout=case.timeout,
            preexec_fn=_limit_memory,
            env=env,
            cwd=str(path.parent.parent),
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{case.id}: did not finish within {case.timeout:.0f}s")
    elapsed = time.monotonic() - started
    assert "MemoryError" not in proc.stderr + proc.stdout, f"{case.id}: ran out of memory"
    assert proc.returncode in case.codes, f"{case.id}: exit {proc.returncode}: {proc.stderr!r}"
    assert elapsed < case.timeout
    if proc.returncode == 0:
        assert proc.stdout.strip(), f"{case.id}: no outline printed"
        assert "Traceback" not in proc.stderr
    else:
        _check_error_line(case, proc.stderr, path)


# The hostile classes covered: one per distinct input builder of CASES, plus the classes that
# are not input files (hostile.OTHER_CLASSES, each tested in the module it names). Update the
# number when a class is added; the issue-15 pass took it from 61 input builders to this.
HOSTILE_CLASSES = 115


def hostile_class_count() -> int:
    builders = {getattr(c.build, "__name__", c.id) for c in CASES}
    return len(builders) + len(hostile.OTHER_CLASSES)


def test_hostile_class_count():
    for name, module in hostile.OTHER_CLASSES.items():
        assert (REPO / module).is_file(), f"{name}: {module} does not exist"
    assert hostile_class_count() == HOSTILE_CLASSES


# Cases whose cost was in the analysis, not the reading (spaCy on a 40,000-character token,
# style chains, Markdown emphasis) or in writing every format: the full scan, bounded.
SCAN_CASES = [
    ("text_punctuation_run", hostile.text_punctuation_run, 0),
    ("docx_style_chain", hostile.docx_style_chain, 0),
    ("markdown_emphasis_flood", hostile.markdown_emphasis_flood, 0),
    ("docx_broken_header", hostile.docx_broken_header, 0),
    ("pdf_double_flate_bomb", hostile.pdf_double_flate_bomb, 6),
]


@pytest.mark.parametrize("name, build, code", SCAN_CASES, ids=[c[0] for c in SCAN_CASES])
def test_scan_every_format_bounded(name, build, code, tmp_path):
    path = build(tmp_path)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])),
    )
    env.pop("CLAUSECHECK_DEBUG", None)
    out = tmp_path / "out"
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "clausecheck",
                "scan",
                str(path),
                "--format",
                "json,html,docx,markdown,csv",
                "-o",
                str(out),
            ],
            capture_output=True,
            text=True,
            timeout=60,
            preexec_fn=_limit_memory,
            env=env,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{name}: scan did not finish within 60 s")
    assert proc.returncode == code, f"{name}: exit {proc.returncode}: {proc.stderr!r}"
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    if code == 0:
        assert len(list(out.iterdir())) == 5
    else:
        _check_error_line(Case(name, build, None, code), proc.stderr, path)
