"""Word output: the redline of a DOCX contract (comments + tracked insertions) and the review memo.

The redline is checked at XML level after reopening it with python-docx: comment parts and
markers, the exact commented text, tracked insertions, and that rejecting every insertion gives
back the original paragraphs with their properties and run formatting.
"""

from __future__ import annotations

import copy
import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from lxml import etree

from clausecheck import errors
from clausecheck.report import docx_redline, docx_report, docx_textmap, json_report
from clausecheck.report.docx_xml import W, text_element
from tests.conftest import SAMPLES

DOCX_SAMPLES = ("supplier_strong_northwind.docx", "jv_reserved_matters_kestrel.docx")
REDLINES = [(name, source) for name in DOCX_SAMPLES for source in ("engine", "handmade")]
REDLINE_IDS = [f"{name.split('_')[-1].split('.')[0]}-{source}" for name, source in REDLINES]
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
COMMENT_TAGS = (W + "commentRangeStart", W + "commentRangeEnd", W + "commentReference")


# -- fixtures ---------------------------------------------------------------------------------
def _clause_suggestion(provision: str, clause, number: str, title: str, **fields) -> dict:
    """A hand-made suggestion (as schema.json describes it) placed after ``clause``."""
    return {
        "entry": f"{provision}_test_baseline",
        "title": title,
        "tier": "baseline",
        "action": "add",
        "heading": title,
        "text": f"The Supplier shall do the thing for {provision}.",
        "definitions": [],
        "rationale": "test",
        "shift_key": "signal_importance",
        "fixes": [],
        "frameworks": [],
        "moments": [],
        "insertion": {
            "mode": "after",
            "anchor": {
                "section": clause.label,
                "heading": clause.heading,
                "start": clause.start,
                "end": clause.end,
                "page": None,
            },
            "offset": clause.end,
            "section_number": number,
            "reason": "test placement",
        },
        **fields,
    }


def with_suggestions(report, data: dict) -> dict:
    """Reports written before suggestions existed: give each weak and missing finding a
    hand-made suggestion (as schema.json describes it) placed after a real clause. Reports that
    carry the key (even an empty list) are left as the engine wrote them."""
    clauses = [c for c in report.structure.clauses if c.kind == "clause" and c.level <= 1]
    for i, f in enumerate(data["findings"]):
        if f["status"] == "present" or "suggestions" in f:
            continue
        ev = (f.get("evidence") or [None])[0]
        clause = next(
            (c for c in clauses if ev and c.label == ev["section"]), clauses[(i * 7) % len(clauses)]
        )
        multi = i % 2 == 0
        f["suggestions"] = [
            _clause_suggestion(
                f["provision"],
                clause,
                f"{clause.label}A",
                f"Model clause for {f['provision']}",
                action="extend" if f["status"] == "weak" else "add",
                heading=f"Test heading {f['provision']}",
                text=(
                    "(a) The Supplier shall do the first thing.\n(b) The Supplier shall report."
                    if multi
                    else f"The Supplier shall do the thing for {f['provision']}."
                ),
                definitions=[{"term": "Test Term", "text": "any test matter"}] if multi else [],
                rationale="signal_importance: a drafted duty signals that the issue matters.",
                frameworks=["UNGP 19"],
            )
        ]
    return data


@pytest.fixture(scope="module")
def scans(engine):
    return {
        name: engine.scan(SAMPLES / name)
        for name in (*DOCX_SAMPLES, "supplier_weak_harbor.txt", "project_loan_solaris.pdf")
    }


@pytest.fixture(scope="module")
def redlines(scans, tmp_path_factory):
    """(name, source) -> (report, data, path of the redline); source "engine" keeps the
    engine's own suggestions, "handmade" replaces them with with_suggestions' (definitions,
    one-line and multi-line clauses, a suggestion for every gap)."""
    out = {}
    for name, source in REDLINES:
        report = scans[name]
        data = json_report.to_dict(report)
        if source == "handmade":
            for f in data["findings"]:
                f.pop("suggestions", None)
        data = with_suggestions(report, data)
        folder = tmp_path_factory.mktemp(f"redline-{source}")
        path = folder / Path(name).with_suffix(docx_report.EXTENSION).name
        docx_report.write(report, path, data=data)
        out[name, source] = (report, data, path)
    return out


# -- XML helpers ------------------------------------------------------------------------------
def body_of(path: Path):
    return docx.Document(str(path)).element.body


