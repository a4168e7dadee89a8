"""iCalendar (RFC 5545) export of the dated moments of traction, e.g. "last day to require
human-rights terms before automatic renewal of the Supply Agreement".

Written by hand (a few dozen lines) rather than through a library: values are escaped and lines
folded at 75 octets as the RFC requires, and recurrences become RRULEs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from clausecheck.report import atomic
from clausecheck.report.json_report import to_dict
from clausecheck.types import Report

EXTENSION = ".ics"
_FREQ = {
    "day": ("DAILY", 1),
    "business_day": ("DAILY", 1),
    "week": ("WEEKLY", 1),
    "month": ("MONTHLY", 1),
    "quarter": ("MONTHLY", 3),
    "year": ("YEARLY", 1),
}


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def _fold(line: str) -> str:
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for ch in line:
        b = ch.encode("utf-8")
        if len(current) + len(b) > (75 if not parts else 74):
            parts.append(current.decode("utf-8"))
            current = b""
        current += b
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def events(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The dated timeline rows as event dicts: date, summary, description, rrule."""
    doc = report["document"]
    title = doc.get("title") or Path(doc["path"]).name
    missing = [
        f["provision"]
        for f in report["findings"]
        if f["status"] == "missing" and f.get("priority") in ("P1", "P2")
    ]
    out = []
    for row in (report.get("traction") or {}).get("timeline") or ():
        when = row["when"]
        date = when.get("date")
        if not date:
            continue
        rrule = None
        every = when.get("every")
        if every and every.get("unit") in _FREQ:
            freq, mult = _FREQ[every["unit"]]
            rrule = f"FREQ={freq};INTERVAL={every['n'] * mult}"
        desc = [
            f"{row['label']} ({when['text']})",
            f"Moment of traction: {row['moment']}; human-rights hook: {row['hr_hook']}.",
        ]
        if row.get("section"):
            desc.append(
                f"Contract section {row['section']}"
                + (f" ({row['heading']})" if row.get("heading") else "")
                + "."
            )
        if missing:
            desc.append(
                "Human-rights provisions this contract lacks (P1-P2): " + ", ".join(missing) + "."
            )
        out.append(
            {
                "date": date,
                "summary": f"{row['label']} - {title}",
                "description": "\n".join(desc),
                "rrule": rrule,
                "uid_seed": f"{doc['sha256']}:{row['moment']}:{date}:{row['label']}",
            }
        )
    return out


def render(report: Report, *, now: dt.datetime | None = None) -> str:
    data = to_dict(report)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//clausecheck//moments of traction//EN",
        "CALSCALE:GREGORIAN",
    ]
    for ev in events(data):
        day = ev["date"].replace("-", "")
        nxt = (dt.date.fromisoformat(ev["date"]) + dt.timedelta(days=1)).strftime("%Y%m%d")
        uid = hashlib.sha256(ev["uid_seed"].encode("utf-8")).hexdigest()[:32]
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid}@clausecheck",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day}",
            f"DTEND;VALUE=DATE:{nxt}",
            f"SUMMARY:{_escape(ev['summary'])}",
            f"DESCRIPTION:{_escape(ev['description'])}",
        ]
        if ev["rrule"]:
            lines.append(f"RRULE:{ev['rrule']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


def write(
    report: Report, path: Path, *, now: dt.datetime | None = None, force: bool = False
) -> None:
    atomic.write_bytes(path, render(report, now=now).encode("utf-8"), force=force)
