"""The licence knowledge base: what each model licence lets you do, and which licence every source's string names.

- `load_kb()` reads and validates `licences.yaml` (one entry per licence, eleven flags with evidence and source URL);
- `normalise(text, source)` maps a licence string to a knowledge-base id, an `expression:` id, or unknown;
- `licence_flags(id)` and `licence_record(id_or_string)` give the flags (combined for expressions);
- `licence_inventory(con)` and `build_licence_tables(con)` collect every licence string of a built database and
  write the `licences`, `licence_flags` and `licence_strings` tables; `licence_coverage(con)` measures the result.
"""

from avsi.licences.coverage import field_coverage, licence_coverage
from avsi.licences.inventory import LicenceString, build_licence_tables, licence_inventory, unexplored_licence_columns
from avsi.licences.kb import (
    FLAG_NAMES,
    KB_PATH,
    PERMISSIVE_FLAGS,
    Flag,
    Flags,
    Kind,
    KnowledgeBase,
    Licence,
    LicenceKBError,
    UnknownLicence,
    load_kb,
    match_key,
    parse_kb,
)
from avsi.licences.normalise import (
    EXPRESSION_PREFIX,
    HUB_SOURCES,
    FlagReading,
    LicenceMatch,
    expression_flags,
    licence_flags,
    licence_record,
    normalise,
)

__all__ = [  # noqa: RUF022 - plain sorted(), like avsi.__all__
    "EXPRESSION_PREFIX",
    "FLAG_NAMES",
    "Flag",
    "FlagReading",
    "Flags",
    "HUB_SOURCES",
    "KB_PATH",
    "Kind",
    "KnowledgeBase",
    "Licence",
    "LicenceKBError",
    "LicenceMatch",
    "LicenceString",
    "PERMISSIVE_FLAGS",
    "UnknownLicence",
    "build_licence_tables",
    "expression_flags",
    "field_coverage",
    "licence_coverage",
    "licence_flags",
    "licence_inventory",
    "licence_record",
    "load_kb",
    "match_key",
    "normalise",
    "parse_kb",
    "unexplored_licence_columns",
]
