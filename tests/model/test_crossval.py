"""Cross-validation summaries (model/crossval.py)."""

from __future__ import annotations

import json

from clausecheck.model import crossval


def _pair(contract: str, want: str, got: str, source: str = "pool") -> crossval.Pair:
    return crossval.Pair(
        contract=contract,
        provision="audit_rights",
        want=want,
        got=got,
        confidence=0.8,
        uncertain=False,
        evidence_checked=False,
        evidence_hit=False,
        source=source,
    )


def test_present_shares_are_given_for_all_documents_and_for_the_pool_alone():
    pairs = [
        _pair("a", "present", "present"),
        _pair("b", "missing", "present"),
        _pair("c", "missing", "missing"),
        _pair("d", "missing", "missing"),
        _pair("s", "present", "present", source="sample"),
    ]
    row = crossval.summarise(pairs, rounds=10)["provisions"]["audit_rights"]
    assert row["labelled_present_share"] == 2 / 5
    assert row["called_present_share"] == 3 / 5
    assert row["pool_labelled_present_share"] == 1 / 4
    assert row["pool_called_present_share"] == 2 / 4
    table = crossval.table(crossval.summarise(pairs, rounds=10), folds=2, contracts=5)
    assert "poolL" in table.splitlines()[1]
    overall = crossval.summarise(pairs, rounds=10)["overall"]
    assert "pool_called_present_share" not in overall


def test_overlap_accepts_containment_either_way_and_a_shared_opening():
    quote = "The Supplier shall deliver a quarterly report on its labour practices."
    assert crossval.overlaps("Within 30 days, " + quote, [quote])
    assert crossval.overlaps("the supplier shall deliver a quarterly report", [quote])
    assert not crossval.overlaps("Either party may terminate on notice.", [quote])


def test_the_pooled_evidence_hit_also_accepts_a_clause_judged_an_equal_citation(tmp_path):
    from types import SimpleNamespace

    labelled = "The Buyer may audit the Supplier's facilities once a year."
    other = "The Supplier shall keep records and allow the Buyer to inspect them on request."
    wrong = "This Agreement is governed by the laws of England."

    def scan_citing(text):
        ev = SimpleNamespace(text=text)
        finding = SimpleNamespace(
            provision="audit_rights", status="weak", confidence=0.7, evidence=[ev]
        )
        return SimpleNamespace(findings=[finding])

    docs = [
        crossval.LabelledDoc(
            name=name,
            source="pool",
            path=tmp_path / name,
            labels={"audit_rights": ("weak", (labelled,), False)},
            alternatives={"audit_rights": (other,)},
        )
        for name in ("a", "b", "c")
    ]
    cited = {"a": labelled, "b": other, "c": wrong}
    pairs, errors = crossval.run(
        lambda _train: lambda path: scan_citing(cited[path.name]), docs, k=3
    )
    assert not errors
    by = {p.contract: p for p in pairs}
    assert [by[n].evidence_hit for n in "abc"] == [True, False, False]
    assert [by[n].evidence_hit_pooled for n in "abc"] == [True, True, False]
    m = crossval.metrics(pairs)
    assert m["evidence_hit"] == 1 / 3 and m["evidence_hit_pooled"] == 2 / 3
    assert "evid+" in crossval.table(crossval.summarise(pairs, rounds=5), folds=3, contracts=3)
    out = tmp_path / "picks.jsonl"
    crossval.write_picks(out, pairs)
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert {r["contract"]: r["evidence"] for r in rows} == cited
