"""The clause classifier: numpy prediction matches scikit-learn, training is deterministic,
loading is safe (JSON only, validated), and the shipped model behaves sensibly."""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clausecheck.errors import ModelMismatch
from clausecheck.model import classifier

REPO = Path(__file__).resolve().parents[2]
TRAINING = REPO / "models" / "training"
SHIPPED = REPO / "models" / "clause_model.json"

# Original snippets that are not in the training data.
BOILERPLATE = [
    "This Agreement may be executed in any number of counterparts, each of which shall be deemed "
    "an original, and all of which together shall constitute one and the same instrument.",
    "Headings in this Agreement are for convenience only and shall not affect its interpretation.",
    "If any provision of this Agreement is held invalid, the remaining provisions shall continue "
    "in full force and effect.",
    "Each Party shall bear its own legal costs in connection with the negotiation of this "
    "Agreement.",
]
OBVIOUS = {
    "labour_standards": "The Supplier shall not use forced labour, bonded labour, prison labour "
    "or child labour in any form, and shall not employ any person below the age of fifteen.",
    "anti_bribery": "Neither Party shall offer, pay or accept any bribe, kickback or other "
    "improper payment to a public official or any other person in connection with this "
    "Agreement, and each Party shall comply with the FCPA and the UK Bribery Act 2010.",
    "renewal_term": "This Agreement shall renew automatically for successive one-year periods "
    "unless either Party gives written notice of non-renewal at least ninety days before the end "
    "of the then-current term.",
}
PROBES = [
    *BOILERPLATE,
    *OBVIOUS.values(),
    "",
    "!!! 123 ...",
    "ZZZQ unknownword anotherunknownword",
    "Audit AUDIT audit audit: the Buyer may AUDIT the Supplier's wage records, audit, audit.",
    "Le Fournisseur s'engage à respecter les droits de l'homme; Übergang naïve café.",
    "The Company may, on reasonable notice, inspect the Contractor's books and records relating "
    "to invoiced amounts and shall bear the cost of that inspection.",
]


# -- a small model trained inside the test -----------------------------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> dict:
    pytest.importorskip("sklearn")
    from clausecheck.model import train

    data = tmp_path_factory.mktemp("data")
    for name in ("audit_rights", "anti_bribery"):
        (data / f"{name}.jsonl").write_bytes((TRAINING / f"{name}.jsonl").read_bytes())
    # renewal_term without its weak lines: exercises the binary (two-class) export path.
    lines = (TRAINING / "renewal_term.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [ln for ln in lines if ln.strip() and json.loads(ln)["status"] != "weak"]
    (data / "renewal_term.jsonl").write_text("\n".join(kept) + "\n", encoding="utf-8")
    (data / "_boilerplate.jsonl").write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in BOILERPLATE), encoding="utf-8"
    )
    out = tmp_path_factory.mktemp("model") / "clause_model.json"
    card = train.train(data, out, seed=0, c_grid=(1.0,), cv_folds=3, created="2024-01-01")
    return {"data": data, "out": out, "card": card, "train": train}


def test_numpy_prediction_equals_sklearn(small: dict) -> None:
    train = small["train"]
    ts = train.load_training_set(small["data"])
    vec, models = train.fit_final(ts, small["card"]["c_by_provision"], seed=0)
    model = classifier.load(small["out"])
    texts = PROBES + ts.texts[:40]

    # The TF-IDF transform itself is exact.
    ptr, ind, data = model.transform(texts)
    ours = np.zeros((len(texts), len(model.vocabulary)))
    for r in range(len(texts)):
        ours[r, ind[ptr[r] : ptr[r + 1]]] = data[ptr[r] : ptr[r + 1]]
    assert np.abs(ours - vec.transform(texts).toarray()).max() < 1e-12

    probs = model.predict(texts)
    assert set(probs) == set(ts.provisions) == set(models)
    x = vec.transform(texts)
    for pid, clf in models.items():
        expected = clf.predict_proba(x)
        got = probs[pid]
        assert got.shape == (len(texts), 3)
        assert np.allclose(got.sum(axis=1), 1.0)
        assert np.abs(got[:, clf.classes_] - expected).max() < 1e-6, pid
        missing = [c for c in (0, 1, 2) if c not in clf.classes_]
        assert np.all(got[:, missing] == 0.0)

    doc = json.loads(small["out"].read_text(encoding="utf-8"))
    assert doc["provisions"]["renewal_term"]["kind"] == "binary"
    assert doc["provisions"]["audit_rights"]["kind"] == "multinomial"


