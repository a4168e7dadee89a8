"""The store's SQL schema and its migrations: the one place that knows the tables.

``PRAGMA user_version`` holds the number of migrations applied. To change the schema, append a
migration; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3

from clausecheck import errors

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started TEXT NOT NULL,
        finished TEXT,
        tool_version TEXT NOT NULL,
        model_version TEXT,
        args TEXT NOT NULL
    );
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        sha256 TEXT NOT NULL,
        format TEXT,
        pages INTEGER,
        contract_type TEXT,
        relationship TEXT,
        company TEXT,
        parties_json TEXT NOT NULL,
        tool_version TEXT NOT NULL,
        model_version TEXT,
        analysed_at TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        timings_json TEXT,
        report_json TEXT NOT NULL
    );
    CREATE TABLE findings (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        provision TEXT NOT NULL,
        status TEXT NOT NULL,
        confidence REAL,
        uncertain INTEGER,
        priority TEXT,
        action TEXT,
        section TEXT,
        page INTEGER,
        rule TEXT
    );
    CREATE INDEX findings_document ON findings(document_id);
    CREATE INDEX findings_provision ON findings(provision, status);
    CREATE TABLE evidence (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        provision TEXT NOT NULL,
        text TEXT,
        "start" INTEGER,
        "end" INTEGER,
        page INTEGER,
        section TEXT
    );
    CREATE INDEX evidence_document ON evidence(document_id);
    CREATE TABLE moments (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        moment TEXT NOT NULL,
        created INTEGER,
        hr_hook TEXT
    );
    CREATE INDEX moments_document ON moments(document_id);
    CREATE TABLE timeline (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        moment TEXT,
        phase TEXT,
        kind TEXT,
        date TEXT,
        text TEXT,
        section TEXT
    );
    CREATE INDEX timeline_document ON timeline(document_id);
    CREATE TABLE suggestions (
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        provision TEXT NOT NULL,
        entry TEXT,
        action TEXT,
        section_number TEXT
    );
    CREATE INDEX suggestions_document ON suggestions(document_id);
    CREATE TABLE errors (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        sha256 TEXT,
        code TEXT NOT NULL,
        exit_code INTEGER NOT NULL,
        message TEXT NOT NULL,
        run_id INTEGER REFERENCES runs(id),
        at TEXT NOT NULL
    );
    CREATE INDEX errors_path ON errors(path);
    """,
    # 2: reviewers' decisions, keyed by the document's content (not its path or its report), so
    # that re-scans, moves and upgrades keep them; clausecheck/review/store.py reads and writes it
    """
    CREATE TABLE decisions (
        sha256 TEXT NOT NULL,
        provision TEXT NOT NULL,
        action TEXT NOT NULL,
        status TEXT NOT NULL,
        tool_status TEXT,
        reason TEXT NOT NULL,
        reviewer TEXT,
        at TEXT NOT NULL,
        section TEXT,
        evidence_start INTEGER,
        evidence_end INTEGER,
        PRIMARY KEY (sha256, provision)
    );
    """,
)


def migrate(db: sqlite3.Connection, path: object) -> None:
    """Bring the database to the latest schema, one migration per transaction."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise errors.error("E370", path, version=version, supported=len(MIGRATIONS))
    for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
        # executescript commits first; the script's own BEGIN..COMMIT makes the step atomic
        db.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
