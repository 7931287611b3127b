"""The sovereignty advisor: which models can we run under our own control, for our sector, on our hardware, at what
cost, under which licence terms.

- `Constraints` (and `parse_constraints`) say what a use case needs; bad values raise `UsageError`;
- `advise(db_path, constraints)` checks every canonical model and returns the eligible ones ranked, then the
  excluded ones with the clause or fact that rules them out (one implementation for CLI, API and dashboard);
- `load_facts(con)` reads what the advisor knows about each model; `advise_facts(facts, constraints)` reuses it;
- the rules (memory, throughput, GPU prices, ranking weights, sector words) are data: `hardware.yaml`, `advice.yaml`.
"""

from avsi.advise.constraints import (
    HARDWARE_CLASSES,
    SECTORS,
    Constraints,
    Deployment,
    HardwareClass,
    LicenceNeed,
    Precision,
    Sector,
    UnknownModelError,
    parse_constraints,
)
from avsi.advise.engine import advise, advise_facts
from avsi.advise.facts import Facts, ModelFacts, Price, load_facts
from avsi.advise.rules import advice_rules, blended_price, hardware_rules, memory_gib

__all__ = [  # noqa: RUF022 - plain sorted(), like avsi.__all__
    "Constraints",
    "Deployment",
    "Facts",
    "HARDWARE_CLASSES",
    "HardwareClass",
    "LicenceNeed",
    "ModelFacts",
    "Precision",
    "Price",
    "SECTORS",
    "Sector",
    "UnknownModelError",
    "advice_rules",
    "advise",
    "advise_facts",
    "blended_price",
    "hardware_rules",
    "load_facts",
    "memory_gib",
    "parse_constraints",
]
