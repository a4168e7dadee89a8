"""The HTML report in a real browser (Debian's chromium + chromedriver, headless).

Checks what only a browser can: the inline script runs under the report's own CSP, the filters
and Copy buttons work, the chart is drawn, and a hostile contract runs no code (no alert, no
window flag, no console error, no network request). The driver binaries are given explicitly,
so selenium-manager never downloads anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
        reason="needs Debian's chromium and chromium-driver "
        "(/usr/bin/chromium, /usr/bin/chromedriver)",
    ),
]

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from clausecheck.report import html_report  # noqa: E402
from clausecheck.report.digest import shown_status
from clausecheck.report.json_report import to_dict  # noqa: E402
from tests.conftest import N_PROVISIONS


@pytest.fixture(scope="module")
def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    drv.set_page_load_timeout(20)
    yield drv
    drv.quit()


def open_report(driver, report, path: Path) -> None:
    html_report.write(report, path)
    driver.get_log("browser")  # drop entries from the previous page
    driver.get(path.resolve().as_uri())


def visible_rows(driver) -> list[str]:
    """Provisions of the table rows the browser actually lays out (one script call, not 27)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#provision-table tbody tr'))"
        ".filter(function (r) { return r.getClientRects().length > 0; })"
        ".map(function (r) { return r.dataset.provision; });"
    )


def errors_in_console(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_sample_report_table_chart_filters_and_copy(driver, harbor, tmp_path):
    d = to_dict(harbor)
    open_report(driver, harbor, tmp_path / "harbor.html")
    assert len(visible_rows(driver)) == N_PROVISIONS
    assert driver.find_element(By.ID, "filters").is_displayed(), (
        "the script did not run (CSP hash?)"
    )
    assert (
        driver.find_element(By.ID, "filter-count").text
        == f"Showing {N_PROVISIONS} of {N_PROVISIONS} provisions"
    )

    chart = driver.find_element(By.CSS_SELECTOR, "svg.timeline")
    assert chart.size["width"] > 500 and chart.size["height"] > 100
    assert (
        len(chart.find_elements(By.CSS_SELECTOR, ".tl-item")) >= len(d["traction"]["timeline"]) > 0
    )

    # "missing" shows the gaps: a provision that does not apply here is "n/a", not missing
    missing = [f["provision"] for f in d["findings"] if shown_status(f) == "missing"]
    Select(driver.find_element(By.ID, "filter-status")).select_by_value("missing")
    assert visible_rows(driver) == missing
    assert (
        driver.find_element(By.ID, "filter-count").text
        == f"Showing {len(missing)} of {N_PROVISIONS} provisions"
    )

    Select(driver.find_element(By.ID, "filter-priority")).select_by_value("P1")
    p1_missing = [
        f["provision"]
        for f in d["findings"]
        if shown_status(f) == "missing" and f.get("priority") == "P1"
    ]
    assert visible_rows(driver) == p1_missing

    driver.find_element(By.ID, "filter-reset").click()
    assert len(visible_rows(driver)) == N_PROVISIONS
    # The search also looks in the evidence, not only in the visible cells.
    driver.find_element(By.ID, "filter-text").send_keys("independent accountant")
    assert visible_rows(driver) == ["audit_rights"]
    driver.find_element(By.ID, "filter-reset").click()

    driver.find_element(By.CSS_SELECTOR, 'button[data-filter-status="weak"]').click()
    assert visible_rows(driver) == [f["provision"] for f in d["findings"] if f["status"] == "weak"]

    copy = driver.find_element(By.CSS_SELECTOR, "button.copy")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", copy)
    assert copy.is_displayed() and copy.text == "Copy"
    copy.click()
    # the clipboard call answers asynchronously: wait for the label it sets (not a timing test)
    WebDriverWait(driver, 10, poll_frequency=0.05).until(
        lambda _: copy.text in ("Copied", "Select and copy by hand")
    )
    assert copy.text in ("Copied", "Select and copy by hand")
    assert errors_in_console(driver) == []
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_hostile_report_runs_no_injected_code(driver, hostile, tmp_path):
    open_report(driver, hostile, tmp_path / "hostile.html")
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert  # noqa: B018 - the property raises when there is no dialog
    assert driver.execute_script("return window.__pwned") is None
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__pwned=1;alert(3)</script>" in body  # shown, not run
    assert driver.find_elements(By.CSS_SELECTOR, "img, iframe, link, body script + script") == []
    assert (
        len(visible_rows(driver)) == N_PROVISIONS
        and driver.find_element(By.ID, "filters").is_displayed()
    )
    link = driver.find_element(By.CSS_SELECTOR, "#provision-table tbody th a")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    first = to_dict(hostile)["findings"][0]["provision"]
    assert driver.current_url == (tmp_path / "hostile.html").resolve().as_uri() + f"#f-{first}"
    assert driver.execute_script("return window.__pwned") is None
    assert errors_in_console(driver) == []
    assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


def test_plain_language_by_default_technical_detail_folded(driver, harbor, tmp_path):
    """The reader sees provision names, not ids: no provision id, rule id or model
    probability is visible until a 'Technical detail' fold is opened."""
    import re

    from clausecheck.data import registry
    from clausecheck.report.digest import provision_name

    d = to_dict(harbor)
    open_report(driver, harbor, tmp_path / "plain.html")
    heads = driver.execute_script(
        "return Array.from(document.querySelectorAll('#provision-table tbody th'))"
        ".map(function (h) { return h.innerText.trim(); });"
    )
    assert heads == [provision_name(f) for f in d["findings"]]
    visible = driver.execute_script("return document.body.innerText;")
    ids = set(registry.builtin().ids)
    shown_ids = {w for w in re.findall(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+", visible) if w in ids}
    assert not shown_ids, shown_ids
    rules = {f["rule"] for f in d["findings"] if f.get("rule")}
    assert not [r for r in rules if r in visible]
    assert "p(none)" not in visible and "p(present)" not in visible
    assert not re.search(r"p\([a-z]+\)\s*=", visible)  # no score at all, p(found) included
    # what was examined for a missing provision: the closest clauses in words, no score
    missing = next(f for f in d["findings"] if shown_status(f) == "missing" and f["candidates"])
    article = driver.find_element(By.ID, f"f-{missing['provision']}")
    examined = article.find_element(By.XPATH, ".//h4[.='What was examined']/following::ul[1]")
    items = [li.text for li in examined.find_elements(By.TAG_NAME, "li")]
    assert len(items) == len(missing["candidates"])
    name = provision_name(missing)
    assert all(f"the {name} provision" in i and "p(found)" not in i for i in items), items
    assert items[0].startswith(missing["candidates"][0].split(" '", 1)[0])  # its section first
    assert "leverage density" not in visible.lower() and "Shift category" not in visible
    # the detail is there, one click away
    first = driver.find_element(By.CSS_SELECTOR, "article.finding details.technical summary")
    first.click()
    opened = driver.execute_script("return document.body.innerText;")
    assert d["findings"][0]["provision"] in opened
    fold = article.find_element(By.CSS_SELECTOR, "details.technical")
    if fold.get_attribute("open") is None:  # the first finding's fold is open already
        fold.find_element(By.TAG_NAME, "summary").click()
    assert missing["candidates"][0] in driver.execute_script("return document.body.innerText;")
