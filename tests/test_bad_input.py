"""Hostile and broken inputs: each gives a documented exit code and one clean line, fast and
within a memory bound - or, where the input is readable, the right text and nothing else.

The corpus is built at test time by ``tests/hostile.py`` into a temporary directory.
Each case is checked three ways: the library (exception class), the CLI in-process with
CliRunner (exit code, one-line message naming the file and a fix, no traceback) and the CLI in
a subprocess with a timeout and an address-space limit (time and memory bounds).
"""

from __future__ import annotations

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
from clausecheck.cli import main  # noqa: E402
from clausecheck.limits import Limits  # noqa: E402

pytest.importorskip("fpdf")
pytest.importorskip("PIL")

REPO = Path(__file__).resolve().parents[1]
MEMORY_LIMIT = 1536 * 2**20  # 1.5 GiB of address space for the subprocess
DEFAULT_TIMEOUT = 30.0
OUTLINE_OPTIONS = {opt for param in main.commands["outline"].params for opt in param.opts}
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
            args += [f"--{key.replace('_', '-')}", str(value)]
        return args

    def limits(self) -> Limits:
        return Limits(max_pages=self.opts.get("max_pages", Limits.max_pages),
                      max_chars=self.opts.get("max_chars", Limits.max_chars))

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
    Case("encrypted_no_password", hostile.encrypted_pdf, errors.EncryptedFile, 5, mention="--password"),
    Case("encrypted_wrong_password", hostile.encrypted_pdf, errors.EncryptedFile, 5,
         opts={"password": hostile.WRONG_PASSWORD}, mention="password is wrong"),
    Case("encrypted_right_password", hostile.encrypted_pdf, None, 0,
         opts={"password": hostile.PASSWORD}, expect=BODY),
    # Scans and size limits
    Case("image_only_pdf", hostile.image_only_pdf, errors.OcrRequired, 7, mention="--ocr"),
    Case("pages_5000_default_limit", hostile.many_pages_pdf, errors.LimitExceeded, 6,
         mention="--max-pages"),
    Case("pages_5000_raised_limit", hostile.many_pages_pdf, None, 0, opts={"max_pages": 6000},
         expect=("supplier",), timeout=60.0),
    Case("million_chars_one_page", hostile.million_chars_pdf, None, 0, alt=(errors.LimitExceeded,),
         expect=("supplier", "grievance"), timeout=60.0),
    Case("million_chars_over_max_chars", hostile.million_chars_pdf, errors.LimitExceeded, 6,
         opts={"max_chars": 500_000}, mention="--max-chars"),
    # DOCX packages
    Case("docx_zip_bomb", hostile.docx_zip_bomb, errors.LimitExceeded, 6),
    Case("docx_ratio_bomb", hostile.docx_ratio_bomb, errors.LimitExceeded, 6),
    Case("docx_lying_sizes", hostile.docx_lying_sizes, errors.CorruptFile, 3),
    Case("docx_xxe", hostile.docx_xxe, None, 0, alt=(errors.CorruptFile,),
         expect=("human rights",), absent=_passwd_lines()),
    Case("docx_billion_laughs", hostile.docx_billion_laughs, None, 0, alt=(errors.CorruptFile,),
         expect=("human rights",), absent=("lollol",)),
    Case("docx_missing_document", hostile.docx_missing_document, errors.CorruptFile, 3),
    Case("docx_truncated", hostile.docx_truncated, errors.CorruptFile, 3),
    Case("docx_bad_xml", hostile.docx_bad_xml, errors.CorruptFile, 3),
    Case("docx_password_protected", hostile.docx_password_protected, errors.EncryptedFile, 5),
    Case("legacy_doc", hostile.legacy_doc, errors.UnsupportedFormat, 4, mention=".docx"),
    # HTML
    Case("html_hostile", hostile.html_hostile, None, 0,
         expect=("Supply Agreement", "respect human rights", "reasonable notice"),
         absent=("alert", "SCRIPTTEXT", "STYLETEXT", "color: red", "IFRAMETEXT", "CLICKTEXT",
                 "ONLOADTEXT", "NOSCRIPTTEXT", "HIDDENTEXT", "example.invalid")),
    # libxml2 stops at depth 256; the reader must refuse rather than drop the rest silently.
    Case("html_deep_nesting", hostile.html_deep, errors.LimitExceeded, 6, mention="parser limit"),
    # Text encodings
    Case("text_utf16_bom", hostile.text_utf16, None, 0, expect=ACCENTED),
    Case("text_latin1", hostile.text_latin1, None, 0, expect=ACCENTED),
    Case("text_invalid_utf8", hostile.text_invalid_utf8, None, 0,
         expect=("respect human rights", "audit the Supplier", "tail words")),
    # Paths
    Case("directory", hostile.directory_input, errors.NotAFile, 3),
    Case("symlink_loop", hostile.symlink_loop, errors.InputError, 3),
    Case("nonexistent", hostile.nonexistent, errors.FileNotFound, 3),
    # Not contracts
    Case("xlsx_like", hostile.xlsx_like, errors.UnsupportedFormat, 4, mention="spreadsheet"),
    Case("png", hostile.png_image, errors.UnsupportedFormat, 4, mention="image"),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Builds each hostile file once per module (several cases share a file)."""
    root = tmp_path_factory.mktemp("hostile")
    built: dict[str, Path] = {}

    def get(case: Case) -> Path:
        name = case.build.__name__
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
    assert m.group(2) == str(path), f"{case.id}: the line must name the file: {line!r}"
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
            ingest.load(path, limits=case.limits(), password=case.opts.get("password"))
        assert type(info.value) is case.exc, f"{case.id}: got {type(info.value).__name__}: {info.value}"
        assert info.value.exit_code == case.code
        assert info.value.fix and info.value.cause
        return
    try:
        doc = ingest.load(path, limits=case.limits(), password=case.opts.get("password"))
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
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if result.exit_code == 0:
        assert str(path) in result.output  # the outline's first line names the file
        return
    _check_error_line(case, result.stderr, path)
    if case.exc is not None:
        assert f"error {case.exc.code}:" in result.stderr


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_subprocess_bounded(case, corpus):
    path = corpus(case)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    env.pop("CLAUSECHECK_DEBUG", None)
    started = time.monotonic()
    try:
        proc = subprocess.run([sys.executable, "-m", "clausecheck", "outline", str(path), *case.cli_args()],
                              capture_output=True, text=True, timeout=case.timeout,
                              preexec_fn=_limit_memory, env=env, cwd=str(path.parent.parent))
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
