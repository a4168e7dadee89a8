"""Reviewers' decisions as labelled training data: the label format of ``model/corpus.py``
(file name, sha256 and offsets, never the text), with ``"offsets": "document"`` because the
offsets are into the extracted text (``Document.text``) of any format, PDF and DOCX included.

``clausecheck train --judge --labels FILE.jsonl`` (or ``--add-labels`` beside the shipped corpus)
learns from them: the tool learns from its users' corrections."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from clausecheck.batch.store import Store
from clausecheck.report import atomic
from clausecheck.review import reviewfile
from clausecheck.review import store as review_store
from clausecheck.review.decisions import from_record


def _first_span(finding: dict[str, Any]) -> list[int] | None:
    ev = finding.get("evidence") or []
    return [ev[0]["start"], ev[0]["end"]] if ev else None


def _section_span(path: str, section: str) -> list[int] | None:
    """The span of the clause numbered ``section`` in the document, read again."""
    from clausecheck import ingest, structure

    doc = ingest.load(path)
    for c in structure.analyse(doc).clauses:
        if c.label == section:
            return [c.start, c.body_end]
    return None


def label(finding: dict[str, Any], rec: dict[str, Any], path: str) -> dict[str, Any]:
    """One provision's label from its stored finding and its decision."""
    status = rec["status"]
    evidence: list[list[int]] = []
    rejected: list[list[int]] = []
    tool_span = _first_span(finding)
    if rec.get("evidence"):
        evidence.append(list(rec["evidence"]))
    elif rec.get("section"):
        span = _section_span(path, rec["section"])
        if span:
            evidence.append(span)
    elif status != "missing" and finding.get("status") != "missing" and tool_span:
        evidence.append(tool_span)  # the reviewer kept the tool's clause
    if status == "missing" and finding.get("status") != "missing" and tool_span:
        rejected.append(tool_span)  # the clause the tool cited, rejected by the reviewer
    return {
        "status": status,
        "uncertain": False,
        "evidence": evidence,
        "rejected": rejected,
        "note": rec.get("reason") or "",
    }


def records(store: Store, out: Path) -> list[dict[str, Any]]:
    """One label record per stored document with decisions; ``file`` relative to ``out``'s
    folder where it can be (so the labels and the contracts can move together)."""
    decided = review_store.by_document(store)
    base = out.resolve().parent
    result = []
    done: set[str] = set()
    for report in store.reports():
        doc = report.get("document") or {}
        recs = decided.get(str(doc.get("sha256")))
        if not recs or doc["sha256"] in done:
            continue  # a copy of a document stored under another path: labelled once
        done.add(doc["sha256"])
        path = report["_row"]["path"]
        findings = {f["provision"]: f for f in report.get("findings") or []}
        labels = {
            pid: label(findings[pid], rec, path) for pid, rec in recs.items() if pid in findings
        }
        try:
            name = os.path.relpath(path, base)
        except ValueError:  # another drive (Windows)
            name = path
        if name.startswith(".."):
            name = path  # not below the label file's folder: keep the stored (absolute) path
        reviewers = sorted({r["reviewer"] for r in recs.values() if r.get("reviewer")})
        result.append(
            {
                "file": name,
                "sha256": doc["sha256"],
                "labeller": "review:" + ",".join(reviewers) if reviewers else "review",
                "relationship": doc.get("relationship"),
                "contract_type": doc.get("contract_type"),
                "offsets": "document",
                "labels": labels,
            }
        )
    return result


def write_labels(store: Store, out: Path, *, force: bool = False) -> int:
    """Write the label file; returns the number of documents in it."""
    recs = records(store, out)
    text = "".join(json.dumps(r, sort_keys=True) + "\n" for r in recs)
    atomic.write_text(out, text, force=force)
    return len(recs)


def write_review_files(store: Store, folder: Path, *, force: bool = False) -> list[Path]:
    """One ``NAME.review.yaml`` per stored document with decisions (for ``scan --review``)."""
    decided = review_store.by_document(store)
    written: list[Path] = []
    done: set[str] = set()
    for report in store.reports():
        doc = report.get("document") or {}
        recs = decided.get(str(doc.get("sha256")))
        if not recs or doc["sha256"] in done:
            continue
        done.add(doc["sha256"])
        name = Path(report["_row"]["path"]).name
        target = folder / f"{Path(name).stem}.review.yaml"
        if target in written:  # deal.pdf and deal.txt: tell them apart by their content
            target = folder / f"{Path(name).stem}.{doc['sha256'][:8]}.review.yaml"
        text = reviewfile.render(doc["sha256"], name, [from_record(r) for r in recs.values()])
        atomic.write_text(target, text, force=force)
        written.append(target)
    return written
