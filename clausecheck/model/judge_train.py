"""Training the judge (grade/judge.py) from labelled real contracts and written examples.

Sources, each turned into ``Example``s - one per (document, provision) - holding the candidates'
features, a target per candidate and a target for the provision:

- the labelled corpus (``models/labels/pool.jsonl``: offsets into CUAD texts read at run time);
- optionally the dev contracts (``real_contracts/dev/labels.jsonl``, quotes);
- the written snippets of ``models/training`` (original text, one clause each), which supply the
  drafting that real contracts rarely hold (grievance mechanisms, E&S covenants ...), always on
  the training side of a split.

A candidate's target is the provision's labelled status if it overlaps the labelled operative
clause (the first evidence span), "none" if it overlaps no labelled span, and it is left out if it
overlaps only a supporting span. The unit model is a multinomial logistic regression on the
candidates; the contract model is fitted on the unit model's out-of-fold scores (grouped by
document), so its probabilities are calibrated on scores it has not been fitted to.

Needs scikit-learn (``pip install clausecheck[train]``); prediction needs numpy only.
"""

from __future__ import annotations

import json
import math
import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from clausecheck.grade import judge as judge_mod
from clausecheck.grade import judged
from clausecheck.model import corpus
from clausecheck.types import Document, Status

UNIT_TARGET = {"missing": 0, "weak": 1, "present": 2}
SNIPPET_WEIGHT = 0.5
TOP_K = 6
LEXICON_TERMS = 8000


@dataclass
class Example:
    group: str  # the document: examples of one document stay on one side of a split
    provision: str
    rows: list[dict[str, float]]  # candidate features (provision one-hot added at fit time)
    targets: list[int]  # per candidate: 0 none, 1 weak, 2 present, -1 left out
    status: int  # the provision's labelled status: 0 missing, 1 weak, 2 present
    rules_status: Status | None
    weight: float = 1.0
    snippet: bool = False
    found_target: bool = field(default=True)  # a candidate overlaps the operative clause
    texts: list[str] = field(default_factory=list, repr=False)  # in memory only, never saved


