"""Hub-scale lineage and sector analysis of Hugging Face model repos: DuckDB by default, Apache Spark optionally.

`build_hub_stage` is the build stage (the build's Hugging Face rows, on DuckDB); `build_hub` recomputes the tables
from any hub-stats dump on either engine; `generate_synthetic_hub` writes a synthetic hub (for scale tests only).
Imported on first use: the engines pull in Ibis, which the rest of avsi does not need to start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from avsi._lazy import lazy_getattr

_LAZY = {
    "HubReport": "avsi.hub.api",
    "build_hub": "avsi.hub.api",
    "build_hub_stage": "avsi.hub.stage",
    "fit_profile": "avsi.hub.synthetic",
    "generate_synthetic_hub": "avsi.hub.synthetic:generate_hub",
    "hub_models": "avsi.hub.api",
    "hub_summary": "avsi.hub.api",
}

if TYPE_CHECKING:
    from avsi.hub.api import HubReport, build_hub, hub_models, hub_summary
    from avsi.hub.stage import build_hub_stage
    from avsi.hub.synthetic import fit_profile
    from avsi.hub.synthetic import generate_hub as generate_synthetic_hub


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


__all__ = [
    "HubReport",
    "build_hub",
    "build_hub_stage",
    "fit_profile",
    "generate_synthetic_hub",
    "hub_models",
    "hub_summary",
]
