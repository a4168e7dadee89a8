"""The labelled corpus: labels for real contracts kept as offsets, never as text.

A label file (``models/labels/*.jsonl``) holds one JSON line per labelled contract::

    {"file": NAME, "sha256": HEX, "labeller": ID, "relationship": R, "contract_type": T,
     "labels": {PROVISION: {"status": S, "uncertain": B, "evidence": [[START, END], ...],
                            "rejected": [[START, END], ...], "note": "reviewer's own words"}}}

``"offsets": "document"`` (written by ``clausecheck review export``: reviewers' decisions) means
the offsets are into the text clausecheck extracts from the file (``Document.text``), for any
format; without it, offsets are character positions into the contract file as CUAD ships it
(read as UTF-8 with undecodable bytes dropped); the text itself is read at run time from a
folder the user points to (``../shared/real_contracts/pool/contracts`` or any CUAD copy), and a
file whose sha256 differs from the label's is refused rather than mis-aligned. The first evidence
span is the operative clause a reviewer would cite; later spans support it.

Labellers write quotes (``import_quotes``) which are located in the text and turned into offsets;
the quotes themselves are never stored in the project.

Judged evidence (``models/labels/evidence_judged.jsonl``) records clauses other than the labelled
one that a reviewer judged, blind, as an equally valid first citation (pooled judging, as in
information-retrieval test collections: the spans judged are the ones systems cited)::

    {"file": NAME, "sha256": HEX, "provision": PID, "status": S, "span": [START, END],
     "verdict": "valid" | "supporting" | "invalid" | "uncertain", "judge": ID, "control": B,
     "note": "judge's own words"}

``status`` is the labelled status the span was judged against; a judgement stops counting when
the label changes. ``control`` marks the labelled span itself, mixed in unannounced to measure
the judges against the labels. Only ``valid`` spans widen the evidence test.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from clausecheck import errors

T = TypeVar("T")
STATUSES = ("present", "weak", "missing")
VERDICTS = ("valid", "supporting", "invalid", "uncertain")


def default_texts() -> Path:
    """The pool's texts beside a source checkout (``../shared/real_contracts/pool/contracts``)."""
    from clausecheck.data.resources import data_dir

    root = data_dir("models").resolve().parent
    return root.parent / "shared" / "real_contracts" / "pool" / "contracts"


def default_dev() -> Path | None:
    """The dev contracts beside a source checkout, if they are there."""
    folder = default_texts().parents[1] / "dev"
    return folder if (folder / "labels.jsonl").is_file() else None


def default_samples() -> Path | None:
    """The bundled sample contracts of a source checkout, with their intended findings."""
    from clausecheck.data.resources import data_dir

    folder = data_dir("models").resolve().parent / "sample_contracts"
    return folder if (folder / "src").is_dir() else None


def read_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8", errors="ignore")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _folded(text: str) -> tuple[str, list[int]]:
    """Lower-case ``text`` with whitespace runs folded to one space, and each character's
    offset in ``text``."""
    out: list[str] = []
    index: list[int] = []
    space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if space:
                continue
            out.append(" ")
            space = True
        else:
            out.append(ch.lower())
            space = False
        index.append(i)
    return "".join(out), index


