"""The dashboard in headless Chromium: the inline script runs under the CSP, filters work,
and a hostile counterparty name never executes."""

from __future__ import annotations

from pathlib import Path

import pytest

from clausecheck.portfolio import dashboard
from tests.conftest import N_PROVISIONS
from tests.portfolio.conftest import HOSTILE_NAME, TODAY

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (Debian chromium, chromium-driver)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    mp = pytest.MonkeyPatch()
    mp.setenv("SE_OFFLINE", "true")  # never let selenium-manager download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=opts)
    yield driver
    driver.quit()
    mp.undo()


def visible(driver, css):
    return [e for e in driver.find_elements("css selector", css) if e.is_displayed()]


def test_dashboard_in_chromium(browser, portfolio, tmp_path_factory):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.support.ui import Select

    out = tmp_path_factory.mktemp("dash") / "dashboard.html"
    dashboard.write(
        portfolio,
        out,
        today=TODAY,
        errors=[{"path": "x.pdf", "code": "E103", "exit_code": 3, "message": "corrupt"}],
    )
    browser.get(out.as_uri())
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - the hostile name's onerror never fires
    assert (
        browser.find_element("id", "f-count").text
        == f"{len(portfolio)} of {len(portfolio)} contracts"
    )  # script ran
    assert len(visible(browser, "table.heat tr.contract")) == len(portfolio)
    assert (
        len(visible(browser, "table.heat tr.contract")[0].find_elements("css selector", "td.s"))
        == N_PROVISIONS
    )
    assert (
        visible(browser, "#calendar tr.event") and len(visible(browser, "#calendar table.cal")) == 3
    )
    assert HOSTILE_NAME in browser.find_element("id", "heatmap").text

    Select(browser.find_element("id", "f-rel")).select_by_value("lender")
    rows = visible(browser, "table.heat tr.contract")
    assert (
        len(rows) == 2
        and browser.find_element("id", "f-count").text == f"2 of {len(portfolio)} contracts"
    )
    lender_ids = {r.get_attribute("data-c") for r in rows}
    assert {e.get_attribute("data-c") for e in visible(browser, "#calendar tr.event")} <= lender_ids
    assert {e.get_attribute("data-c") for e in visible(browser, "#gaps .chip")} <= lender_ids
    assert [e.text.lower() for e in visible(browser, "table.heat tr.group")] == ["lender (2)"]
    audit = browser.find_elements("css selector", "#shares tr[data-p] rect")[3:6]
    assert [float(r.get_attribute("width")) for r in audit] == [
        50.0,
        0.0,
        50.0,
    ]  # solaris present, 2019 missing

    Select(browser.find_element("id", "f-rel")).select_by_value("")
    browser.find_element("id", "f-cp").send_keys("dated foods")
    assert len(visible(browser, "table.heat tr.contract")) == 1
    Select(browser.find_element("id", "f-h")).select_by_value("30")
    assert len(visible(browser, "#calendar table.cal")) == 1
    assert all(e.get_attribute("data-h") == "30" for e in visible(browser, "#calendar tr.event"))

    browser.find_element("id", "f-cp").clear()
    browser.execute_script("document.getElementById('f-cp').dispatchEvent(new Event('input'))")
    Select(browser.find_element("id", "f-group")).select_by_value("contract_type")
    groups = [e.text.lower() for e in visible(browser, "table.heat tr.group")]
    assert groups[0].startswith("distribution") and len(
        visible(browser, "table.heat tr.contract")
    ) == len(portfolio)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []  # no CSP refusal, no script error


def test_csp_blocks_any_other_script(browser, portfolio, tmp_path_factory):
    """Were escaping ever to fail, the policy would still refuse injected script and handlers."""
    page = dashboard.render(portfolio[:2], today=TODAY)
    injected = (
        '<p id="probe" onclick="document.title=\'handler\'">x</p>'
        "<script>document.title='injected'</script></body>"
    )
    out = tmp_path_factory.mktemp("csp") / "probe.html"
    out.write_text(page.replace("</body>", injected), encoding="utf-8")
    browser.get(out.as_uri())
    browser.find_element("id", "probe").click()
    assert browser.title == "clausecheck portfolio"
    assert (
        browser.find_element("id", "f-count").text == "2 of 2 contracts"
    )  # the hashed script still runs
    assert any("Content Security Policy" in e["message"] for e in browser.get_log("browser"))
