"""avsi: an open, evidence-backed observatory of AI models, labs and countries between the four A's and the four I's.

The library comes first; the `avsi` command line is a thin shell over these functions.
"""

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
from avsi.licences import licence_record
from avsi.resolve import get_model, list_models, resolution_report, resolve_batch, resolve_name
from avsi.sources import SOURCE_NAMES, get_source
from avsi.store import BuildReport, build, build_summary, list_releases, open_database, quarantined_rows
from avsi.store.refresh import refresh

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
    "build",
    "build_summary",
    "default_db_path",
    "get_model",
    "get_source",
    "licence_record",
    "list_models",
    "list_releases",
    "open_database",
    "quarantined_rows",
    "refresh",
    "resolution_report",
    "resolve_batch",
    "resolve_name",
    "shipped_data_dir",
]
