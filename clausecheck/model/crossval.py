"""Measurement on the labelled corpus: grouped cross-validation by contract, with intervals.

Each contract is one group: a fold's test contracts are never seen by what is fitted on the
others. ``fit`` is given the training contracts of each fold and returns a ``scan`` function
(path -> Report); an engine that learns nothing from the corpus passes a ``fit`` that ignores
them, which makes the result a plain held-out evaluation.

Reported per provision and overall: three-way accuracy, present-F1 (macro over provisions with
any positive), evidence hit (the first evidence item of a present or weak finding overlaps a
labelled span, for pairs where both the label and the finding are present or weak), the pooled
evidence hit (the same, where a span judged blind as an equally valid first citation also
counts: ``corpus.load_judged``), expected
calibration error of the confidence, and the share of contracts called present beside the
labelled share. 95% intervals come from a bootstrap over contracts (the unit that was sampled).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from clausecheck.errors import ClauseCheckError
from clausecheck.model.corpus import Judgement, LabelledContract, texts, valid_alternatives

Scan = Callable[[Path], Any]


@dataclass(frozen=True, kw_only=True)
class Pair:
    """One (contract, provision) decision against its label."""

    contract: str
    provision: str
    want: str
    got: str
    confidence: float
    uncertain: bool
    evidence_checked: bool
    evidence_hit: bool
    source: str = "pool"
    evidence_hit_pooled: bool = False  # the labelled span or a span judged an equal citation
    evidence: str = ""  # the finding's first evidence item (in memory and --picks output only)


@dataclass(frozen=True, kw_only=True)
class LabelledDoc:
    """A labelled document of any source, as cross-validation needs it."""

    name: str  # unique; the judge's examples of this document carry the same group name
    source: str  # pool | dev | sample
    path: Path
    labels: dict[str, tuple[str, tuple[str, ...], bool]]  # provision -> status, quotes, uncertain
    # provision -> further clauses judged (blind) an equally valid first citation
    alternatives: dict[str, tuple[str, ...]] = field(default_factory=dict)


def corpus_docs(
    contracts: list[LabelledContract],
    folder: str | Path,
    judged: Sequence[Judgement] = (),
) -> list[LabelledDoc]:
    alternatives = valid_alternatives(judged, contracts)
    out = []
    for c, path, text in texts(contracts, folder):
        labels = {
            pid: (lab.status, tuple(text[s:e] for s, e in lab.evidence), lab.uncertain)
            for pid, lab in c.labels.items()
        }
        alt = {
            pid: tuple(text[s:e] for s, e in spans)
            for pid, spans in alternatives.get(c.file, {}).items()
        }
        out.append(
            LabelledDoc(name=c.file, source="pool", path=path, labels=labels, alternatives=alt)
        )
    return out


def dev_docs(folder: str | Path) -> list[LabelledDoc]:
    """The dev contracts' labels (``labels.jsonl``: quotes, 14 provisions each)."""
    import json

    root = Path(folder)
    out = []
    for line in (root / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            labels = {
                pid: (lab["status"], tuple(lab.get("evidence") or ()), bool(lab.get("uncertain")))
                for pid, lab in rec["labels"].items()
            }
            out.append(
                LabelledDoc(
                    name="dev/" + rec["file"], source="dev", path=root / rec["file"], labels=labels
                )
            )
    return out


def sample_docs(folder: str | Path) -> list[LabelledDoc]:
    """The bundled samples: intended status per provision and the text of the section cited."""
    import yaml

    from clausecheck import ingest, structure

    root = Path(folder)
    out = []
    for spec_path in sorted((root / "src").glob("*.expected.yaml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        path = root / "src" / spec["file"]
        if not path.is_file():
            continue
        doc = ingest.load(path)
        clauses = {c.label: c for c in structure.analyse(doc).clauses}
        labels: dict[str, tuple[str, tuple[str, ...], bool]] = {}
        for pid, want in (spec.get("intended_findings") or {}).items():
            c = clauses.get(str(want.get("section"))) if want.get("section") else None
            quotes: tuple[str, ...] = (doc.text[c.start : c.body_end],) if c is not None else ()
            labels[pid] = (want["status"], quotes, False)
        out.append(
            LabelledDoc(name="sample/" + spec_path.name, source="sample", path=path, labels=labels)
        )
    return out


def _norm(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def overlaps(found: str, quotes: Sequence[str]) -> bool:
    """Does the reported evidence share a substantial run of words with a labelled span?

    Offsets cannot be compared directly (the engine reads a normalised text), so the test is on
    normalised words: containment either way, or the first eight words of one inside the other.
    """
    ne = _norm(found)
    if not ne:
        return False
    for q in quotes:
        nq = _norm(q)
        if not nq:
            continue
        if nq in ne or ne in nq:
            return True
        head_q = " ".join(nq.split()[:8])
        head_e = " ".join(ne.split()[:8])
        if head_q in ne or head_e in nq:
            return True
    return False


def engine_fitter() -> Callable[[set[str]], Scan]:
    """The rules as shipped (first matching rule decides, no judge) for every fold: nothing is
    learned from the corpus, so the result is a plain held-out evaluation of the rules."""
    cache: list[Any] = []

    def fit(_train: set[str]) -> Scan:
        if not cache:
            from clausecheck.engine import Engine

            cache.append(Engine(judge=False))
        return cache[0].scan

    return fit


def folds(names: Sequence[str], k: int, seed: int) -> list[list[str]]:
    """``k`` groups of contract names, shuffled with ``seed``; each contract in exactly one."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return [order[i::k] for i in range(k)]


def run(
    fit: Callable[[set[str]], Scan],
    docs: list[LabelledDoc],
    *,
    k: int = 5,
    seed: int = 0,
) -> tuple[list[Pair], list[str]]:
    """Every labelled pair decided by a scan fitted without its document (``fit`` gets the names
    of the training documents); and the errors."""
    by_name = {d.name: d for d in docs}
    pairs: list[Pair] = []
    errors: list[str] = []
    for test_names in folds(list(by_name), max(1, min(k, len(by_name))), seed):
        held = set(test_names)
        scan = fit({n for n in by_name if n not in held})
        for name in test_names:
            d = by_name[name]
            try:
                report = scan(d.path)
            except ClauseCheckError as exc:
                errors.append(str(exc))
                continue
            found = {f.provision: f for f in report.findings}
            for pid, (want, quotes, uncertain) in d.labels.items():
                f = found.get(pid)
                if f is None:
                    continue  # a provision the engine does not know
                got = str(getattr(f.status, "value", f.status))
                checked = want != "missing" and got != "missing" and bool(quotes)
                hit = checked and bool(f.evidence) and overlaps(f.evidence[0].text, quotes)
                pooled = hit or (
                    checked
                    and bool(f.evidence)
                    and overlaps(f.evidence[0].text, d.alternatives.get(pid, ()))
                )
                pairs.append(
                    Pair(
                        contract=name,
                        provision=pid,
                        want=want,
                        got=got,
                        confidence=float(f.confidence),
                        uncertain=uncertain,
                        evidence_checked=checked,
                        evidence_hit=hit,
                        evidence_hit_pooled=pooled,
                        evidence=f.evidence[0].text if f.evidence else "",
                        source=d.source,
                    )
                )
    return pairs, errors


def write_picks(path: str | Path, pairs: Sequence[Pair]) -> None:
    """Each pair's label, call and first evidence as JSON lines, written atomically."""
    import json

    from clausecheck.report.atomic import write_text

    rows = (
        json.dumps(
            {
                "contract": p.contract,
                "source": p.source,
                "provision": p.provision,
                "want": p.want,
                "got": p.got,
                "confidence": round(p.confidence, 4),
                "evidence_checked": p.evidence_checked,
                "evidence_hit": p.evidence_hit,
                "evidence_hit_pooled": p.evidence_hit_pooled,
                "evidence": p.evidence,
            }
        )
        + "\n"
        for p in pairs
    )
    write_text(Path(path), "".join(rows))


def _f1(pairs: Sequence[Pair]) -> float | None:
    tp = sum(p.want == p.got == "present" for p in pairs)
    fp = sum(p.got == "present" and p.want != "present" for p in pairs)
    fn = sum(p.want == "present" and p.got != "present" for p in pairs)
    return None if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def ece(pairs: Sequence[Pair], bins: int = 10) -> float | None:
    """Expected calibration error of the confidence as P(the stated status is right)."""
    if not pairs:
        return None
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [
            p for p in pairs if lo <= p.confidence < hi or (b == bins - 1 and p.confidence == 1.0)
        ]
        if inside:
            acc = sum(p.want == p.got for p in inside) / len(inside)
            conf = sum(p.confidence for p in inside) / len(inside)
            total += len(inside) / len(pairs) * abs(acc - conf)
    return total


def reliability(pairs: Sequence[Pair], bins: int = 10) -> list[dict[str, Any]]:
    """Rows of a reliability table: confidence bin, count, mean confidence, accuracy."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [
            p for p in pairs if lo <= p.confidence < hi or (b == bins - 1 and p.confidence == 1.0)
        ]
        if inside:
            rows.append(
                {
                    "bin": f"{lo:.1f}-{hi:.1f}",
                    "n": len(inside),
                    "confidence": sum(p.confidence for p in inside) / len(inside),
                    "accuracy": sum(p.want == p.got for p in inside) / len(inside),
                }
            )
    return rows


def metrics(pairs: Sequence[Pair]) -> dict[str, Any]:
    """Accuracy, macro present-F1, evidence hit and ECE of a set of pairs."""
    by_pid: dict[str, list[Pair]] = {}
    for p in pairs:
        by_pid.setdefault(p.provision, []).append(p)
    f1s = [f for f in (_f1(v) for v in by_pid.values()) if f is not None]
    checked = [p for p in pairs if p.evidence_checked]
    return {
        "pairs": len(pairs),
        "accuracy": sum(p.want == p.got for p in pairs) / len(pairs) if pairs else None,
        "present_f1": sum(f1s) / len(f1s) if f1s else None,
        "evidence_hit": sum(p.evidence_hit for p in checked) / len(checked) if checked else None,
        "evidence_hit_pooled": (
            sum(p.evidence_hit_pooled for p in checked) / len(checked) if checked else None
        ),
        "evidence_checked": len(checked),
        "ece": ece(pairs),
    }


def _interval(
    pairs: Sequence[Pair], key: str, per_contract: dict[str, list[Pair]], rounds: int, seed: int
) -> tuple[float, float] | None:
    names = sorted(per_contract)
    if not names:
        return None
    rng = random.Random(seed)
    values = []
    for _ in range(rounds):
        sample = [p for _ in names for p in per_contract[rng.choice(names)]]
        v = metrics(sample)[key]
        if v is not None:
            values.append(v)
    if not values:
        return None
    values.sort()
    return values[int(0.025 * (len(values) - 1))], values[int(0.975 * (len(values) - 1))]


_SHARES = (
    "labelled_present_share",
    "called_present_share",
    "pool_labelled_present_share",
    "pool_called_present_share",
)


def summarise(pairs: Sequence[Pair], *, rounds: int = 300, seed: int = 0) -> dict[str, Any]:
    """Overall and per-provision metrics, each with a 95% bootstrap interval over contracts."""

    def block(subset: Sequence[Pair]) -> dict[str, Any]:
        per_contract: dict[str, list[Pair]] = {}
        for p in subset:
            per_contract.setdefault(p.contract, []).append(p)
        out = metrics(subset)
        for key in ("accuracy", "present_f1", "evidence_hit", "evidence_hit_pooled"):
            out[f"{key}_ci"] = _interval(subset, key, per_contract, rounds, seed)
        n = len(per_contract)
        out["labelled_present_share"] = sum(p.want == "present" for p in subset) / n if n else None
        out["called_present_share"] = sum(p.got == "present" for p in subset) / n if n else None
        # the same on the labelled real contracts alone (the samples are drafted to hold clauses)
        pool = [p for p in subset if p.source == "pool"]
        m = len({p.contract for p in pool})
        out["pool_labelled_present_share"] = (
            sum(p.want == "present" for p in pool) / m if m else None
        )
        out["pool_called_present_share"] = sum(p.got == "present" for p in pool) / m if m else None
        return out

    by_pid: dict[str, list[Pair]] = {}
    for p in pairs:
        by_pid.setdefault(p.provision, []).append(p)
    overall = block(pairs)
    for key in _SHARES:
        overall.pop(key)
    by_source: dict[str, list[Pair]] = {}
    for p in pairs:
        by_source.setdefault(p.source, []).append(p)
    sources = {}
    for name, subset in by_source.items():
        b = block(subset)
        for key in _SHARES:
            b.pop(key)
        sources[name] = b
    return {
        "overall": overall,
        "sources": sources,
        "provisions": {pid: block(v) for pid, v in by_pid.items()},
        "reliability": reliability(pairs),
    }


def table(result: dict[str, Any], *, folds: int, contracts: int) -> str:
    """The cross-validation result as a fixed-width table with intervals and a reliability table."""

    def f(x: float | None) -> str:
        return "   - " if x is None else f"{x:5.2f}"

    def ci(x: tuple[float, float] | None) -> str:
        return "           " if x is None else f"[{x[0]:.2f},{x[1]:.2f}]"

    lines = [
        f"grouped {folds}-fold cross-validation over {contracts} contracts"
        " (95% bootstrap intervals)",
        f"{'provision':28s} {'pairs':>5s} {'acc':>5s} {'':11s} {'pF1':>5s} {'':11s} "
        f"{'evid':>5s} {'evid+':>5s} {'n':>4s} {'ECE':>5s} {'lab%':>5s} {'call%':>5s} "
        f"{'poolL':>5s} {'poolC':>5s}",
    ]
    rows = list(result["provisions"].items()) + [
        *((f"all {name} documents", s) for name, s in result.get("sources", {}).items()),
        ("overall", result["overall"]),
    ]
    for pid, s in rows:
        lines.append(
            f"{pid:28s} {s['pairs']:5d} {f(s['accuracy'])} {ci(s['accuracy_ci'])} "
            f"{f(s['present_f1'])} {ci(s['present_f1_ci'])} {f(s['evidence_hit'])} "
            f"{f(s['evidence_hit_pooled'])} {s['evidence_checked']:4d} {f(s['ece'])} "
            f"{f(s.get('labelled_present_share'))} "
            f"{f(s.get('called_present_share'))} {f(s.get('pool_labelled_present_share'))} "
            f"{f(s.get('pool_called_present_share'))}"
        )
    lines.append("reliability: confidence bin, pairs, mean confidence, accuracy")
    for r in result["reliability"]:
        lines.append(f"  {r['bin']}  {r['n']:5d}  {r['confidence']:.3f}  {r['accuracy']:.3f}")
    return "\n".join(lines)
