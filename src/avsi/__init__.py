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
from avsi.sources import SOURCE_NAMES, get_source
from avsi.store import BuildReport, build, build_summary, list_models, open_database, quarantined_rows

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
    "get_source",
    "list_models",
    "open_database",
    "quarantined_rows",
    "shipped_data_dir",
]
