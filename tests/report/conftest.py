"""One report built from the shipped database, shared by the report tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from avsi.report import ReportResult, build_report


@pytest.fixture(scope="session")
def built_report(shipped_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    return build_report(shipped_db, tmp_path_factory.mktemp("report") / "out")
