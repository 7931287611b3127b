"""The DuckDB store: schema, migrations, validation and quarantine, atomic build, queries."""

from avsi.store.build import BuildReport, FileReport, build, connect, open_database
from avsi.store.queries import build_summary, list_releases, quarantined_rows

__all__ = [
    "BuildReport",
    "FileReport",
    "build",
    "build_summary",
    "connect",
    "list_releases",
    "open_database",
    "quarantined_rows",
]
