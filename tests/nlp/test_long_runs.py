"""Runs without a space are broken before spaCy (whose suffix search is quadratic in a token's
length), one character for one, so every offset still points at the same text."""

from __future__ import annotations

from clausecheck.nlp.pipeline import MAX_TOKEN_CHARS, break_long_runs, parse


def test_ordinary_text_is_unchanged():
    text = "The Supplier shall permit audits. See https://example.org/a/b/c?d=e."
    assert break_long_runs(text) is text


def test_a_long_run_is_broken_keeping_length_and_offsets():
    text = "Notes: " + "!?" * 20_000 + " The Supplier shall audit."
    broken = break_long_runs(text)
    assert len(broken) == len(text)
    assert broken.endswith(" The Supplier shall audit.")
    assert max(len(run) for run in broken.split()) <= MAX_TOKEN_CHARS


def test_parsed_tokens_are_bounded_and_offsets_hold():
    text = "Notes: " + ".,;" * 15_000 + " The Supplier shall audit."
    doc = parse(text)
    assert max(len(t) for t in doc) <= MAX_TOKEN_CHARS
    audit = next(t for t in doc if t.text == "audit")
    assert text[audit.idx : audit.idx + 5] == "audit"