class Locator:
    """Finds a quote in one text, tolerant of case and whitespace; offsets into the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._folded, self._index = _folded(text)

    def find(self, quote: str) -> tuple[int, int] | None:
        q = re.sub(r"\s+", " ", quote.strip().lower())
        at = self._folded.find(q) if q else -1
        if at < 0:
            return None
        return self._index[at], self._index[at + len(q) - 1] + 1


@dataclass(frozen=True, kw_only=True)
class Label:
    status: str
    uncertain: bool = False
    evidence: tuple[tuple[int, int], ...] = ()
    rejected: tuple[tuple[int, int], ...] = ()
    note: str = ""


@dataclass(frozen=True, kw_only=True)
class LabelledContract:
    file: str
    sha256: str
    labeller: str
    relationship: str | None
    contract_type: str | None
    labels: dict[str, Label] = field(default_factory=dict)
    offsets: str = "source"  # source: into the file as read; document: into Document.text

    def quotes(self, text: str, provision: str) -> list[str]:
        """The labelled evidence of one provision as text (in memory only)."""
        return [text[s:e] for s, e in self.labels[provision].evidence]


def _spans(raw: Any, where: str, path: Path) -> tuple[tuple[int, int], ...]:
    try:
        spans = tuple((int(s), int(e)) for s, e in raw or ())
    except (TypeError, ValueError):
        raise errors.error("E362", path, where=where) from None
    if any(s < 0 or e <= s for s, e in spans):
        raise errors.error("E363", path, where=where)
    return spans


def _offsets(value: Any) -> str:
    if value not in ("source", "document"):
        raise ValueError(f"offsets {value!r} is not source or document")
    return str(value)


def _records(path: Path, parse: Callable[[dict[str, Any], int], T]) -> list[T]:
    """Each non-blank JSON line of ``path`` through ``parse(record, line_number)``; a file that
    cannot be read is E360, a line that does not parse or validate E361 naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise errors.error("E360", path, reason=exc.strerror or exc) from None
    out = []
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            out.append(parse(json.loads(line), no))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise errors.error("E361", path, line=no, detail=exc) from None
    return out


def load(path: str | Path) -> list[LabelledContract]:
    """Read a label file; the last line for a file wins (corrections are appended)."""
    p = Path(path)

    def contract(rec: dict[str, Any], no: int) -> LabelledContract:
        labels = {}
        for pid, lab in rec["labels"].items():
            if lab["status"] not in STATUSES:
                raise ValueError(f"{pid}: status {lab['status']!r} is not one of {STATUSES}")
            labels[pid] = Label(
                status=lab["status"],
                uncertain=bool(lab.get("uncertain", False)),
                evidence=_spans(lab.get("evidence"), f"line {no} {pid}", p),
                rejected=_spans(lab.get("rejected"), f"line {no} {pid}", p),
                note=str(lab.get("note", "")),
            )
        return LabelledContract(
            file=rec["file"],
            sha256=rec["sha256"],
            labeller=rec.get("labeller", ""),
            relationship=rec.get("relationship"),
            contract_type=rec.get("contract_type"),
            labels=labels,
            offsets=_offsets(rec.get("offsets", "source")),
        )

    return list({c.file: c for c in _records(p, contract)}.values())


@dataclass(frozen=True, kw_only=True)
class Judgement:
    """A span judged blind as first evidence for a labelled (contract, provision)."""

    file: str
    sha256: str
    provision: str
    status: str
    span: tuple[int, int]
    verdict: str
    judge: str = ""
    control: bool = False
    note: str = ""


def load_judged(path: str | Path) -> list[Judgement]:
    """Read a judged-evidence file; the last line for a (file, provision, span, judge) wins."""
    p = Path(path)

    def judgement(rec: dict[str, Any], no: int) -> Judgement:
        (span,) = _spans([rec["span"]], f"line {no}", p)
        if rec["verdict"] not in VERDICTS:
            raise ValueError(f"verdict {rec['verdict']!r} is not one of {VERDICTS}")
        if rec["status"] not in STATUSES:
            raise ValueError(f"status {rec['status']!r} is not one of {STATUSES}")
        return Judgement(
            file=str(rec["file"]),
            sha256=str(rec["sha256"]),
            provision=str(rec["provision"]),
            status=rec["status"],
            span=span,
            verdict=rec["verdict"],
            judge=str(rec.get("judge", "")),
            control=bool(rec.get("control", False)),
            note=str(rec.get("note", "")),
        )

    judged = _records(p, judgement)
    return list({(j.file, j.provision, j.span, j.judge): j for j in judged}.values())