def test_training_is_deterministic(small: dict, tmp_path: Path) -> None:
    again = tmp_path / "clause_model.json"
    small["train"].train(
        small["data"], again, seed=0, c_grid=(1.0,), cv_folds=3, created="2024-01-01"
    )
    assert again.read_bytes() == small["out"].read_bytes()
    assert (tmp_path / "MODEL_CARD.md").read_bytes() == (
        small["out"].parent / "MODEL_CARD.md"
    ).read_bytes()


def test_model_records_provenance(small: dict) -> None:
    doc = json.loads(small["out"].read_text(encoding="utf-8"))
    meta = doc["metadata"]
    assert doc["format_version"] == classifier.FORMAT_VERSION
    assert doc["numpy_version"] == np.__version__ and doc["sklearn_version"]
    assert len(meta["training_data"]["sha256"]) == 64
    assert meta["training_data"]["n_boilerplate"] == len(BOILERPLATE)
    assert meta["label_counts"]["renewal_term"]["weak"] == 0
    assert set(meta["cv"]["per_provision"]["audit_rights"]) >= {"macro_f1_mean", "accuracy_mean"}
    assert "sha256" in (small["out"].parent / "MODEL_CARD.md").read_text(encoding="utf-8")


# -- safe loading ------------------------------------------------------------------------
class _Exploit:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):  # would run a shell command if anyone unpickled it
        return (os.system, (f"touch {self.marker}",))


@pytest.fixture(scope="module")
def valid_doc() -> dict:
    """A tiny valid model document (no sklearn needed)."""
    return {
        "format": classifier.FORMAT_NAME,
        "format_version": classifier.FORMAT_VERSION,
        "sklearn_version": "1.5.0",
        "numpy_version": np.__version__,
        "tokenizer": dict(classifier.TOKENIZER),
        "vocabulary": {"audit": 0, "forced labour": 1, "labour": 2},
        "idf": [1.5, 2.0, 1.2],
        "provisions": {
            "audit_rights": {
                "kind": "multinomial",
                "classes": [0, 1, 2],
                "coef": [[-1.0, 0.0, 0.0], [0.5, 0.0, 0.1], [1.0, 0.2, 0.3]],
                "intercept": [1.0, -0.5, -0.5],
            }
        },
    }