def is_ours(el) -> bool:
    return el.get(W + "author") == "clausecheck"


def reject_insertions(body):
    """A copy of ``body`` with every clausecheck insertion rejected (paragraphs and runs)."""
    body = copy.deepcopy(body)
    for p in list(body.iter(W + "p")):
        mark = p.find(f"{W}pPr/{W}rPr/{W}ins")
        if mark is not None and is_ours(mark):
            p.getparent().remove(p)
    for ins in list(body.iter(W + "ins")):
        if is_ours(ins):
            ins.getparent().remove(ins)
    return body


def text_of(p) -> str:
    """A paragraph's text as Word shows it, a tab (after a typed clause number) as a space."""
    return "".join(
        " " if el.tag == W + "tab" else el.text or ""
        for r in p.iter(W + "r")
        for el in r
        if el.tag in (W + "t", W + "tab")
    )


def paragraph_texts(body) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(W + "t")) for p in body.iter(W + "p")]


def formatting(body) -> list[list[tuple[bytes, str]]]:
    """Per paragraph: its pPr and its runs as (rPr, text), adjacent runs of one format merged."""
    out = []
    for p in body.iter(W + "p"):
        ppr = p.find(W + "pPr")
        runs: list[tuple[bytes, str]] = [
            (
                b"pPr:"
                + (etree.tostring(ppr, method="c14n", exclusive=True) if ppr is not None else b""),
                "",
            )
        ]
        for r in p.iter(W + "r"):
            text = "".join(t.text or "" for t in r.iter(W + "t", W + "delText"))
            if not text:
                continue
            rpr = r.find(W + "rPr")
            key = etree.tostring(rpr, method="c14n", exclusive=True) if rpr is not None else b""
            if runs[-1][0] == key:
                runs[-1] = (key, runs[-1][1] + text)
            else:
                runs.append((key, text))
        out.append(runs)
    return out


def commented_text(body, cid: str) -> str:
    """The text between a comment's range markers (deleted text excluded), paragraphs joined by
    a blank line as in Document.text."""
    inside, parts, para = False, [], None
    for el in body.iter():
        if el.tag == W + "commentRangeStart" and el.get(W + "id") == cid:
            inside = True
        elif el.tag == W + "commentRangeEnd" and el.get(W + "id") == cid:
            break
        elif inside and el.tag == W + "t":
            p = next(a for a in el.iterancestors(W + "p"))
            if para is not None and p is not para:
                parts.append("\n\n")
            para = p
            if not any(a.tag == W + "del" for a in el.iterancestors()):
                parts.append(el.text or "")
    return "".join(parts)


def expected_evidence(report, ev: dict) -> str:
    """Evidence text less the automatic number Word renders itself ("7.1 ", "(a) ")."""
    for b in report.document.blocks:
        if b.start == ev["start"] and b.number:
            return re.sub(r"^" + re.escape(b.number) + r"\s*", "", ev["text"])
    return ev["text"]


def comments_by_id(path: Path) -> dict[str, object]:
    return {str(c.comment_id): c for c in docx.Document(str(path)).comments}