def valid_alternatives(
    judged: Iterable[Judgement], contracts: Iterable[LabelledContract]
) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """file -> provision -> spans judged a valid first citation against the current label (same
    file version, same status) by every judge who saw them: a span two judges disagree on does
    not count. Controls and every other verdict are left out."""
    current = {c.file: c for c in contracts}
    verdicts: dict[tuple[str, str, tuple[int, int]], set[str]] = {}
    for j in judged:
        c = current.get(j.file)
        lab = c.labels.get(j.provision) if c is not None else None
        if j.control or c is None or lab is None or c.sha256 != j.sha256 or lab.status != j.status:
            continue
        verdicts.setdefault((j.file, j.provision, j.span), set()).add(j.verdict)
    out: dict[str, dict[str, list[tuple[int, int]]]] = {}
    for (file, pid, span), seen in sorted(verdicts.items()):
        if seen == {"valid"}:
            out.setdefault(file, {}).setdefault(pid, []).append(span)
    return out


def texts(
    contracts: Iterable[LabelledContract], folder: str | Path
) -> Iterator[tuple[LabelledContract, Path, str]]:
    """Each labelled contract with its file and text from ``folder``; a file that is absent or
    differs from the labelled version is an error naming it."""
    root = Path(folder)
    for c in contracts:
        path = root / c.file
        if not path.is_file():
            raise errors.error("E364", path)
        if sha256(path) != c.sha256:
            raise errors.error("E365", path)
        yield c, path, read_text(path)


def import_quotes(
    records: Iterable[dict[str, Any]], folder: str | Path
) -> tuple[list[dict[str, Any]], list[str]]:
    """Labeller records with verbatim quotes -> label records with offsets, and the problems
    found (a quote not in the text is dropped and reported). The last record for a file wins."""
    root = Path(folder)
    latest: dict[str, dict[str, Any]] = {}
    for rec in records:
        latest[rec["file"]] = rec
    out, problems = [], []
    for name, rec in latest.items():
        path = root / name
        locate = Locator(read_text(path))
        labels = {}
        for pid, lab in rec["labels"].items():
            spans: dict[str, list[list[int]]] = {}
            for key in ("evidence", "rejected"):
                spans[key] = []
                for quote in lab.get(key) or ():
                    found = locate.find(quote)
                    if found is None:
                        problems.append(f"{name} {pid}: a {key} quote is not in the text")
                    else:
                        spans[key].append(list(found))
            labels[pid] = {
                "status": lab["status"],
                "uncertain": bool(lab.get("uncertain", False)),
                "evidence": spans["evidence"],
                "rejected": spans["rejected"],
                "note": lab.get("note", ""),
            }
        out.append(
            {
                "file": name,
                "sha256": sha256(path),
                "labeller": rec.get("labeller", ""),
                "relationship": rec.get("relationship"),
                "contract_type": rec.get("contract_type"),
                "labels": labels,
            }
        )
    return out, problems


def cohen_kappa(a: list[str], b: list[str], categories: Iterable[str] = STATUSES) -> float | None:
    """Cohen's kappa of two labellers' calls over the same items; None if undefined."""
    if len(a) != len(b) or not a:
        return None
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    expected = sum((a.count(s) / n) * (b.count(s) / n) for s in categories)
    if expected >= 1.0:
        return 1.0 if observed == 1.0 else None
    return (observed - expected) / (1 - expected)


def judged_summary(judged: Iterable[Judgement]) -> dict[str, Any]:
    """Verdict counts; how often judges accepted the labelled span itself (the controls); and
    agreement between judges on spans judged twice (kappa over valid / not valid)."""
    items = list(judged)
    by_span: dict[tuple[str, str, tuple[int, int]], list[Judgement]] = {}
    for j in items:
        by_span.setdefault((j.file, j.provision, j.span), []).append(j)
    controls = [j for j in items if j.control]
    twice = [sorted(v, key=lambda j: j.judge)[:2] for v in by_span.values() if len(v) >= 2]
    x = ["valid" if a.verdict == "valid" else "other" for a, _ in twice]
    y = ["valid" if b.verdict == "valid" else "other" for _, b in twice]
    return {
        "judgements": len(items),
        "spans": len(by_span),
        "verdicts": {v: sum(j.verdict == v for j in items if not j.control) for v in VERDICTS},
        "controls": len(controls),
        "controls_valid": sum(j.verdict == "valid" for j in controls),
        "double_judged": len(twice),
        "double_agree": sum(a.verdict == b.verdict for a, b in twice),
        "double_kappa_valid": cohen_kappa(x, y, ("valid", "other")),
    }
