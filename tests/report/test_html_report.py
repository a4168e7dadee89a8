"""The HTML report: self-contained, complete, and inert whatever the contract contains.

The output is parsed with the stdlib ``html.parser``; the browser behaviour (filters, copy,
no script from the data) is checked in ``test_browser.py``.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pytest

from clausecheck.report import html_report
from clausecheck.report.digest import readable
from clausecheck.report.digest import shown_status
from clausecheck.report.json_report import to_dict
from tests.conftest import N_PROVISIONS
from tests.report.conftest import HOSTILE_NAME, poisoned
from tests.report.inputs import old_report_dict, report_dict

# Every element the writer itself produces; anything else came from the data.
OWN_TAGS = {
    "a",
    "article",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "circle",
    "code",
    "dd",
    "desc",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "g",
    "h1",
    "h2",
    "h3",
    "h4",
    "head",
    "header",
    "html",
    "input",
    "label",
    "li",
    "line",
    "main",
    "mark",
    "meta",
    "nav",
    "option",
    "output",
    "p",
    "polygon",
    "pre",
    "rect",
    "script",
    "section",
    "select",
    "span",
    "strong",
    "style",
    "summary",
    "svg",
    "table",
    "tbody",
    "td",
    "text",
    "th",
    "thead",
    "title",
    "tr",
    "tspan",
    "ul",
}
URL_ATTRS = {"src", "href", "action", "formaction", "xlink:href", "srcset", "poster", "data"}


class Page(HTMLParser):
    """Start tags with their attributes, the text of chosen elements, and the script body."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, list[str]] = {}  # tag or #id -> texts, filled on close
        self.scripts: list[str] = []
        self.all_text: list[str] = []
        self._open: list[tuple[str, str | None, list[str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("mark", "pre", "script", "blockquote", "tr", "text", "th", "output"):
            self._open.append((tag, a.get("id"), []))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                name, ident, parts = self._open.pop(i)
                text = "".join(parts)
                self.texts.setdefault(name, []).append(text)
                if ident:
                    self.texts.setdefault(f"#{ident}", []).append(text)
                if name == "script":
                    self.scripts.append(text)
                break

    def handle_data(self, data):
        self.all_text.append(data)
        for _, _, parts in self._open:
            parts.append(data)

    def elements(self, tag: str, **attrs: str) -> list[dict[str, str | None]]:
        return [
            a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())
        ]

    @property
    def text(self) -> str:
        return "".join(self.all_text)


@pytest.fixture(scope="module")
def harbor_dict(harbor):
    return to_dict(harbor)


@pytest.fixture(scope="module")
def page(harbor):
    return Page(html_report.render(harbor))


def assert_inert(page: Page) -> None:
    """Only our own elements, no event handlers, no URLs leaving the page, one script of ours."""
    unknown = {t for t, _ in page.tags} - OWN_TAGS
    assert not unknown, f"elements from the data: {unknown}"
    for tag, attrs in page.tags:
        handlers = [k for k in attrs if k.startswith("on")]
        assert not handlers, f"<{tag}> has event handler attributes {handlers}"
        for name, value in attrs.items():
            if name in URL_ATTRS:
                assert name == "href" and (value or "").startswith("#"), f"<{tag} {name}={value!r}>"
        if tag == "meta" and attrs.get("http-equiv") is None:
            assert set(attrs) <= {"charset", "name", "content"}
    assert len(page.elements("script")) == 1 and len(page.scripts) == 1
    assert not page.elements("script")[0], "the script element has attributes (src?)"
    script = page.scripts[0]
    assert "<" not in script, "markup inside the script body"


def test_self_contained_with_a_csp_that_allows_only_our_script(page):
    assert_inert(page)
    csp = page.elements("meta", **{"http-equiv": "Content-Security-Policy"})
    assert len(csp) == 1
    policy = csp[0]["content"]
    assert (
        "default-src 'none'" in policy
        and "img-src data:" in policy
        and "form-action 'none'" in policy
    )
    digest = base64.b64encode(hashlib.sha256(page.scripts[0].encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy
    style = "".join(page.texts.get("style", [])) + "".join(t for t in page.all_text if "{" in t)
    assert not re.search(r"@import|@font-face|url\(", style), "styles load something"
    assert not re.search(r"https?://", "".join(v or "" for _, a in page.tags for v in a.values()))


def test_provision_table_has_one_row_per_finding_with_filter_data(page, harbor_dict):
    rows = [a for a in page.elements("tr") if "data-provision" in a]
    assert len(rows) == N_PROVISIONS
    assert [r["data-provision"] for r in rows] == [f["provision"] for f in harbor_dict["findings"]]
    shown = ["na" if shown_status(f) == "n/a" else f["status"] for f in harbor_dict["findings"]]
    assert [r["data-status"] for r in rows] == shown  # not applicable: neutral, never missing
    assert [r["data-priority"] for r in rows] == [
        f.get("priority") or "none" for f in harbor_dict["findings"]
    ]
    heads = page.elements("th")
    assert sum(1 for h in heads if h.get("scope") == "col") >= 7
    assert sum(1 for h in heads if h.get("scope") == "row") >= N_PROVISIONS
    for control in ("filter-status", "filter-priority", "filter-text", "filter-count"):
        assert any(a.get("id") == control for _, a in page.tags)


def test_evidence_is_marked_and_missing_findings_show_what_was_examined(page, harbor_dict):
    marks = page.texts["mark"]
    found = [f for f in harbor_dict["findings"] if f["evidence"]]
    assert len(found) >= 8
    for f in found:
        for ev in f["evidence"]:
            assert ev["text"] in marks, f"{f['provision']}: evidence not highlighted"
        assert any(a.get("id") == f"f-{f['provision']}" for _, a in page.tags)
    missing = [f for f in harbor_dict["findings"] if shown_status(f) == "missing"]
    assert len(missing) >= 5
    assert page.text.count("What was examined") == len(missing)
    for f in missing:
        for candidate in f["candidates"]:
            assert candidate in page.text  # in full, with its score, in the technical fold


def test_no_probability_outside_the_technical_fold(harbor_dict):
    """The plain view (What was examined, Why) reads in words; the judge's and the model's
    probabilities are only inside a folded 'Technical detail'."""
    from clausecheck.report.html_report import render

    html = render(harbor_dict)
    folds = re.findall(r'<details class="technical">.*?</details>', html, re.S)
    assert any("p(found)=" in fold for fold in folds)  # the scores are kept, folded
    plain = re.sub(r'<details class="technical">.*?</details>', "", html, flags=re.S)
    body = plain.split("<body", 1)[1].split("<script>", 1)[0]
    assert not re.search(r"p\([a-z]+\)\s*=", body)
    assert body.count("read and rejected") == sum(
        1 for f in harbor_dict["findings"] if shown_status(f) == "missing" and f["candidates"]
    )


def test_suggestions_each_have_a_block_and_a_copy_button(page, harbor_dict):
    suggestions = [s for f in harbor_dict["findings"] for s in f.get("suggestions") or ()]
    assert suggestions, "the weak sample should get suggestions"
    buttons = [a for a in page.elements("button") if "copy" in (a.get("class") or "").split()]
    targets = [b["data-target"] for b in buttons]
    assert len(targets) >= len(suggestions)
    for target in targets:
        assert f"#{target}" in page.texts, f"copy button points at nothing: {target}"
    blocks = "\n".join(page.texts["pre"])
    for s in suggestions:
        assert s["text"] in blocks


def test_traction_moments_and_svg_timeline(page, harbor_dict):
    traction = harbor_dict["traction"]
    assert len(traction["moments"]) == 13
    for m in traction["moments"]:
        assert m["label"] in page.text
    assert len(page.elements("svg")) == 1
    items = [a for a in page.elements("g") if "tl-item" in (a.get("class") or "")]
    assert len(items) >= len(traction["timeline"]) > 0
    shapes = {a.get("class") for t, a in page.tags if t in ("circle", "polygon", "rect")}
    hooks = {r["hr_hook"] for r in traction["timeline"]}
    for hook in hooks:
        assert f"mk mk-{hook}" in shapes
    for phase in (
        "pre-award",
        "signing",
        "conditions",
        "performance",
        "renewal",
        "exit",
        "survival",
    ):
        assert phase in "".join(page.texts["text"])
    for marker in traction["markers"]:
        assert readable(marker["message"]) in page.text


def test_every_schema_field_renders():
    """The hand-built dict: failed profile, markers, dated rows with a window and a recurrence,
    evidence shown inside its clause when the report holds the clause text at matching offsets."""
    d = report_dict()
    f = next(f for f in d["findings"] if f["evidence"])
    ev = f["evidence"][0]
    ev["end"] = ev["start"] + len(ev["text"])
    d["traction"]["timeline"] = [
        {
            "moment": "periodic_reporting",
            "phase": "performance",
            "label": "Quarterly report",
            "hr_hook": "absent",
            "section": "8.1",
            "when": {
                "kind": "recurrence",
                "text": "every 3 months",
                "date": "2024-01-01",
                "every": {"n": 3, "unit": "month"},
            },
            "source": {"start": ev["start"], "end": ev["end"] + 6, "text": ev["text"] + " after"},
        },
        {
            "moment": "service_renewal",
            "phase": "renewal",
            "label": "notice window",
            "hr_hook": "explicit",
            "when": {
                "kind": "window",
                "text": "D-90 to D-30",
                "start": "2025-10-01",
                "end": "2025-12-01",
            },
        },
        {
            "moment": "exit",
            "phase": "nonsense",
            "label": "no date",
            "hr_hook": "possible",
            "when": {},
        },
    ]
    page = Page(html_report.render(d))
    assert_inert(page)
    assert "\u2717 fails" in page.text and "supplier_basic" in page.text
    for marker in d["traction"]["markers"]:
        assert readable(marker["message"]) in page.text
    items = [a for a in page.elements("g") if "tl-item" in (a.get("class") or "")]
    assert len(items) == 3 + 2  # every row by phase, the two dated rows again on the time axis
    assert {
        a["class"]
        for t, a in page.tags
        if t in ("circle", "polygon", "rect") and "mk" in a.get("class", "")
    } == {"mk mk-absent", "mk mk-explicit", "mk mk-possible"}
    assert page.elements("rect", **{"class": "tl-window"})
    assert len(page.elements("line", **{"class": "tl-repeat"})) == 7  # quarterly, up to 2025-12-01
    assert ev["text"] + " after" in page.texts["blockquote"]
    assert ev["text"] in page.texts["mark"]


def test_old_report_without_leverage_map_still_renders():
    page = Page(html_report.render(old_report_dict()))
    assert_inert(page)
    assert len([a for a in page.elements("tr") if "data-provision" in a]) == N_PROVISIONS
    assert "without the leverage map" in page.text and "No suggested clauses" in page.text
    assert not page.elements("svg")


def test_hostile_contract_renders_as_text(hostile):
    html = html_report.render(hostile)
    page = Page(html)
    assert_inert(page)
    d = to_dict(hostile)
    assert any("<" in p["name"] for p in d["document"]["parties"]), (
        "the party name should carry markup"
    )
    assert any("<" in (e["heading"] or "") for f in d["findings"] for e in f["evidence"]), (
        "a heading too"
    )
    shown = page.text
    assert HOSTILE_NAME in shown  # the file name, quotes and brackets included, as text
    for payload in (
        '<img src=x onerror="window.__pwned=1;alert(2)">',
        "<script>window.__pwned=1;alert(3)</script>",
        "<SCRIPT>ALERT('X')</SCRIPT>",
    ):
        assert payload in shown, payload
    assert "&lt;img src=x onerror=" in html and "<img" not in html


def test_every_string_poisoned_stays_inert():
    page = Page(html_report.render(poisoned(report_dict())))
    assert_inert(page)
    assert page.text.count("<img src=x onerror=") > 100


def test_write_uses_the_extension(tmp_path, harbor):
    assert html_report.EXTENSION == ".html"
    path = tmp_path / f"report{html_report.EXTENSION}"
    html_report.write(harbor, path)
    assert path.read_text(encoding="utf-8") == html_report.render(harbor)
