"""The clause classifier: per-provision probabilities [none, weak, present] for text snippets.

The model is a TF-IDF (word 1-2-grams) + multinomial logistic-regression pair per provision,
trained by ``clausecheck.model.train`` with scikit-learn and shipped as plain JSON
(``models/clause_model.json``). Prediction needs numpy only: the TF-IDF transform is
reimplemented here exactly as scikit-learn computes it (same token regex, lowercasing,
1-2-grams, sublinear tf, stored idf, l2 row norm), then ``softmax(X @ coef.T + intercept)``.

Loading never executes anything from the file: it is read as UTF-8 JSON and every field is
checked before use. Anything else (a pickle or joblib payload, a truncated file, an unknown
format version, a model trained under another numpy major version) raises
``clausecheck.errors.ModelMismatch``.

This module must not import scikit-learn.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from clausecheck import errors
from clausecheck.errors import ModelMismatch

FORMAT_NAME = "clausecheck-clause-model"
FORMAT_VERSION = 1
MODEL_FILE = "clause_model.json"
CLASS_NAMES = ("none", "weak", "present")  # column order of every probability array
STATUS_TO_CLASS = {"missing": 0, "weak": 1, "present": 2}

# The transform settings prediction reproduces. ``min_df`` and ``smooth_idf`` only shape
# training (the vocabulary and idf are stored), so the loader does not insist on them.
TOKENIZER: dict[str, Any] = {
    "analyzer": "word",
    "lowercase": True,
    "token_pattern": r"(?u)\b\w\w+\b",
    "ngram_range": [1, 2],
    "sublinear_tf": True,
    "use_idf": True,
    "smooth_idf": True,
    "norm": "l2",
    "min_df": 2,
}
_TRANSFORM_KEYS = (
    "analyzer",
    "lowercase",
    "token_pattern",
    "ngram_range",
    "sublinear_tf",
    "use_idf",
    "norm",
)

MAX_MODEL_BYTES = 64 * 1024 * 1024
_BATCH = 512


class ClauseModel:
    """A loaded, validated classifier. Use :func:`load` to get one."""

    def __init__(
        self,
        *,
        path: str | None,
        vocabulary: dict[str, int],
        idf: np.ndarray,
        provisions: dict[str, dict[str, Any]],
        header: dict[str, Any],
        metadata: dict[str, Any],
    ) -> None:
        self.path = path
        self.vocabulary = vocabulary
        self.idf = idf
        self.header = header
        self.metadata = metadata
        self.provisions: tuple[str, ...] = tuple(provisions)
        self._specs = provisions  # as validated: what the data cache keeps (see load)
        self.class_names = CLASS_NAMES
        self._token_re = re.compile(TOKENIZER["token_pattern"])
        n_features = idf.shape[0]
        n_prov = len(self.provisions)
        # One weight matrix for all provisions: column 3*k + c is class c of provision k.
        # A class the provision never saw in training scores -inf (probability 0).
        weights = np.zeros((n_features, 3 * n_prov), dtype=np.float64)
        bias = np.full(3 * n_prov, -np.inf, dtype=np.float64)
        for k, pid in enumerate(self.provisions):
            spec = provisions[pid]
            classes, coef, intercept = spec["classes"], spec["coef"], spec["intercept"]
            if spec["kind"] == "binary":  # sigmoid(z) == softmax([0, z])
                weights[:, 3 * k + classes[1]] = coef[0]
                bias[3 * k + classes[0]] = 0.0
                bias[3 * k + classes[1]] = intercept[0]
            else:
                for row, cls in enumerate(classes):
                    weights[:, 3 * k + cls] = coef[row]
                    bias[3 * k + cls] = intercept[row]
        self._weights = weights
        self._bias = bias

    def __repr__(self) -> str:
        return (
            f"ClauseModel(path={self.path!r}, provisions={len(self.provisions)}, "
            f"features={self.idf.shape[0]})"
        )

    # -- features -------------------------------------------------------------------------
    def _terms(self, text: str) -> list[str]:
        tokens = self._token_re.findall(text.lower())
        return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """TF-IDF rows in CSR form ``(indptr, indices, data)``, as scikit-learn computes them.

        Within a row, columns are in first-occurrence order (not sorted); values are l2-normed.
        """
        vocab_get = self.vocabulary.get
        indptr = [0]
        cols: list[int] = []
        counts: list[int] = []
        for text in texts:
            row: dict[int, int] = {}
            for term in self._terms(text):
                j = vocab_get(term)
                if j is not None:
                    row[j] = row.get(j, 0) + 1
            cols.extend(row.keys())
            counts.extend(row.values())
            indptr.append(len(cols))
        ind = np.asarray(cols, dtype=np.intp)
        tf = np.asarray(counts, dtype=np.float64)
        data = (np.log(tf) + 1.0) * self.idf[ind]  # sublinear tf, then idf
        ptr = np.asarray(indptr, dtype=np.intp)
        lengths = np.diff(ptr)
        nonempty = lengths > 0
        if data.size:
            sq = np.zeros(len(texts), dtype=np.float64)
            sq[nonempty] = np.add.reduceat(data * data, ptr[:-1][nonempty])
            norms = np.sqrt(sq)
            norms[norms == 0.0] = 1.0
            data /= np.repeat(norms, lengths)
        return ptr, ind, data

    # -- prediction -----------------------------------------------------------------------
    def decision_function(self, texts: Sequence[str]) -> np.ndarray:
        """Raw scores, shape (n_texts, n_provisions, 3); -inf for classes never trained."""
        n = len(texts)
        out = np.empty((n, 3 * len(self.provisions)), dtype=np.float64)
        for start in range(0, n, _BATCH):
            batch = texts[start : start + _BATCH]
            ptr, ind, data = self.transform(batch)
            scores = np.zeros((len(batch), self._weights.shape[1]), dtype=np.float64)
            lengths = np.diff(ptr)
            nonempty = lengths > 0
            if data.size:
                contrib = self._weights[ind] * data[:, None]
                scores[nonempty] = np.add.reduceat(contrib, ptr[:-1][nonempty], axis=0)
            out[start : start + len(batch)] = scores + self._bias
        return out.reshape(n, len(self.provisions), 3)

    def predict(self, texts: list[str]) -> dict[str, np.ndarray]:
        """Per provision, an (n_texts x 3) array of probabilities [none, weak, present]."""
        if isinstance(texts, str) or not isinstance(texts, Sequence):
            raise TypeError("predict() takes a list of strings")
        for text in texts:
            if not isinstance(text, str):
                raise TypeError(f"predict() takes a list of strings, got {type(text).__name__}")
        z = self.decision_function(texts)
        z = z - z.max(axis=2, keepdims=True)
        np.exp(z, out=z)
        z /= z.sum(axis=2, keepdims=True)
        return {pid: np.ascontiguousarray(z[:, k, :]) for k, pid in enumerate(self.provisions)}


# -- loading ------------------------------------------------------------------------------
def default_path() -> Path:
    from clausecheck.data.resources import data_dir

    return data_dir("models") / MODEL_FILE


def load(path: str | Path | None = None) -> ClauseModel:
    """Load and validate a JSON model file (default: the shipped ``models/clause_model.json``).
    A file that validated before (the same bytes) is read from the data cache instead."""
    if path is None:
        try:
            path = default_path()
        except Exception as exc:  # DataFileError from resources: no models directory
            raise errors.error("E315", "models/" + MODEL_FILE, detail=exc) from None
    path = Path(path)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise errors.error("E316", path)
        if size > MAX_MODEL_BYTES:
            raise errors.error("E317", path, size=size, limit=MAX_MODEL_BYTES)
        raw = path.read_bytes()
    except ModelMismatch:
        raise
    except OSError as exc:
        raise errors.error("E318", path, reason=exc.strerror or exc) from None
    key = _cache_key(raw)
    model = _from_cache(key, str(path))
    if model is None:
        model = loads(raw, path=path)
        _to_cache(key, model)
    return model


# -- the data cache (clausecheck.data.cache) -------------------------------------------------
# A model that validated once is kept as JSON (vocabulary, classes, header, metadata) and an
# .npz of its arrays (no pickle), keyed by the model file's bytes, clausecheck's and numpy's
# versions: parsing 6 MB of JSON and validating it took 0.1-0.25 s of every cold start.


def _cache_key(raw: bytes) -> str:
    from clausecheck.data import cache

    return cache.key("clause-model", np.__version__.encode() + b"\0" + raw)


def _from_cache(key: str, where: str) -> ClauseModel | None:
    from clausecheck.data import cache

    meta = cache.store().get(key)
    if not isinstance(meta, dict):
        return None
    arrays = cache.read_arrays(key)
    if not arrays:
        return None
    try:
        vocabulary = {str(term): int(col) for term, col in meta["vocabulary"]}
        n = len(vocabulary)
        idf = arrays["idf"]
        if idf.dtype != np.float64 or idf.shape != (n,):
            return None
        provisions: dict[str, dict[str, Any]] = {}
        for pid, kind, classes in meta["provisions"]:
            rows = {"binary": 1, "multinomial": 3}[kind]
            valid = ([0, 1], [0, 2], [1, 2]) if kind == "binary" else ([0, 1, 2],)
            if classes not in valid:
                return None
            coef, intercept = arrays[f"coef/{pid}"], arrays[f"intercept/{pid}"]
            if coef.shape != (rows, n) or intercept.shape != (rows,) or coef.dtype != np.float64:
                return None
            provisions[pid] = {
                "kind": kind,
                "classes": list(classes),
                "coef": coef,
                "intercept": intercept,
            }
        return ClauseModel(
            path=where,
            vocabulary=vocabulary,
            idf=idf,
            provisions=provisions,
            header=dict(meta["header"]),
            metadata=dict(meta["metadata"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


def _to_cache(key: str, model: ClauseModel) -> None:
    from clausecheck.data import cache

    specs = getattr(model, "_specs", None)
    if specs is None:
        return
    arrays = {"idf": model.idf}
    for pid, spec in specs.items():
        arrays[f"coef/{pid}"] = spec["coef"]
        arrays[f"intercept/{pid}"] = spec["intercept"]
    cache.write_arrays(key, arrays, replacing="clause-model:")
    cache.store().put(
        key,
        {
            "vocabulary": [[term, col] for term, col in model.vocabulary.items()],
            "provisions": [[pid, s["kind"], list(s["classes"])] for pid, s in specs.items()],
            "header": model.header,
            "metadata": model.metadata,
        },
    )


def _reject_constant(name: str) -> Any:
    raise ValueError(f"non-finite number {name}")


def loads(raw: bytes | str, path: str | Path | None = None) -> ClauseModel:
    """Parse and validate model bytes. Only JSON is accepted: nothing is ever unpickled."""
    where = str(path) if path is not None else "<model>"
    if isinstance(raw, bytes):
        if raw[:1] in (b"\x80",) or raw[:2] in (b"PK", b"\x1f\x8b"):
            raise errors.error("E319", where)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise errors.error("E320", where) from None
    else:
        text = raw
    try:
        obj = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:
        raise errors.error("E321", where, detail=str(exc)[:120]) from None
    return from_dict(obj, path=where)


def from_dict(obj: Any, path: str | None = None) -> ClauseModel:
    """Validate a decoded model object and build the :class:`ClauseModel`."""
    where = path or "<model>"

    def bad(problem: str) -> errors.ClauseCheckError:
        return errors.error("E313", where, problem=problem)

    if not isinstance(obj, dict):
        raise bad("the model must be a JSON object")
    if obj.get("format") != FORMAT_NAME:
        raise errors.error("E312", where, found=obj.get("format"), expected=FORMAT_NAME)
    version = obj.get("format_version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise errors.error("E310", where, version=version, expected=FORMAT_VERSION)
    for key in ("numpy_version", "sklearn_version", "tokenizer", "vocabulary", "idf", "provisions"):
        if key not in obj:
            raise bad(f"field {key!r} is missing")
    npv = obj["numpy_version"]
    if not isinstance(npv, str) or not re.match(r"^\d+\.", npv):
        raise bad(f"field 'numpy_version' is malformed ({npv!r})")
    installed = np.__version__.split(".")[0]
    if npv.split(".")[0] != installed:
        raise errors.error(
            "E311",
            where,
            trained=npv,
            installed=np.__version__,
            installed_major=installed,
            trained_major=npv.split(".")[0],
        )

    tok = obj["tokenizer"]
    if not isinstance(tok, dict):
        raise bad("field 'tokenizer' must be an object")
    for key in _TRANSFORM_KEYS:
        if tok.get(key) != TOKENIZER[key]:
            raise errors.error("E314", where, key=key, found=tok.get(key), expected=TOKENIZER[key])

    vocab = obj["vocabulary"]
    if not isinstance(vocab, dict) or not vocab:
        raise bad("field 'vocabulary' must be a non-empty object (term -> column)")
    n_features = len(vocab)
    seen = np.zeros(n_features, dtype=bool)
    for term, col in vocab.items():
        if type(col) is not int or not 0 <= col < n_features or seen[col]:
            raise bad(
                f"vocabulary column for {term[:40]!r} is invalid ({col!r}); columns must "
                f"be the distinct integers 0..{n_features - 1}"
            )
        seen[col] = True

    idf = _float_array(obj["idf"], (n_features,), "idf", bad)
    if np.any(idf <= 0):
        raise bad("field 'idf' has non-positive values")

    provs = obj["provisions"]
    if not isinstance(provs, dict) or not provs:
        raise bad("field 'provisions' must be a non-empty object")
    checked: dict[str, dict[str, Any]] = {}
    for pid, spec in provs.items():
        if not re.match(r"^[a-z][a-z0-9_]*$", pid):
            raise bad(f"provision id {pid[:40]!r} is malformed")
        if not isinstance(spec, dict):
            raise bad(f"provision {pid!r} must be an object")
        for key in ("kind", "classes", "coef", "intercept"):
            if key not in spec:
                raise bad(f"provision {pid!r}: field {key!r} is missing")
        classes = spec["classes"]
        if (
            not isinstance(classes, list)
            or not 2 <= len(classes) <= 3
            or any(type(c) is not int or c not in (0, 1, 2) for c in classes)
            or classes != sorted(set(classes))
        ):
            raise bad(
                f"provision {pid!r}: 'classes' must be 2 or 3 sorted distinct values "
                f"from [0, 1, 2], got {classes!r}"
            )
        kind = spec["kind"]
        if kind == "multinomial" and len(classes) == 3:
            rows = 3
        elif kind == "binary" and len(classes) == 2:
            rows = 1
        else:
            raise bad(f"provision {pid!r}: kind {kind!r} does not fit {len(classes)} classes")
        coef = _float_array(spec["coef"], (rows, n_features), f"{pid}.coef", bad)
        intercept = _float_array(spec["intercept"], (rows,), f"{pid}.intercept", bad)
        checked[pid] = {"kind": kind, "classes": classes, "coef": coef, "intercept": intercept}

    metadata = obj.get("metadata", {})
    if not isinstance(metadata, dict):
        raise bad("field 'metadata' must be an object")
    header = {
        k: obj[k]
        for k in (
            "format",
            "format_version",
            "created",
            "sklearn_version",
            "numpy_version",
            "random_seed",
        )
        if k in obj
    }
    return ClauseModel(
        path=path,
        vocabulary=dict(vocab),
        idf=idf,
        provisions=checked,
        header=header,
        metadata=metadata,
    )


def _float_array(value: Any, shape: tuple[int, ...], name: str, bad: Any) -> np.ndarray:
    """A finite float64 array of exactly ``shape`` from nested JSON lists (no objects)."""

    def check(v: Any, depth: int) -> None:
        if depth == len(shape) - 1:
            if not isinstance(v, list) or len(v) != shape[depth]:
                raise bad(f"field {name!r} has the wrong shape (expected {shape})")
            kinds = set(map(type, v))  # map(type) runs in C: a model holds ~10^5 numbers
            if not kinds <= {int, float}:
                odd = sorted(k.__name__ for k in kinds - {int, float})
                raise bad(f"field {name!r} holds a non-number ({', '.join(odd)})")
            return
        if not isinstance(v, list) or len(v) != shape[depth]:
            raise bad(f"field {name!r} has the wrong shape (expected {shape})")
        for item in v:
            check(item, depth + 1)

    check(value, 0)
    arr = np.asarray(value, dtype=np.float64).reshape(shape)
    if not np.all(np.isfinite(arr)):
        raise bad(f"field {name!r} holds non-finite numbers")
    return arr


__all__ = [
    "ClauseModel",
    "load",
    "loads",
    "from_dict",
    "default_path",
    "CLASS_NAMES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "MODEL_FILE",
    "TOKENIZER",
    "STATUS_TO_CLASS",
]
