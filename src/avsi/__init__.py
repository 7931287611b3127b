"""avsi: an open, evidence-backed observatory of AI models, labs and countries between the four A's and the four I's.

The library comes first; the `avsi` command line is a thin shell over these functions. The heavier parts (scoring,
hub, web, report) are imported when first used, so that `import avsi` and the command line start quickly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from avsi._lazy import lazy_getattr
from avsi._version import __version__
from avsi.config import default_db_path, shipped_data_dir
from avsi.exceptions import (
    AvsiError,
    DatabaseMissing,
    FetchError,
    SchemaDriftError,
    SourceError,
    SourceFileMissing,
    SourceFormatError,
    StoreError,
    UsageError,
)

# name -> the module that defines it, imported on first use
_LAZY: dict[str, str] = {
    "advise_models": "avsi.advise:advise",  # (`avsi.advise` is the package)
    "BuildReport": "avsi.store",
    "SOURCE_NAMES": "avsi.sources",
    "build": "avsi.store",
    "build_hub": "avsi.hub.api",
    "build_report": "avsi.report",
    "build_summary": "avsi.store",
    "compare": "avsi.score.query",
    "evaluate_claims": "avsi.claims",
    "export_database": "avsi.store.export",
    "generate_synthetic_hub": "avsi.hub.synthetic:generate_hub",
    "get_model": "avsi.resolve",
    "get_source": "avsi.sources",
    "hub_models": "avsi.hub.api",
    "hub_summary": "avsi.hub.api",
    "licence_coverage_summary": "avsi.licences",
    "licence_family_rules": "avsi.licences",
    "licence_record": "avsi.licences",
    "list_models": "avsi.resolve",
    "list_releases": "avsi.store",
    "load_methodology": "avsi.score",
    "models_without_licence": "avsi.licences",
    "open_database": "avsi.store",
    "quarantined_rows": "avsi.store",
    "refresh": "avsi.store.refresh",
    "resolution_report": "avsi.resolve",
    "resolve_batch": "avsi.resolve",
    "resolve_name": "avsi.resolve",
    "unknown_licence_strings": "avsi.licences",
    "validate": "avsi.score.validate",
}

if TYPE_CHECKING:
    from avsi.advise import advise as advise_models
    from avsi.claims import evaluate_claims
    from avsi.hub.api import build_hub, hub_models, hub_summary
    from avsi.hub.synthetic import generate_hub as generate_synthetic_hub
    from avsi.licences import (
        licence_coverage_summary,
        licence_family_rules,
        licence_record,
        models_without_licence,
        unknown_licence_strings,
    )
    from avsi.report import build_report
    from avsi.resolve import get_model, list_models, resolution_report, resolve_batch, resolve_name
    from avsi.score import load_methodology
    from avsi.score.query import compare
    from avsi.score.validate import validate
    from avsi.sources import SOURCE_NAMES, get_source
    from avsi.store import BuildReport, build, build_summary, list_releases, open_database, quarantined_rows  # type: ignore[no-redef]
    from avsi.store.export import export_database
    from avsi.store.refresh import refresh


__getattr__ = lazy_getattr(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [  # noqa: RUF022 - plain sorted(), checked by tests/test_exported_members.py
    "AvsiError",
    "BuildReport",
    "DatabaseMissing",
    "FetchError",
    "SOURCE_NAMES",
    "SchemaDriftError",
    "SourceError",
    "SourceFileMissing",
    "SourceFormatError",
    "StoreError",
    "UsageError",
    "__version__",
    "advise_models",
    "build",
    "build_hub",
    "build_report",
    "build_summary",
    "compare",
    "default_db_path",
    "evaluate_claims",
    "export_database",
    "generate_synthetic_hub",
    "get_model",
    "get_source",
    "hub_models",
    "hub_summary",
    "licence_coverage_summary",
    "licence_family_rules",
    "licence_record",
    "list_models",
    "list_releases",
    "load_methodology",
    "models_without_licence",
    "open_database",
    "quarantined_rows",
    "refresh",
    "resolution_report",
    "resolve_batch",
    "resolve_name",
    "shipped_data_dir",
    "unknown_licence_strings",
    "validate",
]
