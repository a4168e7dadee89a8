"""parse() fills spaCy's tokenizer cache chunk by chunk (pipeline._warm): the tokens must be
exactly those of a tokenizer that never cached anything."""

from __future__ import annotations

import pytest
import spacy
from spacy.attrs import IDX, LEMMA, ORTH, SENT_START, SPACY

from clausecheck import ingest
from clausecheck.nlp import pipeline
from tests.conftest import SAMPLES

TRICKY = (
    "Acme Inc. and Beta Corp., (the \"Parties\") can't won't U.S. e.g.) i.e., "
    "Section 1.2(a)-(c); don't 's 'S $1,000.00 10-15% http://example.com/x?y=1 "
    "co-operate\n\n  \ttab\u00a0nbsp Inc.) (Inc. INC. Ltd.'s"
)


def _reference(text: str):
    """Tokens from a fresh blank tokenizer with its cache turned off."""
    nlp = spacy.blank("en")
    nlp.tokenizer.max_cache_size = 0
    return nlp.tokenizer(text).to_array([ORTH, IDX, SPACY])


@pytest.mark.parametrize("repeat", [1, 2])
def test_tricky_text_tokenises_as_without_the_cache(repeat):
    text = " ".join([TRICKY] * repeat)
    for _ in range(2):  # a second parse reads chunks cached by the first
        doc = pipeline.parse(text)
        assert (doc.to_array([ORTH, IDX, SPACY]) == _reference(text)).all()


@pytest.mark.parametrize(
    "name", sorted(p.name for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md", ".html"})
)
def test_sample_contracts_tokenise_as_without_the_cache(name):
    text = ingest.load(SAMPLES / name).text
    doc = pipeline.parse(text)
    assert (doc.to_array([ORTH, IDX, SPACY]) == _reference(text)).all()
    # lemmas and sentence starts come from the tokens: the same whether cached or not
    again = pipeline.parse(text)
    assert (
        again.to_array([ORTH, LEMMA, SENT_START]) == doc.to_array([ORTH, LEMMA, SENT_START])
    ).all()


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(pipeline, "_warmed", set())
    monkeypatch.setattr(pipeline, "_WARM_LIMIT", 5)
    pipeline.parse("one two three four five six seven eight")
    assert len(pipeline._warmed) == 8  # one document may pass the limit once
    pipeline.parse("nine ten eleven")
    assert "nine" not in pipeline._warmed
