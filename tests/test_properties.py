"""Properties that hold for every contract-like text, checked on generated ones (hypothesis):
evidence is the document's own text at its offsets; offsets lie in the text and map to the
right page; one finding per provision; the clause tree nests and tiles the text; the same
input gives the same report.

Texts come from a small grammar: numbered sections and sub-clauses, headings, sentences drawn
from contract words and human-rights cue words, with random Unicode and whitespace mixed in.
"""

from __future__ import annotations

import sys
from itertools import pairwise
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile  # noqa: E402

from clausecheck import ingest  # noqa: E402
from clausecheck.report.json_report import to_dict  # noqa: E402
from clausecheck.structure.sections import parse  # noqa: E402
from tests.conftest import (
    N_PROVISIONS,
    PROVISION_IDS,  # noqa: E402
)

SETTINGS = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

CONTRACT_WORDS = (
    "the Supplier",
    "the Buyer",
    "shall",
    "may",
    "must",
    "will",
    "not",
    "Goods",
    "Services",
    "Agreement",
    "written notice",
    "days",
    "terminate",
    "breach",
    "remedy",
    "records",
    "reasonable",
    "efforts",
    "subject to",
    "provided that",
    "including",
    "Schedule 2",
    "Section 4.2",
    "in accordance with",
    "applicable law",
    "each Party",
    "payment",
    "invoice",
    "renewal",
    "term",
    "confidential",
    "indemnify",
    "liability",
)
HR_WORDS = (
    "human rights",
    "Code of Conduct",
    "audit",
    "inspect",
    "forced labour",
    "child labour",
    "grievance mechanism",
    "corrective action plan",
    "due diligence",
    "impact assessment",
    "living wage",
    "health and safety",
    "freedom of association",
    "remediation",
    "suspend",
    "subcontractors",
    "flow down",
    "report annually",
    "stakeholders",
    "security forces",
    "conflict minerals",
    "anti-bribery",
    "responsible exit",
    "capacity building",
    "UN Guiding Principles",
    "OECD Guidelines",
    "ILO core conventions",
)
HEADINGS = (
    "Definitions",
    "Term",
    "Audit Rights",
    "Human Rights",
    "Termination",
    "Supplier Code",
    "Grievances",
    "Reporting",
    "Remedies",
    "General",
    "Payment",
    "Exit",
)
ROMAN = ("I", "II", "III", "IV", "V", "IX", "X")
ODD = (
    " ",
    "  ",
    "\t",
    "\u00a0",
    "\u200b",
    "\u2003",
    "\u00ad",
    "\ufeff",
    "\u202e",
    "é",
    "ß",
    "İ",
    "\u0301",
    "中",
    "😀",
    "\x0c",
    "\r",
    "-",
    "\u2013",
    "\u201c",
    "\u201d",
    "'",
    ";",
    ":",
)

words = st.sampled_from(CONTRACT_WORDS + HR_WORDS)


@st.composite
def sentences(draw) -> str:
    parts = draw(st.lists(words, min_size=3, max_size=14))
    if draw(st.booleans()):
        parts.insert(draw(st.integers(0, len(parts))), draw(st.sampled_from(ODD)))
    text = " ".join(parts)
    return text[:1].upper() + text[1:] + draw(st.sampled_from((".", ".", ";", ":", "")))


@st.composite
def markers(draw) -> str:
    n = draw(st.integers(1, 14))
    return draw(
        st.sampled_from(
            (
                f"{n}.",
                f"{n}.{draw(st.integers(1, 9))}",
                f"{n}.{draw(st.integers(1, 9))}.{draw(st.integers(1, 5))}",
                f"({chr(96 + min(n, 26))})",
                f"({draw(st.sampled_from(('i', 'ii', 'iii', 'iv', 'v')))})",
                f"ARTICLE {draw(st.sampled_from(ROMAN))}",
                f"Section {n}.",
                f"Clause {n}",
                "",
            )
        )
    )


@st.composite
def paragraphs(draw) -> str:
    marker = draw(markers())
    heading = draw(st.sampled_from(HEADINGS)) if draw(st.booleans()) else ""
    body = " ".join(draw(st.lists(sentences(), min_size=0 if heading else 1, max_size=3)))
    if heading and draw(st.booleans()):
        head = " ".join(x for x in (marker, heading.upper()) if x)
        return head + "\n\n" + body if body else head
    lead = " ".join(x for x in (marker, heading + "." if heading else "") if x)
    return (lead + " " + body).strip()


@st.composite
def contracts(draw) -> str:
    paras = draw(st.lists(paragraphs(), min_size=1, max_size=14))
    if draw(st.booleans()):
        paras.insert(0, "SUPPLY AGREEMENT")
    seps = st.sampled_from(("\n\n", "\n\n", "\n", "\n\n\n", " \n\n", "\r\n\r\n"))
    text = "".join(p + draw(seps) for p in paras)
    if draw(st.booleans()):  # a little raw Unicode (no surrogates: text files are UTF-8)
        noise = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=6))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + noise + text[at:]
    return text


def text_document(text: str):
    return ingest.load_bytes(text.encode("utf-8"), Path("generated.txt"))


