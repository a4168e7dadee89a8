"""The portfolio store: one SQLite file holding every document's report, rows and errors.

WAL journal, ``synchronous=NORMAL`` and one transaction per document: a batch killed at any
moment loses at most the documents in flight, never half a document. Each path holds its latest
outcome: a document (with its findings, evidence, moments, timeline and suggestions rows) or an
error; writing one replaces the other. Readers use ``reports()`` and ``errors()`` only.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from clausecheck import errors
from clausecheck.batch import rows, schema
from clausecheck.batch.task import Fingerprint

_ERROR_COLUMNS = ("path", "sha256", "code", "exit_code", "message", "run_id", "at")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def db_text(value: Any) -> Any:
    """``value``, with a string that is not valid Unicode made storable, the same way every time.

    File names that are not UTF-8 reach Python with lone surrogates (PEP 383), as can text from a
    broken PDF; SQLite rejects them. Their bytes are written as ``\\xNN`` escapes instead, so a
    path keeps one stable key in the store.
    """
    if not isinstance(value, str):
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        try:
            raw = value.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            raw = value.encode("utf-8", "surrogatepass")
        return raw.decode("utf-8", "backslashreplace")


def _clean(values: tuple[Any, ...]) -> tuple[Any, ...]:
    return tuple(db_text(v) for v in values)


class Store:
    """``Store(path)`` opens (or, with ``create``, creates) a store; use it as a context manager."""

    def __init__(self, path: str | Path, *, create: bool = True) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise errors.error("E154", self.path)
        try:
            self._db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        except sqlite3.Error as exc:
            raise errors.error("E155", self.path, detail=exc) from None
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            schema.migrate(self._db, self.path)
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise errors.error("E371", self.path, detail=exc) from None
        self.skipped: list[str] = []  # paths whose stored report could not be read
        self._check_integrity()

    def _check_integrity(self) -> None:
        """SQLite's own check of the file's pages and indexes (a damaged or tampered store is
        refused with the fix, rather than read half-way)."""
        try:
            rows = self._db.execute("PRAGMA quick_check(1)").fetchall()
        except sqlite3.DatabaseError as exc:
            rows = [(str(exc),)]
        if rows != [("ok",)]:
            self._db.close()
            detail = str(rows[0][0] if rows and rows[0] else "no answer")[:120]
            raise errors.error("E372", self.path, detail=detail)

    # -- reading (the public API for other modules) ------------------------------------------

    def reports(self) -> Iterator[dict[str, Any]]:
        """Every stored report dict, by path, plus ``"_row": {document_id, path, analysed_at}``."""
        cursor = self._db.execute(
            "SELECT id, path, analysed_at, report_json FROM documents ORDER BY path"
        )
        from clausecheck.review import store as reviews

        decided = reviews.by_document(self)
        try:
            for doc_id, path, analysed_at, text in cursor:
                try:
                    report = json.loads(text)
                except (TypeError, ValueError):  # JSONDecodeError and UnicodeDecodeError
                    report = None
                if not isinstance(report, dict):
                    self.skipped.append(str(path))
                    continue
                report["_row"] = {"document_id": doc_id, "path": path, "analysed_at": analysed_at}
                document = report.get("document")
                sha = document.get("sha256") if isinstance(document, dict) else None
                if sha in decided:  # reviewers' decisions, shown beside the stored calls
                    reviews.annotate(report, decided[sha])
                yield report
        except sqlite3.DatabaseError as exc:
            raise errors.error("E372", self.path, detail=str(exc)[:120]) from None

    def errors(self) -> list[dict[str, Any]]:
        """The latest error of every path whose last analysis failed, by path."""
        cursor = self._db.execute(
            f"SELECT {', '.join(_ERROR_COLUMNS)} FROM errors ORDER BY path, id"
        )
        return [dict(zip(_ERROR_COLUMNS, row, strict=False)) for row in cursor]

    def fingerprints(self) -> dict[str, Fingerprint]:
        """path -> (sha256, tool_version, model_version) of every stored document: the resume key.

        Paths are as stored: look a path up with ``db_text(path)``."""
        cursor = self._db.execute("SELECT path, sha256, tool_version, model_version FROM documents")
        return {path: (sha, tool, model) for path, sha, tool, model in cursor}

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, for modules that own a table of their own (review/store.py)."""
        return self._db

    def transaction(self):  # noqa: ANN201 - a context manager
        """``with store.transaction():`` one atomic write (BEGIN IMMEDIATE ... COMMIT)."""
        return self._transaction()

    # -- writing (the batch) ------------------------------------------------------------------

    def start_run(self, args: dict[str, Any], tool_version: str) -> int:
        with self._transaction():
            cursor = self._db.execute(
                "INSERT INTO runs(started, tool_version, args) VALUES (?, ?, ?)",
                (now(), tool_version, json.dumps(args, sort_keys=True, default=str)),
            )
        assert cursor.lastrowid is not None  # set by the INSERT
        return int(cursor.lastrowid)

    def finish_run(self, run_id: int, model_version: str | None) -> None:
        with self._transaction():
            self._db.execute(
                "UPDATE runs SET finished = ?, model_version = ? WHERE id = ?",
                (now(), model_version, run_id),
            )

    def write_report(
        self,
        report: dict[str, Any],
        *,
        run_id: int | None = None,
        timings: dict[str, Any] | None = None,
    ) -> int:
        """Store one document's report and rows, replacing whatever its path held; returns its
        id."""
        row = rows.document_row(report)
        # ASCII JSON keeps every string, even one that is not valid Unicode, exactly
        row.update(
            analysed_at=now(),
            run_id=run_id,
            timings_json=json.dumps(timings or {}, sort_keys=True),
            report_json=json.dumps(report, sort_keys=True),
        )
        with self._transaction():
            self._forget(row["path"])
            cursor = self._db.execute(
                f"INSERT INTO documents({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                _clean(tuple(row.values())),
            )
            assert cursor.lastrowid is not None  # set by the INSERT
            doc_id = int(cursor.lastrowid)
            for table, (columns, extract) in rows.CHILDREN.items():
                self._db.executemany(
                    f"INSERT INTO {table}(document_id, {', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * (len(columns) + 1))})",
                    [(doc_id, *_clean(r)) for r in extract(report)],
                )
        return doc_id

    def write_error(self, record: dict[str, Any], *, run_id: int | None = None) -> None:
        """Store one document's error, replacing whatever its path held."""
        values: dict[str, Any] = {
            **{k: record.get(k) for k in _ERROR_COLUMNS},
            "run_id": run_id,
            "at": now(),
        }
        with self._transaction():
            self._forget(values["path"])
            self._db.execute(
                f"INSERT INTO errors({', '.join(_ERROR_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(_ERROR_COLUMNS))})",
                _clean(tuple(values[k] for k in _ERROR_COLUMNS)),
            )

    def _forget(self, path: str) -> None:
        path = db_text(path)
        old = [r[0] for r in self._db.execute("SELECT id FROM documents WHERE path = ?", (path,))]
        for table in rows.CHILDREN:
            self._db.executemany(f"DELETE FROM {table} WHERE document_id = ?", [(i,) for i in old])
        self._db.execute("DELETE FROM documents WHERE path = ?", (path,))
        self._db.execute("DELETE FROM errors WHERE path = ?", (path,))

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    # -- lifetime ----------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
