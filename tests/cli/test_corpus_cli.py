"""`clausecheck labels import|agreement|judged` and `eval --cv` on a small written corpus."""

from __future__ import annotations

import json

from click.testing import CliRunner

from clausecheck.cli.main import main
from tests.conftest import PROVISION_IDS

CONTRACT = (
    'SUPPLY AGREEMENT\n\nThis Supply Agreement is made between Alder Ltd ("Buyer") and Birch '
    'Inc ("Supplier").\n\n1. Anti-corruption\n1.1 Supplier shall not offer, pay or accept any '
    "bribe, kickback or other improper payment in connection with this Agreement.\n\n2. Term\n"
    "2.1 This Agreement shall renew automatically for successive one-year periods unless either "
    "party gives ninety (90) days' notice of non-renewal.\n"
)


def _raw(name: str, labeller: str, anti_bribery: str) -> dict:
    labels = {pid: {"status": "missing", "evidence": []} for pid in PROVISION_IDS}
    quote = "Supplier shall not offer, pay or accept any bribe"
    labels["anti_bribery"] = {
        "status": anti_bribery,
        "evidence": [quote] if anti_bribery != "missing" else [],
    }
    labels["renewal_term"] = {
        "status": "present",
        "evidence": ["shall renew automatically for successive"],
    }
    return {"file": name, "labeller": labeller, "labels": labels}


def _judged(tmp_path, texts, names):
    """Two judges call the renewal clause a valid citation in every contract."""
    from clausecheck.model import corpus

    start = CONTRACT.index("2.1 This Agreement")
    path = tmp_path / "judged.jsonl"
    path.write_text(
        "".join(
            json.dumps(
                {
                    "file": n,
                    "sha256": corpus.sha256(texts / n),
                    "provision": "renewal_term",
                    "status": "present",
                    "span": [start, len(CONTRACT) - 1],
                    "verdict": "valid",
                    "judge": judge,
                }
            )
            + "\n"
            for n in names
            for judge in ("J1", "J2")
        )
    )
    return path


def test_import_agreement_and_cross_validation(tmp_path):
    texts = tmp_path / "texts"
    texts.mkdir()
    names = [f"c{i}.txt" for i in range(4)]
    for n in names:
        (texts / n).write_text(CONTRACT)
    first, second = tmp_path / "a.raw.jsonl", tmp_path / "b.raw.jsonl"
    first.write_text("".join(json.dumps(_raw(n, "A", "present")) + "\n" for n in names))
    second.write_text(
        "".join(
            json.dumps(_raw(n, "B", "weak" if n == "c0.txt" else "present")) + "\n" for n in names
        )
    )
    runner = CliRunner()
    for raw, out in ((first, "a.jsonl"), (second, "b.jsonl")):
        r = runner.invoke(
            main, ["labels", "import", str(raw), "--texts", str(texts), "-o", str(tmp_path / out)]
        )
        assert r.exit_code == 0, r.output
        assert "4 contracts" in r.output and "0 quotes not found" in r.output
    stored = (tmp_path / "a.jsonl").read_text()
    assert "improper payment" not in stored and "kickback" not in stored  # offsets only

    r = runner.invoke(
        main,
        ["labels", "agreement", str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl"), "--json"],
    )
    assert r.exit_code == 0, r.output
    res = json.loads(r.output)
    assert res["contracts"] == 4
    assert res["provisions"]["anti_bribery"]["agree"] == 3
    assert res["provisions"]["renewal_term"]["agree"] == 4

    judged = _judged(tmp_path, texts, names)
    r = runner.invoke(main, ["labels", "judged", str(judged)])
    assert r.exit_code == 0, r.output
    assert "8 judgements of 4 spans" in r.output and "judged twice: 4 spans, 4 same" in r.output

    picks = tmp_path / "picks.jsonl"
    r = runner.invoke(
        main,
        [
            "eval",
            "--cv",
            "--labels",
            str(tmp_path / "a.jsonl"),
            "--texts",
            str(texts),
            "--folds",
            "2",
            "--judged",
            str(judged),
            "--picks",
            str(picks),
            "--json",
        ],
    )
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)
    rows = [json.loads(line) for line in picks.read_text().splitlines()]
    assert len(rows) == res["overall"]["pairs"]
    renewal = [x for x in rows if x["provision"] == "renewal_term" and x["evidence_checked"]]
    assert renewal and all(x["evidence_hit_pooled"] >= x["evidence_hit"] for x in renewal)
    assert res["overall"]["evidence_hit_pooled"] >= res["overall"]["evidence_hit"]
    assert set(res["sources"]) == {"pool"}  # a user's corpus alone: no dev contracts, no samples
    assert res["overall"]["pairs"] == 4 * len(PROVISION_IDS)
    ab = res["provisions"]["anti_bribery"]
    assert ab["labelled_present_share"] == 1.0
    assert (
        0.0 <= ab["accuracy"] <= 1.0
        and ab["accuracy_ci"][0] <= ab["accuracy"] <= ab["accuracy_ci"][1]
    )
    assert res["reliability"] and 0.0 <= res["overall"]["ece"] <= 1.0
    assert set(res["sources"]) == {"pool"}  # a user's corpus alone: no dev contracts, no samples


def test_eval_needs_a_directory_or_cv():
    r = CliRunner().invoke(main, ["eval"])
    assert r.exit_code == 2
    assert "--cv" in r.output
