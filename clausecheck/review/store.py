"""Decisions in the portfolio store (table ``decisions``, migration 2 of batch/schema.py).

A decision row is keyed by (sha256, provision): re-running a batch, moving the file or upgrading
clausecheck never touches it; ``Store.reports()`` shows each beside the stored call."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from clausecheck import errors
from clausecheck.review import decisions
from clausecheck.vocab import Status

if TYPE_CHECKING:
    from clausecheck.batch.store import Store

COLUMNS = (
    "sha256",
    "provision",
    "action",
    "status",
    "tool_status",
    "reason",
    "reviewer",
    "at",
    "section",
    "evidence_start",
    "evidence_end",
)
MIN_PREFIX = 8  # characters of a sha256 that name a document


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    rec = dict(zip(COLUMNS, row, strict=True))
    start, end = rec.pop("evidence_start"), rec.pop("evidence_end")
    rec["evidence"] = (start, end) if start is not None and end is not None else None
    return rec


def rows(store: Store) -> list[dict[str, Any]]:
    """Every decision, by document and provision."""
    cursor = store.db.execute(
        f"SELECT {', '.join(COLUMNS)} FROM decisions ORDER BY sha256, provision"
    )
    return [_record(r) for r in cursor]


def by_document(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    """sha256 -> provision -> decision record."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for rec in rows(store):
        out.setdefault(rec["sha256"], {})[rec["provision"]] = rec
    return out


annotate = decisions.annotate


def _summaries(store: Store) -> list[tuple[str, str]]:
    return list(store.db.execute("SELECT path, sha256 FROM documents ORDER BY path"))


def find_document(store: Store, ref: str) -> tuple[str, str]:
    """(stored path, sha256) of the one document ``ref`` names: its stored path, its file name,
    or a prefix of its sha256 (at least 8 characters)."""
    docs = _summaries(store)
    absolute = os.path.abspath(ref) if "://" not in ref else ref
    for match in (
        [d for d in docs if d[0] in (ref, absolute)],
        [d for d in docs if os.path.basename(d[0]) == ref],
        [d for d in docs if len(ref) >= MIN_PREFIX and d[1].startswith(ref.lower())],
    ):
        unique = sorted(set(match))
        if len({sha for _, sha in unique}) == 1:
            return unique[0]
        if len(unique) > 1:
            raise errors.error("E395", None, document=ref, count=len(unique))
    raise errors.error("E394", None, document=ref)


def stored_report(store: Store, path: str) -> dict[str, Any]:
    for report in store.reports():
        if report["_row"]["path"] == path:
            return report
    raise errors.error("E394", None, document=path)  # pragma: no cover - found just before


def decide(
    store: Store,
    ref: str,
    provision: str,
    *,
    status: str | None,
    reason: str,
    reviewer: str | None = None,
    action: str | None = None,
    section: str | None = None,
    evidence: tuple[int, int] | None = None,
    known: Collection[str] = (),
) -> dict[str, Any]:
    """Record (or replace) the decision on ``provision`` of the document ``ref`` names.

    ``action`` accept confirms the stored call (``status`` may be omitted); override (or None,
    meaning "accept if it is the stored call, else override") sets ``status``. Returns the
    stored record, with ``path``."""
    path, sha = find_document(store, ref)
    report = stored_report(store, path)
    finding = next(
        (f for f in report.get("findings") or [] if f.get("provision") == provision), None
    )
    problems = []
    if finding is None or (known and provision not in known):
        problems.append(f"no provision '{provision}' in the stored report")
    if status is not None and status not in Status.values():
        problems.append(f"status '{status}' is not one of {', '.join(Status.values())}")
    if not reason.strip():
        problems.append("a reason is required (--reason)")
    if action == "override" and status is None:
        problems.append("override needs --status")
    if evidence is not None and (evidence[0] < 0 or evidence[1] <= evidence[0]):
        problems.append("--evidence must be START:END with START < END")
    if problems:
        raise errors.error("E396", None, problems="; ".join(problems))
    assert finding is not None
    tool = finding["status"]
    if action == "accept":
        if status is not None and status != tool:
            raise errors.error(
                "E396",
                None,
                problems=f"accept confirms the stored call ({tool}); use override for {status}",
            )
        status = tool
    status = status or tool
    rec = {
        "sha256": sha,
        "provision": provision,
        "action": "accept"
        if status == tool and section is None and evidence is None
        else "override",
        "status": status,
        "tool_status": tool,
        "reason": reason.strip(),
        "reviewer": reviewer,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "section": section,
        "evidence_start": evidence[0] if evidence else None,
        "evidence_end": evidence[1] if evidence else None,
    }
    with store.transaction():
        store.db.execute(
            f"INSERT OR REPLACE INTO decisions({', '.join(COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(COLUMNS))})",
            tuple(rec[c] for c in COLUMNS),
        )
    return {**rec, "path": path}


def put(store: Store, sha256: str, records: Collection[dict[str, Any]]) -> int:
    """Store decisions read from a review file for the document ``sha256``; returns how many."""
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    with store.transaction():
        for d in records:
            store.db.execute(
                f"INSERT OR REPLACE INTO decisions({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(COLUMNS))})",
                (
                    sha256,
                    d["provision"],
                    d["action"],
                    d["status"],
                    d.get("tool_status"),
                    d["reason"],
                    d.get("reviewer"),
                    d.get("at") or now,
                    d.get("section"),
                    None,
                    None,
                ),
            )
    return len(records)


def remove(store: Store, ref: str, provision: str) -> bool:
    """Withdraw a decision; False if there was none."""
    _, sha = find_document(store, ref)
    with store.transaction():
        cursor = store.db.execute(
            "DELETE FROM decisions WHERE sha256 = ? AND provision = ?", (sha, provision)
        )
    return cursor.rowcount > 0


def listing(store: Store) -> list[dict[str, Any]]:
    """Every decision with the document's stored path(s) and the stored call beside it; a
    decision whose document is no longer stored is listed with path None."""
    out = []
    seen: set[tuple[str, str]] = set()
    for report in store.reports():
        for f in report.get("findings") or []:
            d = f.get("decision")
            if d is None:
                continue
            seen.add((report["document"]["sha256"], f["provision"]))
            out.append(
                {
                    "path": report["_row"]["path"],
                    "sha256": report["document"]["sha256"],
                    "provision": f["provision"],
                    "title": f.get("title") or f["provision"],
                    **d,
                }
            )
    for rec in rows(store):
        if (rec["sha256"], rec["provision"]) not in seen:
            d = decisions.to_dict(decisions.from_record(rec))
            out.append(
                {
                    "path": None,
                    "sha256": rec["sha256"],
                    "provision": rec["provision"],
                    "title": rec["provision"],
                    **d,
                }
            )
    return out
