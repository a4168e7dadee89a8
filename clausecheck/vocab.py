"""The shared vocabulary as enums, in one module that is cheap to import.

Values are the strings of the specification and the JSON report; enums subclass ``str`` so a
value compares equal to its string and serialises as it. Provision and moment ids are not here:
they come from the data, through the registry (``clausecheck.data.registry``).
"""

from __future__ import annotations

from enum import Enum


class _Vocab(str, Enum):
    def __str__(self) -> str:
        return self.value

    @classmethod
    def values(cls) -> tuple[str, ...]:
        return tuple(m.value for m in cls)


class Status(_Vocab):
    PRESENT = "present"
    WEAK = "weak"
    MISSING = "missing"

    @property
    def rank(self) -> int:
        return _STATUS_RANK[self.value]


_STATUS_RANK = {"present": 2, "weak": 1, "missing": 0}


class Priority(_Vocab):
    """P1 flag first ... P4 low; NA: not normally applicable to the relationship (spec 3.28)."""

    P1 = "P1"
    P2 = "P2"
    P3 = "P3"
    P4 = "P4"
    NA = "-"

    @classmethod
    def levels(cls) -> tuple[str, ...]:
        """The four levels that flag a gap, most urgent first."""
        return ("P1", "P2", "P3", "P4")


class Relationship(_Vocab):
    SUPPLIER = "supplier"
    PARTNER = "partner"
    CUSTOMER = "customer"
    LENDER = "lender"
    GOVERNMENT = "government"


class Modality(_Vocab):
    """Spec 2.3: how binding a sentence's wording is."""

    BINDING = "binding"
    RIGHT = "right"
    REP = "rep"
    EFFORTS = "efforts"
    ASPIRATION = "aspiration"
    INFORM = "inform"
    NONE = "none"
    NEGATED = "negated"


class Hook(_Vocab):
    """The human-rights hook of a moment instance (spec 1.3)."""

    EXPLICIT = "explicit"
    POSSIBLE = "possible"
    ABSENT = "absent"

    @property
    def rank(self) -> int:
        return {"absent": 0, "possible": 1, "explicit": 2}[self.value]


class Phase(_Vocab):
    """Timeline phases, in the order rows run (spec 4.2)."""

    PRE_AWARD = "pre-award"
    SIGNING = "signing"
    CONDITIONS = "conditions"
    PERFORMANCE = "performance"
    RENEWAL = "renewal"
    EXIT = "exit"
    SURVIVAL = "survival"


class Purpose(_Vocab):
    OBLIGE = "oblige"
    OBLIGE_TO_ENGAGE = "oblige_to_engage"
    PERSUADE = "persuade"


SHIFT_CATEGORIES = ("A", "B", "C", "D", "E")
