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
