"""Audit the insertion plan on real contracts: for each weak or missing finding's first
suggestion, whether it has a clause number and whether that number is valid in the contract's
own scheme (``clausecheck.leverage.suggest.is_number``); also 3TG clauses offered outside a
supply agreement. Prints counts only, never contract text.

    .venv/bin/python tools/insertion_audit.py ../shared/real_contracts/pool/contracts/*Supply*.txt
"""

from __future__ import annotations

import sys

from clausecheck.engine import Engine
from clausecheck.leverage.suggest import is_number


def main(paths: list[str]) -> None:
    engine = Engine()
    total = empty = invalid = off_type = 0
    for path in paths:
        report = engine.scan(path)
        for f in report.findings:
            if not f.suggestions:
                continue
            total += 1
            number = f.suggestions[0].insertion.section_number
            empty += not number
            invalid += bool(number) and not is_number(number)
            off_type += (
                f.provision == "conflict_minerals" and report.structure.contract_type != "supply"
            )
    print(
        f"{len(paths)} contracts, {total} first suggestions: {empty} without a number, "
        f"{invalid} with a number outside the grammar, {off_type} 3TG clauses outside supply"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
