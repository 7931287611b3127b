"""Live fetchers: download fresh copies of the sources and write them in exactly the shipped snapshot format.

A `Fetcher` downloads one source and writes its files into that source's folder of a staging data dir, under the
shipped file names, so the same readers load them. Files a live source cannot provide (models.dev's
`lab_models.json`, the LiteLLM history, the legacy OSAI CSV ...) are not written: the caller keeps the previous copy.

Every failure is a `FetchError` naming the source and the URL: network errors, HTTP error statuses, and payloads
that are not what the source promises (an HTML page instead of JSON, a truncated zip, missing columns). Payloads are
checked in full before anything is written, and each file is written atomically (temporary name, then
`os.replace`), so a failed fetch never leaves a half-written file.

    fetch_source("litellm", staging_dir)  # -> ['model_prices_and_context_window.json.gz']
"""

from __future__ import annotations

import io
import ipaddress
import json
import os
import shutil
import socket
import tempfile
import threading
import urllib.request
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

import httpx

from avsi._version import __version__
from avsi.exceptions import FetchError, UsageError
from avsi.sources.live_common import (
    READ_TIMEOUT,
    PayloadError,
    csv_header_and_count,
    expect_list,
    expect_mapping,
    get_bytes,
    gzip_bytes,
    parse_json,
    payload_errors,
    write_files,
)
from avsi.sources.live_yaml import MOT_URL, OSAI_URL, fetch_mot, fetch_osai

Fetcher = Callable[[httpx.Client, Path], list[str]]

DEFAULT_CONNECT_TIMEOUT = 2.0
USER_AGENT = f"avsi/{__version__}"

EPOCH_URL = "https://epoch.ai/data/ai_models.zip"
MODELS_DEV_URL = "https://models.dev/api.json"
OPENROUTER_URL = "https://openrouter.ai/api/v1/models"
LITELLM_URL = "https://raw.githubusercontent.com/BerriAI/litellm/main/model_prices_and_context_window.json"
GENAI_PRICES_URL = "https://raw.githubusercontent.com/pydantic/genai-prices/main/prices/data.json"
HF_REPO = "cfahlgren1/hub-stats"
HF_FILE = "models.parquet"
HF_URL = f"https://huggingface.co/datasets/{HF_REPO}/resolve/main/{HF_FILE}"
HF_OUTPUT = "hub_stats_frozen.parquet"
HF_REQUIRED_COLUMNS = ("id", "author", "createdAt", "downloads", "likes", "tags")

EPOCH_CSVS = ("all_ai_models.csv", "notable_ai_models.csv", "large_scale_ai_models.csv", "frontier_ai_models.csv")

# contract source name -> its folder in a data dir (the `info.folder` of its reader; a test keeps them equal)
FOLDERS: dict[str, str] = {
    "epoch": "epoch_ai_models",
    "models_dev": "models_dev",
    "openrouter": "models_dev",
    "litellm": "litellm_prices",
    "genai_prices": "genai_prices",
    "osai": "eu_osai_index",
    "mot": "model_openness_tool",
    "hf": "hf_hub_stats_subset",
}
URLS: dict[str, str] = {
    "epoch": EPOCH_URL,
    "models_dev": MODELS_DEV_URL,
    "openrouter": OPENROUTER_URL,
    "litellm": LITELLM_URL,
    "genai_prices": GENAI_PRICES_URL,
    "osai": OSAI_URL,
    "mot": MOT_URL,
    "hf": HF_URL,
}


# --- Epoch AI: a zip of four CSVs -------------------------------------------------------------------------------


def epoch_files_from_zip(data: bytes) -> dict[str, bytes]:
    """The four Epoch CSVs of the download zip, gzipped under the shipped names (+ its README as EPOCH_README.md)."""
    out: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = {PurePosixPath(i.filename).name.lower(): i for i in archive.infolist() if not i.is_dir()}
            missing = [name for name in EPOCH_CSVS if name not in members]
            if missing:
                raise PayloadError(f"zip lacks {', '.join(missing)} (it has: {', '.join(sorted(members)) or '-'})")
            for name in EPOCH_CSVS:
                raw = archive.read(members[name])
                header, count = csv_header_and_count(raw, name)
                if "Model" not in header:
                    raise PayloadError(f"{name}: no 'Model' column (header starts {header[:4]})")
                if count == 0:
                    raise PayloadError(f"{name}: header but no data rows")
                out[f"{name}.gz"] = gzip_bytes(raw)
            readmes = sorted(name for name in members if name.startswith("readme"))
            if readmes:
                out["EPOCH_README.md"] = archive.read(members[readmes[0]])
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise PayloadError(f"not a readable zip archive ({type(exc).__name__}: {exc})") from exc
    return out


def fetch_epoch(client: httpx.Client, dest: Path) -> list[str]:
    data = get_bytes(client, "epoch", EPOCH_URL)
    with payload_errors("epoch", EPOCH_URL):
        files = epoch_files_from_zip(data)
    return write_files(dest, files)


