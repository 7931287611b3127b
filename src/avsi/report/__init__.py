"""The report: Altair/Vega-Lite charts built from the database (`avsi.report.charts`, which the dashboard may
import) and the static, offline HTML report with PNG/SVG exports (`build_report`).

Importing this package does not import Altair or vl-convert (the `charts` extra); `build_report` does.
"""

from __future__ import annotations

from pathlib import Path

from avsi.report.result import ChartDataMissing, ReportResult


def build_report(db_path: Path | str, out_dir: Path | str, images: bool = True) -> ReportResult:
    """Write the static HTML report for the database at db_path into out_dir (see `avsi.report.build`)."""
    from avsi.report.build import build_report as build

    return build(db_path, out_dir, images)


__all__ = ["ChartDataMissing", "ReportResult", "build_report"]
