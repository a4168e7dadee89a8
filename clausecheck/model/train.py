"""Train the clause classifier and write it as plain JSON plus a model card.

    clausecheck train [--data models/training] [--out models/clause_model.json]

Needs scikit-learn (``pip install clausecheck[train]``); it is imported inside functions so
that ``import clausecheck.model.train`` stays cheap. Prediction
(``clausecheck.model.classifier``) needs numpy only.

Data: one JSONL file per provision (``<provision_id>.jsonl``), lines
``{"provision", "status": present|weak|missing, "text", "style", "why", "also": {id: status}}``,
plus optional files whose name starts with ``_`` (e.g. ``_boilerplate.jsonl``) whose lines are
"none" for every provision. For provision p a snippet's label is 2 (present), 1 (weak) or
0 (none): its own status in p's file (missing -> 0), its ``also`` entry elsewhere, else 0.

Model: TF-IDF over word 1-2-grams and, per provision, a multinomial logistic regression
(class_weight="balanced", C chosen by stratified 5-fold CV on macro-F1). The reported metrics
come from nested CV (outer 5-fold; C re-chosen inside each outer training set by 3-fold CV), so
they are not inflated by the choice of C.

Determinism: fixed seeds, single-threaded BLAS during fitting, rounded coefficients and a
``created`` date taken from ``SOURCE_DATE_EPOCH`` or else from the newest training file's mtime
(never the clock), so running twice on the same tree writes byte-identical files.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from clausecheck.model.classifier import (
    CLASS_NAMES,
    FORMAT_NAME,
    FORMAT_VERSION,
    STATUS_TO_CLASS,
    TOKENIZER,
)

DEFAULT_C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0, 30.0)
DEFAULT_FOLDS = 5
INNER_FOLDS = 3
MAX_ITER = 10000
COEF_DECIMALS = 6
NEAR_DUP_COSINE = 0.9


@dataclass
class TrainingSet:
    texts: list[str]
    labels: np.ndarray  # (n_snippets, n_provisions) of 0/1/2
    provisions: tuple[str, ...]
    sources: list[tuple[str, int]]  # (file name, 1-based line) per snippet
    files: list[str]
    sha256: str
    n_boilerplate: int
    ignored_also: int  # "also" entries naming a provision with no training file
    newest_mtime: float


def _provision_order(ids: Sequence[str]) -> tuple[str, ...]:
    from clausecheck.data import registry

    spec_order = registry.builtin().ids
    known = [p for p in spec_order if p in ids]
    return tuple(known + sorted(p for p in ids if p not in spec_order))


def load_training_set(data_dir: str | Path) -> TrainingSet:
    """Read every ``*.jsonl`` in ``data_dir`` (sorted by name) into texts and a label matrix."""
    data_dir = Path(data_dir)
    files = sorted(data_dir.glob("*.jsonl"), key=lambda p: p.name)
    if not files:
        raise ValueError(f"{data_dir}: no *.jsonl training files")
    digest = hashlib.sha256()
    rows: list[tuple[str, str | None, str, dict[str, str], str, int]] = []
    provision_ids = []
    newest = 0.0
    for f in files:
        raw = f.read_bytes()
        digest.update(raw)
        newest = max(newest, f.stat().st_mtime)
        stem = f.name[: -len(".jsonl")]
        boiler = stem.startswith("_")
        if not boiler:
            provision_ids.append(stem)
        for lineno, line in enumerate(raw.decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            where = f"{f.name}:{lineno}"
            try:
                d = json.loads(line)
            except ValueError as exc:
                raise ValueError(f"{where}: not JSON ({exc})") from None
            text = d.get("text") if isinstance(d, dict) else None
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"{where}: missing or empty 'text'")
            if boiler:
                rows.append((text, None, "missing", {}, f.name, lineno))
                continue
            if d.get("provision") != stem:
                raise ValueError(f"{where}: provision {d.get('provision')!r} != file name {stem!r}")
            status = d.get("status")
            if status not in STATUS_TO_CLASS:
                raise ValueError(f"{where}: status {status!r} not in {sorted(STATUS_TO_CLASS)}")
            also = d.get("also") or {}
            if not isinstance(also, dict) or any(
                v not in ("present", "weak") for v in also.values()
            ):
                raise ValueError(f"{where}: 'also' must map provision ids to present|weak")
            rows.append((text, stem, status, also, f.name, lineno))
    provisions = _provision_order(provision_ids)
    col = {p: k for k, p in enumerate(provisions)}
    labels = np.zeros((len(rows), len(provisions)), dtype=np.int64)
    ignored = 0
    for i, (_text, own, status, also, _f, _l) in enumerate(rows):
        if own is not None:
            labels[i, col[own]] = STATUS_TO_CLASS[status]
        for other, st in sorted(also.items()):
            if other == own:
                continue
            if other in col:
                labels[i, col[other]] = max(labels[i, col[other]], STATUS_TO_CLASS[st])
            else:
                ignored += 1
    return TrainingSet(
        texts=[r[0] for r in rows],
        labels=labels,
        provisions=provisions,
        sources=[(r[4], r[5]) for r in rows],
        files=[f.name for f in files],
        sha256=digest.hexdigest(),
        n_boilerplate=sum(1 for r in rows if r[1] is None),
        ignored_also=ignored,
        newest_mtime=newest,
    )


def make_vectorizer() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer

    t = TOKENIZER
    return TfidfVectorizer(
        analyzer=t["analyzer"],
        lowercase=t["lowercase"],
        token_pattern=t["token_pattern"],
        ngram_range=tuple(t["ngram_range"]),
        sublinear_tf=t["sublinear_tf"],
        use_idf=t["use_idf"],
        smooth_idf=t["smooth_idf"],
        norm=t["norm"],
        min_df=t["min_df"],
        dtype=np.float64,
    )


def make_classifier(c: float, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression

    # lbfgs + l2 (the default penalty) is multinomial for 3 classes in every supported release.
    return LogisticRegression(
        C=c, class_weight="balanced", max_iter=MAX_ITER, tol=1e-6, random_state=seed, solver="lbfgs"
    )


class _Folds:
    """Caches vectorised folds and fitted predictions so grid search and nested CV share work."""

    def __init__(self, texts: list[str], seed: int) -> None:
        self.texts = texts
        self.seed = seed
        self._vec: dict[bytes, tuple[Any, Any]] = {}
        self._pred: dict[tuple[bytes, float, int], np.ndarray] = {}
        self.not_converged = 0

    def _xy(self, train: np.ndarray, test: np.ndarray) -> tuple[bytes, Any, Any]:
        key = train.tobytes() + b"|" + test.tobytes()
        if key not in self._vec:
            vec = make_vectorizer()
            x_train = vec.fit_transform([self.texts[i] for i in train])
            x_test = vec.transform([self.texts[i] for i in test])
            self._vec[key] = (x_train, x_test)
        return key, *self._vec[key]

    def predict(
        self, train: np.ndarray, test: np.ndarray, y: np.ndarray, c: float, col: int
    ) -> np.ndarray:
        from sklearn.exceptions import ConvergenceWarning

        key, x_train, x_test = self._xy(train, test)
        pkey = (key, c, col)
        if pkey not in self._pred:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always", ConvergenceWarning)
                clf = make_classifier(c, self.seed).fit(x_train, y[train])
            self.not_converged += sum(issubclass(w.category, ConvergenceWarning) for w in caught)
            self._pred[pkey] = clf.predict(x_test)
        return self._pred[pkey]


def _splits(y: np.ndarray, idx: np.ndarray, folds: int, seed: int) -> list[tuple[Any, Any]]:
    from sklearn.model_selection import StratifiedKFold

    counts = np.bincount(y[idx], minlength=3)
    k = min(folds, int(counts[counts > 0].min()))
    if k < 2 or np.count_nonzero(counts) < 2:
        return []
    skf = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    return [(idx[a], idx[b]) for a, b in skf.split(np.zeros(len(idx)), y[idx])]


def _macro_f1(y_true: np.ndarray, y_pred: np.ndarray) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(y_true.tolist()))
    return float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0))


def _choose_c(
    cache: _Folds,
    y: np.ndarray,
    idx: np.ndarray,
    folds: int,
    grid: Sequence[float],
    seed: int,
    col: int,
) -> tuple[float, dict[float, float]]:
    splits = _splits(y, idx, folds, seed)
    if len(grid) == 1 or not splits:
        return float(grid[0]), {}
    scores = {}
    for c in grid:
        scores[float(c)] = float(
            np.mean(
                [_macro_f1(y[te], cache.predict(tr, te, y, float(c), col)) for tr, te in splits]
            )
        )
    best = max(scores.values())
    chosen = min(c for c, s in scores.items() if s >= best - 1e-12)  # ties: stronger penalty
    return chosen, scores


def _evaluate(
    cache: _Folds, y: np.ndarray, folds: int, grid: Sequence[float], seed: int, col: int
) -> dict[str, Any]:
    """Nested CV: outer stratified folds; C re-chosen on each outer training part."""
    from sklearn.metrics import confusion_matrix, f1_score

    idx = np.arange(len(y))
    outer = _splits(y, idx, folds, seed)
    if not outer:
        return {"folds": 0, "note": "too few examples of some class for cross-validation"}
    f1s, accs, cs = [], [], []
    pooled = np.zeros(len(y), dtype=np.int64)
    for tr, te in outer:
        c, _ = _choose_c(cache, y, tr, INNER_FOLDS, grid, seed, col)
        pred = cache.predict(tr, te, y, c, col)
        pooled[te] = pred
        f1s.append(_macro_f1(y[te], pred))
        accs.append(float(np.mean(pred == y[te])))
        cs.append(c)
    per_class = f1_score(y, pooled, labels=[0, 1, 2], average=None, zero_division=0)
    return {
        "folds": len(outer),
        "macro_f1_mean": round(float(np.mean(f1s)), 4),
        "macro_f1_std": round(float(np.std(f1s)), 4),
        "accuracy_mean": round(float(np.mean(accs)), 4),
        "accuracy_std": round(float(np.std(accs)), 4),
        "f1_by_class": {
            name: round(float(v), 4) for name, v in zip(CLASS_NAMES, per_class, strict=False)
        },
        "confusion": confusion_matrix(y, pooled, labels=[0, 1, 2]).tolist(),
        "outer_fold_c": cs,
    }


def _round(a: np.ndarray) -> list[Any]:
    return (np.round(a, COEF_DECIMALS) + 0.0).tolist()  # + 0.0 turns -0.0 into 0.0


def _created(ts: TrainingSet, created: str | None) -> str:
    if created:
        return created
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = float(epoch) if epoch and epoch.strip().isdigit() else ts.newest_mtime
    return _dt.datetime.fromtimestamp(when, tz=_dt.timezone.utc).date().isoformat()


def audit_data(ts: TrainingSet, top: int = 20) -> dict[str, Any]:
    """Exact and near duplicates (TF-IDF cosine >= 0.9) whose labels disagree."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    norm = [" ".join(t.lower().split()) for t in ts.texts]
    exact: dict[str, list[int]] = {}
    for i, t in enumerate(norm):
        exact.setdefault(t, []).append(i)
    exact_groups = [v for v in exact.values() if len(v) > 1]
    x = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True).fit_transform(ts.texts)
    sim = (x @ x.T).tocoo()
    pairs = []
    for i, j, s in zip(sim.row, sim.col, sim.data, strict=False):
        if i < j and s >= NEAR_DUP_COSINE:
            diff = [p for k, p in enumerate(ts.provisions) if ts.labels[i, k] != ts.labels[j, k]]
            pairs.append((float(s), int(i), int(j), diff))
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    conflicting = [p for p in pairs if p[3]]

    def src(i: int) -> str:
        return f"{ts.sources[i][0]}:{ts.sources[i][1]}"

    return {
        "exact_duplicate_groups": len(exact_groups),
        "exact_duplicate_conflicts": sum(
            1 for g in exact_groups if len({tuple(ts.labels[i]) for i in g}) > 1
        ),
        "near_duplicate_pairs": len(pairs),
        "near_duplicate_conflicts": len(conflicting),
        "near_duplicate_conflict_examples": [
            {
                "cosine": round(s, 3),
                "a": src(i),
                "b": src(j),
                "labels_differ_for": {
                    p: [
                        CLASS_NAMES[ts.labels[i, ts.provisions.index(p)]],
                        CLASS_NAMES[ts.labels[j, ts.provisions.index(p)]],
                    ]
                    for p in diff
                },
            }
            for s, i, j, diff in conflicting[:top]
        ],
    }