def _norm_words(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", s.lower()).strip()


def _doc_span(loc: corpus.Locator, quote: str) -> tuple[int, int] | None:
    found = loc.find(quote)
    if found is None:  # ingestion may have changed punctuation: try the first words
        words = quote.split()
        for n in (12, 8):
            if len(words) >= n:
                found = loc.find(" ".join(words[:n]))
                if found is not None:
                    break
    return found


def extract(
    engine: Any,
    doc: Document,
    group: str,
    labels: dict[str, tuple[str, list[str], list[str]]],
    *,
    weight: float = 1.0,
    snippet: bool = False,
) -> list[Example]:
    """Examples of one document. ``labels``: provision -> (status, [operative quote, supporting
    quotes ...], [rejected look-alike quotes]); provisions not in ``labels`` are not labelled in
    this document.

    Targets: in a document where the provision is missing every candidate is "none"; where it is
    present or weak, the cited clauses take its status, look-alikes the reviewer rejected are
    "none", and the other candidates are left out - a reviewer cites one clause, not every clause
    that would do, so an uncited candidate is not evidence of "none"."""
    from clausecheck import structure
    from clausecheck.detect.context import build_context
    from clausecheck.nlp.pipeline import parse

    struct = structure.analyse(doc)
    ctx = build_context(doc, struct, parse(doc.text), engine.cues)
    hits, outcomes = engine.grader.outcomes(ctx, collect_all=False)
    scored = judged.score_all(engine.grader, ctx, hits, outcomes, engine.model, None, TOP_K)
    loc = corpus.Locator(doc.text)
    out = []
    for s in scored:
        pid = s.provision.id
        if pid not in labels:
            continue
        status, quotes, rejected = labels[pid]
        spans = [_doc_span(loc, q) for q in quotes]
        negatives = [_doc_span(loc, q) for q in rejected]
        targets = []
        found = False
        for c in s.candidates:
            u = ctx.units[c.ui]
            if status == "missing" or snippet:
                t = UNIT_TARGET[status] if snippet else 0
            else:
                hit_spans = [
                    i for i, sp in enumerate(spans) if sp and sp[0] < u.end and u.start < sp[1]
                ]
                if hit_spans:
                    t = UNIT_TARGET[status]
                    found = found or 0 in hit_spans
                elif any(sp and sp[0] < u.end and u.start < sp[1] for sp in negatives):
                    t = 0
                else:
                    t = -1
            targets.append(t)
        out.append(
            Example(
                group,
                pid,
                [dict(c.features) for c in s.candidates],
                targets,
                UNIT_TARGET[status],
                s.rules_status,
                weight,
                snippet,
                found or status == "missing" or snippet,
                [ctx.doc.text[ctx.units[c.ui].start : ctx.units[c.ui].end] for c in s.candidates],
            )
        )
    return out


def corpus_examples(
    engine: Any, labels_path: Path, texts: Path, log: Callable[[str], None] = print
) -> list[Example]:
    from clausecheck import ingest

    out: list[Example] = []
    contracts = corpus.load(labels_path)
    for c, path, raw in corpus.texts(contracts, texts):
        doc = ingest.load(path)
        if c.offsets == "document":  # reviewers' decisions: offsets into the extracted text
            raw = doc.text
        labels = {
            pid: (
                lab.status,
                [raw[s:e] for s, e in lab.evidence],
                [raw[s:e] for s, e in lab.rejected],
            )
            for pid, lab in c.labels.items()
        }
        out.extend(extract(engine, doc, c.file, labels))
    log(f"corpus: {len(contracts)} contracts")
    return out


def dev_examples(engine: Any, folder: Path, log: Callable[[str], None] = print) -> list[Example]:
    from clausecheck import ingest

    out: list[Example] = []
    lines = (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line.strip():
            continue
        rec = json.loads(line)
        doc = ingest.load(folder / rec["file"])
        labels: dict[str, tuple[str, list[str], list[str]]] = {
            pid: (lab["status"], list(lab.get("evidence") or []), [])
            for pid, lab in rec["labels"].items()
        }
        out.extend(extract(engine, doc, "dev/" + rec["file"], labels))
    log(f"dev: {len(lines)} contracts")
    return out


def snippet_examples(
    engine: Any, folder: Path, log: Callable[[str], None] = print
) -> list[Example]:
    from clausecheck.ingest.builder import TextBuilder

    out: list[Example] = []
    n = 0
    for path in sorted(folder.glob("*.jsonl")):
        if path.name.startswith("_"):
            continue
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if not line.strip():
                continue
            rec = json.loads(line)
            b = TextBuilder(f"{path.stem}-{i}.txt", "text")
            b.add_block(rec["text"], "text:para=0")
            doc = b.build(rec["text"].encode())
            labels: dict[str, tuple[str, list[str], list[str]]] = {
                rec["provision"]: (rec["status"], [rec["text"]], [])
            }
            for other, st in (rec.get("also") or {}).items():
                labels[other] = (st, [rec["text"]], [])
            out.extend(
                extract(
                    engine,
                    doc,
                    f"snippet/{path.stem}/{i}",
                    labels,
                    weight=SNIPPET_WEIGHT,
                    snippet=True,
                )
            )
            n += 1
    log(f"written snippets: {n}")
    return out


def _onehot(e: Example, provisions: Sequence[str]) -> list[dict[str, float]]:
    return [
        judge_mod.provision_row(r, e.provision, provisions, judge_mod.INTERACTIONS) for r in e.rows
    ]


def _standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def _fit_linear(
    rows: list[dict[str, float]], y: list[int], w: list[float], features: Sequence[str],
    classes: Sequence[str], c: float,
) -> judge_mod.Linear:  # fmt: skip
    from sklearn.linear_model import LogisticRegression

    proto = judge_mod.Linear(
        tuple(features), tuple(classes), np.zeros(len(features)), np.ones(len(features)),
        np.zeros((len(classes), len(features))), np.zeros(len(classes)),
    )  # fmt: skip
    x = proto.matrix(rows)
    mean, scale = _standardise(x)
    xs = (x - mean) / scale
    yy = np.asarray(y)
    present = sorted(set(yy.tolist()))
    clf = LogisticRegression(C=c, max_iter=5000)
    clf.fit(xs, yy, sample_weight=np.asarray(w))
    coef = np.zeros((len(classes), len(features)))
    intercept = np.full(len(classes), -30.0)  # a class never seen in training is never predicted
    if len(present) == 2:  # scikit-learn returns one row for two classes
        coef[present[1]] = clf.coef_[0] / 2
        coef[present[0]] = -clf.coef_[0] / 2
        intercept[present[1]] = clf.intercept_[0] / 2
        intercept[present[0]] = -clf.intercept_[0] / 2
    else:
        for k, cls in enumerate(clf.classes_):
            coef[int(cls)] = clf.coef_[k]
            intercept[int(cls)] = clf.intercept_[k]
    return replace(
        proto, mean=mean, scale=scale, coef=np.round(coef, 6), intercept=np.round(intercept, 6)
    )


def _groups_split(groups: Sequence[str], k: int, seed: int) -> list[set[str]]:
    order = sorted(set(groups))
    random.Random(seed).shuffle(order)
    return [set(order[i::k]) for i in range(k)]


def fit_lexicon(examples: Sequence[Example], seed: int = 0) -> tuple[Any, dict[str, Any]]:
    """Per provision, p(a reviewer cites this sentence) from its words: TF-IDF 1-2-grams and a
    logistic regression, in the clause-model format (``model/classifier.py``). Cited sentences
    are positive; every other candidate and every sentence of a contract where the provision is
    missing is negative; written snippets count by their status."""
    from clausecheck.model import classifier
    from clausecheck.model.train import _export, make_classifier, make_vectorizer

    texts: list[str] = []
    rows: list[tuple[str, int, int]] = []  # provision, index into texts, label (0 or 2)
    for e in examples:
        for text, t in zip(e.texts, e.targets, strict=True):
            rows.append((e.provision, len(texts), 2 if t > 0 else 0))
            texts.append(text)
    vec = make_vectorizer()
    vec.set_params(min_df=3, max_features=LEXICON_TERMS)  # the most frequent terms: a small file
    x = vec.fit_transform(texts)
    models = {}
    for pid in sorted({r[0] for r in rows}):
        idx = [i for q, i, _ in rows if q == pid]
        y = [lab for q, _, lab in rows if q == pid]
        if len(set(y)) == 2:
            models[pid] = make_classifier(1.0, seed).fit(x[idx], y)
    header = {
        "format": classifier.FORMAT_NAME,
        "format_version": classifier.FORMAT_VERSION,
        "created": "",
        "sklearn_version": __import__("sklearn").__version__,
        "numpy_version": np.__version__,
        "random_seed": seed,
    }
    data = json.loads(_export(vec, models, header, {"purpose": "judge lexicon: p(cited)"}))
    return classifier.from_dict(data, "lexicon"), data


def lex_scores(lexicon: Any, e: Example) -> list[float]:
    if lexicon is None or not e.texts or e.provision not in lexicon.provisions:
        return [0.0] * len(e.rows)
    return [float(p[2]) for p in lexicon.predict(list(e.texts))[e.provision]]


def _with_lex(e: Example, lex: Sequence[float]) -> Example:
    return replace(
        e, rows=[{**r, "lex": s} if s else dict(r) for r, s in zip(e.rows, lex, strict=True)]
    )


def fit_ranker(
    examples: Sequence[Example], provisions: Sequence[str], l2: float = 1.0
) -> judge_mod.Ranker:
    """A conditional logit: within each (contract, provision) where the provision is present or
    weak, the cited candidates against the others."""
    from scipy.optimize import minimize

    names = judge_mod.names_for(provisions, judge_mod.UNIT_FEATURES, judge_mod.INTERACTIONS)
    proto = judge_mod.Linear(
        names,
        ("x",),
        np.zeros(len(names)),
        np.ones(len(names)),
        np.zeros((1, len(names))),
        np.zeros(1),
    )
    groups = []
    for e in examples:
        if e.snippet or e.status == 0 or not e.rows:
            continue
        y = np.array([t > 0 for t in e.targets], dtype=float)
        if y.sum() == 0:
            continue
        groups.append((proto.matrix(_onehot(e, provisions)), y / y.sum()))
    x_all = np.vstack([g[0] for g in groups])
    mean, scale = _standardise(x_all)
    std = [((x - mean) / scale, q) for x, q in groups]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        total, grad = 0.0, np.zeros_like(w)
        for x, q in std:
            z = x @ w
            z -= z.max()
            pr = np.exp(z)
            pr /= pr.sum()
            total -= float((q * np.log(pr + 1e-12)).sum())
            grad -= x.T @ (q - pr)
        return total + l2 * float(w @ w) / 2, grad + l2 * w

    res = minimize(
        loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 300}
    )
    return judge_mod.Ranker(tuple(names), mean, scale, np.round(res.x, 6))


def fit(
    examples: Sequence[Example], *, c_unit: float = 1.0, c_contract: float = 1.0, seed: int = 0,
    inner_folds: int = 4, metadata: dict[str, Any] | None = None,
    contract_priors: bool = False,
) -> judge_mod.Judge:  # fmt: skip
    """Fit the lexicon, the unit model, the ranker and the contract model. Stacked models are
    fitted on out-of-fold scores of the models beneath them (grouped by document).

    ``contract_priors``: let the contract model learn a base rate per provision. Off by default:
    the labelled corpus is commercial drafting where human-rights clauses are rare, and a base
    rate learned there would call such clauses missing in a contract that has them."""
    provisions = tuple(sorted({e.provision for e in examples}))
    unit_features = judge_mod.names_for(provisions, judge_mod.UNIT_FEATURES, judge_mod.INTERACTIONS)
    contract_provisions = provisions if contract_priors else ()
    contract_features = judge_mod.names_for(
        contract_provisions, judge_mod.CONTRACT_FEATURES, judge_mod.CONTRACT_INTERACTIONS
    )
    real = [e for e in examples if not e.snippet]
    snippets = [e for e in examples if e.snippet]

    # 1. the lexicon, and out-of-fold lexicon scores for the models stacked on it
    lexicon, lexicon_data = fit_lexicon(examples, seed)
    scored: list[Example] = []
    for held in _groups_split([e.group for e in real], 3, seed + 1):
        inner, _ = fit_lexicon([e for e in real if e.group not in held] + snippets, seed)
        scored.extend(_with_lex(e, lex_scores(inner, e)) for e in real if e.group in held)
    scored.extend(_with_lex(e, lex_scores(lexicon, e)) for e in snippets)

    def unit_model(train: Sequence[Example]) -> judge_mod.Linear:
        rows, y, w = [], [], []
        for e in train:
            for r, t in zip(_onehot(e, provisions), e.targets, strict=True):
                if t >= 0:
                    rows.append(r)
                    y.append(t)
                    w.append(e.weight)
        return _fit_linear(rows, y, w, unit_features, judge_mod.UNIT_CLASSES, c_unit)

    # 2. out-of-fold unit scores for the contract model, over real contracts and snippets alike
    rows, y, w = [], [], []
    for held in _groups_split([e.group for e in scored], inner_folds, seed):
        model = unit_model([e for e in scored if e.group not in held])
        for e in scored:
            if e.group not in held:
                continue
            probs = model.predict(_onehot(e, provisions)) if e.rows else np.zeros((0, 3))
            cands = [
                judge_mod.Candidate(
                    ui=i, outcome=None, features=r, probs=(float(p[0]), float(p[1]), float(p[2]))
                )
                for i, (r, p) in enumerate(zip(e.rows, probs, strict=True))
            ]
            rows.append(
                judge_mod.provision_row(
                    judge_mod.contract_features(cands, e.rules_status),
                    e.provision,
                    contract_provisions,
                    judge_mod.CONTRACT_INTERACTIONS,
                )
            )
            y.append(e.status)
            w.append(e.weight)
    contract = _fit_linear(rows, y, w, contract_features, judge_mod.CONTRACT_CLASSES, c_contract)
    unit = unit_model(scored)
    ranker = fit_ranker(scored, provisions)
    meta = {
        "examples": len(examples),
        "documents": len({e.group for e in real}),
        "snippets": len({e.group for e in snippets}),
        "candidates": sum(len(e.rows) for e in examples),
        "c_unit": c_unit,
        "c_contract": c_contract,
        **(metadata or {}),
    }
    return judge_mod.Judge(
        unit, contract, ranker, provisions, TOP_K, meta, lexicon, lexicon_data, contract_provisions
    )


def candidate_recall(examples: Iterable[Example]) -> float | None:
    """Share of labelled present/weak provisions whose operative clause is among the candidates."""
    labelled = [e for e in examples if not e.snippet and e.status > 0]
    if not labelled:
        return None
    return sum(e.found_target for e in labelled) / len(labelled)


def nonzero(x: float) -> bool:
    return not math.isclose(x, 0.0)


@dataclass
class Sources:
    """Everything the judge learns from, extracted once."""

    corpus: list[Example]  # labelled documents: corpus, dev and samples (cross-validation units)
    extra: list[Example]  # always on the training side: the written snippets
    labels_sha256: str


def gather(
    engine: Any,
    labels_path: Path,
    texts: Path,
    snippets: Path,
    dev: Path | None = None,
    samples: Path | None = None,
    log: Callable[[str], None] = print,
    added: Sequence[Path] = (),
) -> Sources:
    """``added``: further label files (reviewers' decisions from ``clausecheck review export``),
    their contracts' names relative to each file's folder."""
    import hashlib

    found = corpus_examples(engine, labels_path, texts, log)
    digest = hashlib.sha256(labels_path.read_bytes())
    for extra_labels in added:
        found += corpus_examples(engine, extra_labels, extra_labels.parent, log)
        digest.update(extra_labels.read_bytes())
    if dev is not None:
        found += dev_examples(engine, dev, log)
    if samples is not None:
        found += sample_examples(engine, samples, log)
    extra = snippet_examples(engine, snippets, log)
    recall = candidate_recall(found)
    if recall is not None:
        log(f"candidates hold the labelled operative clause in {recall:.1%} of present/weak calls")
    return Sources(found, extra, digest.hexdigest())


def fitter(engine: Any, sources: Sources, seed: int = 0) -> Callable[[set[str]], Any]:
    """For ``crossval.run``: a judge fitted on the training documents of a fold (and the written
    snippets), returned as the scan function of ``engine`` with that judge."""

    def fit_fold(names: set[str]) -> Any:
        chosen = [e for e in sources.corpus if e.group in names] + sources.extra
        engine.judge = fit(chosen, seed=seed, metadata={"labels_sha256": sources.labels_sha256})
        return engine.scan

    return fit_fold


def train(
    sources: Sources,
    out: Path,
    *,
    seed: int = 0,
    created: str = "",
    log: Callable[[str], None] = print,
) -> judge_mod.Judge:
    """The shipped judge: fitted on every labelled contract and snippet, written as JSON."""
    judge = fit(
        sources.corpus + sources.extra,
        seed=seed,
        metadata={"labels_sha256": sources.labels_sha256, "created": created},
    )
    judge.save(out)
    log(f"wrote {out} ({out.stat().st_size:,} bytes)")
    return judge


def sample_examples(engine: Any, folder: Path, log: Callable[[str], None] = print) -> list[Example]:
    """The bundled sample contracts (original drafting, HR-rich): the drafters' intended status
    per provision and the section that makes it true (``src/*.expected.yaml``)."""
    import yaml

    from clausecheck import ingest, structure

    out: list[Example] = []
    n = 0
    for spec_path in sorted((folder / "src").glob("*.expected.yaml")):
        spec = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
        text_path = folder / "src" / spec["file"]
        if not text_path.is_file():
            continue
        doc = ingest.load(text_path)
        clauses = {c.label: c for c in structure.analyse(doc).clauses}
        labels: dict[str, tuple[str, list[str], list[str]]] = {}
        for pid, want in (spec.get("intended_findings") or {}).items():
            quotes = []
            c = clauses.get(str(want.get("section"))) if want.get("section") else None
            if c is not None:
                quotes.append(doc.text[c.start : c.body_end])
            labels[pid] = (want["status"], quotes, [])
        out.extend(extract(engine, doc, "sample/" + spec_path.name, labels))
        n += 1
    log(f"samples: {n} contracts")
    return out
