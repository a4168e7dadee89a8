"""Context.linked_context is worked out once per clause of at most _BIG_CLAUSE characters:
every sentence must get what its own computation gives, as a copy of its own."""

from __future__ import annotations

import pytest

from clausecheck import ingest, structure
from clausecheck.detect.context import _BIG_CLAUSE, build_context
from clausecheck.nlp.pipeline import parse
from tests.conftest import SAMPLES

NAMES = sorted(p.name for p in SAMPLES.iterdir() if p.suffix in {".txt", ".md"})


def _context(engine, name):
    doc = ingest.load(SAMPLES / name)
    struct = structure.analyse(doc)
    return build_context(doc, struct, parse(doc.text), engine.cues)


@pytest.mark.parametrize("name", NAMES)
def test_each_sentence_gets_its_own_computation(engine, name):
    cached, fresh = _context(engine, name), _context(engine, name)
    small = 0
    for ui, unit in enumerate(cached.units):
        if unit.clause >= 0:
            c = cached.structure.clauses[unit.clause]
            small += c.body_end - c.start <= _BIG_CLAUSE
        assert cached.linked_context(ui) == fresh._linked_context(ui), ui
    assert small > 10  # the per-clause path was taken
    assert any(notes for _, notes in map(cached.linked_context, range(len(cached.units))))


def test_a_caller_changing_its_answer_changes_no_other(engine):
    ctx = _context(engine, NAMES[0])
    ui = next(
        i
        for i, u in enumerate(ctx.units)
        if u.clause >= 0
        and len(ctx.clause_units[u.clause]) > 1
        and ctx.structure.clauses[u.clause].body_end - ctx.structure.clauses[u.clause].start
        <= _BIG_CLAUSE
        and ctx.linked_context(i)[0]
    )
    groups, notes = ctx.linked_context(ui)
    before = (set(groups), list(notes))
    groups.clear()
    notes.append("changed by a caller")
    other = ctx.clause_units[ctx.units[ui].clause][-1]
    assert ctx.linked_context(ui) == before
    assert ctx.linked_context(other) == before
