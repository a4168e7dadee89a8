"""Portfolio rows: one ``Contract`` per stored report dict.

Reports are read leniently: reports stored by older versions lack the leverage-map keys
(``priority``, ``traction`` ...), so every newer key is read with a default, and a missing
``priority`` falls back to the provision card's priority for the contract's relationship.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from clausecheck.report.cards import priority_of, priority_rank, spec_rank

Report = Mapping[str, Any]
STATUSES = ("present", "weak", "missing")
PRIORITIES = ("P1", "P2", "P3", "P4")
HUMAN_RIGHTS_GAP = ("P1", "P2")  # priorities the calendar and dashboards call "lacking"


@dataclass(frozen=True, eq=False)
class Contract:
    """One analysed contract of the portfolio, with the fields the views group and filter on."""

    index: int
    id: str
    path: str
    title: str | None
    relationship: str
    contract_type: str
    company: str | None
    counterparties: tuple[str, ...]
    aliases: tuple[str, ...]  # counterparty names and defined names ("Supplier"), for searching
    effective_date: str | None
    statuses: Mapping[str, str]
    priorities: Mapping[str, str | None]
    traction: Mapping[str, Any]  # only "timeline" and "dates": the rest of the report is not kept
    # reviewers' decisions by provision (clausecheck/review); ``statuses`` hold the reviewer's
    # status where there is one, so gaps, queries and the matrix follow the people who checked
    decisions: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    # present | weak | missing by provision, the reviewer's where there is one, before "n/a":
    # what a profile's verdict is evaluated on (portfolio/verdict.py), as scan --profile does
    calls: Mapping[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return PurePath(self.path).name or self.path

    @property
    def counterparty(self) -> str:
        return "; ".join(self.counterparties) or "(not identified)"

    def lacks(self, priorities: Iterable[str] = HUMAN_RIGHTS_GAP) -> list[str]:
        """Missing provisions with one of ``priorities``, most urgent first."""
        wanted = set(priorities)
        gaps = [
            p
            for p, s in self.statuses.items()
            if s == "missing" and self.priorities.get(p) in wanted
        ]
        return sorted(gaps, key=lambda p: (priority_rank(self.priorities.get(p)), spec_rank(p)))


def _counterparties(document: Mapping[str, Any], *, defined: bool = False) -> tuple[str, ...]:
    """Counterparty names (falling back to the defined name); with ``defined``, the defined names
    too."""
    parties = [p for p in document.get("parties") or () if p.get("role") == "counterparty"]
    names = [p.get("name") or p.get("defined_as") or "" for p in parties]
    if defined:
        names += [p.get("defined_as") or "" for p in parties]
    return tuple(dict.fromkeys(n for n in names if n))


_OPTIONAL_TEXT = (str, type(None))
# The shape of the parts of a stored report that the portfolio reads: key -> the types its
# value may have, or a nested shape (a dict for a mapping, a one-item list for a list of them).
_SHAPE: dict[str, Any] = {
    "document": {
        **dict.fromkeys(
            ("title", "company", "effective_date", "contract_type", "relationship", "path"),
            _OPTIONAL_TEXT,
        ),
        "sha256": _OPTIONAL_TEXT,
        "parties": [dict.fromkeys(("name", "defined_as", "role"), _OPTIONAL_TEXT)],
    },
    "findings": [
        {"provision": str, "status": _OPTIONAL_TEXT, "priority": _OPTIONAL_TEXT},
    ],
    "traction": {
        "timeline": [
            {
                "when": dict.fromkeys(("date", "start", "end", "kind", "text"), _OPTIONAL_TEXT),
                **dict.fromkeys(("moment", "section", "heading", "label"), _OPTIONAL_TEXT),
                "provisions": [str],
            }
        ],
        "dates": dict,
    },
}


def check_shape(value: Any, shape: Any = _SHAPE, where: str = "report") -> None:
    """Raise TypeError naming the first field of ``value`` whose type breaks ``shape`` (a
    damaged or hand-edited store); absent and null fields are fine."""
    if value is None:
        return
    if isinstance(shape, dict):
        if not isinstance(value, Mapping):
            raise TypeError(f"{where} is not a mapping")
        for key, inner in shape.items():
            check_shape(value.get(key), inner, f"{where}.{key}")
    elif isinstance(shape, list):
        if not isinstance(value, list):
            raise TypeError(f"{where} is not a list")
        for i, item in enumerate(value):
            check_shape(item, shape[0], f"{where}[{i}]")
    elif not isinstance(value, shape):
        raise TypeError(f"{where} has the wrong type")


def contract(index: int, report: Report) -> Contract:
    check_shape(report)
    doc = report.get("document") or {}
    row = report.get("_row") or {}
    relationship = doc.get("relationship") or "supplier"
    statuses: dict[str, str] = {}
    priorities: dict[str, str | None] = {}
    decisions: dict[str, Mapping[str, Any]] = {}
    calls: dict[str, str] = {}
    for f in sorted(report.get("findings") or (), key=lambda f: spec_rank(f.get("provision", ""))):
        pid = f.get("provision")
        if not pid:
            continue
        status = f.get("status") if f.get("status") in STATUSES else "missing"
        decision = f.get("decision")
        if isinstance(decision, Mapping) and decision.get("status") in STATUSES:
            decisions[pid] = decision
            status = decision["status"]
        calls[pid] = status
        # not normally applicable to the relationship: shown neutral, never a gap (spec 3.28)
        statuses[pid] = "n/a" if f.get("applicable") is False and status != "present" else status
        priorities[pid] = priority_of(f, relationship)
    path = str(row.get("path") or doc.get("path") or f"contract {index + 1}")
    ident = row.get("document_id") or (doc.get("sha256") or "")[:12] or str(index + 1)
    traction = report.get("traction") or {}
    return Contract(
        index=index,
        id=str(ident),
        path=path,
        title=doc.get("title"),
        relationship=relationship,
        contract_type=doc.get("contract_type") or "other",
        company=doc.get("company"),
        counterparties=_counterparties(doc),
        aliases=_counterparties(doc, defined=True),
        effective_date=doc.get("effective_date"),
        statuses=statuses,
        priorities=priorities,
        traction={"timeline": traction.get("timeline") or [], "dates": traction.get("dates") or {}},
        decisions=decisions,
        calls=calls,
    )


def contracts(reports: Iterable[Report], skipped: list[str] | None = None) -> list[Contract]:
    """Contracts in the order given; ``index`` is the position (stable ids for the views).
    Reports are read one at a time and not kept, so a store's generator streams. A report whose
    fields have the wrong types (a hand-edited or damaged store) is left out and its path added
    to ``skipped``."""
    out: list[Contract] = []
    for report in reports:
        try:
            out.append(contract(len(out), report))
        except (TypeError, AttributeError, ValueError, KeyError):
            if skipped is not None:
                row = report.get("_row") if isinstance(report, Mapping) else None
                skipped.append(str(row.get("path") if isinstance(row, Mapping) else "?"))
    return out


def provision_ids(items: Iterable[Contract]) -> list[str]:
    """The columns: the shipped provisions in the data's order, then any custom provision in
    first-seen order."""
    from clausecheck.data import registry

    known = registry.builtin().ids
    seen: dict[str, None] = {}
    for c in items:
        seen.update(dict.fromkeys(c.statuses))
    return list(known) + [p for p in seen if p not in known]
