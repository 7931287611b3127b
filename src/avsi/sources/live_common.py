"""Shared plumbing of the live fetchers: download, payload checks, archives and atomic writes.

Pure functions (parsing, flattening, archive reading) raise `PayloadError` with what is wrong; the fetchers turn it
into a `FetchError` naming the source and the URL with `payload_errors`. Downloads raise `FetchError` directly.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import tarfile
import tempfile
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import httpx

from avsi.exceptions import FetchError

MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024  # refuse anything larger: no source here is near this size
READ_TIMEOUT = 60.0  # seconds without a byte before a download is abandoned


class PayloadError(ValueError):
    """A downloaded payload is not what its source promises (HTML instead of JSON, bad archive, missing keys ...)."""


@contextmanager
def payload_errors(source: str, url: str) -> Iterator[None]:
    """Turn a `PayloadError` raised inside the block into a `FetchError` naming the source and URL."""
    try:
        yield
    except PayloadError as exc:
        raise FetchError(f"{source}: bad payload from {url}: {exc}") from exc


def get_bytes(client: httpx.Client, source: str, url: str, max_bytes: int = MAX_DOWNLOAD_BYTES) -> bytes:
    """The body of a successful GET, or a `FetchError` saying why there is none."""
    chunks: list[bytes] = []
    size = 0
    try:
        with client.stream("GET", url) as response:
            if not response.is_success:
                raise FetchError(
                    f"{source}: {url} answered HTTP {response.status_code} {response.reason_phrase}".rstrip()
                )
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(f"{source}: {url} sent more than {max_bytes} bytes; refusing it")
                chunks.append(chunk)
    except httpx.TimeoutException as exc:
        raise FetchError(f"{source}: timed out fetching {url} ({type(exc).__name__}: {exc})") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{source}: could not fetch {url} ({type(exc).__name__}: {exc})") from exc
    return b"".join(chunks)


def _decode(data: bytes, expected: str) -> str:
    if not data.strip():
        raise PayloadError(f"empty body where {expected} was expected")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PayloadError(f"not UTF-8 text (byte {exc.start}); {expected} expected") from exc
    head = text.lstrip()[:100]
    if head.lower().startswith(("<!doctype", "<html", "<?xml", "<head", "<body")):
        raise PayloadError(f"HTML/XML page where {expected} was expected (starts with {head[:30]!r})")
    return text


def parse_json(data: bytes) -> Any:
    """JSON from a response body; an HTML error page or broken JSON is a `PayloadError`."""
    text = _decode(data, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise PayloadError(f"not valid JSON ({exc}; starts with {text.lstrip()[:30]!r})") from exc


def expect_mapping(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{what} should be a JSON object, got {type(value).__name__}")
    return value


def expect_list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise PayloadError(f"{what} should be a JSON list, got {type(value).__name__}")
    return value


def csv_header_and_count(data: bytes, name: str) -> tuple[list[str], int]:
    """The header and number of data records of a CSV payload; empty or non-CSV text is a `PayloadError`."""
    text = _decode(data, f"CSV ({name})")
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
        count = sum(1 for _ in reader)
    except (StopIteration, csv.Error) as exc:
        raise PayloadError(f"{name}: not a readable CSV ({exc})") from exc
    return header, count


def csv_bytes(columns: Sequence[str], rows: Iterable[Mapping[str, str]]) -> bytes:
    """Rows as UTF-8 CSV with a header, minimal quoting and '\\n' line ends (the shipped flat files' format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return buffer.getvalue().encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Gzip with a zero timestamp, so the same content always gives the same file."""
    return gzip.compress(data, compresslevel=9, mtime=0)


@dataclass(frozen=True)
class ArchiveFile:
    """A regular file read from a tar archive: its path below the archive's top folder, bytes and mtime."""

    path: str
    data: bytes
    mtime: int


def read_tar_files(data: bytes, folder: str, suffixes: tuple[str, ...]) -> list[ArchiveFile]:
    """The regular files directly inside `folder` of a .tar.gz whose members share one top folder.

    `folder` is relative to that top folder ("" for the top folder itself): GitHub tarballs put everything under
    `<repo>-<ref>/`, the shipped archives under `yaml/` or `models/`. A truncated or corrupt archive is a
    `PayloadError`. Nothing is extracted to disk.
    """
    found: list[ArchiveFile] = []
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for member in archive:
                if not member.isfile():
                    continue
                parts = PurePosixPath(member.name).parts
                if len(parts) < 2:
                    continue
                rel = PurePosixPath(*parts[1:])
                if str(rel.parent) != (folder or ".") or not rel.name.endswith(suffixes):
                    continue
                handle = archive.extractfile(member)
                if handle is None:
                    continue
                found.append(ArchiveFile(rel.name, handle.read(), int(member.mtime)))
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise PayloadError(f"not a readable .tar.gz archive ({type(exc).__name__}: {exc})") from exc
    return found


def tar_gz_bytes(folder: str, files: Sequence[ArchiveFile]) -> bytes:
    """A .tar.gz of `files` under `folder/` (a folder entry first, files sorted by name), like the shipped ones."""
    mtime = max((f.mtime for f in files), default=0)
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as archive:
        top = tarfile.TarInfo(f"{folder}/")
        top.type = tarfile.DIRTYPE
        top.mode = 0o755
        top.mtime = mtime
        top.uname = top.gname = "root"
        archive.addfile(top)
        for item in sorted(files, key=lambda f: f.path):
            info = tarfile.TarInfo(f"{folder}/{item.path}")
            info.size = len(item.data)
            info.mode = 0o644
            info.mtime = item.mtime
            info.uname = info.gname = "root"
            archive.addfile(info, io.BytesIO(item.data))
    return gzip_bytes(buffer.getvalue())


def write_atomic(dest: Path, name: str, data: bytes) -> None:
    """Write `dest/name` through a temporary file in `dest` and `os.replace`: never a half-written file."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=dest)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        os.replace(tmp, dest / name)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_files(dest: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write every (already checked) file atomically, in order; the names written."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        write_atomic(dest, name, data)
    return list(files)
