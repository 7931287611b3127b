"""The report in headless Chromium (Debian's, driven by Playwright): every page loads, every chart renders, no
console errors, nothing fetched from the network."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from avsi.report import ReportResult
from avsi.report.browser import check_report, chromium_path

pytestmark = pytest.mark.skipif(not chromium_path().is_file(), reason="Debian's chromium is not installed")


def test_every_page_loads_and_every_chart_renders(built_report: ReportResult) -> None:
    checks = check_report(built_report.out_dir)
    assert [c.page for c in checks] == sorted(built_report.pages)
    for check in checks:
        assert check.console_errors == [], check
        assert check.external_requests == [], check
        assert check.chart_errors == [], check
        assert check.rendered == check.charts == check.svgs, check
    assert sum(c.rendered for c in checks) == len(built_report.charts)


def test_a_broken_chart_is_caught(built_report: ReportResult, tmp_path: Path) -> None:
    copy = tmp_path / "report"
    shutil.copytree(built_report.out_dir, copy)
    html = (copy / "prices.html").read_text(encoding="utf-8")
    (copy / "prices.html").write_text(html.replace('"mark":', '"mark":"no-such-mark","_was":', 1), encoding="utf-8")
    (check,) = check_report(copy, only=["prices.html"])
    assert not check.ok
    assert check.rendered == 0 and check.charts == 1 and check.chart_errors and check.console_errors
