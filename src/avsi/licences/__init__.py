"""The licence knowledge base: what each model licence lets you do, and which licence every source's string names.

- `load_kb()` reads and validates `licences.yaml` (one entry per licence, eleven flags with evidence and source URL);
- `normalise(text, source)` maps a licence string to a knowledge-base id, an `expression:` id, or unknown;
- `licence_flags(id)` and `licence_record(id_or_string)` give the flags (combined for expressions);
- `licence_inventory(con)` and `build_licence_tables(con)` collect every licence string of a built database and
  write the `licences`, `licence_flags` and `licence_strings` tables; `licence_coverage(con)` measures the result;
- `build_model_licences(con)` gives each canonical model one licence id from its candidates (data strings first,
  then the family rules of `families.yaml`), with every candidate kept as evidence;
- `unknown_licence_strings`, `models_without_licence`, `licence_family_rules` and `licence_coverage_summary` read
  a built database for the reports of `avsi licence --unknown / --missing / --families / --coverage`.
"""

from avsi.licences.assign import build_model_licences, model_licence_coverage
from avsi.licences.coverage import field_coverage, licence_coverage
from avsi.licences.families import (
    FAMILIES_PATH,
    FAMILY_SOURCE,
    Families,
    FamilyRule,
    family_candidates,
    family_rule_agreement,
    load_families,
)
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
from avsi.licences.mentions import licence_absent, licence_mentioned
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
from avsi.licences.report import (
    licence_coverage_summary,
    licence_family_rules,
    models_without_licence,
    unknown_licence_strings,
)

__all__ = [  # noqa: RUF022 - plain sorted(), like avsi.__all__
    "EXPRESSION_PREFIX",
    "FAMILIES_PATH",
    "FAMILY_SOURCE",
    "FLAG_NAMES",
    "Families",
    "FamilyRule",
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
    "build_model_licences",
    "expression_flags",
    "family_candidates",
    "family_rule_agreement",
    "field_coverage",
    "licence_absent",
    "licence_coverage",
    "licence_coverage_summary",
    "licence_family_rules",
    "licence_flags",
    "licence_inventory",
    "licence_mentioned",
    "licence_record",
    "load_families",
    "load_kb",
    "match_key",
    "model_licence_coverage",
    "models_without_licence",
    "normalise",
    "parse_kb",
    "unexplored_licence_columns",
    "unknown_licence_strings",
]