# --- models.dev: one JSON of providers and their models ---------------------------------------------------------


def models_dev_files(payload: Any) -> dict[str, bytes]:
    """models.jsonl.gz (one line per provider x model, like the shipped flattening) and providers.json.

    Each line is `provider_id`, `model_id`, `symlink_to` (always null: the API resolves the repository's symlinks)
    and then the model's own fields without its `id`. providers.json maps provider id -> fields without `id` and
    `models`.
    """
    providers = expect_mapping(payload, "api.json")
    lines: list[str] = []
    meta: dict[str, dict[str, Any]] = {}
    for provider_id, provider_value in providers.items():
        provider = expect_mapping(provider_value, f"provider {provider_id!r}")
        models = expect_mapping(provider.get("models"), f"'models' of provider {provider_id!r}")
        meta[provider_id] = {k: v for k, v in provider.items() if k not in ("id", "models")}
        for model_id, model_value in models.items():
            model = expect_mapping(model_value, f"model {provider_id}/{model_id}")
            record: dict[str, Any] = {"provider_id": provider_id, "model_id": model_id, "symlink_to": None}
            record.update({k: v for k, v in model.items() if k != "id" and k not in record})
            lines.append(json.dumps(record) + "\n")
    if not lines:
        raise PayloadError("no provider lists any model")
    return {
        "models.jsonl.gz": gzip_bytes("".join(lines).encode("utf-8")),
        "providers.json": json.dumps(meta, indent=1).encode("utf-8"),
    }


def fetch_models_dev(client: httpx.Client, dest: Path) -> list[str]:
    data = get_bytes(client, "models_dev", MODELS_DEV_URL)
    with payload_errors("models_dev", MODELS_DEV_URL):
        files = models_dev_files(parse_json(data))
    return write_files(dest, files)


# --- JSON files kept verbatim (gzipped) ---------------------------------------------------------------------------


def check_openrouter(payload: Any) -> None:
    models = expect_list(expect_mapping(payload, "response").get("data"), "'data'")
    if not models or not all(isinstance(m, dict) and "id" in m for m in models):
        raise PayloadError("'data' should be a non-empty list of models with an 'id'")


def check_litellm(payload: Any) -> None:
    entries = expect_mapping(payload, "price file")
    if not entries or not all(isinstance(v, dict) for v in entries.values()):
        raise PayloadError("expected a non-empty object of model name -> price object")


def check_genai_prices(payload: Any) -> None:
    providers = expect_list(payload, "data.json")
    if not providers or not all(isinstance(p, dict) and "id" in p and "models" in p for p in providers):
        raise PayloadError("expected a non-empty list of providers with 'id' and 'models'")


def verbatim_json_fetcher(source: str, url: str, filename: str, check: Callable[[Any], None]) -> Fetcher:
    """A fetcher that checks a JSON payload's shape and writes it verbatim, gzipped, as `filename`."""

    def fetch(client: httpx.Client, dest: Path) -> list[str]:
        data = get_bytes(client, source, url)
        with payload_errors(source, url):
            check(parse_json(data))
        return write_files(dest, {filename: gzip_bytes(data)})

    fetch.__name__ = f"fetch_{source}"
    fetch.__doc__ = f"{source}: {url} -> {filename} (verbatim, gzipped)."
    return fetch


# --- Hugging Face hub-stats: one parquet through huggingface_hub ------------------------------------------------


class HubDownload(Protocol):
    """How the hf fetcher downloads a file of a Hub dataset into `local_dir`; returns the local path."""

    def __call__(self, repo_id: str, filename: str, *, repo_type: str, local_dir: str, etag_timeout: float) -> str:
        """Download `filename` of `repo_id`."""
        ...


def hub_download(repo_id: str, filename: str, *, repo_type: str, local_dir: str, etag_timeout: float) -> str:
    """`huggingface_hub.hf_hub_download` into `local_dir` (imported only when the hf source is fetched)."""
    from huggingface_hub import hf_hub_download

    path = hf_hub_download(
        repo_id=repo_id, filename=filename, repo_type=repo_type, local_dir=local_dir, etag_timeout=etag_timeout
    )
    return str(path)


