"""The report's building blocks: pages, sections, tables and chart blocks, and how figures are written."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ChartBlock:
    id: str
    title: str
    caption: str
    spec: dict[str, Any]
    exports: list[tuple[str, str]] = field(default_factory=list)

    @property
    def json(self) -> str:
        """The spec as JSON that is safe inside a <script> element."""
        return json.dumps(self.spec, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


@dataclass
class Table:
    columns: list[str]
    rows: list[list[Any]]
    numeric: list[int] = field(default_factory=list)


@dataclass
class Section:
    heading: str = ""
    anchor: str = ""
    paragraphs: list[str] = field(default_factory=list)
    chart: ChartBlock | None = None
    notice: str = ""
    table: Table | None = None


@dataclass
class Page:
    slug: str
    nav: str
    title: str
    lead: str = ""
    sections: list[Section] = field(default_factory=list)
    template: str = "page.html.j2"


def fmt(value: Any, unit: str = "") -> str:
    """A figure as a reader wants it: shares as percentages, money with separators, FLOP in powers of ten."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, int | float):
        return str(value)
    formats = {
        "share": "{:.1%}",
        "usd": "${:,.0f}",
        "flop": "{:.2e}",
        "ratio": "{:.2f}×",
        "count": "{:,.0f}",
        "GB": "{:.0f} GB",
        "index": "{:.3f}",
        "year": "{:.2f}",
    }
    return formats.get(unit, "{:,.4g}").format(value)