def _write(tmp_path: Path, doc: object, name: str = "m.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_valid_tiny_model_loads(valid_doc: dict, tmp_path: Path) -> None:
    model = classifier.load(_write(tmp_path, valid_doc))
    p = model.predict(["The Buyer may audit forced labour", "nothing here"])["audit_rights"]
    assert p.shape == (2, 3) and np.allclose(p.sum(axis=1), 1.0)
    assert p[0, 2] > p[1, 2]


@pytest.mark.parametrize("protocol", [0, pickle.HIGHEST_PROTOCOL])
def test_pickle_payload_is_rejected_and_never_run(tmp_path: Path, protocol: int) -> None:
    marker = tmp_path / "pwned"
    path = tmp_path / "clause_model.json"
    path.write_bytes(pickle.dumps(_Exploit(marker), protocol=protocol))
    with pytest.raises(ModelMismatch):
        classifier.load(path)
    with pytest.raises(ModelMismatch):
        classifier.loads(path.read_bytes())
    assert not marker.exists()


def test_wrong_format_version(valid_doc: dict, tmp_path: Path) -> None:
    with pytest.raises(ModelMismatch, match="format version"):
        classifier.load(_write(tmp_path, {**valid_doc, "format_version": 99}))


def test_numpy_major_mismatch(valid_doc: dict, tmp_path: Path) -> None:
    other = "1.26.4" if np.__version__.split(".")[0] != "1" else "2.0.0"
    with pytest.raises(ModelMismatch, match="numpy"):
        classifier.load(_write(tmp_path, {**valid_doc, "numpy_version": other}))


def _bad_docs(valid: dict) -> list[object]:
    def changed(path: tuple, value: object) -> dict:
        doc = json.loads(json.dumps(valid))
        node = doc
        for key in path[:-1]:
            node = node[key]
        if value is KeyError:
            del node[path[-1]]
        else:
            node[path[-1]] = value
        return doc

    prov = ("provisions", "audit_rights")
    return [
        [],
        "model",
        None,
        changed(("format",), "something-else"),
        changed(("idf",), KeyError),
        changed(("vocabulary",), KeyError),
        changed(("vocabulary",), {"audit": 0, "labour": 0, "forced labour": 2}),
        changed(("vocabulary",), {"audit": 0, "labour": 1, "forced labour": 7}),
        changed(("idf",), [1.0, 2.0]),
        changed(("idf",), [1.0, "2.0", 1.0]),
        changed(("idf",), [1.0, -2.0, 1.0]),
        changed(("tokenizer", "ngram_range"), [1, 3]),
        changed(("provisions",), {}),
        changed((*prov, "coef"), [[1.0, 2.0], [0.0, 0.0], [0.0, 0.0]]),
        changed((*prov, "coef"), [[1.0, 2.0, 3.0]]),
        changed((*prov, "intercept"), [0.0, 0.0]),
        changed((*prov, "classes"), [2, 1, 0]),
        changed((*prov, "classes"), [0, 1, 5]),
        changed((*prov, "kind"), "ovr"),
        changed((*prov, "intercept"), KeyError),
        changed((*prov, "coef"), {"__class__": "os.system"}),
        changed(("provisions", "Bad Id!"), valid["provisions"]["audit_rights"]),
    ]


def test_malformed_files_raise_model_mismatch(valid_doc: dict, tmp_path: Path) -> None:
    for i, doc in enumerate(_bad_docs(valid_doc)):
        with pytest.raises(ModelMismatch):
            classifier.load(_write(tmp_path, doc, f"bad{i}.json"))
    good = json.dumps(valid_doc)
    raw_cases = {
        "truncated.json": good[: len(good) // 2],
        "nan.json": good.replace("1.5", "NaN"),
        "empty.json": "",
        "text.json": "not a model at all",
    }
    for name, text in raw_cases.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ModelMismatch):
            classifier.load(path)
    (tmp_path / "binary.json").write_bytes(b"\x00\xff\xfe garbage \x80")
    with pytest.raises(ModelMismatch):
        classifier.load(tmp_path / "binary.json")
    with pytest.raises(ModelMismatch):
        classifier.load(tmp_path / "does_not_exist.json")
    with pytest.raises(ModelMismatch):
        classifier.load(tmp_path)  # a directory


def test_error_message_is_clear(valid_doc: dict, tmp_path: Path) -> None:
    path = _write(tmp_path, {**valid_doc, "format_version": 2})
    with pytest.raises(ModelMismatch) as err:
        classifier.load(path)
    text = str(err.value)
    assert text.startswith("error E310:") and str(path) in text and "version 2" in text


def test_prediction_does_not_import_sklearn() -> None:
    code = (
        "import sys, clausecheck.model.classifier as c; c.load(); "
        "assert not any(m == 'sklearn' or m.startswith('sklearn.') for m in sys.modules)"
    )
    subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# -- the shipped model -------------------------------------------------------------------
def test_shipped_model_loads_and_ranks() -> None:
    model = classifier.load()  # default: models/clause_model.json via resources.data_dir
    assert Path(model.path).resolve() == SHIPPED.resolve()
    from tests.conftest import PROVISION_IDS as SPEC_ORDER

    assert set(model.provisions) == set(SPEC_ORDER)
    probs = model.predict(list(OBVIOUS.values()) + BOILERPLATE)
    for i, pid in enumerate(OBVIOUS):
        present = probs[pid][:, 2]
        assert present[i] > 0.5, pid
        assert present[i] > present[len(OBVIOUS) :].max(), pid
    assert all(p.shape == (len(OBVIOUS) + len(BOILERPLATE), 3) for p in probs.values())
    assert all(p.shape == (0, 3) for p in model.predict([]).values())
