"""The JSON report's explanation record: the fast copy gives what dataclasses.asdict gives."""

from __future__ import annotations

import dataclasses
from collections import namedtuple
from decimal import Decimal

from clausecheck.report.json_report import _listed, _plain, explanation_dict
from clausecheck.types import Downgrade, Explanation, Rejection

Pair = namedtuple("Pair", "a b")


def _typed(value):
    """The value with every container's type spelled out, so tuple and list differ."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_typed(v) for v in value])
    return (type(value).__name__, value)


def _explanation() -> Explanation:
    return Explanation(
        decided_by="judge",
        rule="hr_clause",
        rule_reason="a duty to respect human rights",
        clause="7.1 (Human Rights)",
        cues=("human_rights", "obligation"),
        link_path=("Code of Conduct", "Schedule 2"),
        modality="binding",
        downgrades=(Downgrade(code="soft_wording", detail="endeavour"),),
        flags=("referenced_document_not_attached: Schedule 1",),
        strength=("audit",),
        also_supported_by=("9.2",),
        sentences_examined=12,
        clauses_examined=4,
        candidates=2,
        rejected=(
            Rejection(
                clause="3.1",
                start=10,
                end=40,
                code="lookalike",
                snippet="The buyer",
                lookalikes=("x",),
            ),
        ),
        prior=0.25,
        model={"present": 0.7123, "weak": 0.2, "none": 0.0877},
        model_note=None,
        blend={"prior": 0.4, "model": 0.6},
        judge={
            "features": {"cue": 1.0, "pair": Pair(1, (2, 3))},
            "scores": [0.1, (0.2, 0.3)],
            "candidate": ("7.1", 120, 180),
            "exact": Decimal("0.5"),
            "none": None,
        },
        confidence=0.81234,
    )


def test_plain_copy_equals_dataclasses_asdict():
    e = _explanation()
    expected = dataclasses.asdict(e, dict_factory=lambda kv: {k: _listed(v) for k, v in kv})
    got = _plain(e)
    assert got == expected
    assert _typed(got) == _typed(expected)
    # a copy, not the explanation's own containers
    assert got["judge"] is not e.judge and got["judge"]["features"] is not e.judge["features"]


def test_explanation_dict_rounds_and_lists():
    out = explanation_dict(_explanation())
    assert out is not None
    assert out["confidence"] == 0.812 and out["model"]["present"] == 0.712
    assert out["rejected"][0]["lookalikes"] == ["x"] and isinstance(out["cues"], list)
    assert explanation_dict(None) is None
