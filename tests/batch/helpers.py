"""Shared helpers for the batch tests: a store snapshot without volatile columns, corpora."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

# Columns that differ between two runs over the same inputs: ids, times, run links, timings.
VOLATILE = {
    "documents": {"id", "analysed_at", "run_id", "timings_json"},
    "errors": {"id", "run_id", "at"},
}

CONTRACT = """MASTER SERVICES AGREEMENT

This Agreement is made between {buyer} ("Client") and {vendor} ("Service Provider").

1. ETHICS

1.1 The Service Provider shall not offer or pay any bribe to any public official.

2. AUDIT

2.1 The Client may audit the Service Provider's compliance with this Agreement, including its labour
practices, on {days} days' written notice.

3. TERMINATION

3.1 Either Party may terminate this Agreement if the other commits a material breach and fails to
remedy it within {cure} days of notice.
"""


def write_variant(path: Path, n: int, **overrides) -> Path:
    """A small original text contract; ``n`` varies names and periods."""
    values = {
        "buyer": f"Arlow Holdings {n} Ltd",
        "vendor": f"Brisk Services {n} LLC",
        "days": 10 + n,
        "cure": 20 + n,
    }
    values.update(overrides)
    path.write_text(CONTRACT.format(**values), encoding="utf-8")
    return path


def snapshot(db: Path) -> dict[str, list[str]]:
    """Every table but runs, rows sorted, document ids replaced by paths, volatile columns dropped."""
    con = sqlite3.connect(str(db))
    try:
        paths = dict(con.execute("SELECT id, path FROM documents"))
        tables = [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'runs' ORDER BY name"
            )
        ]
        out = {}
        for table in tables:
            cursor = con.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = []
            for values in cursor:
                row = {c: v for c, v in zip(columns, values) if c not in VOLATILE.get(table, ())}
                if "document_id" in row:
                    row["document_id"] = paths[row["document_id"]]
                rows.append(json.dumps(row, sort_keys=True))
            out[table] = sorted(rows)
        return out
    finally:
        con.close()


def count(db: Path, table: str) -> int:
    con = sqlite3.connect(str(db), timeout=5)
    try:
        return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    except sqlite3.OperationalError:  # not created yet
        return 0
    finally:
        con.close()
