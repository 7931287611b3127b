"""The dashboard in Debian's chromium (Playwright): every page loads without a console error or a failed request,
the charts render, the model filters, the advisor form and the language switch work."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.web.support import LiveServer

# page -> how many charts it must draw (at least)
PAGES = {"/": 2, "/models": 0, "/models/llama-4-scout": 2, "/labs": 0, "/labs/mistral": 1, "/blocs": 2,
         "/claims": 1, "/advisor": 0, "/downloads": 0, "/api/v1/docs": 0,
         "/advisor?deployment=eu_cloud&need=commercial_use": 1}  # fmt: skip
CHARTS_DONE = (
    "() => Array.from(document.querySelectorAll('div.vl')).every(el => el.dataset.rendered || el.dataset.error)"
)


class Watched:
    """A browser page that records console errors (and warnings about the dashboard's own charts), page errors
    and failed requests. The claims page draws the report's charts (avsi.report.charts): only errors count there."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"request failed: {r.url}"))
        page.on("response", lambda r: self.problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)

    def _console(self, message: Any) -> None:
        own_charts = "/claims" not in self.page.url
        if message.type == "error" or (message.type == "warning" and own_charts):
            self.problems.append(f"console {message.type} on {self.page.url}: {message.text}")

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_function(CHARTS_DONE, timeout=30_000)


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Watched(context.new_page())
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_every_page_loads_and_draws_its_charts(watched: Watched, live_server: LiveServer, lang: str) -> None:
    for path, n_charts in PAGES.items():
        sep = "&" if "?" in path else "?"
        watched.open(f"{live_server.url}{path}{sep}lang={lang}")
        page = watched.page
        assert page.locator("html").get_attribute("lang") == lang, path
        assert page.locator("h1").count() == 1, path
        drawn = page.locator("div.vl[data-rendered] svg.marks").count()
        assert drawn >= n_charts, (path, drawn)
        assert page.locator("div.vl[data-error]").count() == 0, path
    assert watched.problems == []


def test_model_table_filters(watched: Watched, live_server: LiveServer) -> None:
    watched.open(live_server.url + "/models?lang=en")
    page = watched.page
    total = int(page.locator("#count").get_attribute("data-total") or 0)
    page.fill("#q", "mistral")
    page.select_option("#bloc", "EU")
    page.select_option("#open_weights", "yes")
    with page.expect_navigation():
        page.click("#apply")
    assert "q=mistral" in page.url and "bloc=EU" in page.url and "max_price" not in page.url  # empty fields left out
    rows = page.locator("#models-table tbody tr")
    n = int(page.locator("#count").get_attribute("data-total") or 0)
    assert 0 < n < total and rows.count() == min(n, 50)
    assert set(rows.evaluate_all("rs => rs.map(r => r.dataset.bloc)")) == {"EU"}
    for text in rows.evaluate_all("rs => rs.map(r => r.cells[0].innerText + ' ' + r.cells[1].innerText)"):
        assert "mistral" in text.lower()
    assert set(rows.evaluate_all("rs => rs.map(r => r.cells[4].innerText)")) == {"yes"}
    page.click("#models-table tbody tr:first-child td:first-child a")
    page.wait_for_load_state()
    assert "/models/" in page.url and page.locator("#licence-flags, #identity").count() >= 1
    assert watched.problems == []


def test_advisor_form(watched: Watched, live_server: LiveServer) -> None:
    watched.open(live_server.url + "/advisor?lang=en")
    page = watched.page
    page.fill("#gpu_memory_gib", "24")
    page.check("#need-commercial_use")
    page.check("#need-no_geographic_exclusion")
    with page.expect_navigation():
        page.click("#advise")
    page.wait_for_function(CHARTS_DONE, timeout=30_000)
    assert "gpu_memory_gib=24" in page.url and "need=no_geographic_exclusion" in page.url
    eligible = page.locator("#advice-eligible tbody tr")
    assert eligible.count() > 5
    ranks = [int(x) for x in eligible.evaluate_all("rs => rs.map(r => r.cells[0].innerText)")]
    assert ranks == list(range(1, len(ranks) + 1))
    assert "Fits your 24 GiB" in eligible.first.locator("td.reason").inner_text()
    assert page.locator("#advice-excluded tbody tr").count() > 0
    assert page.locator("div.vl[data-rendered] svg.marks").count() == 1
    assert watched.problems == []


def test_language_switch_is_remembered(watched: Watched, live_server: LiveServer) -> None:
    watched.open(live_server.url + "/?lang=en")
    page = watched.page
    assert page.locator("nav a").first.inner_text() == "Overview"
    with page.expect_navigation():
        page.click(".langs a[hreflang=nl]")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("nav a").first.inner_text() == "Overzicht"
    watched.open(live_server.url + "/advisor")  # no ?lang: the cookie keeps Dutch
    assert page.locator("h1").inner_text() == "Adviseur"
    assert "Toegankelijk" in page.locator("body").inner_text() or page.locator("#advisor-form").count() == 1
    watched.open(live_server.url + "/?lang=en")
    assert watched.problems == []
