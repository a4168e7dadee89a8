"""The review file: one contract's decisions, next to its report (``NAME.review.yaml`` or
``.json``), applied with ``clausecheck scan FILE --review NAME.review.yaml``::

    sha256: 3f5a...            # the contract file's sha256 (the report's document.sha256)
    file: supply.docx          # optional, for the reader
    reviewer: A. Reviewer      # optional default for every decision
    decisions:
      audit_rights:            # a provision id
        action: override       # accept | override (default: override)
        status: present        # the reviewer's status (accept: the call confirmed)
        reason: Clause 11.8 covers labour audits through the Code.
        section: "11.8"        # optional: the clause the reviewer cites
        was: weak              # optional: the tool's call the reviewer saw

A review file is user data from anywhere: it is read bounded in size with the strict safe YAML
loader (no tags, aliases or duplicate keys), and every problem is reported at once.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clausecheck import errors
from clausecheck.data.yamlfile import loads
from clausecheck.review.decisions import ACTIONS, from_record
from clausecheck.types import Decision
from clausecheck.vocab import Status

MAX_BYTES = 1 << 20  # a review of 27 provisions is a few KiB
MAX_TEXT = 4000  # characters of a reason or a reviewer's name
_FIELDS = ("action", "status", "reason", "reviewer", "section", "was", "at")
_TOP = ("sha256", "file", "reviewer", "decisions")


@dataclass(frozen=True)
class ReviewFile:
    path: Path
    sha256: str
    file: str | None
    decisions: tuple[Decision, ...]


def _read_bounded(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise errors.error("E393", path, reason=exc.strerror or exc) from None
    if len(raw) > MAX_BYTES:
        raise errors.error("E391", path, limit_kib=MAX_BYTES // 1024)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise errors.error("E390", path, problems="the file is not UTF-8 text") from None


def _parse(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return loads(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise errors.error("E390", path, problems=first) from None


def _text(value: Any, where: str, problems: list[str], *, required: bool = False) -> str | None:
    if value is None:
        if required:
            problems.append(f"{where}: missing")
        return None
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        problems.append(f"{where}: must be text")
        return None
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        problems.append(f"{where}: longer than {MAX_TEXT} characters")
        return None
    if required and not text:
        problems.append(f"{where}: empty")
    return text or None


def validate(data: Any, known: Collection[str]) -> tuple[dict[str, Any], list[str]]:
    """The file's content as clean records, and every problem found."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return {}, ["the file must be a mapping with 'sha256' and 'decisions'"]
    for key in data:
        if key not in _TOP:
            problems.append(f"unknown key '{key}' (allowed: {', '.join(_TOP)})")
    sha = data.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        problems.append(
            "sha256: must be the contract file's 64-character lower-case sha256, in quotes"
        )
        sha = None
    reviewer = _text(data.get("reviewer"), "reviewer", problems)
    raw = data.get("decisions")
    records: list[dict[str, Any]] = []
    if raw is None:
        raw = {}  # a template not filled in yet: nothing decided
    if not isinstance(raw, dict):
        problems.append("decisions: must map provision ids to decisions")
        raw = {}
    statuses = Status.values()
    for pid, entry in raw.items():
        where = f"decisions.{pid}"
        if pid not in known:
            problems.append(f"{where}: unknown provision (see 'clausecheck provisions list')")
            continue
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping with action, status and reason")
            continue
        for key in entry:
            if key not in _FIELDS:
                problems.append(f"{where}: unknown key '{key}' (allowed: {', '.join(_FIELDS)})")
        action = entry.get("action", "override")
        if action not in ACTIONS:
            problems.append(f"{where}.action: must be one of {', '.join(ACTIONS)}")
        status = entry.get("status")
        if status not in statuses:
            problems.append(f"{where}.status: must be one of {', '.join(statuses)}")
        was = entry.get("was")
        if was is not None and was not in statuses:
            problems.append(f"{where}.was: must be one of {', '.join(statuses)}")
        reason = _text(entry.get("reason"), f"{where}.reason", problems, required=True)
        records.append(
            {
                "provision": str(pid),
                "action": action,
                "status": status,
                "reason": reason,
                "reviewer": _text(entry.get("reviewer"), f"{where}.reviewer", problems) or reviewer,
                "section": _text(entry.get("section"), f"{where}.section", problems),
                "tool_status": was,
                "at": _text(entry.get("at"), f"{where}.at", problems),
            }
        )
    return {"sha256": sha, "file": data.get("file"), "records": records}, problems


def read(path: str | Path, known: Collection[str]) -> ReviewFile:
    """Read and check a review file; ``known``: the provision ids it may name."""
    p = Path(path)
    clean, problems = validate(_parse(p, _read_bounded(p)), known)
    if problems:
        raise errors.error("E390", p, problems="; ".join(problems))
    return ReviewFile(
        path=p,
        sha256=clean["sha256"],
        file=str(clean["file"]) if clean["file"] is not None else None,
        decisions=tuple(from_record(r) for r in clean["records"]),
    )


def for_document(path: str | Path, sha256: str, known: Collection[str]) -> ReviewFile:
    """A review file that must belong to the document with ``sha256``."""
    review = read(path, known)
    if review.sha256 != sha256:
        raise errors.error("E392", review.path, theirs=review.sha256[:12], ours=sha256[:12])
    return review


def render(sha256: str, file: str | None, decisions: Collection[Decision]) -> str:
    """A review file's text for ``decisions`` (what ``clausecheck review export`` writes)."""
    body: dict[str, Any] = {"sha256": sha256}
    if file:
        body["file"] = file
    body["decisions"] = {
        d.provision: {
            k: v
            for k, v in (
                ("action", d.action),
                ("status", d.status.value),
                ("reason", d.reason),
                ("reviewer", d.reviewer),
                ("section", d.section),
                ("was", d.tool_status),
                ("at", d.at),
            )
            if v is not None
        }
        for d in decisions
    }
    return yaml.safe_dump(body, sort_keys=False, allow_unicode=True)


def template(report: Any) -> str:
    """A review file for ``report`` to fill in: every finding as a commented line with the
    tool's call, so that a reviewer uncomments the ones checked (``scan --format review``)."""
    from clausecheck.report.digest import first_evidence, provision_name

    data = report.to_dict()
    doc = data["document"]
    name = Path(doc["path"]).name
    lines = [
        f"# Review decisions for {name}: clausecheck scan {name} --review THIS_FILE",
        "# For each provision you checked, remove the '#' before it, keep 'accept' if the tool",
        "# is right or write 'override' and the right status (present, weak, missing), and say",
        "# why. 'section' may name the clause the finding rests on. Decisions are kept for this",
        "# version of the file only (its sha256).",
        f"sha256: '{doc['sha256']}'",
        f"file: {json.dumps(name, ensure_ascii=False)}",
        "reviewer:",
        "decisions:",
    ]
    for f in data["findings"]:
        ev = first_evidence(f) or {}
        section = f", section: {json.dumps(str(ev['section']))}" if ev.get("section") else ""
        entry = (
            f'#  {f["provision"]}: {{action: accept, status: {f["status"]}{section}, reason: ""}}'
        )
        lines.append(f"{entry}   # {provision_name(f)}")
    return "\n".join(lines) + "\n"
