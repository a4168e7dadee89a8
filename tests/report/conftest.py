"""Fixtures for the HTML report tests: a real scan of a sample contract and of a hostile contract.

The hand-built report dicts shared by all writer tests live in ``tests/report/inputs.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import SAMPLES
from tests.report.inputs import scan_text

# Markup in the places a contract puts text: title, party names, headings, clause text, file name.
# Each payload tries to run code or fetch something; the report must show it as text.
HOSTILE_NAME = 'supply "<img src=x onerror=window.__pwned=1>" & co.txt'
HOSTILE_TEXT = """SUPPLY AGREEMENT <script>alert('x')</script>

THIS SUPPLY AGREEMENT is entered into as of 1 March 2024 (the "Effective Date") by and between \
Acme "Best" <b onclick="window.__pwned=1">Retail</b> Inc., a Delaware corporation ("Buyer"), and \
Evil <img src=x onerror="window.__pwned=1"> Supplies Ltd, an English company ("Supplier").

1. DEFINITIONS

1.1 "Goods" means the goods described in an Order <a href="javascript:window.__pwned=1">click</a>.

2. SUPPLY

2.1 The Supplier shall deliver the Goods in accordance with each Order placed by the Buyer.

3. AUDIT <IMG SRC=X ONERROR=ALERT(1)>

3.1 The Buyer may audit the books and records of the Supplier on 10 days' notice to verify \
invoiced amounts <img src=x onerror="window.__pwned=1;alert(2)">.

4. LABOUR STANDARDS <SCRIPT>ALERT('X')</SCRIPT>

4.1 The Supplier shall not use forced labour, prison labour or child labour, and shall ensure its \
subcontractors do the same </textarea></pre><script>window.__pwned=1;alert(3)</script>.

5. TERM AND TERMINATION <svg onload="window.__pwned=1">

5.1 This Agreement starts on the Effective Date and continues for an initial term of two years, \
and renews automatically for successive one-year terms unless either party gives 90 days' \
notice of non-renewal <iframe src="https://example.invalid/x"></iframe>.

5.2 Either party may terminate this Agreement if the other materially breaches it and fails to \
cure the breach within 30 days <style>body{display:none}</style>\
<link rel="stylesheet" href="http://example.invalid/x.css">.

IN WITNESS WHEREOF the parties have signed this Agreement.
"""

PAYLOAD = '"\'><script>window.__pwned=1;alert(9)</script><img src=x onerror="window.__pwned=1">'


@pytest.fixture(scope="session")
def harbor(engine):
    """The weak supplier sample: many weak and missing findings."""
    return engine.scan(SAMPLES / "supplier_weak_harbor.txt")


@pytest.fixture(scope="session")
def hostile(engine, tmp_path_factory):
    return scan_text(engine, tmp_path_factory.mktemp("hostile"), HOSTILE_NAME, HOSTILE_TEXT)


def poisoned(value: Any) -> Any:
    """A copy of a report dict with the payload appended to every string, keys left alone."""
    if isinstance(value, dict):
        return {k: poisoned(v) for k, v in value.items()}
    if isinstance(value, list):
        return [poisoned(v) for v in value]
    return value + PAYLOAD if isinstance(value, str) else value
