"""One catalogue of coded errors: what happened, the usual cause, and what to do.

The library raises ``ClauseCheckError`` subclasses; the CLI prints ``str(error)`` as one line
and exits with ``error.exit_code``. Exit codes are part of the public contract (README).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_POLICY_FAILED = 1  # --fail-on: the contract does not meet the profile
EXIT_USAGE = 2  # bad command line (click's own code)
EXIT_UNREADABLE = 3  # missing, empty, truncated or corrupt input
EXIT_UNSUPPORTED = 4  # a format clausecheck does not read
EXIT_ENCRYPTED = 5  # password needed or wrong
EXIT_LIMIT = 6  # too many pages / characters / bytes; decompression bomb
EXIT_OCR = 7  # scanned document and OCR not enabled or not available
EXIT_DATA = 8  # invalid provision, library, profile or model file
EXIT_TIMEOUT = 9  # analysis took longer than --timeout
EXIT_BATCH_ERRORS = 10  # a batch finished but some documents failed
EXIT_OUTPUT = 11  # a report or store could not be written
EXIT_INTERNAL = 70  # a bug: please report it

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_POLICY_FAILED: "the contract does not meet the --profile requirements (--fail-on)",
    EXIT_USAGE: "bad command-line usage",
    EXIT_UNREADABLE: "input missing, empty, truncated or corrupt",
    EXIT_UNSUPPORTED: "unsupported file format",
    EXIT_ENCRYPTED: "encrypted document: password missing or wrong",
    EXIT_LIMIT: "a size limit was exceeded (pages, characters, bytes, decompressed size)",
    EXIT_OCR: "scanned document: OCR not enabled or tesseract not installed",
    EXIT_DATA: "invalid provision, clause-library, profile or model file",
    EXIT_TIMEOUT: "the document took longer than the time limit",
    EXIT_BATCH_ERRORS: "batch finished, but some documents could not be analysed",
    EXIT_OUTPUT: "an output file could not be written (disk full, size limit, path, symlink)",
    EXIT_INTERNAL: "internal error (a bug)",
}


def printable(text: str) -> str:
    """``text`` with control, format (bidi) and lone-surrogate characters escaped, so that a
    file name cannot break a one-line message or forge another line."""
    if text.isprintable():
        return text
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text
    )


class ClauseCheckError(Exception):
    """Base error. ``code`` is a stable message id (E1xx input, E2xx limits, E3xx data)."""

    code = "E000"
    exit_code = EXIT_INTERNAL

    def __init__(self, path: object, cause: str, fix: str) -> None:
        self.path = str(path) if path is not None else None
        self.cause = cause
        self.fix = fix
        super().__init__(self.message)

    @property
    def message(self) -> str:
        # File names and causes can come from hostile input: keep the message on one line.
        where = f"{printable(self.path)}: " if self.path else ""
        return f"error {self.code}: {where}{printable(self.cause)} - {printable(self.fix)}"

    def __str__(self) -> str:
        return self.message


class InputError(ClauseCheckError):
    code = "E100"
    exit_code = EXIT_UNREADABLE


class FileNotFound(InputError):
    code = "E101"


class EmptyFile(InputError):
    code = "E102"


class CorruptFile(InputError):
    code = "E103"


class NotAFile(InputError):
    code = "E104"


class UnsupportedFormat(ClauseCheckError):
    code = "E110"
    exit_code = EXIT_UNSUPPORTED


class EncryptedFile(ClauseCheckError):
    code = "E120"
    exit_code = EXIT_ENCRYPTED


class OcrRequired(ClauseCheckError):
    code = "E130"
    exit_code = EXIT_OCR


class LimitExceeded(ClauseCheckError):
    code = "E200"
    exit_code = EXIT_LIMIT


class AnalysisTimeout(ClauseCheckError):
    code = "E210"
    exit_code = EXIT_TIMEOUT


class WorkerCrashed(ClauseCheckError):
    """A batch worker process died while analysing the document (memory cap or native crash)."""

    code = "E220"
    exit_code = EXIT_LIMIT


class DataFileError(ClauseCheckError):
    code = "E300"
    exit_code = EXIT_DATA


class ModelMismatch(DataFileError):
    code = "E310"


class OutputError(ClauseCheckError):
    """A report, export or store could not be written; nothing partial is left behind."""

    code = "E400"
    exit_code = EXIT_OUTPUT


def describe_exit_codes() -> str:
    return "\n".join(f"  {code:>3}  {text}" for code, text in EXIT_CODES.items())
