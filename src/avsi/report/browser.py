"""Open a built report in headless Chromium (Playwright): every page loads, every chart renders, no console errors,
no request leaves the folder; and take screenshots of the pages.

Playwright is a development dependency; Chromium is Debian's (`/usr/bin/chromium`, or `$AVSI_CHROMIUM`), since
Playwright's own browser download does not work everywhere.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from avsi.exceptions import UsageError

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> Path:
    return Path(os.environ.get("AVSI_CHROMIUM", "/usr/bin/chromium"))


@dataclass
class PageCheck:
    page: str
    charts: int = 0
    rendered: int = 0
    svgs: int = 0
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    chart_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return (
            self.rendered == self.charts == self.svgs
            and not self.console_errors
            and not self.external_requests
            and not self.chart_errors
        )


@contextmanager
def chromium() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright, headless."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise UsageError("the browser check needs Playwright (pip install playwright)") from exc
    path = chromium_path()
    if not path.is_file():
        raise UsageError(f"no Chromium at {path}; install Debian's chromium or set AVSI_CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(path), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _visit(browser: Browser, html: Path, screenshot: Path | None, timeout_ms: int, max_height: int) -> PageCheck:
    check = PageCheck(html.name)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.on("console", lambda msg: check.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: check.console_errors.append(str(exc)))

    def on_request(request: Any) -> None:
        if not request.url.startswith(("file://", "data:", "blob:", "about:")):
            check.external_requests.append(request.url)

    page.on("request", on_request)
    try:
        page.goto(html.resolve().as_uri(), wait_until="load")
        check.charts = page.locator('script[type="application/json"][data-chart]').count()
        if check.charts:
            page.wait_for_function("window.avsiCharts && window.avsiCharts.done", timeout=timeout_ms)
            state = page.evaluate("window.avsiCharts")
            check.rendered = int(state["rendered"])
            check.chart_errors = [str(e) for e in state["errors"]]
        check.svgs = page.locator('div.vega[data-rendered="true"] svg.marks').count()
        if screenshot is not None:
            height = min(int(page.evaluate("document.documentElement.scrollHeight")), max_height)
            page.screenshot(
                path=str(screenshot), full_page=True, clip={"x": 0, "y": 0, "width": 1200, "height": height}
            )
    finally:
        page.close()
    return check


def check_report(
    out_dir: Path | str,
    screenshots: Path | str | None = None,
    prefix: str = "report-",
    timeout_ms: int = 30_000,
    only: list[str] | None = None,
    max_height: int = 2400,
) -> list[PageCheck]:
    """Load every HTML page of a built report (or those named in `only`, e.g. ["prices.html"]); with
    `screenshots`, save `<prefix><page>.png` of each there (the top `max_height` pixels of a long page)."""
    out = Path(out_dir)
    pages = [p for p in sorted(out.glob("*.html")) if only is None or p.name in only]
    if not pages:
        raise UsageError(f"no report pages in {out}; run `avsi report --out {out}` first")
    shots = Path(screenshots) if screenshots is not None else None
    if shots is not None:
        shots.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        return [
            _visit(browser, html, shots / f"{prefix}{html.stem}.png" if shots else None, timeout_ms, max_height)
            for html in pages
        ]
