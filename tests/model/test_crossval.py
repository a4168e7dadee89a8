"""Cross-validation summaries (model/crossval.py)."""

from __future__ import annotations

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
