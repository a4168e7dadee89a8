"""The SQLite store: rows from report dicts (old and new shapes), replacement, atomicity, schema."""

from __future__ import annotations

import copy
import hashlib
import sqlite3

import pytest

from clausecheck import errors
from clausecheck.batch import schema
from clausecheck.batch.store import Store


def finding(provision: str, status: str, *, evidence: int = 1, new: bool = True) -> dict:
    f = {
        "provision": provision,
        "status": status,
        "confidence": 0.8,
        "uncertain": False,
        "evidence": [
            {
                "text": f"{provision} text {i}",
                "start": 10 * i,
                "end": 10 * i + 5,
                "page": i + 1,
                "section": f"{i + 1}.1",
                "heading": "H",
                "ocr": False,
            }
            for i in range(evidence)
        ],
        "reasons": ["because"],
        "obligor": "Supplier",
        "holder": "Buyer",
        "rule": f"{provision}.r1",
    }
    if new:
        f.update(
            moments={"creates": ["monitoring_audit"], "uses": []},
            leverage={"category": "A", "purpose": "oblige"},
            priority="P1",
            priority_reason="card",
            action="extend" if status == "weak" else ("add" if status == "missing" else None),
            suggestions=[
                {
                    "entry": f"{provision}_baseline",
                    "title": "T",
                    "tier": "baseline",
                    "action": "add",
                    "text": "...",
                    "heading": None,
                    "definitions": [],
                    "rationale": "r",
                    "shift_key": None,
                    "fixes": [],
                    "frameworks": [],
                    "moments": [],
                    "insertion": {
                        "mode": "after",
                        "anchor": None,
                        "offset": 0,
                        "section_number": "9.4",
                        "reason": "r",
                    },
                }
            ]
            if status != "present"
            else [],
        )
    return f


def report(path: str = "/contracts/a.txt", *, new: bool = True) -> dict:
    """A report dict written by hand from schema.json; ``new=False``: before the leverage map."""
    r = {
        "schema_version": "3",
        "tool": {"name": "clausecheck", "version": "0.1.0", "model": "m1"},
        "document": {
            "path": path,
            "sha256": hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest(),
            "format": "text",
            "pages": 3,
            "characters": 900,
            "ocr": False,
            "title": "Supply",
            "contract_type": "supply",
            "relationship": "supplier",
            "company": "Buyer",
            "effective_date": None,
            "parties": [{"name": "Acme Ltd", "defined_as": "Buyer", "role": "company"}],
            "reasons": [],
        },
        "findings": [
            finding("audit_rights", "present", evidence=2, new=new),
            finding("grievance_mechanism", "weak", new=new),
            finding("remediation", "missing", evidence=0, new=new),
        ],
        "errors": [],
    }
    if new:
        r["traction"] = {
            "moments": [
                {
                    "moment": "monitoring_audit",
                    "label": "Audit",
                    "shift": True,
                    "created": True,
                    "hr_hook": "explicit",
                    "instances": [],
                },
                {
                    "moment": "exit",
                    "label": "Exit",
                    "shift": False,
                    "created": False,
                    "hr_hook": "absent",
                    "instances": [],
                },
            ],
            "markers": [],
            "timeline": [
                {
                    "moment": "monitoring_audit",
                    "phase": "performance",
                    "when": {"kind": "recurrence", "text": "every year", "date": "2025-01-01"},
                    "label": "Audit",
                    "section": "2.1",
                    "provisions": ["audit_rights"],
                }
            ],
            "dates": {},
            "leverage_density": 1.0,
        }
    return r


def table_counts(path) -> dict[str, int]:
    con = sqlite3.connect(str(path))
    try:
        return {
            t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in (
                "documents",
                "findings",
                "evidence",
                "moments",
                "timeline",
                "suggestions",
                "errors",
            )
        }
    finally:
        con.close()


@pytest.mark.parametrize(
    "new, expected",
    [
        (
            True,
            {
                "documents": 1,
                "findings": 3,
                "evidence": 3,
                "moments": 2,
                "timeline": 1,
                "suggestions": 2,
                "errors": 0,
            },
        ),
        (
            False,
            {
                "documents": 1,
                "findings": 3,
                "evidence": 3,
                "moments": 0,
                "timeline": 0,
                "suggestions": 0,
                "errors": 0,
            },
        ),
    ],
)
def test_rows_from_new_and_old_report_shapes(tmp_path, new, expected):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.write_report(report(new=new))
    assert table_counts(db) == expected
    con = sqlite3.connect(str(db))
    row = con.execute(
        "SELECT status, priority, action, section, page, rule FROM findings "
        "WHERE provision = 'grievance_mechanism'"
    ).fetchone()
    assert row == (
        ("weak", "P1", "extend", "1.1", 1, "grievance_mechanism.r1")
        if new
        else ("weak", None, None, "1.1", 1, "grievance_mechanism.r1")
    )
    if new:
        assert con.execute(
            "SELECT moment, phase, kind, date, text, section FROM timeline"
        ).fetchone() == (
            "monitoring_audit",
            "performance",
            "recurrence",
            "2025-01-01",
            "every year",
            "2.1",
        )
        assert con.execute("SELECT created FROM moments WHERE moment = 'exit'").fetchone() == (0,)
        assert sorted(con.execute("SELECT provision, section_number FROM suggestions")) == [
            ("grievance_mechanism", "9.4"),
            ("remediation", "9.4"),
        ]


