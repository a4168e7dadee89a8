"""The dashboard HTML: self-contained, escaped, and with the sections the issue asks for."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from clausecheck.portfolio import dashboard
from tests.conftest import N_PROVISIONS
from tests.portfolio.conftest import FORMULA_TITLE, HOSTILE_NAME, HOSTILE_PATH, TODAY

ERRORS = [
    {
        "path": "inbox/<b>broken</b>.pdf",
        "code": "E103",
        "exit_code": 3,
        "message": "error E103: the PDF is truncated - re-export it",
    }
]


class Page(HTMLParser):
    """Every start tag with its attributes, text by enclosing element, rows and their cells."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.rows: list[
            tuple[dict[str, str | None], list[str], list[str]]
        ] = []  # attrs, td classes, texts
        self._in: str | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._in = tag
            (self.scripts if tag == "script" else self.styles).append("")
        elif tag == "tr":
            self.rows.append((a, [], []))
        elif tag == "td" and self.rows:
            self.rows[-1][1].append(a.get("class") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None

    def handle_data(self, data):
        if self._in == "script":
            self.scripts[-1] += data
        elif self._in == "style":
            self.styles[-1] += data
        else:
            self.text.append(data)
            if self.rows:
                self.rows[-1][2].append(data)

    def all(self, tag, **attrs):
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    def rows_with(self, cls):
        return [r for r in self.rows if cls in (r[0].get("class") or "").split()]


@pytest.fixture(scope="module")
def html(portfolio):
    return dashboard.render(portfolio, today=TODAY, errors=ERRORS)


@pytest.fixture(scope="module")
def page(html):
    return Page(html)


def _sha(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_self_contained_no_external_requests(page, html):
    for tag, attrs in page.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            assert name not in attrs or tag == "object", (tag, attrs)
    assert not page.all("link") and not page.all("img") and not page.all("iframe")
    assert not [a for t, a in page.tags if t == "script" and "src" in a]
    assert not re.search(
        r"(?i)(https?:)?//[a-z0-9.-]+\.[a-z]{2,}/", "".join(page.scripts) + "".join(page.styles)
    )
    assert "@import" not in html and "url(" not in "".join(page.styles)


def test_csp_allows_only_the_inline_style_and_script(page):
    (meta,) = page.all("meta", **{"http-equiv": "Content-Security-Policy"})
    csp = meta["content"]
    assert csp.startswith("default-src 'none';")
    script_tags = [a for t, a in page.tags if t == "script"]
    code = [s for s, a in zip(page.scripts, script_tags, strict=True) if a.get("type") is None]
    assert len(code) == 1 and f"script-src {_sha(code[0])}" in csp
    assert len(page.styles) == 1 and f"style-src {_sha(page.styles[0])}" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_heatmap_one_row_per_contract_and_27_columns(page, portfolio):
    rows = page.rows_with("contract")
    assert len(rows) == len(portfolio)
    assert sorted(int(a["data-c"]) for a, _, _ in rows) == list(range(len(portfolio)))
    assert all(len(cells) == N_PROVISIONS for _, cells, _ in rows)
    assert len(page.all("th", **{"class": "p", "scope": "col"})) == N_PROVISIONS
    groups = [" ".join(t).strip() for a, _, t in page.rows_with("group")]
    assert groups == ["Customer (1)", "Government (1)", "Lender (2)", "Partner (1)", "Supplier (5)"]
    harbor = next(r for r in rows if r[0]["data-c"] == "0")
    assert (
        harbor[1][1] == "s s-weak"
    )  # audit_rights, the second column, is weak in the harbor sample


def test_hostile_strings_stay_inert_text(page, html):
    assert not page.all("img")
    assert HOSTILE_NAME in "".join(page.text)
    assert html.count("<img") == 0 and "</script><script>alert(2)" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert any(
        a.get("title") == HOSTILE_PATH for _, a in page.tags
    )  # attribute decoded back to the raw text
    data = json.loads(page.scripts[0])
    assert HOSTILE_NAME in {c["counterparty"] for c in data["contracts"]}
    assert "<" not in page.scripts[0] and "&" not in page.scripts[0]


def test_share_bars_stack_to_100(page, portfolio):
    bars = [a for t, a in page.tags if t == "rect"]
    assert len(bars) == N_PROVISIONS * 3
    for i in range(0, len(bars), 3):
        assert sum(float(b["width"]) for b in bars[i : i + 3]) == pytest.approx(100, abs=0.05)
    audit = bars[3:6]  # audit_rights: present, weak, missing
    weak = sum(c.statuses["audit_rights"] == "weak" for c in portfolio)
    assert float(audit[1]["width"]) == pytest.approx(100 * weak / len(portfolio), abs=0.01)


def test_top_gaps_put_p1_missing_first(page, portfolio):
    gaps = page.rows_with("gap")
    assert gaps
    first = " ".join(gaps[0][2])
    assert first.startswith("P1") and "missing \u2192 add" in first
    prios = [" ".join(t).split()[0] for _, _, t in gaps]
    assert prios == sorted(prios)
    chips = [a for t, a in page.tags if t == "span" and a.get("class") == "chip"]
    assert {a["data-c"] for a in chips} <= {str(c.index) for c in portfolio}


def test_calendar_lists_moments_with_the_contracts_gaps(page, portfolio):
    events = page.rows_with("event")
    dated = next(c for c in portfolio if c.path == "dated/harbor_renewal.txt")
    mine = [(a["data-h"], " ".join(t)) for a, _, t in events if a["data-c"] == str(dated.index)]
    by_text = {text.split(" ")[0]: h for h, text in mine}
    assert by_text["2026-03-06"] == "90"  # renewal notice deadline, 50 days ahead
    assert by_text["2026-01-27"] == "30"  # next quarterly report
    renewal = next(text for h, text in mine if text.startswith("2026-03-06"))
    assert "Renewal notice" in renewal and "in 50 days" in renewal
    assert "P1" in renewal and "Code of conduct" in renewal  # missing P1 in the harbor text
    assert all(h in ("30", "90", "365") for h, _ in mine)
    assert not any("Each complaint" in text for _, text in mine)


def test_errors_section(page, html):
    text = " ".join(page.text)
    assert "inbox/<b>broken</b>.pdf" in text and "E103" in text
    assert "<b>broken" not in html


def test_filters_offer_each_value(page):
    rels = [a["value"] for t, a in page.tags if t == "option" and "value" in a][:6]
    assert rels == ["", "customer", "government", "lender", "partner", "supplier"]
    assert HOSTILE_NAME in [a["value"] for t, a in page.tags if t == "option"]
    assert FORMULA_TITLE not in " ".join(page.text)  # titles are not shown; paths and names are


def test_empty_portfolio_renders():
    page = Page(dashboard.render([], today=TODAY))
    assert (
        page.rows_with("contract") == []
        and len(page.all("th", **{"class": "p", "scope": "col"})) == N_PROVISIONS
    )
    assert "No contracts." in " ".join(page.text)


def test_reviewer_decisions_shown_beside_the_tools_call(sample_reports):
    """A reviewer's status drives the heatmap (marked), the tool's call stays in the tooltip and
    the decisions table; a re-scan that disagrees is flagged and listed first."""
    import copy

    from clausecheck.portfolio.load import contracts

    report = copy.deepcopy(sample_reports["supplier_weak_harbor.txt"])
    by_pid = {f["provision"]: f for f in report["findings"]}
    tool = by_pid["audit_rights"]["status"]
    wanted = "missing" if tool != "missing" else "present"
    by_pid["audit_rights"]["decision"] = {
        "status": wanted, "reason": "general audit only", "reviewer": "jd",
        "tool_now": tool, "tool_status": tool, "changed": True, "disagrees": False,
    }  # fmt: skip
    other = by_pid["grievance_mechanism"]["status"]
    by_pid["grievance_mechanism"]["decision"] = {
        "status": "present" if other != "present" else "weak", "reason": "ok",
        "tool_now": other, "tool_status": "weak" if other == "present" else "present",
        "changed": True, "disagrees": True,
    }  # fmt: skip
    (c,) = contracts([report])
    assert c.statuses["audit_rights"] == wanted
    html = dashboard.render([c], today=TODAY)
    page = Page(html)
    assert "Reviewer decisions" in page.text
    section = html.split('<section id="reviews">')[1].split("</section>")[0]
    rows = [re.sub(r"<[^>]+>", "|", r) for r in section.split("<tr")[2:]]  # after the head
    assert len(rows) == 2
    assert "|Grievance mechanism|" in rows[0] and "re-scan disagrees" in rows[0]
    assert f"|Audit and inspection rights||{tool}||{wanted}|" in rows[1]
    assert f"changed by reviewer (the tool says {tool})" in html
    assert 'class="rv">r</sup>' in html and 'class="rv">!</sup>' in html