# -- the redline ------------------------------------------------------------------------------
@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_redline_has_comments_part_with_clausecheck_comments(redlines, key):
    _, data, path = redlines[key]
    with zipfile.ZipFile(path) as zf:
        assert "word/comments.xml" in zf.namelist()
        assert "comments+xml" in zf.read("[Content_Types].xml").decode()
        assert 'Target="comments.xml"' in zf.read("word/_rels/document.xml.rels").decode()
    comments = list(docx.Document(str(path)).comments)
    expected = sum(
        1
        for f in data["findings"]
        if f["status"] == "present"
        or f["evidence"]
        or f.get("suggestions")
        or docx_redline.is_flagged(f)
    )
    assert len(comments) == expected
    for c in comments:
        assert (c.author, c.initials) == ("clausecheck", "cc")
        assert c.timestamp is not None and c.timestamp.tzinfo is not None
        assert c.text.startswith("clausecheck: ")


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_every_comment_range_has_one_end_and_one_reference_after_its_start(redlines, key):
    path = redlines[key][2]
    order = {tag: {} for tag in COMMENT_TAGS}
    for i, el in enumerate(body_of(path).iter(*COMMENT_TAGS)):
        cid = el.get(W + "id")
        assert cid not in order[el.tag], f"{el.tag} {cid} appears twice"
        order[el.tag][cid] = i
    starts, ends, refs = (order[t] for t in COMMENT_TAGS)
    assert set(starts) == set(ends) == set(refs) == set(comments_by_id(path))
    assert all(starts[c] < ends[c] < refs[c] for c in starts)


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_comments_cover_exactly_the_evidence_text(redlines, key):
    report, data, path = redlines[key]
    body = body_of(path)
    comments = comments_by_id(path)
    checked = 0
    for f in data["findings"]:
        if f["status"] == "missing" or not f["evidence"]:
            continue
        ev = f["evidence"][0]
        ours = [
            cid
            for cid, c in comments.items()
            if c.text.split("\n")[0].endswith(f"({f['provision']})")
        ]
        assert len(ours) == 1, f["provision"]
        assert commented_text(body, ours[0]) == expected_evidence(report, ev)
        text = comments[ours[0]].text
        assert f"Status: {f['status']}" in text and "Why: " in text
        assert docx_redline.WHOLE_PARAGRAPH not in text
        if f["status"] == "weak":
            assert "Extend: " in text
            assert ("Suggested clause: " in text) == bool(f.get("suggestions"))
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_missing_findings_are_commented_where_their_clause_goes(redlines, key):
    report, data, path = redlines[key]
    comments = comments_by_id(path)
    body = body_of(path)
    for f in data["findings"]:
        if f["status"] != "missing" or not f.get("suggestions"):
            continue
        ours = [
            cid
            for cid, c in comments.items()
            if c.text.startswith("clausecheck: missing ")
            and c.text.split("\n")[0].endswith(f"({f['provision']})")
        ]
        assert len(ours) == 1, f["provision"]
        text = comments[ours[0]].text
        suggestion = f["suggestions"][0]
        assert suggestion["insertion"]["section_number"] in text
        if f.get("priority"):
            assert f"Priority: {f['priority']}" in text
        anchor = suggestion["insertion"]["anchor"]
        section_start = report.document.text[anchor["start"] : anchor["end"]].split("\n\n")[0]
        assert commented_text(body, ours[0]) in section_start


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_suggestions_are_tracked_insertions_with_author_and_date(redlines, key):
    _, data, path = redlines[key]
    body = body_of(path)
    marks = [el for el in body.iter(W + "ins") if is_ours(el)]
    assert marks and all(ISO_UTC.match(m.get(W + "date")) for m in marks)
    ids = [el.get(W + "id") for el in body.iter(W + "ins", W + "del")]
    assert len(ids) == len(set(ids)), "tracked-change ids must be unique"
    inserted = [
        p
        for p in body.iter(W + "p")
        if (m := p.find(f"{W}pPr/{W}rPr/{W}ins")) is not None and is_ours(m)
    ]
    texts = "\n".join(text_of(p) for p in inserted)
    for p in inserted:
        runs = [r for r in p.iter(W + "r")]
        assert runs and all(
            any(is_ours(a) for a in r.iterancestors(W + "ins"))
            for r in runs
            if r.find(W + "commentReference") is None
        )
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is not None and numpr.find(W + "numId").get(W + "val") != "0":
            # numbered by the document's own list, where the new number continues it: the
            # number is Word's, not typed
            assert not re.match(r"\s*\d+[A-Z]?(?:\.\d+)*\s", text_of(p))
    for f in data["findings"]:
        if f["status"] != "present" and f.get("suggestions"):
            s = f["suggestions"][0]
            number = s["insertion"]["section_number"]
            title = s.get("heading") or s["title"]
            heading = f"{number} {title}"
            assert heading.strip().casefold() in texts.casefold() or (  # capitals as its headings
                docx_redline.continues_list(number) and title.casefold() in texts.casefold()
            )
            assert all(line.strip() in texts for line in s["text"].splitlines() if line.strip())
            assert all(d["term"] in texts for d in s.get("definitions") or [])
    styled = [
        p
        for p in inserted
        if (st := p.find(f"{W}pPr/{W}pStyle")) is not None
        and re.search(r"(?i)heading", st.get(W + "val") or "")
    ]
    bold = [r for p in inserted for r in p.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
    assert styled or bold, "headings in the document's heading style (bold where it has none)"
    for p in styled:  # the style carries the look: no bold typed over it
        assert not [r for r in p.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_inserted_headings_take_the_documents_heading_style(redlines, key):
    _, data, path = redlines[key]
    body = body_of(path)
    styles = {
        (p.find(f"{W}pPr/{W}pStyle")).get(W + "val")
        for p in body.iter(W + "p")
        if p.find(f"{W}pPr/{W}pStyle") is not None
        and (m := p.find(f"{W}pPr/{W}rPr/{W}ins")) is None
    }
    heading_styles = {s for s in styles if re.search(r"(?i)heading", s or "")}
    inserted = [
        p
        for p in body.iter(W + "p")
        if (m := p.find(f"{W}pPr/{W}rPr/{W}ins")) is not None and is_ours(m)
    ]
    used = {
        p.find(f"{W}pPr/{W}pStyle").get(W + "val")
        for p in inserted
        if p.find(f"{W}pPr/{W}pStyle") is not None
    }
    if heading_styles:
        assert used & heading_styles, "a new clause's heading uses one of the document's own"


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_rejecting_all_insertions_gives_back_the_original(redlines, key):
    name = key[0]
    path = redlines[key][2]
    original = body_of(SAMPLES / name)
    rejected = reject_insertions(body_of(path))
    assert paragraph_texts(rejected) == paragraph_texts(original)
    assert formatting(rejected) == formatting(original)  # pPr (numPr included) and run formatting
    numbering = [
        [etree.tostring(n, method="c14n", exclusive=True) for n in body.iter(W + "numPr")]
        for body in (rejected, original)
    ]
    assert numbering[0] == numbering[1] and len(numbering[0]) > 100


@pytest.mark.parametrize("key", REDLINES, ids=REDLINE_IDS)
def test_other_package_parts_are_unchanged(redlines, key):
    name = key[0]
    path = redlines[key][2]
    changed = {
        "word/document.xml",
        "word/comments.xml",
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
    }
    with zipfile.ZipFile(SAMPLES / name) as before, zipfile.ZipFile(path) as after:
        assert set(before.namelist()) | {"word/comments.xml"} == set(after.namelist())
        for part in set(before.namelist()) - changed:
            old, new = before.read(part), after.read(part)
            if part.endswith((".xml", ".rels")):
                old, new = (etree.tostring(etree.fromstring(x), method="c14n") for x in (old, new))
            assert old == new, part


def test_rescanning_the_redline_reads_the_inserted_clauses(engine, redlines):
    report, data, path = redlines["supplier_strong_northwind.docx", "engine"]
    again = engine.scan(path)
    s = next(f["suggestions"][0] for f in data["findings"] if f.get("suggestions"))
    assert s["insertion"]["section_number"] in again.document.text
    assert len(again.document.blocks) > len(report.document.blocks)


def test_text_map_finds_every_run_ingest_read(scans, engine, tmp_path):
    """Paragraphs in tables (nested too), tabs, breaks and formatted runs map back run for run."""
    d = docx.Document()
    d.add_paragraph("SUPPLY AGREEMENT", style="Title")
    p = d.add_paragraph("1. The Supplier shall ")
    p.add_run("comply").bold = True
    p.add_run(" with the code.\tSee also\nclause 2.")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "2. The Buyer may audit the Supplier."
    table.cell(1, 1).add_table(rows=1, cols=1).cell(0, 0).text = "Nested cell text."
    d.add_paragraph("3. Last clause.")
    path = tmp_path / "tables.docx"
    d.save(str(path))
    cases = [engine.scan(path), scans[DOCX_SAMPLES[0]], scans[DOCX_SAMPLES[1]]]
    for report in cases:
        tm = docx_textmap.TextMap(body_of(Path(report.document.path)), report.document)
        assert tm.unmatched == []
        runs = sum(1 for a in report.document.anchors if ",run=" in a.locator)
        body_end = max(b.end for b in report.document.blocks if b.kind != "footnote")
        first, last = tm.run_range(0, body_end)  # all body text: no gap the runs do not cover
        assert runs > 5 and first is not None and last is not None
    report = cases[0]
    start = report.document.text.index("Nested cell")
    data = json_report.to_dict(report)
    f = data["findings"][0]
    f.update(
        status="present",
        evidence=[
            {
                "text": "Nested cell",
                "start": start,
                "end": start + 11,
                "page": None,
                "section": None,
                "heading": None,
            }
        ],
    )
    out = tmp_path / "tables-redline.docx"
    docx_report.write(report, out, data=data)
    cid = next(c for c, v in comments_by_id(out).items() if f["provision"] in v.text.split("\n")[0])
    assert commented_text(body_of(out), cid) == "Nested cell"


@pytest.mark.parametrize("k", range(1, 12))
def test_split_run_keeps_text_order_and_format(k):
    p = docx.Document().add_paragraph()._p
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    r.append(rpr)
    r.append(text_element("Hello"))
    r.append(OxmlElement("w:tab"))
    r.append(text_element("world!"))
    p.append(r)
    right = docx_textmap.split_run(r, k)
    assert r.getnext() is right
    assert (docx_textmap.run_text(r), docx_textmap.run_text(right)) == (
        "Hello world!"[:k],
        "Hello world!"[k:],
    )
    assert right.find(f"{W}rPr/{W}b") is not None and r.find(f"{W}rPr/{W}b") is not None


def test_comment_inside_formatted_runs_splits_them_and_keeps_their_format(scans, tmp_path):
    """Evidence from the middle of a bold run heading to the middle of the next run."""
    name = "supplier_strong_northwind.docx"
    report = scans[name]
    runs = [a for a in report.document.anchors if ",run=" in a.locator]
    bold, plain = next(
        (a, b)
        for a, b in zip(runs, runs[1:], strict=False)
        if a.locator.endswith(",run=0") and b.locator.endswith(",run=1") and a.end - a.start > 6
    )
    data = json_report.to_dict(report)
    f = next(f for f in data["findings"] if f["provision"] == "audit_rights")
    start, end = bold.start + 3, plain.start + 5
    f["evidence"][0].update(start=start, end=end, text=report.document.text[start:end])
    path = tmp_path / "split.docx"
    docx_report.write(report, path, data=data)
    cid = next(
        c
        for c, v in comments_by_id(path).items()
        if v.text.split("\n")[0].endswith("(audit_rights)")
    )
    body = body_of(path)
    assert commented_text(body, cid) == report.document.text[start:end]
    start_marker = next(el for el in body.iter(W + "commentRangeStart") if el.get(W + "id") == cid)
    assert start_marker.getnext().find(f"{W}rPr/{W}b") is not None, "the split-off part stays bold"
    assert formatting(reject_insertions(body)) == formatting(body_of(SAMPLES / name))


def test_unmatched_evidence_is_anchored_on_its_paragraph(scans, tmp_path):
    """Without run anchors the exact range cannot be found: the whole paragraph is commented."""
    report = scans["supplier_strong_northwind.docx"]
    data = with_suggestions(report, json_report.to_dict(report))
    ev = data["findings"][1]["evidence"][0]  # audit_rights
    doc = dataclasses.replace(
        report.document,
        anchors=tuple(
            a for a in report.document.anchors if not (a.start < ev["end"] and a.end > ev["start"])
        ),
    )
    path = tmp_path / "fallback.docx"
    docx_report.write(dataclasses.replace(report, document=doc), path, data=data)
    comments = comments_by_id(path)
    cid = next(c for c, v in comments.items() if v.text.split("\n")[0].endswith("(audit_rights)"))
    assert docx_redline.WHOLE_PARAGRAPH in comments[cid].text
    assert ev["text"] in commented_text(body_of(path), cid)


def test_lost_insertion_point_goes_to_the_end_of_the_body(scans, tmp_path):
    report = scans["jv_reserved_matters_kestrel.docx"]
    data = with_suggestions(report, json_report.to_dict(report))
    f = next(f for f in data["findings"] if f["status"] == "missing")
    f["suggestions"][0]["insertion"].update(offset=10**9, anchor=None)
    path = tmp_path / "end.docx"
    docx_report.write(report, path, data=data)
    body = body_of(path)
    assert body[-1].tag == W + "sectPr"
    tail = []
    for p in reversed(body[:-1]):
        mark = p.find(f"{W}pPr/{W}rPr/{W}ins")
        if mark is None or not is_ours(mark):
            break
        tail.insert(0, text_of(p))
    s = f["suggestions"][0]
    number = s["insertion"]["section_number"]
    group = number.rsplit(".", 1)[0]  # a clause gathered in a new article: its heading first
    assert tail[0].startswith(number + " ") or (
        tail[0].startswith(group + " ") and tail[1].startswith(number + " ")
    )
    assert s["text"].splitlines()[0].strip() in "\n".join(tail)
    assert any("end of the document" in c.text for c in comments_by_id(path).values())


def test_changed_docx_gets_a_memo_that_says_why(scans, tmp_path):
    report = scans["supplier_strong_northwind.docx"]
    moved = tmp_path / "edited.docx"
    shutil.copy(SAMPLES / "supplier_strong_northwind.docx", moved)
    with moved.open("ab") as fh:
        fh.write(b"\0")
    report = dataclasses.replace(
        report, document=dataclasses.replace(report.document, path=str(moved))
    )
    path = tmp_path / "memo.docx"
    docx_report.write(report, path)
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "No redline: the scanned file" in text and "has changed since the scan" in text


def test_writing_over_the_scanned_contract_is_refused(engine, tmp_path):
    contract = tmp_path / "deal.docx"
    shutil.copy(SAMPLES / "jv_reserved_matters_kestrel.docx", contract)
    report = engine.scan(contract)
    with pytest.raises(errors.InputError, match="would overwrite the contract"):
        docx_report.write(report, contract)
    assert contract.read_bytes() == (SAMPLES / "jv_reserved_matters_kestrel.docx").read_bytes()


def test_docx_python_docx_cannot_open_gets_a_memo(engine, tmp_path):
    """A macro-enabled main part: ingest reads it, python-docx refuses to edit it."""
    macro = tmp_path / "macro.docx"
    with zipfile.ZipFile(SAMPLES / "jv_reserved_matters_kestrel.docx") as zin:
        with zipfile.ZipFile(macro, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                blob = zin.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    blob = blob.replace(
                        b"wordprocessingml.document.main+xml",
                        b"ms-word.document.macroEnabled.main+xml",
                    )
                zout.writestr(info, blob)
    path = tmp_path / "out.docx"
    docx_report.write(engine.scan(macro), path)
    paragraphs, _ = memo_text(path)
    assert any(p.startswith("Note: No redline: python-docx cannot edit") for p in paragraphs)


# -- the memo ---------------------------------------------------------------------------------
def memo_text(path: Path) -> tuple[list[str], list[list[list[str]]]]:
    d = docx.Document(str(path))
    return [p.text for p in d.paragraphs], [
        [[c.text for c in row.cells] for row in t.rows] for t in d.tables
    ]


@pytest.mark.parametrize("name", ["supplier_weak_harbor.txt", "project_loan_solaris.pdf"])
def test_memo_for_non_docx_inputs(scans, tmp_path, name):
    report = scans[name]
    data = with_suggestions(report, json_report.to_dict(report))
    path = tmp_path / "memo.docx"
    docx_report.write(report, path, data=data)
    paragraphs, tables = memo_text(path)
    assert paragraphs[0].startswith("Leverage review: ")
    for heading in (
        "Summary",
        "Provisions",
        "Moments of traction",
        "Gaps and suggested clauses",
        "Evidence",
    ):
        assert heading in paragraphs
    provisions = next(t for t in tables if t[0][0] == "Provision")
    assert [row[1].rstrip("?") for row in provisions[1:]] == [f["status"] for f in data["findings"]]
    paged = data["document"]["format"] == "pdf"
    for f, row in zip(data["findings"], provisions[1:], strict=True):
        first = (f["evidence"] or [{}])[0]
        assert row[2].startswith(first.get("section") or "-")
        assert ("(p. " in row[2]) == bool(paged and first.get("page"))
    assert len(provisions[0]) == 4  # few, wide columns: readable at A4
    body = "\n".join(paragraphs)
    for f in data["findings"]:
        for s in f.get("suggestions") or []:
            assert f"as new {s['insertion']['section_number']}" in body
            assert all(line.strip() in body for line in s["text"].splitlines()[:3])
    # an alternative takes the suggested clause's place and number: its lead says it is a choice
    leads = [p.split(":")[0] for p in paragraphs if p.startswith(("Insert: ", "Or insert instead"))]
    alternatives = [len(f.get("suggestions") or []) - 1 for f in data["findings"]]
    assert leads.count("Or insert instead (same place)") == sum(max(n, 0) for n in alternatives)


MARKUP = '<script>alert(1)</script> | **bold** =HYPERLINK("x")'


def test_memo_keeps_hostile_text_as_text(scans, tmp_path):
    """Markup stays literal text; characters XML cannot hold become spaces instead of failing."""
    report = scans["supplier_weak_harbor.txt"]
    data = with_suggestions(report, json_report.to_dict(report))
    data["document"]["title"] = MARKUP
    data["findings"][0]["reasons"][0] += " bell\x07 and NUL\x00 inside"
    data["traction"] = {
        "moments": [
            {
                "moment": "exit",
                "label": MARKUP,
                "shift": False,
                "created": True,
                "hr_hook": "possible",
                "instances": [
                    {"section": "9.2", "provisions": [], "hr_hook": "possible", "lever": "exit"}
                ],
            }
        ],
        "markers": [
            {
                "type": "broken_consequence_ladder",
                "code": "BL2",
                "severity": "P1",
                "message": MARKUP,
            }
        ],
        "timeline": [
            {
                "moment": "exit",
                "phase": "exit",
                "when": {"kind": "event", "text": "on breach\x0c"},
                "label": "Termination",
                "hr_hook": "possible",
            }
        ],
        "dates": {},
    }
    path = tmp_path / "memo.docx"
    docx_report.write(report, path, data=data)
    paragraphs, tables = memo_text(path)
    flat = "\n".join(paragraphs + [c for t in tables for row in t for c in row])
    assert paragraphs[0] == f"Leverage review: {MARKUP}"
    assert "bell  and NUL  inside" in flat and "on breach " in flat
    assert "Timeline" in paragraphs and "Gap markers" in paragraphs
    assert any(row[:2] == ["P1 BL2", MARKUP] for t in tables for row in t)


# -- LibreOffice ------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_redline_converts_to_pdf_in_libreoffice(redlines, tmp_path):
    path = redlines["supplier_strong_northwind.docx", "engine"][2]
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        check=True,
        timeout=90,
        capture_output=True,
    )
    pdf = tmp_path / path.with_suffix(".pdf").name
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 20_000
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        assert "SUPPLY AGREEMENT" in text
        heading = next(
            f["suggestions"][0]
            for f in redlines["supplier_strong_northwind.docx", "engine"][1]["findings"]
            if f.get("suggestions")
        )["insertion"]["section_number"]
        assert heading in text


def test_a_broken_secondary_part_gives_a_memo_not_a_crash(tmp_path):
    """A header part that is not well-formed XML (python-docx parses every part; the reader
    reads only the body): every format is written, the Word output falls back to the memo."""
    import sys

    from click.testing import CliRunner

    from clausecheck.cli.main import main

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    import hostile

    path = hostile.docx_broken_header(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["scan", str(path), "--format", "json,html,docx,markdown,csv", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert len(list(out.iterdir())) == 5


def test_memo_is_a4_with_fixed_columns_that_fit(scans, tmp_path):
    """Regression: a PDF's memo had crushed columns ("Provisio n"): Word and LibreOffice
    squeezed cells whose widths were not fixed. Every table now has a fixed layout and a grid
    that fits between the margins of an A4 page."""
    import docx
    from docx.oxml.ns import qn

    from clausecheck.report import docx_memo

    report = scans["project_loan_solaris.pdf"]
    path = tmp_path / "memo.docx"
    docx_report.write(report, path, data=with_suggestions(report, json_report.to_dict(report)))
    memo = docx.Document(str(path))
    sec = memo.sections[0]
    assert (round(sec.page_width.mm), round(sec.page_height.mm)) == (210, 297)
    usable = (sec.page_width - sec.left_margin - sec.right_margin) / 914400 * 1440  # twips
    assert memo.tables
    for table in memo.tables:
        tbl = table._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        widths = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(widths) <= usable + 1
        assert min(widths) >= 0.65 * 1440  # no column narrower than a short word
        assert len(widths) <= 5
    assert docx_memo.TEXT_WIDTH * 1440 <= usable + 1


def test_a_new_clause_takes_the_documents_own_numbering_where_it_continues_the_list(
    scans, tmp_path
):
    """8.7 after the last clause 8.6 is numbered by the document's list (same numId and level,
    its title run in and bold as the document's clauses are); 8.1A between 8.1 and 8.2 keeps its
    typed number with numbering off, so that no existing clause is renumbered."""
    report = scans["supplier_strong_northwind.docx"]
    data = json_report.to_dict(report)
    clauses = report.structure.clauses
    article = next(
        c
        for c in clauses
        if c.kind == "clause"
        and c.level == 0
        and len([k for k in clauses if k.parent == c.id and re.fullmatch(r"\d+\.\d+", k.label)])
        >= 3
    )
    kids = [k for k in clauses if k.parent == article.id and re.fullmatch(r"\d+\.\d+", k.label)]
    last, first = kids[-1], kids[0]
    end_number = f"{article.label}.{int(last.label.split('.')[1]) + 1}"
    gaps = [f for f in data["findings"] if f["status"] == "missing"]
    assert len(gaps) >= 2
    for f in data["findings"]:
        f["suggestions"] = []
    gaps[0]["suggestions"] = [_clause_suggestion("a", last, end_number, "Model Clause End")]
    gaps[1]["suggestions"] = [
        _clause_suggestion("b", first, first.label + "A", "Model Clause Between")
    ]
    path = tmp_path / "numbered.docx"
    docx_report.write(report, path, data=data)
    body = body_of(path)
    paragraphs = list(body.iter(W + "p"))

    text = text_of

    def num(p):
        numpr = p.find(f"{W}pPr/{W}numPr")
        if numpr is None:
            return None
        ilvl = numpr.find(W + "ilvl")
        return numpr.find(W + "numId").get(W + "val"), None if ilvl is None else ilvl.get(W + "val")

    end = next(p for p in paragraphs if "Model Clause End" in text(p))
    between = next(p for p in paragraphs if "Model Clause Between" in text(p))
    model = next(
        p
        for p in paragraphs
        if text(p).strip() and text(p) in report.document.text[last.start : last.end]
    )
    assert num(model) and num(model)[0] != "0"
    assert num(end) == num(model)  # the list's own numbering: Word numbers it 8.7
    assert text(end).startswith("Model Clause End.")  # no typed number, the title run in
    bold = [r for r in end.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
    assert bold and text(bold[0]).startswith("Model Clause End")
    assert num(between) in (None, ("0", None)) or num(between)[0] == "0"
    assert text(between).startswith(first.label + "A ")


def test_a_document_typed_without_heading_styles_gets_titled_new_clauses(engine, tmp_path):
    """Articles typed as bold text with their numbers, no heading style and no Word numbering:
    a new article is a bold title with its typed number, in the style of the clauses."""
    document = docx.Document()
    document.add_paragraph(
        'SUPPLY AGREEMENT between Orrin Foods plc (the "Buyer") and Telmar Packaging Ltd (the '
        '"Supplier"), made on 2 May 2024.'
    )
    articles = [
        ("SUPPLY", "The Supplier shall supply the Products ordered by the Buyer."),
        ("PRICE", "The Buyer shall pay each invoice within 45 days."),
        ("DELIVERY", "The Supplier shall deliver the Products to the Buyer's site."),
        ("TERMINATION", "Either party may terminate this Agreement on 90 days' notice."),
        ("GENERAL", "This Agreement is governed by the laws of England."),
    ]
    for n, (title, body) in enumerate(articles, 1):
        document.add_paragraph().add_run(f"{n}. {title}").bold = True
        document.add_paragraph(f"{n}.1 {body}")
    source = tmp_path / "typed.docx"
    document.save(source)
    report = engine.scan(source, relationship="supplier")
    data = json_report.to_dict(report)
    path = tmp_path / "typed.redline.docx"
    docx_report.write(report, path, data=data)
    body = body_of(path)
    inserted = [
        p
        for p in body.iter(W + "p")
        if (m := p.find(f"{W}pPr/{W}rPr/{W}ins")) is not None and is_ours(m)
    ]
    assert inserted
    texts = [text_of(p) for p in inserted]
    firsts = [f["suggestions"][0] for f in data["findings"] if f.get("suggestions")]
    new_articles = [
        s
        for s in firsts
        if s["insertion"]["section_number"]
        and not re.search(r"[.(]", s["insertion"]["section_number"])
    ]
    for s in new_articles:
        heading = f"{s['insertion']['section_number']} {s['heading']}"
        line = next(t for t in texts if t.startswith(heading))
        p = inserted[texts.index(line)]
        assert [r for r in p.iter(W + "r") if r.find(f"{W}rPr/{W}b") is not None]
    grouped = {
        s["insertion"]["section_number"].rsplit(".", 1)[0]
        for s in firsts
        if re.fullmatch(r"\d+A\.\d+", s["insertion"]["section_number"])
    }
    for group in grouped:  # the new article that gathers the clauses is headed once
        assert sum(t.startswith(f"{group} Human Rights") for t in texts) == 1
    assert new_articles or grouped