def _usable(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# --------------------------------------------------------------------------- structure


@SETTINGS
@given(contracts())
def test_clause_tree_nests_and_tiles_the_text(text):
    """Structure parsing loses and duplicates nothing: every clause lies in the text, children
    lie inside their parent, and the top-level clauses follow one another with no gap and no
    overlap up to the end of the text (a clause runs until the next clause that is not its own
    descendant). Before the first clause there is only text that opened no clause."""
    if not _usable(text):
        return
    doc = text_document(text)
    clauses = parse(doc)
    n = len(doc.text)
    assert clauses, "every non-empty document has at least one clause"
    by_id = {c.id: c for c in clauses}
    assert len(by_id) == len(clauses), "clause ids are unique"
    starts = [c.start for c in clauses]
    assert starts == sorted(starts), "clauses are in reading order"
    for c in clauses:
        assert 0 <= c.start <= c.body_end <= c.end <= n, c
        if c.parent is not None:
            parent = by_id[c.parent]
            assert parent.start <= c.start and c.end <= parent.end, (parent, c)
            assert c.level > parent.level
    top = [c for c in clauses if c.parent is None]
    for a, b in pairwise(top):
        assert a.end == b.start, (a, b)
    assert top[-1].end == n
    assert top[0].start == doc.blocks[0].start, "the first block opens the first clause"


# --------------------------------------------------------------------------- reports


@SETTINGS
@given(contracts())
def test_evidence_is_the_document_text_at_its_offsets(engine, text):
    if not _usable(text):
        return
    doc = text_document(text)
    report = engine.analyse(doc)
    for f in report.findings:
        for ev in f.evidence:
            assert 0 <= ev.start <= ev.end <= len(doc.text), ev
            assert doc.text[ev.start : ev.end] == ev.text, ev
            assert ev.page is None  # text files have no pages
    for f in to_dict(report)["findings"]:  # the documented contract says the same
        for ev in f["evidence"]:
            assert doc.text[ev["start"] : ev["end"]] == ev["text"]
            ctx = ev["context"]
            assert doc.text[ctx["start"] : ctx["start"] + len(ctx["text"])] == ctx["text"]
            assert ctx["start"] <= ev["start"] and ev["end"] <= ctx["start"] + len(ctx["text"])


@SETTINGS
@given(contracts())
def test_exactly_one_finding_per_provision(engine, text):
    if not _usable(text):
        return
    report = engine.analyse(text_document(text))
    ids = [f.provision for f in report.findings]
    assert len(ids) == len(PROVISION_IDS) == N_PROVISIONS
    assert set(ids) == set(PROVISION_IDS)
    assert [f["provision"] for f in to_dict(report)["findings"]] == ids


@SETTINGS
@given(contracts())
def test_same_input_same_report(engine, text):
    """Deterministic: two ingests and analyses of the same bytes give equal reports (to_dict
    has no timings; anything else that differs is a bug)."""
    if not _usable(text):
        return
    first = to_dict(engine.analyse(text_document(text)))
    second = to_dict(engine.analyse(text_document(text)))
    assert first == second


# --------------------------------------------------------------------------- paged documents

_LATIN1_ODD = tuple(
    ch
    for ch in ODD
    if ch.encode("latin-1", "ignore") == ch.encode("latin-1", "replace") and ch.isprintable()
)


@st.composite
def pdf_pages(draw) -> list[list[str]]:
    """1-4 pages of short Latin-1 lines (one line per paragraph, as wrapped text would be).
    Each page opens with its own line: lines repeated on every page are running headers,
    removed by design, and a document of nothing else would be empty."""
    pages = []
    for number in range(draw(st.integers(1, 4))):
        lines = [f"{HEADINGS[number]} part of the contract."]
        for para in draw(st.lists(paragraphs(), min_size=1, max_size=6)):
            for line in para.split("\n"):
                line = line.encode("latin-1", "ignore").decode("latin-1").replace("\t", " ").strip()
                if line:
                    lines.append(line[:110])
        pages.append(lines[:40])
    return pages


@settings(SETTINGS, max_examples=20)
@given(pdf_pages())
def test_pdf_offsets_map_to_their_page(engine, pages):
    doc = ingest.load_bytes(hostile.text_pdf(pages), Path("generated.pdf"))
    n = len(doc.text)
    assert [p.number for p in doc.pages] == list(range(1, len(pages) + 1))
    for a, b in pairwise(doc.pages):
        assert a.end <= b.start, "pages do not overlap"
    for anchor in doc.anchors:
        assert 0 <= anchor.start < anchor.end <= n
        span = doc.pages[anchor.page - 1]
        assert span.start <= anchor.start and anchor.end <= span.end, (anchor, span)
        assert doc.page_at(anchor.start) == anchor.page
    report = engine.analyse(doc)
    for f in report.findings:
        for ev in f.evidence:
            assert doc.text[ev.start : ev.end] == ev.text
            assert ev.page == doc.page_at(ev.start)
            span = doc.pages[ev.page - 1]
            assert span.start <= ev.start <= span.end, (ev, span)
    for c in report.structure.clauses:
        assert all(1 <= p <= len(pages) for p in c.pages)
