"""Evaluation against labelled contracts (the label format of real_contracts/dev/labels.jsonl)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from clausecheck.errors import ClauseCheckError, error


@dataclass
class ProvisionScore:
    provision: str
    n: int = 0
    correct: int = 0
    tp_present: int = 0
    fp_present: int = 0
    fn_present: int = 0
    tp_found: int = 0
    fp_found: int = 0
    fn_found: int = 0
    evidence_checked: int = 0
    evidence_hit: int = 0
    confusions: list[str] = field(default_factory=list)

    @staticmethod
    def _f1(tp: int, fp: int, fn: int) -> float | None:
        if tp + fp + fn == 0:
            return None  # no positives anywhere: F1 undefined
        return 2 * tp / (2 * tp + fp + fn)

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else 0.0

    @property
    def present_f1(self) -> float | None:
        return self._f1(self.tp_present, self.fp_present, self.fn_present)

    @property
    def found_f1(self) -> float | None:
        return self._f1(self.tp_found, self.fp_found, self.fn_found)

    @property
    def evidence_rate(self) -> float | None:
        return self.evidence_hit / self.evidence_checked if self.evidence_checked else None


def load_labels(path: str | Path) -> dict[str, dict]:
    out = {}
    p = Path(path)
    try:
        lines = p.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise error("E360", p, reason=exc.strerror or exc) from None
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            out[rec["file"]] = rec["labels"]
        except (ValueError, KeyError) as exc:
            raise error("E361", p, line=no, detail=exc) from None
    return out


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def evidence_overlaps(found: list[str], quotes: list[str]) -> bool:
    """Does any reported evidence text share a substantial span with a labelled quote?"""
    for q in quotes:
        nq = _norm(q)
        words = nq.split()
        probe = " ".join(words[: min(len(words), 8)])
        for ev in found:
            ne = _norm(ev)
            if nq and (nq in ne or ne in nq or (probe and probe in ne)):
                return True
    return False


def evaluate(scan, directory: str | Path, labels_path: str | Path) -> dict:
    """Scan every labelled file in ``directory``; ``scan`` is path -> Report."""
    labels = load_labels(labels_path)
    scores: dict[str, ProvisionScore] = {}
    docs = []
    errors = []
    for name, doc_labels in labels.items():
        path = Path(directory) / name
        try:
            report = scan(path)
        except ClauseCheckError as exc:
            errors.append(str(exc))
            continue
        found = {f.provision: f for f in report.findings}
        docs.append(name)
        for pid, lab in doc_labels.items():
            s = scores.setdefault(pid, ProvisionScore(pid))
            f = found.get(pid)
            got = f.status.value if f else "missing"
            want = lab["status"]
            s.n += 1
            if got == want:
                s.correct += 1
            else:
                s.confusions.append(f"{name}: expected {want}, got {got}")
            s.tp_present += got == want == "present"
            s.fp_present += got == "present" and want != "present"
            s.fn_present += want == "present" and got != "present"
            gf, wf = got != "missing", want != "missing"
            s.tp_found += gf and wf
            s.fp_found += gf and not wf
            s.fn_found += wf and not gf
            if wf and gf and lab.get("evidence"):
                assert f is not None  # gf: the report has this finding
                s.evidence_checked += 1
                s.evidence_hit += evidence_overlaps([e.text for e in f.evidence], lab["evidence"])
    total = sum(s.n for s in scores.values())
    correct = sum(s.correct for s in scores.values())
    p_f1 = [s.present_f1 for s in scores.values() if s.present_f1 is not None]
    f_f1 = [s.found_f1 for s in scores.values() if s.found_f1 is not None]
    ev_c = sum(s.evidence_checked for s in scores.values())
    ev_h = sum(s.evidence_hit for s in scores.values())
    return {
        "documents": docs,
        "errors": errors,
        "overall": {
            "pairs": total,
            "accuracy": correct / total if total else 0.0,
            "mean_present_f1": sum(p_f1) / len(p_f1) if p_f1 else None,
            "mean_found_f1": sum(f_f1) / len(f_f1) if f_f1 else None,
            "evidence_hit_rate": ev_h / ev_c if ev_c else None,
        },
        "provisions": {
            pid: {
                "pairs": s.n,
                "accuracy": s.accuracy,
                "present_f1": s.present_f1,
                "found_f1": s.found_f1,
                "evidence_hit_rate": s.evidence_rate,
                "confusions": s.confusions,
            }
            for pid, s in scores.items()
        },
    }
