"""Hub-scale lineage and sector analysis of Hugging Face model repos: DuckDB by default, Apache Spark optionally.

`build_hub_stage` is the build stage (the shipped subset, on DuckDB); `build_hub` recomputes the tables from any
hub-stats dump on either engine; `generate_synthetic_hub` writes a synthetic hub (for scale tests only).
"""

from avsi.hub.api import HubReport, build_hub, hub_models, hub_summary
from avsi.hub.stage import build_hub_stage
from avsi.hub.synthetic import fit_profile, generate_hub

generate_synthetic_hub = generate_hub

__all__ = [
    "HubReport",
    "build_hub",
    "build_hub_stage",
    "fit_profile",
    "generate_hub",
    "generate_synthetic_hub",
    "hub_models",
    "hub_summary",
]
