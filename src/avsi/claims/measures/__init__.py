"""One function per claim measurement; claims.yaml names each claim's function here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from avsi.claims.data import Context
from avsi.claims.measurement import Measurement
from avsi.claims.measures.economics import china_affordable, us_infrastructure, us_investment
from avsi.claims.measures.ecosystem import china_vertical, europe_follows_us, imposing_collaborative
from avsi.claims.measures.openness import china_open_source, deepseek_shift, us_ip_guarded
from avsi.claims.measures.scores import open_vs_bloc, usage_claims

MeasureFunction = Callable[[Context, Mapping[str, Any]], Measurement]

MEASURES: dict[str, MeasureFunction] = {
    "china_affordable": china_affordable,
    "china_open_source": china_open_source,
    "china_vertical": china_vertical,
    "deepseek_shift": deepseek_shift,
    "europe_follows_us": europe_follows_us,
    "imposing_collaborative": imposing_collaborative,
    "open_vs_bloc": open_vs_bloc,
    "us_infrastructure": us_infrastructure,
    "us_investment": us_investment,
    "us_ip_guarded": us_ip_guarded,
    "usage_claims": usage_claims,
}
