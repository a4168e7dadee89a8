import pytest

from clausecheck.detect.modality import classify


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Supplier shall comply with the Code.", "binding"),
        ("The Buyer may audit the Supplier's facilities.", "right"),
        ("The Supplier represents and warrants that it has not used forced labour.", "rep"),
        ("The Vendor warrants that no bribe has been paid.", "rep"),
        (
            "The Supplier shall use reasonable efforts to ensure that no child labour is used.",
            "efforts",
        ),
        ("The Supplier should respect human rights.", "aspiration"),
        ("The Supplier is encouraged to adopt a human rights policy.", "aspiration"),
        ("Nothing in this Agreement shall require the Supplier to permit audits.", "negated"),
        ("The Supplier shall not be obliged to disclose its suppliers.", "negated"),
        (
            "Company shall be entitled to terminate, in which case Company shall have no obligation to pay any fees.",
            "binding",
        ),
        ("Upon written request, the Vendor provides copies of its records.", "right"),
        ("The Products are manufactured in Portugal.", "none"),
        ("could be seen as an attempt to improperly influence", "none"),
    ],
)
def test_modality(text, expected):
    assert classify(text) == expected


def test_the_lower_cased_fast_path_classifies_as_the_case_insensitive_patterns(monkeypatch):
    """classify() runs caseless patterns on the lower-cased sentence: on random sentences of
    modal words in mixed case, with curly quotes, non-ASCII letters and the characters re.I
    folds to ASCII letters (where the plain patterns must run), every answer equals the one
    the original re.I patterns give."""
    import random

    from clausecheck.detect import modality

    assert modality._on_lower() is not None  # every pattern qualifies: the fast path runs
    monkeypatch.setattr(modality, "_calls", [modality._WARM_CALLS])  # past the warm-up
    pieces = [
        "Supplier", "SHALL", "shall", "Shall not", "will", "must", "may", "May not", "agrees",
        "undertakes to", "covenants", "is obliged", "are required", "obligation to", "ensure",
        "use its best efforts", "Reasonable Endeavours", "commercially reasonable efforts",
        "will seek to", "should", "is encouraged", "expects", "aims to", "supports",
        "is committed to", "will consider", "inform", "make Buyer aware",
        "acknowledges that it has read",
        "draw attention", "represents", "WARRANTS", "certifies", "has not", "have the right",
        "entitled to", "upon written request", "at the request", "if requested", "prohibited",
        "not permitted", "shall neither", "no Party shall", "nothing in this Agreement",
        "herein", "shall require", "is not obliged to", "no right to", "in no event shall",
        "have the right", "\u212a", "\u0130", "\u0131", "\u017f", "ΣΑΣ", "é", "“", "”", ".",
        ";", ",", " ", " ", " ", "\n", "the", "Company", "to", "audit", "-", "\u017fhall",
        "mu\u017ft", "\u0131s not obliged to", "wi\u212a\u212a", "Ma\u0130",
    ]  # fmt: skip
    rng = random.Random(17)
    for _ in range(3000):
        glue = rng.choice([" ", ""])
        text = glue.join(rng.choice(pieces) for _ in range(rng.randint(0, 14)))
        assert modality.classify(text) == modality._classify(text, modality._PLAIN), text
