"""The one exception tree of avsi.

AvsiError
├── SourceError                    a source file cannot be read as it should
│   ├── SourceFileMissing          the file is not there
│   ├── SourceFormatError          truncated, wrong encoding, not CSV/JSON/Parquet, empty, HTML instead of JSON
│   └── SchemaDriftError           an expected column or key is missing
├── StoreError                     the database cannot be built, opened or migrated
│   └── DatabaseMissing            no database built yet at that path
├── MethodologyError               the scoring methodology file is invalid (names the file and field)
├── FetchError                     a live source could not be fetched (network, HTTP status, bad payload)
└── UsageError                     a caller asked for something that does not exist (unknown source, model ...)
"""

from __future__ import annotations

from pathlib import Path


class AvsiError(Exception):
    """Base of every error avsi raises on purpose."""


class SourceError(AvsiError):
    """A source file cannot be read as expected; the message names the file (and row/field when known)."""

    def __init__(self, path: Path | str, message: str) -> None:
        self.path = str(path)
        self.detail = message
        super().__init__(f"{path}: {message}")


class SourceFileMissing(SourceError):
    """The file a source needs is not there."""


class SourceFormatError(SourceError):
    """The file is there but is not what its source promises (truncated, wrong encoding, empty, HTML ...)."""


class SchemaDriftError(SourceError):
    """The file's columns or keys no longer match what avsi expects."""


class StoreError(AvsiError):
    """The database cannot be built, opened or migrated."""


class DatabaseMissing(StoreError):
    """No database has been built at that path yet."""


class MethodologyError(AvsiError):
    """The scoring methodology file cannot be read or is invalid; the message names the file and the field."""


class FetchError(AvsiError):
    """A live source could not be fetched; the last good data stays in place."""


class UsageError(AvsiError):
    """A caller asked for something that does not exist."""
