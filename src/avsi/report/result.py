"""What a report build returns, and the error a chart raises when its tables are missing (no plotting imports)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avsi.exceptions import AvsiError


class ChartDataMissing(AvsiError):
    """The database lacks the tables a chart needs (e.g. the score tables before the score stage has run)."""


@dataclass
class ReportResult:
    out_dir: Path
    index: Path
    pages: list[str]
    charts: list[str]
    exports: list[str]
    missing: list[str] = field(default_factory=list)
    verdicts: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "index": str(self.index),
            "pages": self.pages,
            "charts": self.charts,
            "exports": self.exports,
            "missing": self.missing,
            "verdicts": self.verdicts,
            "seconds": round(self.seconds, 2),
        }