def check_hub_parquet(path: Path) -> int:
    """The row count of a hub-stats parquet file, after checking it is parquet with the expected columns."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        metadata = pq.read_metadata(path)
        names = set(metadata.schema.to_arrow_schema().names)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise PayloadError(f"not a readable parquet file ({type(exc).__name__}: {exc})") from exc
    missing = [c for c in HF_REQUIRED_COLUMNS if c not in names]
    if missing:
        raise PayloadError(f"parquet lacks column(s) {', '.join(missing)}")
    rows: int = metadata.num_rows
    return rows


def make_hf_fetcher(download: HubDownload = hub_download) -> Fetcher:
    """The hf fetcher, with the download function injectable (tests never touch the network)."""

    def fetch(client: httpx.Client, dest: Path) -> list[str]:
        import huggingface_hub.errors as hub_errors

        failures: tuple[type[BaseException], ...] = (
            OSError,
            ValueError,
            hub_errors.EntryNotFoundError,
            httpx.HTTPError,
        )
        hub_http = getattr(hub_errors, "HTTPError", None)  # the HTTP library huggingface_hub uses (httpx2 in 2.x)
        if isinstance(hub_http, type) and issubclass(hub_http, BaseException):
            failures = (*failures, hub_http)
        dest.mkdir(parents=True, exist_ok=True)
        timeout = client.timeout.connect or DEFAULT_CONNECT_TIMEOUT
        staging = Path(tempfile.mkdtemp(prefix=".hub-stats.", dir=dest))
        try:
            try:
                local = download(HF_REPO, HF_FILE, repo_type="dataset", local_dir=str(staging), etag_timeout=timeout)
            except failures as exc:
                raise FetchError(f"hf: could not download {HF_URL} ({type(exc).__name__}: {exc})") from exc
            with payload_errors("hf", HF_URL):
                check_hub_parquet(Path(local))
            part = staging / f"{HF_OUTPUT}.part"  # inside dest, so the final rename is atomic
            if Path(local).resolve().is_relative_to(staging.resolve()):
                os.replace(local, part)  # downloaded into staging: move, don't copy a large file
            else:
                shutil.copyfile(local, part)
            part.chmod(0o644)
            os.replace(part, dest / HF_OUTPUT)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        return [HF_OUTPUT]

    fetch.__name__ = "fetch_hf"
    return fetch


FETCHERS: dict[str, Fetcher] = {
    "epoch": fetch_epoch,
    "models_dev": fetch_models_dev,
    "openrouter": verbatim_json_fetcher(
        "openrouter", OPENROUTER_URL, "openrouter_models_snapshot.json.gz", check_openrouter
    ),
    "litellm": verbatim_json_fetcher("litellm", LITELLM_URL, "model_prices_and_context_window.json.gz", check_litellm),
    "genai_prices": verbatim_json_fetcher("genai_prices", GENAI_PRICES_URL, "data.json.gz", check_genai_prices),
    "osai": fetch_osai,
    "mot": fetch_mot,
    "hf": make_hf_fetcher(),
}


# --- the client and the entry point -------------------------------------------------------------------------------


def bounded_lookup(timeout: float) -> Callable[[httpx.Request], None]:
    """A request hook that fails a request whose host name does not resolve within `timeout` seconds.

    httpx's connect timeout does not cover DNS: with a resolver that never answers, `getaddrinfo` can block for
    many seconds. The hook looks the host up in a daemon thread first and raises `ConnectTimeout` if that has not
    finished in time. A lookup that fails fast is left for the real connect to report; IP addresses and requests
    that go through an environment proxy (which resolves the name itself) are not looked up.
    """

    def hook(request: httpx.Request) -> None:
        host = request.url.host
        if not host or _is_ip(host) or _proxied(request.url):
            return
        done = threading.Event()
        port = request.url.port or (443 if request.url.scheme == "https" else 80)

        def lookup() -> None:
            try:
                socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError:
                pass
            finally:
                done.set()

        threading.Thread(target=lookup, name="avsi-dns", daemon=True).start()
        if not done.wait(timeout):
            raise httpx.ConnectTimeout(f"could not resolve {host} within {timeout:g} s", request=request)

    return hook


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def _proxied(url: httpx.URL) -> bool:
    proxies = urllib.request.getproxies()
    if not (proxies.get(url.scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(url.host)


def make_client(timeout: float = DEFAULT_CONNECT_TIMEOUT) -> httpx.Client:
    """The default client: connect (and name lookup) within `timeout` s, 60 s between bytes, redirects followed.

    Environment proxies (HTTPS_PROXY, NO_PROXY ...) are honoured as httpx does by default.
    """
    return httpx.Client(
        timeout=httpx.Timeout(READ_TIMEOUT, connect=timeout, pool=timeout),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        event_hooks={"request": [bounded_lookup(timeout)]},
    )


def fetch_source(
    name: str, dest_root: Path, client: httpx.Client | None = None, timeout: float = DEFAULT_CONNECT_TIMEOUT
) -> list[str]:
    """Download source `name` into `dest_root/<its folder>/`; the names of the files written.

    Raises UsageError for a source without a live download, FetchError for everything that goes wrong fetching.
    """
    fetcher = FETCHERS.get(name)
    if fetcher is None:
        raise UsageError(f"source {name!r} has no live download; live sources: {', '.join(FETCHERS)}")
    dest = Path(dest_root) / FOLDERS[name]
    dest.mkdir(parents=True, exist_ok=True)
    http = client if client is not None else make_client(timeout)
    try:
        return fetcher(http, dest)
    except httpx.HTTPError as exc:  # a fetcher that let one through: still a FetchError naming the URL
        raise FetchError(f"{name}: could not fetch {URLS[name]} ({type(exc).__name__}: {exc})") from exc
    finally:
        if client is None:
            http.close()