def test_reports_round_trip_with_row_and_sorted_by_path(tmp_path):
    with Store(tmp_path / "s.db") as store:
        b, a = report("/c/b.txt"), report("/c/a.txt")
        id_b = store.write_report(b, run_id=None)
        store.write_report(a)
        got = list(store.reports())
    assert [r["document"]["path"] for r in got] == ["/c/a.txt", "/c/b.txt"]
    row = got[1].pop("_row")
    assert row["document_id"] == id_b and row["path"] == "/c/b.txt" and row["analysed_at"]
    assert got[1] == b


def test_rewriting_a_path_replaces_its_rows_and_errors_replace_documents(tmp_path):
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.write_report(report())
        changed = copy.deepcopy(report())
        changed["findings"] = changed["findings"][:1]
        store.write_report(changed)
        assert table_counts(db)["findings"] == 1 and table_counts(db)["documents"] == 1
        store.write_error(
            {
                "path": "/contracts/a.txt",
                "sha256": None,
                "code": "E103",
                "exit_code": 3,
                "message": "error E103: corrupt",
            }
        )
        assert table_counts(db) == {
            "documents": 0,
            "findings": 0,
            "evidence": 0,
            "moments": 0,
            "timeline": 0,
            "suggestions": 0,
            "errors": 1,
        }
        assert store.errors()[0]["code"] == "E103" and store.errors()[0]["at"]
        store.write_report(report())
        assert store.errors() == [] and list(store.fingerprints()) == ["/contracts/a.txt"]


def test_one_document_is_written_atomically(tmp_path):
    db = tmp_path / "s.db"
    bad = report("/c/bad.txt")
    bad["findings"][2]["provision"] = None  # NOT NULL fails on the third finding row
    with Store(db) as store:
        store.write_report(report("/c/good.txt"))
        with pytest.raises(sqlite3.IntegrityError):
            store.write_report(bad)
        assert [r["document"]["path"] for r in store.reports()] == ["/c/good.txt"]
    assert table_counts(db)["findings"] == 3


def test_fingerprints_are_the_resume_key(tmp_path):
    with Store(tmp_path / "s.db") as store:
        r = report()
        store.write_report(r)
        assert store.fingerprints() == {
            r["document"]["path"]: (r["document"]["sha256"], "0.1.0", "m1")
        }


def test_schema_version_wal_and_reopen(tmp_path):
    db = tmp_path / "s.db"
    Store(db).close()
    with Store(db, create=False) as store:  # reopening applies nothing twice
        store.write_report(report())
    con = sqlite3.connect(str(db))
    assert con.execute("PRAGMA user_version").fetchone()[0] == len(schema.MIGRATIONS)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_runs_record_arguments_and_versions(tmp_path):
    with Store(tmp_path / "s.db") as store:
        run_id = store.start_run({"workers": 2}, "0.1.0")
        store.finish_run(run_id, "m1")
    con = sqlite3.connect(str(tmp_path / "s.db"))
    started, finished, tool, model, args = con.execute(
        "SELECT started, finished, tool_version, model_version, args FROM runs"
    ).fetchone()
    assert started <= finished and (tool, model, args) == ("0.1.0", "m1", '{"workers": 2}')


@pytest.mark.parametrize(
    "setup, error",
    [
        (lambda p: p.write_bytes(b"this is not a database" * 100), errors.DataFileError),
        (
            lambda p: sqlite3.connect(str(p)).execute("PRAGMA user_version = 999"),
            errors.DataFileError,
        ),
        (lambda p: None, errors.FileNotFound),  # create=False and no file
    ],
)
def test_bad_stores_raise_coded_errors(tmp_path, setup, error):
    db = tmp_path / "s.db"
    setup(db)
    with pytest.raises(error):
        Store(db, create=False)


def test_paths_and_text_that_are_not_valid_unicode_are_stored_with_a_stable_key(tmp_path):
    from clausecheck.batch.store import db_text

    path = "/c/caf" + b"\xe9".decode("utf-8", "surrogateescape") + ".txt"  # a Latin-1 file name
    r = report(path)
    r["findings"][0]["evidence"][0]["text"] = (
        "broken \ud800 text"  # a lone surrogate from a bad PDF
    )
    with Store(tmp_path / "s.db") as store:
        store.write_report(r)
        store.write_report(r)  # replaced, not duplicated: the key is stable
        (back,) = list(store.reports())
        assert list(store.fingerprints()) == [db_text(path)] == ["/c/caf\\xe9.txt"]
    assert back["document"]["path"] == path  # the report itself keeps the exact string
    assert back["findings"][0]["evidence"][0]["text"] == "broken \ud800 text"
    assert table_counts(tmp_path / "s.db")["documents"] == 1
