"""One catalogue of coded errors: what happened, the usual cause, and what to do.

Every situation clausecheck reports has one entry in ``CATALOGUE``: a stable code, the exception
class (which fixes the exit code), a one-line message template with named fields, the usual
cause and the fix. Raise from it with ``raise errors.error("E105", path)`` or, with fields,
``raise errors.error("E103", path, detail="...")``; nothing else writes an error message.

The library raises ``ClauseCheckError`` subclasses; the CLI prints ``str(error)`` as one line,
``error CODE: PATH: message - fix``, and exits with ``error.exit_code``. Exit codes are part of
the public contract (README); ``docs/errors.md`` is generated from the catalogue
(``catalogue_markdown``; ``clausecheck errors`` prints one entry or the list).
"""

from __future__ import annotations

import errno
import string
from dataclasses import dataclass

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
EXIT_NOT_A_CONTRACT = 12  # the input has no contract structure: nothing to grade
EXIT_INTERNAL = 70  # a bug: please report it

EXIT_CODES = {
    EXIT_OK: "success",
    EXIT_POLICY_FAILED: "the contract does not meet the --profile requirements (--fail-on)",
    EXIT_USAGE: "bad command-line usage",
    EXIT_UNREADABLE: "input missing, empty, truncated or corrupt",
    EXIT_UNSUPPORTED: "unsupported file format",
    EXIT_ENCRYPTED: "encrypted document: password missing or wrong",
    EXIT_LIMIT: "a size limit was exceeded (pages, characters, bytes, decompressed size)",
    EXIT_OCR: "scanned document: tesseract not installed, or OCR turned off (--no-ocr)",
    EXIT_DATA: "invalid provision, clause-library, profile or model file",
    EXIT_TIMEOUT: "the document took longer than the time limit",
    EXIT_BATCH_ERRORS: "batch finished, but some documents could not be analysed",
    EXIT_OUTPUT: "an output file could not be written (disk full, size limit, path, link)",
    EXIT_NOT_A_CONTRACT: "the input is not a contract (no parties, no clauses, too few words)",
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


class NotAContract(ClauseCheckError):
    """The text has none of a contract's structure; 27 findings about it would mean nothing."""

    code = "E146"
    exit_code = EXIT_NOT_A_CONTRACT


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
    return "\n".join(f"{code:>3}  {text}" for code, text in EXIT_CODES.items())


# -- the catalogue ----------------------------------------------------------------------------

SUPPORTED_FORMATS = "PDF, DOCX, HTML, plain text (.txt) and Markdown (.md)"
_RETRAIN = "retrain with `clausecheck train`, or reinstall clausecheck"
_USE_JSON_MODEL = "use a clause_model.json written by clausecheck train"


@dataclass(frozen=True)
class Entry:
    """One situation: ``message`` and ``fix`` are templates whose ``{fields}`` the raise site
    fills; ``cause`` (the usual cause) is for the documentation."""

    code: str
    kind: type[ClauseCheckError]
    message: str
    cause: str
    fix: str

    @property
    def fields(self) -> frozenset[str]:
        """Names of the fields the message and the fix need."""
        return frozenset(
            name.split(".")[0].split("[")[0]
            for template in (self.message, self.fix)
            for _, name, _, _ in string.Formatter().parse(template)
            if name
        )

    @property
    def exit_code(self) -> int:
        return self.kind.exit_code

    def __call__(self, path: object = None, /, **fields: object) -> ClauseCheckError:
        """The exception for this situation, ``path`` being the file it is about (or None)."""
        if set(fields) != self.fields:
            raise TypeError(
                f"error {self.code} takes the fields {sorted(self.fields)}, got {sorted(fields)}"
            )
        exc = self.kind(path, self.message.format(**fields), self.fix.format(**fields))
        exc.code = self.code
        return exc


def _entries(*entries: tuple[str, type[ClauseCheckError], str, str, str]) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    for code, kind, message, cause, fix in entries:
        if code in out:
            raise ValueError(f"error code {code} is catalogued twice")
        out[code] = Entry(code, kind, message, cause, fix)
    return out


# (code, exception class, message template, usual cause, fix template)
CATALOGUE: dict[str, Entry] = _entries(
    # E0xx: bugs and the batch machinery (exit 70)
    (
        "E000",
        ClauseCheckError,
        "internal error ({detail})",
        "A bug in clausecheck, or in a library it uses, met an input it did not expect.",
        "please report it; set CLAUSECHECK_DEBUG=1 for the traceback",
    ),
    (
        "E001",
        ClauseCheckError,
        "Dask runs need dask.distributed",
        "'clausecheck batch --scheduler' or '--dask-local' was used without the optional "
        "dask.distributed package.",
        'install it: pip install "dask[distributed]"',
    ),
    (
        "E002",
        ClauseCheckError,
        "worker processes keep dying before they start a document",
        "The operating system or the memory cap kills every new batch worker, usually because "
        "memory is short.",
        "see the messages above; try --workers 1 or a higher --max-memory-mb",
    ),
    (
        "E003",
        ClauseCheckError,
        "the analysis engine could not be built ({detail})",
        "A batch worker failed while loading the provisions and the model for a reason other "
        "than an invalid data file: a bug.",
        "please report it; set CLAUSECHECK_DEBUG=1 and run 'clausecheck scan' on one file",
    ),
    # E1xx: reading the input (exit 3, or 4 unsupported, 5 encrypted, 7 OCR)
    (
        "E100",
        InputError,
        "the file cannot be opened ({reason})",
        "The operating system refused to look at the path: permissions, a broken network "
        "mount or a path that is too long.",
        "check the path and its permissions",
    ),
    (
        "E101",
        FileNotFound,
        "no such file",
        "The path or URL is misspelt, or the file was moved or deleted.",
        "check the path or URL",
    ),
    (
        "E102",
        EmptyFile,
        "the file is empty",
        "The file has no bytes: an interrupted download or copy, or a placeholder.",
        "give the complete contract file",
    ),
    (
        "E103",
        CorruptFile,
        "the PDF cannot be parsed ({detail})",
        "The PDF's structure is damaged or truncated: an incomplete download, or a file "
        "written by a faulty tool.",
        "re-save or re-export the PDF and try again",
    ),
    (
        "E104",
        NotAFile,
        "this is a directory, not a contract file",
        "A folder (or a folder URL) was given where one contract file is expected.",
        "give a file, or use 'clausecheck batch' for folders",
    ),
    (
        "E105",
        CorruptFile,
        "the DOCX is not a valid zip package (truncated or corrupt)",
        "A DOCX is a zip package; this one is cut short or damaged, often by an interrupted "
        "download or e-mail gateway.",
        "re-save it from Word, or export it as PDF",
    ),
    (
        "E106",
        CorruptFile,
        "the DOCX part {part} is damaged ({error})",
        "A part of the package holds malformed XML or a damaged compressed stream, typically "
        "written by a faulty converter.",
        "re-save it from Word, or export it as PDF",
    ),
    (
        "E107",
        CorruptFile,
        "the DOCX has no main document part (word/document.xml)",
        "The zip package lacks the body of the document: it was assembled by hand or truncated.",
        "re-save it from Word, or export it as PDF",
    ),
    (
        "E108",
        CorruptFile,
        "no page of the PDF can be read (damaged page tree)",
        "The PDF opens but none of its pages loads: its page tree or page objects are damaged.",
        "re-save or re-export the PDF and try again",
    ),
    (
        "E109",
        EmptyFile,
        "the PDF has no pages",
        "The PDF's page tree is empty: a truncated or placeholder file.",
        "check the file is complete",
    ),
    (
        "E110",
        UnsupportedFormat,
        "the file is {kind}, not a text contract",
        "The file is an image, an RTF document or other binary data rather than a contract "
        "format clausecheck reads.",
        "supported: " + SUPPORTED_FORMATS + "; scanned images must be in a PDF (use --ocr)",
    ),
    (
        "E111",
        UnsupportedFormat,
        "legacy Word .doc (or another OLE file) is not supported",
        "The file is in the pre-2007 binary Word format (or another OLE compound file).",
        "save it as .docx or PDF; supported: " + SUPPORTED_FORMATS,
    ),
    (
        "E112",
        UnsupportedFormat,
        "the file is {kind}, not a contract document",
        "The zip package is a spreadsheet, a presentation or an ordinary archive, not a Word "
        "document.",
        "supported: " + SUPPORTED_FORMATS,
    ),
    (
        "E113",
        UnsupportedFormat,
        "a damaged zip archive, not a contract",
        "The file starts like a zip archive but cannot be opened, and its name does not say "
        "it is a DOCX.",
        "supported: " + SUPPORTED_FORMATS,
    ),
    (
        "E114",
        UnsupportedFormat,
        "the file is binary, not text",
        "A file read as text holds NUL bytes near its start: it is binary data with a text "
        "file name.",
        "give a PDF, DOCX, HTML, text or Markdown contract",
    ),
    (
        "E120",
        EncryptedFile,
        "the PDF is encrypted",
        "The PDF needs a password to open and none was given.",
        "pass its password with --password PASSWORD",
    ),
    (
        "E121",
        EncryptedFile,
        "the PDF password is wrong",
        "The password given with --password does not open the PDF.",
        "check the password given with --password",
    ),
    (
        "E122",
        EncryptedFile,
        "the PDF uses an unsupported security handler",
        "The PDF is protected by a security handler other than the standard password one "
        "(e.g. certificate or DRM plug-in encryption).",
        "print it to a new PDF without protection",
    ),
    (
        "E123",
        EncryptedFile,
        "the Word document is password-protected",
        "Word encrypted the document with a password (File > Info > Protect Document).",
        "remove the password in Word (File > Info > Protect Document) and save again",
    ),
    (
        "E130",
        OcrRequired,
        "the PDF is scanned (no text layer) and tesseract, which reads it, is not installed",
        "Every readable page is an image without text: a scan or a photographed document. "
        "clausecheck reads such pages with tesseract when it is on the PATH.",
        "install tesseract ({install}); clausecheck then uses it by itself",
    ),
    (
        "E131",
        OcrRequired,
        "OCR was requested but tesseract is not installed",
        "--ocr was given but the tesseract program is not on the PATH.",
        "install it ({install}) or drop --ocr",
    ),
    (
        "E133",
        OcrRequired,
        "the PDF is scanned (no text layer) and OCR was turned off",
        "Every readable page is an image without text, and --no-ocr (ocr=False) refused OCR.",
        "drop --no-ocr to read the pages with tesseract",
    ),
    (
        "E132",
        CorruptFile,
        "tesseract failed on page {page}",
        "tesseract exited with an error on the rendered page image, usually a damaged image.",
        "check the page renders, or OCR the file beforehand",
    ),
    (
        "E140",
        EmptyFile,
        "no text could be extracted",
        "The document holds no text: an empty template, only images, or text hidden from "
        "extraction.",
        "check the file has text (for scans use --ocr)",
    ),
    (
        "E141",
        NotAFile,
        "this is not a regular file (a pipe, socket or device)",
        "The path names a pipe, a socket or a device, which clausecheck never reads.",
        "save the contract to a file and give its path",
    ),
    (
        "E142",
        CorruptFile,
        "the file is named {suffix} but is not a {kind} (corrupt or mislabelled)",
        "The file has a .pdf or .docx name but its bytes are neither: damaged in transfer or "
        "renamed.",
        "re-export the original document, or check the file was fully copied",
    ),
    (
        "E143",
        CorruptFile,
        "the HTML cannot be parsed ({detail})",
        "The HTML parser cannot build a document from the file, even in recovery mode.",
        "save the page again as HTML or as PDF",
    ),
    (
        "E144",
        InputError,
        "the file cannot be read ({reason})",
        "The file exists but reading it failed: permissions, a broken network mount or a "
        "disk error.",
        "check the path and its permissions",
    ),
    (
        "E145",
        InputError,
        "the {output} output would overwrite the contract it reviews",
        "The --output path of a report is the contract being scanned (e.g. a docx report "
        "written over the .docx it reviews).",
        "write it to another directory or under another name",
    ),
    (
        "E146",
        NotAContract,
        "this does not look like a contract ({words} words, {clauses} numbered or headed "
        "clauses, {parties} parties found)",
        "The text has no parties, no numbered or headed clauses and very few words: a note, a "
        "letter, a cover page or the wrong file.",
        "check the file; to analyse a fragment anyway pass --not-a-contract-ok",
    ),
    (
        "E147",
        CorruptFile,
        "the DOCX package holds the part {part} twice",
        "Two entries of the zip package have the same name. Programs disagree on which copy "
        "they read, so the text analysed could differ from the text Word shows: a sign of "
        "tampering.",
        "open the document in Word and save it again, or ask the sender for a clean copy",
    ),
    (
        "E150",
        InputError,
        "reading URLs needs fsspec",
        "A batch input is a URL (s3://, gs://, ...) and the optional fsspec package is not "
        "installed.",
        "install it: pip install fsspec",
    ),
    (
        "E151",
        InputError,
        "fsspec cannot open this URL ({detail})",
        "The URL's protocol needs a filesystem package that is not installed, or the URL is "
        "malformed.",
        "install the filesystem's package (s3fs, gcsfs, adlfs) or check the URL",
    ),
    (
        "E152",
        InputError,
        "the URL cannot be read ({detail})",
        "The remote store refused or failed the read: credentials, permissions or the network.",
        "check the URL, the credentials and the network",
    ),
    (
        "E153",
        InputError,
        "cannot reach the Dask scheduler ({detail})",
        "The --scheduler address is wrong, or the scheduler is not running or not reachable.",
        "check the address and that the scheduler is running",
    ),
    (
        "E154",
        FileNotFound,
        "no portfolio database at this path",
        "The --db file of a portfolio or diff command does not exist yet, or the path is misspelt.",
        "create one with 'clausecheck batch DIR --db FILE'",
    ),
    (
        "E155",
        InputError,
        "the store cannot be opened ({detail})",
        "SQLite cannot open or create the --db file: its folder is missing or not writable.",
        "check the folder exists and is writable",
    ),
    # E2xx: limits and time (exit 6, or 9 for time)
    (
        "E200",
        LimitExceeded,
        "the PDF has {pages} pages, over the limit of {limit}",
        "The PDF is longer than --max-pages (default 2000) allows.",
        "raise it with --max-pages N",
    ),
    (
        "E201",
        LimitExceeded,
        "the file is {size_mib} MiB, over the {limit_mib} MiB limit",
        "The file is larger than --max-mb allows.",
        "raise it with --max-mb N",
    ),
    (
        "E202",
        LimitExceeded,
        "the text exceeds the limit of {limit} characters",
        "The extracted text is longer than --max-chars allows.",
        "raise it with --max-chars N",
    ),
    (
        "E203",
        LimitExceeded,
        "the DOCX expands to over {limit_mib} MiB (a decompression bomb?)",
        "The DOCX's compressed parts would inflate past the decompression limit, or one part "
        "is compressed implausibly well.",
        "check the file; if it is genuine, re-save it from Word or export it as PDF",
    ),
    (
        "E204",
        LimitExceeded,
        "the PDF's streams inflate to over {limit_mib} MiB (a decompression bomb?)",
        "The PDF's compressed (non-image) streams would inflate past the decompression limit.",
        "check the file; if it is genuine, print it to a new PDF",
    ),
    (
        "E205",
        LimitExceeded,
        "the HTML file is larger than the character limit allows",
        "The HTML source is more than four times --max-chars long.",
        "raise it with --max-chars N",
    ),
    (
        "E206",
        LimitExceeded,
        "the HTML exceeds a parser limit ({reason}), so it cannot be read in full",
        "The HTML hits one of libxml2's resource limits (e.g. extreme nesting), so only part "
        "of it could be read.",
        "check the file; it is not an ordinary document (save it as PDF instead)",
    ),
    (
        "E207",
        LimitExceeded,
        "the HTML nests deeper than {limit} levels",
        "The HTML elements nest deeper than any ordinary document does.",
        "check the file; it is not an ordinary document",
    ),
    (
        "E208",
        LimitExceeded,
        "the object is over the {limit_mib} MiB limit",
        "The object behind a URL is larger than --max-mb allows.",
        "raise it with --max-mb N",
    ),
    (
        "E209",
        LimitExceeded,
        "the analysis needed more than the {limit_mib} MiB memory cap",
        "Analysing the document ran out of the memory a batch worker is allowed.",
        "raise it with --max-memory-mb N, or lower --max-pages",
    ),
    (
        "E210",
        AnalysisTimeout,
        "the analysis took longer than the {seconds:g} s time limit",
        "The document is very long or pathological, or the machine is overloaded.",
        "raise it with --timeout SECONDS, or check the document",
    ),
    (
        "E211",
        AnalysisTimeout,
        "OCR of page {page} took over {seconds}s",
        "tesseract did not finish one page in time: a huge or noisy page image.",
        "check the scan or OCR the file beforehand",
    ),
    (
        "E212",
        LimitExceeded,
        "page {page} is {width} x {height} points, too large to render for OCR",
        "A page of the scanned PDF is so large that rendering it for OCR would need gigabytes "
        "of memory (an ordinary page is under 1,000 points a side).",
        "check the file; if it is genuine, split or rescale the page before scanning it",
    ),
    (
        "E213",
        LimitExceeded,
        "too many open files (the open-file limit is {limit})",
        "The process's open-file limit (ulimit -n) is too low for the files, worker processes "
        "and pipes clausecheck needs.",
        "raise it, e.g. ulimit -n 1024, or use fewer --workers",
    ),
    (
        "E220",
        WorkerCrashed,
        "the worker process analysing it died (over the memory cap, or a crash in a native "
        "library)",
        "The batch worker was killed while analysing this document, by the memory cap or a "
        "crash in a native library.",
        "raise --max-memory-mb, or check the file; the other documents were analysed",
    ),
    # E3xx: data files (exit 8)
    (
        "E300",
        DataFileError,
        "invalid provision file: {problems}",
        "A provision YAML file (shipped or from --provisions DIR) breaks the provision format: "
        "a missing or misspelt field, a value out of range, an unknown cue group.",
        "fix the provision file (see docs/provisions-format.md#{section}), "
        "then run 'clausecheck provisions validate'",
    ),
    (
        "E301",
        DataFileError,
        "the provisions directory does not exist",
        "The folder given with --provisions is misspelt or missing.",
        "check --provisions DIR",
    ),
    (
        "E310",
        ModelMismatch,
        "unknown model format version {version!r}; this clausecheck reads version {expected}",
        "The model file was written by a newer or older clausecheck than this one.",
        "upgrade clausecheck, or retrain the model with this one",
    ),
    (
        "E311",
        ModelMismatch,
        "model was trained with numpy {trained}, but numpy {installed} is installed "
        "(major versions differ)",
        "The model was trained with another major version of numpy than the installed one.",
        "retrain with numpy {installed_major}.x (`clausecheck train`) or "
        "install numpy {trained_major}.x",
    ),
    (
        "E312",
        ModelMismatch,
        "not a clausecheck clause model (format {found!r}, expected {expected!r})",
        "The JSON file given as the model is some other JSON document.",
        _RETRAIN,
    ),
    (
        "E313",
        ModelMismatch,
        "invalid model: {problem}",
        "The model file is damaged or was edited by hand: a field is missing, of the wrong "
        "type or shape, or out of range.",
        _RETRAIN,
    ),
    (
        "E314",
        ModelMismatch,
        "tokenizer setting {key!r} is {found!r}; this clausecheck predicts only with {expected!r}",
        "The model was trained with text-transform settings that this clausecheck cannot "
        "reproduce when predicting.",
        _RETRAIN,
    ),
    (
        "E315",
        ModelMismatch,
        "the shipped model cannot be found ({detail})",
        "The installation is incomplete: the models directory is missing.",
        "reinstall clausecheck, or retrain with `clausecheck train`",
    ),
    (
        "E316",
        ModelMismatch,
        "the model path is not a regular file",
        "The model path names a folder, a pipe or a device.",
        "pass the path of a clause_model.json",
    ),
    (
        "E317",
        ModelMismatch,
        "file is {size} bytes, more than a model can be ({limit})",
        "The file given as the model is far larger than any clause model.",
        "pass the path of a clause_model.json",
    ),
    (
        "E318",
        ModelMismatch,
        "cannot read the model file ({reason})",
        "The model file is missing or unreadable (permissions, a broken mount).",
        "check the path and permissions, or reinstall clausecheck, or retrain with "
        "`clausecheck train`",
    ),
    (
        "E319",
        ModelMismatch,
        "this is a binary (pickle, joblib or archive) file, not a JSON model; binary model "
        "formats are never loaded",
        "A pickled or archived model was given; such files can run code when loaded.",
        _USE_JSON_MODEL,
    ),
    (
        "E320",
        ModelMismatch,
        "the file is not UTF-8 JSON (binary content?); pickle and other executable formats "
        "are never loaded",
        "The model file holds bytes that are not UTF-8 text.",
        _USE_JSON_MODEL,
    ),
    (
        "E321",
        ModelMismatch,
        "the file is not valid JSON ({detail})",
        "The model file is truncated or was edited by hand.",
        _USE_JSON_MODEL,
    ),
    (
        "E322",
        DataFileError,
        "the judge file is larger than {limit_mib} MiB",
        "The file given as the judge (the second-stage model, judge.json) is far larger than "
        "any judge.",
        "retrain it",
    ),
    (
        "E323",
        DataFileError,
        "cannot read the judge ({reason})",
        "The judge file is missing or unreadable: an incomplete installation or a wrong path.",
        "reinstall clausecheck",
    ),
    (
        "E324",
        DataFileError,
        "invalid judge file ({detail})",
        "The judge file is not valid JSON, or its arrays have the wrong shape or non-finite "
        "numbers.",
        "retrain with 'clausecheck train --judge'",
    ),
    (
        "E330",
        DataFileError,
        "invalid YAML ({detail})",
        "A data file (provision, clause library, profile) has a YAML syntax error, a "
        "duplicate key, an alias or a Python tag.",
        "fix the YAML syntax",
    ),
    (
        "E331",
        DataFileError,
        "cannot read ({reason})",
        "A data file is missing, unreadable or not UTF-8.",
        "check the path",
    ),
    (
        "E332",
        DataFileError,
        "the file is not a YAML mapping",
        "A data file holds a list, a scalar or nothing instead of 'key: value' lines.",
        "start the file with 'id: ...'",
    ),
    (
        "E333",
        DataFileError,
        "the shipped data directory is missing",
        "The installation is incomplete: the models or clause_library directory is missing.",
        "reinstall clausecheck (pip install clausecheck) or run from a full checkout",
    ),
    (
        "E334",
        DataFileError,
        "training needs scikit-learn ({detail})",
        "'clausecheck train' was run without the optional training dependencies.",
        'install it with pip install "clausecheck[train]"',
    ),
    (
        "E340",
        DataFileError,
        "invalid clause-library file: {problems}",
        "A clause-library YAML file (shipped or from --library DIR) misses a field or has a "
        "value out of range.",
        "fix the clause-library file, then run 'clausecheck library validate'",
    ),
    (
        "E341",
        DataFileError,
        "the library directory does not exist",
        "The folder given with --library is misspelt or missing.",
        "check --library DIR",
    ),
    (
        "E342",
        DataFileError,
        "no library entry '{entry}'",
        "'clausecheck library show' was given an id that no entry has.",
        "see 'clausecheck library list'",
    ),
    (
        "E343",
        DataFileError,
        "coverage gaps: {gaps}",
        "'clausecheck library validate' found a provision without an entry, or a P1 pair "
        "without a baseline and a strong clause.",
        "add the missing entries",
    ),
    (
        "E350",
        DataFileError,
        "invalid profile: {problems}",
        "A --profile YAML file misses its id or 'requires', or names an unknown provision, "
        "relationship or minimum.",
        "fix the profile file (see clausecheck/profiles/ for examples)",
    ),
    (
        "E351",
        DataFileError,
        "no such profile",
        "--profile names neither a shipped profile nor an existing file.",
        "use one of {profiles} or a YAML file path",
    ),
    (
        "E360",
        DataFileError,
        "cannot read labels ({reason})",
        "The label file given with --labels is missing or unreadable.",
        "check the path given with --labels",
    ),
    (
        "E361",
        DataFileError,
        "line {line} is not a label record ({detail})",
        "A line of the label file is not valid JSON or lacks a field (file, labels, status, "
        "sha256).",
        'each line must be a JSON object with "file" and "labels" '
        "(see clausecheck/model/corpus.py)",
    ),
    (
        "E362",
        DataFileError,
        "{where}: spans must be [start, end] pairs",
        "An evidence or rejected span in the label corpus is not a pair of integers.",
        "fix the label file",
    ),
    (
        "E363",
        DataFileError,
        "{where}: a span is empty or negative",
        "An evidence or rejected span in the label corpus ends before it starts.",
        "fix the label file",
    ),
    (
        "E364",
        DataFileError,
        "a labelled contract is not in the text folder",
        "The --texts folder is not the corpus the labels were made on.",
        "point --texts at a CUAD copy",
    ),
    (
        "E365",
        DataFileError,
        "the file differs from the one labelled (sha256)",
        "The contract text in --texts is another version than the one labelled.",
        "use the CUAD v1 text",
    ),
    (
        "E370",
        DataFileError,
        "the store has schema version {version}, newer than this clausecheck ({supported})",
        "The --db store was written by a newer clausecheck.",
        "upgrade clausecheck",
    ),
    (
        "E371",
        DataFileError,
        "not a clausecheck store ({detail})",
        "The --db file is some other file, or a damaged SQLite database.",
        "give a new file name, or a store written by clausecheck batch",
    ),
    (
        "E372",
        DataFileError,
        "the store is damaged ({detail})",
        "The --db file fails SQLite's integrity check: it was damaged (a full disk, a copy "
        "made while a batch was writing) or edited by hand.",
        "rebuild it: run the batch again with a new --db, or with --rescan after restoring a "
        "backup",
    ),
    (
        "E380",
        DataFileError,
        "invalid policy file: {problem}",
        "A policy file shipped in clausecheck/policy/ (moments, ladders, scoring, contract "
        "types) was edited and no longer passes its checks.",
        "fix the policy file (it ships with clausecheck)",
    ),
    (
        "E390",
        DataFileError,
        "invalid review file: {problems}",
        "A review file (scan --review, review import) is not a mapping of 'sha256' and "
        "'decisions', names an unknown provision, status or action, or lacks a reason.",
        "fix every problem listed (the format is in the README, 'Review decisions')",
    ),
    (
        "E391",
        DataFileError,
        "the review file is larger than {limit_kib} KiB",
        "The file given as a review file is not one: a review of 27 provisions is a few KiB.",
        "give the NAME.review.yaml written for this contract",
    ),
    (
        "E392",
        DataFileError,
        "the review file is for another document (its sha256 {theirs}..., this one {ours}...)",
        "The contract changed since it was reviewed, or the review file belongs to another "
        "contract; decisions are kept per version of a file.",
        "review this version (clausecheck review export writes a file to start from)",
    ),
    (
        "E393",
        DataFileError,
        "cannot read the review file ({reason})",
        "The path given with --review is missing or unreadable.",
        "check the path",
    ),
    (
        "E394",
        DataFileError,
        "no stored document matches '{document}'",
        "'clausecheck review' names a document by its stored path, file name or sha256 "
        "prefix; none matched.",
        "see the stored documents with 'clausecheck portfolio DB --query'",
    ),
    (
        "E395",
        DataFileError,
        "'{document}' matches {count} stored documents",
        "A file name or a short sha256 prefix names several stored documents.",
        "give the full stored path or at least 12 characters of the sha256",
    ),
    (
        "E396",
        DataFileError,
        "invalid decision: {problems}",
        "'clausecheck review' was given an unknown provision or status, or no reason.",
        "see 'clausecheck provisions list --ids' for the ids; statuses are present, weak, missing",
    ),
    # E4xx: writing output (exit 11)
    (
        "E400",
        OutputError,
        "the file cannot be written ({reason})",
        "The operating system refused the write for a reason not listed below.",
        "check the output path",
    ),
    (
        "E401",
        OutputError,
        "the output path is a symbolic link",
        "The -o path is a symbolic link; following it could overwrite another file.",
        "give a plain path or pass --force",
    ),
    (
        "E402",
        OutputError,
        "the path is a folder",
        "The output path names an existing folder where a file is to be written.",
        "give a file name",
    ),
    (
        "E403",
        OutputError,
        "the disk is full",
        "No space is left on the output device.",
        "free some space or write elsewhere with -o",
    ),
    (
        "E404",
        OutputError,
        "the file is larger than the file-size limit",
        "The process's file-size limit (ulimit -f) is lower than the report.",
        "raise the limit (ulimit -f) or write elsewhere",
    ),
    (
        "E405",
        OutputError,
        "the disk quota is exceeded",
        "The user's disk quota on the output device is used up.",
        "free some space or write elsewhere with -o",
    ),
    (
        "E406",
        OutputError,
        "a part of the path is a file, not a folder",
        "A component of the output path that should be a folder is a file.",
        "choose an output path inside a folder",
    ),
    (
        "E407",
        OutputError,
        "the folder does not exist",
        "The folder of the output path has not been created.",
        "create it first or choose another -o",
    ),
    (
        "E408",
        OutputError,
        "permission denied",
        "The output folder or file is not writable by this user.",
        "choose a folder you can write to",
    ),
    (
        "E409",
        OutputError,
        "the file system is read-only",
        "The output folder is on a read-only mount.",
        "choose a writable folder",
    ),
    (
        "E410",
        OutputError,
        "too many open files",
        "The process's open-file limit (ulimit -n) was reached.",
        "raise the limit (ulimit -n)",
    ),
    (
        "E411",
        OutputError,
        "the file name is too long",
        "The output file name is longer than the file system allows.",
        "choose a shorter name",
    ),
)


def error(code: str, path: object = None, /, **fields: object) -> ClauseCheckError:
    """The exception for catalogue entry ``code``: ``raise errors.error("E103", path, detail=x)``.

    ``fields`` fill the entry's message and fix templates; every field must be given."""
    return CATALOGUE[code](path, **fields)


def internal(exc: BaseException) -> ClauseCheckError:
    """E000 for an unexpected exception (a bug), naming its type and text; running out of file
    descriptors anywhere (it or what caused it) is E213 instead, an environment limit."""
    seen: BaseException | None = exc
    for _ in range(8):  # the chain of causes, e.g. a process pool failing to start a worker
        if seen is None:
            break
        if isinstance(seen, OSError) and seen.errno in (errno.EMFILE, errno.ENFILE):
            return error("E213", None, limit=_open_file_limit())
        seen = seen.__cause__ or seen.__context__
    return error("E000", None, detail=f"{type(exc).__name__}: {exc}")


def _open_file_limit() -> str:
    try:
        import resource

        return str(resource.getrlimit(resource.RLIMIT_NOFILE)[0])
    except (ImportError, OSError, ValueError):
        return "unknown"


def restore(code: str, exit_code: int, cause: str, fix: str) -> ClauseCheckError:
    """An error reported by another process (a batch worker), rebuilt from its record."""
    exc = ClauseCheckError(None, cause, fix)
    exc.code = code
    exc.exit_code = exit_code
    return exc


_GROUPS = {
    "E0": "Bugs and the batch machinery",
    "E1": "Reading the input",
    "E2": "Limits and time",
    "E3": "Data files: provisions, clause library, profiles, model, labels, stores",
    "E4": "Writing output",
}


def describe(code: str) -> str:
    """One entry as plain text, for ``clausecheck errors CODE``."""
    e = CATALOGUE[code]
    return (
        f"{e.code}  (exit {e.exit_code}: {EXIT_CODES[e.exit_code]}; {e.kind.__name__})\n"
        f"  message: {e.message}\n"
        f"  fix:     {e.fix}\n"
        f"  cause:   {e.cause}\n"
        f"  printed: error {e.code}: PATH: {e.message} - {e.fix}"
    )


def catalogue_markdown() -> str:
    """``docs/errors.md``: every code with its exit code, message, usual cause and fix."""
    out = [
        "# Error codes",
        "",
        "<!-- Generated from clausecheck/errors.py (CATALOGUE) by errors.catalogue_markdown(); "
        "do not edit by hand. Regenerate with: clausecheck errors --markdown > docs/errors.md "
        "-->",
        "",
        "Every error clausecheck reports is one line on standard error,",
        "",
        "    clausecheck: error CODE: PATH: what happened - what to do",
        "",
        "and the process exits with the code of the error's class (below). Codes are stable: a "
        "code always names the same situation, so scripts may test for it. In batch runs the "
        "code and message of each failed document are stored with it (`errors` table). "
        "`clausecheck errors` lists the codes and `clausecheck errors CODE` explains one.",
        "",
        "Words in `{braces}` are filled in from the situation (a page number, a file size, the "
        "underlying library's message).",
        "",
        "## Exit codes",
        "",
        "| exit code | meaning |",
        "|---|---|",
        *(f"| {code} | {text} |" for code, text in EXIT_CODES.items()),
        "",
        "## Index",
        "",
        "| code | exit | message |",
        "|---|---|---|",
        *(
            f"| [{e.code}](#{e.code.lower()}) | {e.exit_code} | {_md(e.message)} |"
            for e in CATALOGUE.values()
        ),
    ]
    group = None
    for e in CATALOGUE.values():
        if e.code[:2] != group:
            group = e.code[:2]
            out += ["", f"## {group}xx: {_GROUPS[group]}"]
        out += [
            "",
            f"### {e.code}",
            "",
            f"`error {e.code}: PATH: {e.message} - {e.fix}`",
            "",
            f"- Exit code: {e.exit_code} ({EXIT_CODES[e.exit_code]}; `{e.kind.__name__}`)",
            f"- Usual cause: {e.cause}",
            f"- Fix: {_md(e.fix)}",
        ]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Template text for a Markdown table cell or list item."""
    return text.replace("|", "\\|")