def fit_final(
    ts: TrainingSet, c_by_provision: dict[str, float], seed: int = 0
) -> tuple[Any, dict[str, Any]]:
    """Fit the vectorizer on all snippets and one classifier per provision (C given)."""
    vec = make_vectorizer()
    x = vec.fit_transform(ts.texts)
    models = {}
    for k, pid in enumerate(ts.provisions):
        y = ts.labels[:, k]
        if np.count_nonzero(np.bincount(y, minlength=3)) < 2:
            raise ValueError(f"provision {pid!r}: only one class in the training data")
        models[pid] = make_classifier(c_by_provision[pid], seed).fit(x, y)
    return vec, models


def _export(
    vec: Any, models: dict[str, Any], header: dict[str, Any], metadata: dict[str, Any]
) -> str:
    vocab = sorted(((t, int(j)) for t, j in vec.vocabulary_.items()), key=lambda tj: tj[1])
    provisions = {}
    for pid, clf in models.items():
        classes = [int(c) for c in clf.classes_]
        provisions[pid] = {
            "kind": "multinomial" if len(classes) > 2 else "binary",
            "classes": classes,
            "C": float(clf.C),
            "coef": _round(clf.coef_),
            "intercept": _round(clf.intercept_),
        }
    doc = dict(header)
    doc["metadata"] = metadata
    doc["tokenizer"] = dict(TOKENIZER)
    doc["vocabulary"] = dict(vocab)
    doc["idf"] = [float(v) for v in vec.idf_]
    doc["provisions"] = provisions
    compact: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":"), "allow_nan": False}
    # One top-level key per line: the header and metadata stay readable with `head`.
    lines = [f"{json.dumps(k)}:{json.dumps(v, **compact)}" for k, v in doc.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def train(
    data_dir: str | Path,
    out_path: str | Path,
    seed: int = 0,
    *,
    c_grid: Sequence[float] = DEFAULT_C_GRID,
    cv_folds: int = DEFAULT_FOLDS,
    card_path: str | Path | None = None,
    created: str | None = None,
    evaluate: bool = True,
    log: Any = None,
) -> dict[str, Any]:
    """Train, write the JSON model to ``out_path`` and ``MODEL_CARD.md`` beside it (or to
    ``card_path``); return the model-card data."""
    import sklearn
    from threadpoolctl import threadpool_limits

    out_path = Path(out_path)
    card_path = Path(card_path) if card_path else out_path.parent / "MODEL_CARD.md"
    ts = load_training_set(data_dir)
    say = log or (lambda *_: None)
    cache = _Folds(ts.texts, seed)
    chosen: dict[str, float] = {}
    cv: dict[str, Any] = {}
    selection: dict[str, Any] = {}
    with threadpool_limits(limits=1):
        for k, pid in enumerate(ts.provisions):
            y = ts.labels[:, k]
            c, scores = _choose_c(cache, y, np.arange(len(y)), cv_folds, c_grid, seed, k)
            chosen[pid] = c
            selection[pid] = {str(g): round(s, 4) for g, s in scores.items()}
            if evaluate:
                cv[pid] = _evaluate(cache, y, cv_folds, c_grid, seed, k)
            say(f"{pid}: C={c} " + (f"macro-F1={cv[pid].get('macro_f1_mean')}" if evaluate else ""))
        vec, models = fit_final(ts, chosen, seed)
    audit = audit_data(ts)
    label_counts = {
        pid: {name: int(np.sum(ts.labels[:, k] == c)) for c, name in enumerate(CLASS_NAMES)}
        for k, pid in enumerate(ts.provisions)
    }
    header = {
        "format": FORMAT_NAME,
        "format_version": FORMAT_VERSION,
        "created": _created(ts, created),
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "random_seed": seed,
        "classes": list(CLASS_NAMES),
    }
    metadata = {
        "training_data": {
            "sha256": ts.sha256,
            "hash_of": "concatenated bytes of the *.jsonl files, sorted by file name",
            "files": ts.files,
            "n_snippets": len(ts.texts),
            "n_boilerplate": ts.n_boilerplate,
            "ignored_also_entries": ts.ignored_also,
        },
        "label_counts": label_counts,
        "model": {
            "features": "TF-IDF word 1-2-grams (settings in 'tokenizer')",
            "n_features": len(vec.vocabulary_),
            "estimator": "LogisticRegression(lbfgs, l2, multinomial, class_weight=balanced)",
            "c_grid": [float(c) for c in c_grid],
            "c_selection": f"stratified {cv_folds}-fold CV, macro-F1, ties to smaller C",
            "coef_decimals": COEF_DECIMALS,
            "max_iter": MAX_ITER,
        },
        "cv": {
            "method": (
                f"nested: outer stratified {cv_folds}-fold (shuffle, seed {seed}); "
                f"C re-chosen on each outer training part by {INNER_FOLDS}-fold CV; "
                "vectorizer refit inside every fold"
            ),
            "per_provision": cv,
            "selection_scores": selection,
            "convergence_warnings": cache.not_converged,
        },
        "data_audit": audit,
    }
    text = _export(vec, models, header, metadata)
    from clausecheck.report import atomic

    atomic.make_dir(out_path.parent)
    atomic.write_text(out_path, text)
    card = {**header, **metadata, "c_by_provision": chosen, "model_bytes": len(text.encode())}
    atomic.write_text(card_path, render_card(card))
    return card


def _fmt(v: Any) -> str:
    return "-" if v is None else (f"{v:.3f}" if isinstance(v, float) else str(v))


def render_card(card: dict[str, Any]) -> str:
    td = card["training_data"]
    per = card["cv"]["per_provision"]
    lines = [
        "# Model card: clausecheck clause classifier",
        "",
        "Generated by `clausecheck train`; do not edit by hand.",
        "",
        "## Summary",
        "",
        f"- File: `models/clause_model.json` (format `{card['format']}` v{card['format_version']},"
        f" plain JSON, {card['model_bytes']:,} bytes; no pickle)",
        f"- Created: {card['created']}; scikit-learn {card['sklearn_version']}, numpy "
        f"{card['numpy_version']}, Python {card['python_version']}; random seed "
        f"{card['random_seed']}",
        f"- Training data: {td['n_snippets']} snippets from {len(td['files'])} files "
        f"({td['n_boilerplate']} boilerplate); sha256 `{td['sha256']}` "
        f"({td['hash_of']})",
        f"- Features: {card['model']['features']}; {card['model']['n_features']:,} terms "
        "(min_df 2, sublinear tf, smooth idf, l2 norm)",
        f"- Estimator: one {card['model']['estimator']} per provision; C from "
        f"{card['model']['c_grid']} by {card['model']['c_selection']}",
        "- Output: per provision, probabilities [none, weak, present] for a snippet "
        "(one clause or sub-clause)",
        "",
        "## Intended use",
        "",
        "A secondary score next to clausecheck's rule engine: it ranks clauses that look like a "
        "provision (present or weak) so that the rules and the human reviewer look at them "
        "first, and it gives `Finding.score`. It does not decide a status on its own and it is "
        "not legal advice. Status measures leverage, not responsibility (UNGPs): a low score "
        "never means a company's responsibility is reduced.",
        "",
        "## Cross-validated metrics",
        "",
        f"{card['cv']['method']}. Macro-F1 averages the F1 of the classes present in each fold; "
        "accuracy is dominated by the large `none` class and is shown only for completeness.",
        "",
        "| provision | none / weak / present | C | macro-F1 (mean ± sd) | accuracy | F1 weak |"
        " F1 present |",
        "|---|---|---|---|---|---|---|",
    ]
    f1_all = []
    for pid, counts in card["label_counts"].items():
        m = per.get(pid, {})
        if m.get("macro_f1_mean") is not None:
            f1_all.append(m["macro_f1_mean"])
        fc = m.get("f1_by_class", {})
        lines.append(
            f"| `{pid}` | {counts['none']} / {counts['weak']} / {counts['present']} | "
            f"{card['c_by_provision'][pid]:g} | {_fmt(m.get('macro_f1_mean'))} ± "
            f"{_fmt(m.get('macro_f1_std'))} | {_fmt(m.get('accuracy_mean'))} | "
            f"{_fmt(fc.get('weak'))} | {_fmt(fc.get('present'))} |"
        )
    if f1_all:
        lines += [
            "",
            f"Mean macro-F1 over {len(f1_all)} provisions: "
            f"{float(np.mean(f1_all)):.3f} (min {min(f1_all):.3f}, max {max(f1_all):.3f}).",
        ]
    audit = card["data_audit"]
    lines += [
        "",
        "## Data checks",
        "",
        f"- Exact duplicate texts (case and space folded): {audit['exact_duplicate_groups']} "
        f"groups, {audit['exact_duplicate_conflicts']} with conflicting labels.",
        f"- Near duplicates (TF-IDF cosine ≥ {NEAR_DUP_COSINE}): "
        f"{audit['near_duplicate_pairs']} pairs, {audit['near_duplicate_conflicts']} with "
        "labels that differ for some provision (often legitimate: a look-alike written from a "
        "positive, or an `also` label given on one side only).",
        f"- `also` entries naming a provision without a training file (ignored): "
        f"{td['ignored_also_entries']}.",
        f"- Convergence warnings during CV: {card['cv']['convergence_warnings']}.",
        "",
        "## Limits",
        "",
        "- Small, synthetic training set: every snippet is original drafting written for this "
        "project (no real contracts). Scores on real contracts will be lower than the CV figures "
        "above, which measure agreement with the authors' own labels on similar text.",
        "- Bag of 1-2-grams: no negation scope, no cross-references, no definitions, no modality "
        'beyond what word pairs capture. "Shall not be obliged to audit" and "shall audit" '
        "look alike. The rule engine handles these; the score should only support it.",
        "- Weak vs present turns on small wording changes (efforts, should, an HR hook in the same "
        "clause); the weak class is small for most provisions and its F1 is the least reliable.",
        "- Labels for other provisions come only from each snippet's `also` field; a snippet that "
        "would count for a provision but was not marked teaches the model that it does not.",
        "- English only; US and English spelling and drafting styles are mixed in the data.",
        "- Probabilities are not calibrated against real-world prevalence "
        "(class_weight=balanced on a corpus where every provision is over-represented).",
        "",
        "## Reproduce",
        "",
        "```sh",
        "pip install -e '.[train]'",
        "clausecheck train --data models/training --out models/clause_model.json",
        "```",
        "",
        "Same data, same library versions and the same `SOURCE_DATE_EPOCH` (or file dates) give a "
        "byte-identical model file.",
        "",
    ]
    return "\n".join(lines)
