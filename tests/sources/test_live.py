"""The live fetchers, against recorded responses (tests/fixtures/live/) served by httpx.MockTransport: no network."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import os
import shutil
import socket
import tarfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import httpx
import pytest

from avsi.exceptions import FetchError, UsageError
from avsi.sources import live
from avsi.sources.live import (
    EPOCH_URL,
    FETCHERS,
    FOLDERS,
    GENAI_PRICES_URL,
    LITELLM_URL,
    MODELS_DEV_URL,
    OPENROUTER_URL,
    fetch_source,
    make_client,
    make_hf_fetcher,
    verbatim_json_fetcher,
)
from avsi.sources.live_common import READ_TIMEOUT, ArchiveFile, csv_bytes, read_tar_files, write_atomic
from avsi.sources.live_yaml import (
    MOT_COMPONENT_COLUMNS,
    MOT_MODEL_COLUMNS,
    MOT_URL,
    OSAI_COLUMNS,
    OSAI_DIMENSIONS,
    OSAI_URL,
    YAML_SUFFIXES,
    flatten_mot,
    flatten_osai,
)

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOTS = ROOT / "data" / "snapshots"
FIXTURES = ROOT / "tests" / "fixtures" / "live"
EPOCH_CSVS = ("all_ai_models.csv", "notable_ai_models.csv", "large_scale_ai_models.csv", "frontier_ai_models.csv")

Route = tuple[int, bytes] | Callable[[httpx.Request], httpx.Response]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def serve() -> Iterator[Callable[[Mapping[str, Route]], httpx.Client]]:
    """A client whose transport answers the given URLs (status, body) or handlers; anything else is a 404."""
    clients: list[httpx.Client] = []

    def make(routes: Mapping[str, Route]) -> httpx.Client:
        def handler(request: httpx.Request) -> httpx.Response:
            route = routes.get(str(request.url))
            if route is None:
                return httpx.Response(404, content=b"not found")
            if callable(route):
                return route(request)
            status, body = route
            return httpx.Response(status, content=body)

        client = httpx.Client(transport=httpx.MockTransport(handler), follow_redirects=True)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


def read_csv_bytes(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders a fetch left behind (names starting with '.')."""
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# --- wiring ---------------------------------------------------------------------------------------------------------


def test_fetchers_cover_the_sources_with_a_public_download() -> None:
    assert set(FETCHERS) == {"epoch", "models_dev", "openrouter", "litellm", "genai_prices", "osai", "mot", "hf"}
    assert set(FOLDERS) == set(FETCHERS) == set(live.URLS)


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_folder_is_the_readers_folder(name: str) -> None:
    from avsi.sources import SOURCE_MODULES, get_source

    if importlib.util.find_spec(f"avsi.sources.{SOURCE_MODULES[name]}") is None:
        pytest.skip(f"reader module for {name!r} not written yet")
    assert FOLDERS[name] == get_source(name).info.folder


def test_folders_match_the_shipped_snapshot_files() -> None:
    shipped = {
        "epoch": "all_ai_models.csv.gz",
        "models_dev": "models.jsonl.gz",
        "openrouter": "openrouter_models_snapshot.json.gz",
        "litellm": "model_prices_and_context_window.json.gz",
        "genai_prices": "data.json.gz",
        "osai": "osai_index_flat.csv",
        "mot": "mot_models_flat.csv",
        "hf": "hub_stats_frozen.parquet",
    }
    for name, file in shipped.items():
        assert (SNAPSHOTS / FOLDERS[name] / file).is_file(), name


def test_default_client_settings() -> None:
    with make_client(0.7) as client:
        assert client.timeout.connect == 0.7
        assert client.timeout.read == READ_TIMEOUT
        assert client.follow_redirects is True
        assert client.headers["User-Agent"] == "avsi/0.1.0"


def test_unknown_source_and_source_without_download_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no live download"):
        fetch_source("nope", tmp_path)
    with pytest.raises(UsageError, match="no live download"):
        fetch_source("lmarena", tmp_path)


# --- Epoch ----------------------------------------------------------------------------------------------------------


def test_epoch_writes_the_four_csvs_gzipped_and_the_reader_loads_them(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    written = fetch_source("epoch", tmp_path, client=serve({EPOCH_URL: (200, fixture("epoch_ai_models.zip"))}))

    folder = tmp_path / "epoch_ai_models"
    assert written == [f"{n}.gz" for n in EPOCH_CSVS] + ["EPOCH_README.md"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(written)
    with zipfile.ZipFile(FIXTURES / "epoch_ai_models.zip") as archive:
        for name in EPOCH_CSVS:
            assert gzip.decompress((folder / f"{name}.gz").read_bytes()) == archive.read(name)
    assert (folder / "EPOCH_README.md").read_bytes() == (SNAPSHOTS / "epoch_ai_models/EPOCH_README.md").read_bytes()

    from avsi.sources.epoch import SOURCE

    batches = list(SOURCE.read(tmp_path))
    assert [b.rows_read for b in batches] == [20, 20, 20, 20]
    shipped_first = read_csv_bytes(gzip.decompress((SNAPSHOTS / "epoch_ai_models/all_ai_models.csv.gz").read_bytes()))
    assert batches[0].data.column("model").to_pylist()[:3] == [r[0] for r in shipped_first[1:4]]


def test_epoch_truncated_zip_is_a_fetch_error_and_keeps_the_previous_copy(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    folder = tmp_path / "epoch_ai_models"
    folder.mkdir()
    (folder / "all_ai_models.csv.gz").write_bytes(b"previous copy")
    data = fixture("epoch_ai_models.zip")

    with pytest.raises(FetchError, match=r"epoch: bad payload from https://epoch\.ai/data/ai_models\.zip: not a"):
        fetch_source("epoch", tmp_path, client=serve({EPOCH_URL: (200, data[: len(data) // 2])}))

    assert (folder / "all_ai_models.csv.gz").read_bytes() == b"previous copy"
    assert sorted(p.name for p in folder.iterdir()) == ["all_ai_models.csv.gz"]


def test_epoch_zip_missing_a_csv_is_a_fetch_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(FIXTURES / "epoch_ai_models.zip") as source, zipfile.ZipFile(buffer, "w") as partial:
        for info in source.infolist():
            if info.filename != "frontier_ai_models.csv":
                partial.writestr(info, source.read(info))

    with pytest.raises(FetchError, match=r"zip lacks frontier_ai_models\.csv"):
        fetch_source("epoch", tmp_path, client=serve({EPOCH_URL: (200, buffer.getvalue())}))
    assert list((tmp_path / "epoch_ai_models").iterdir()) == []


def test_epoch_html_page_instead_of_zip_is_a_fetch_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    page = b"<!DOCTYPE html><html><body>Moved</body></html>"
    with pytest.raises(FetchError, match="not a readable zip"):
        fetch_source("epoch", tmp_path, client=serve({EPOCH_URL: (200, page)}))


# --- models.dev and the verbatim JSON sources -------------------------------------------------------------------


def test_models_dev_flattens_like_the_shipped_file(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    written = fetch_source(
        "models_dev", tmp_path, client=serve({MODELS_DEV_URL: (200, fixture("models_dev_api.json"))})
    )

    folder = tmp_path / "models_dev"
    assert written == ["models.jsonl.gz", "providers.json"]
    assert sorted(p.name for p in folder.iterdir()) == written  # no lab_models.json: the API has none
    lines = gzip.decompress((folder / "models.jsonl.gz").read_bytes()).decode("utf-8").splitlines()
    assert len(lines) == 6
    shipped = {
        (r["provider_id"], r["model_id"]): r
        for r in map(json.loads, gzip.decompress((SNAPSHOTS / "models_dev/models.jsonl.gz").read_bytes()).splitlines())
    }
    symlinked = 0
    for line in lines:
        record = json.loads(line)
        expected = shipped[(record["provider_id"], record["model_id"])]
        symlinked += expected["symlink_to"] is not None
        assert list(record) == list(expected)  # same keys in the same order
        assert record == {**expected, "symlink_to": None}  # the API resolves symlinks: the only difference
    assert symlinked == 1
    providers = json.loads((folder / "providers.json").read_text("utf-8"))
    shipped_providers = json.loads((SNAPSHOTS / "models_dev/providers.json").read_text("utf-8"))
    assert providers == {p: shipped_providers[p] for p in ("cerebras", "inception", "stepfun-ai")}


@pytest.mark.parametrize(
    ("name", "url", "fixture_name", "file", "entries"),
    [
        ("openrouter", OPENROUTER_URL, "openrouter_models.json", "openrouter_models_snapshot.json.gz", 1),
        ("litellm", LITELLM_URL, "litellm_prices.json", "model_prices_and_context_window.json.gz", 8),
        ("genai_prices", GENAI_PRICES_URL, "genai_prices_data.json", "data.json.gz", 2),
    ],
)
def test_verbatim_json_sources_are_written_gzipped_unchanged(
    tmp_path: Path,
    serve: Callable[[Mapping[str, Route]], httpx.Client],
    name: str,
    url: str,
    fixture_name: str,
    file: str,
    entries: int,
) -> None:
    body = fixture(fixture_name)
    written = fetch_source(name, tmp_path, client=serve({url: (200, body)}))

    path = tmp_path / FOLDERS[name] / file
    assert written == [file]
    assert gzip.decompress(path.read_bytes()) == body
    assert len(json.loads(body)) == entries
    assert leftovers(path.parent) == []


def test_openrouter_model_count(tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]) -> None:
    fetch_source("openrouter", tmp_path, client=serve({OPENROUTER_URL: (200, fixture("openrouter_models.json"))}))
    data = json.loads(gzip.decompress((tmp_path / "models_dev/openrouter_models_snapshot.json.gz").read_bytes()))
    assert [m["id"] for m in data["data"]] == [
        m["id"] for m in json.loads(fixture("openrouter_models.json"))["data"]
    ] and len(data["data"]) == 3


@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("models_dev", MODELS_DEV_URL),
        ("openrouter", OPENROUTER_URL),
        ("litellm", LITELLM_URL),
        ("genai_prices", GENAI_PRICES_URL),
    ],
)
def test_html_instead_of_json_is_a_fetch_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client], name: str, url: str
) -> None:
    page = b"<!DOCTYPE html>\n<html><head><title>Just a moment...</title></head></html>"
    with pytest.raises(FetchError, match=rf"^{name}: bad payload from {url}: HTML/XML page where JSON"):
        fetch_source(name, tmp_path, client=serve({url: (200, page)}))
    assert list((tmp_path / FOLDERS[name]).iterdir()) == []


@pytest.mark.parametrize(
    ("name", "url", "body", "message"),
    [
        ("litellm", LITELLM_URL, b"[1, 2]", "price file should be a JSON object, got list"),
        ("genai_prices", GENAI_PRICES_URL, b'{"providers": []}', "data.json should be a JSON list, got dict"),
        ("openrouter", OPENROUTER_URL, b'{"error": "rate limited"}', "'data' should be a JSON list, got NoneType"),
        ("models_dev", MODELS_DEV_URL, b'{"openai": {"name": "OpenAI"}}', "'models' of provider 'openai'"),
        ("models_dev", MODELS_DEV_URL, b"{}", "no provider lists any model"),
        ("litellm", LITELLM_URL, b'{"gpt-4": {"max_tokens": 8192', "not valid JSON"),
        ("litellm", LITELLM_URL, b"", "empty body"),
    ],
)
def test_wrong_json_shape_is_a_fetch_error(
    tmp_path: Path,
    serve: Callable[[Mapping[str, Route]], httpx.Client],
    name: str,
    url: str,
    body: bytes,
    message: str,
) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_source(name, tmp_path, client=serve({url: (200, body)}))


# --- OSAI and MOT ---------------------------------------------------------------------------------------------------


def shipped_rows(path: Path) -> tuple[list[str], dict[str, list[list[str]]]]:
    rows = read_csv_bytes(path.read_bytes())
    by_file: dict[str, list[list[str]]] = {}
    for row in rows[1:]:
        by_file.setdefault(row[0], []).append(row)
    return rows[0], by_file


def test_osai_flattens_the_repository_yaml(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    written = fetch_source("osai", tmp_path, client=serve({OSAI_URL: (200, fixture("osai_main-database-main.tar.gz"))}))

    folder = tmp_path / "eu_osai_index"
    assert written == ["osai_index_yaml.tar.gz", "osai_index_flat.csv"]
    rows = read_csv_bytes((folder / "osai_index_flat.csv").read_bytes())
    header, shipped = shipped_rows(SNAPSHOTS / "eu_osai_index/osai_index_flat.csv")
    assert rows[0] == header == list(OSAI_COLUMNS)
    files = ["33x-coder.yaml", "BELLE.yaml", "GANSynth.yaml", "KimiK2.5.yaml", "koala.yaml"]
    assert [r[0] for r in rows[1:]] == files  # _parameters.yml and the submission template are not systems
    for row in rows[1:]:
        assert [row] == shipped[row[0]]
    kimi = dict(zip(rows[0], rows[4], strict=True))
    assert (kimi["national_origin"], kimi["contributor_type"]) == ("", "")  # no "# Organization tags" comment

    archived = read_tar_files((folder / "osai_index_yaml.tar.gz").read_bytes(), "", YAML_SUFFIXES)
    assert sorted(f.path for f in archived) == sorted([*files, "_parameters.yml", "a_submission_template.yaml"])
    with tarfile.open(folder / "osai_index_yaml.tar.gz") as archive:
        assert archive.getnames()[0] == "yaml"  # the shipped layout: a yaml/ folder, then yaml/<file>
        assert archive.getnames()[1:] == [f"yaml/{name}" for name in sorted(f.path for f in archived)]


def test_mot_flattens_the_repository_yaml(tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]) -> None:
    body = fixture("mot_model_openness_tool-main.tar.gz")
    written = fetch_source("mot", tmp_path, client=serve({MOT_URL: (200, body)}))

    folder = tmp_path / "model_openness_tool"
    assert written == ["models_yaml.tar.gz", "mot_models_flat.csv", "mot_components_long.csv"]
    models = read_csv_bytes((folder / "mot_models_flat.csv").read_bytes())
    components = read_csv_bytes((folder / "mot_components_long.csv").read_bytes())
    model_header, shipped_models = shipped_rows(SNAPSHOTS / "model_openness_tool/mot_models_flat.csv")
    component_header, shipped_components = shipped_rows(SNAPSHOTS / "model_openness_tool/mot_components_long.csv")
    assert models[0] == model_header == list(MOT_MODEL_COLUMNS)
    assert components[0] == component_header == list(MOT_COMPONENT_COLUMNS)
    assert [r[0] for r in models[1:]] == ["Amber.yml", "Aquila-7B.yml", "Aquila-VL-2B.yml", "Arkim.yml", "Claude-1.yml"]
    for row in models[1:]:
        assert [row] == shipped_models[row[0]]
    assert len(components) - 1 == sum(int(r[11]) for r in models[1:]) == 16 + 3 + 15 + 6 + 5
    for file in shipped_components.keys() & {r[0] for r in models[1:]}:
        assert [r for r in components[1:] if r[0] == file] == shipped_components[file]
    with tarfile.open(folder / "models_yaml.tar.gz") as archive:
        assert archive.getnames() == ["models", *(f"models/{r[0]}" for r in models[1:])]


def test_flattening_the_shipped_osai_yaml_reproduces_the_shipped_csv() -> None:
    folder = SNAPSHOTS / "eu_osai_index"
    files = read_tar_files((folder / "osai_index_yaml.tar.gz").read_bytes(), "", YAML_SUFFIXES)
    columns, rows = flatten_osai(files)
    ours = csv_bytes(columns, rows)
    shipped = read_csv_bytes((folder / "osai_index_flat.csv").read_bytes())
    flat = read_csv_bytes(ours)

    assert len(files) == 196  # 193 systems + _parameters.yml, _parameters-descriptions.yml, the template
    assert flat[0] == shipped[0] and len(flat[0]) == 53
    assert len(flat) - 1 == len(shipped) - 1 == 193
    for dim in OSAI_DIMENSIONS:
        i = shipped[0].index(f"{dim}.class")
        assert [r[i] for r in flat[1:]] == [r[i] for r in shipped[1:]], dim
    origin = shipped[0].index("national_origin")
    assert sum(r[origin] == "United States" for r in flat[1:]) == 76
    assert sum(r[origin] == "China" for r in flat[1:]) == 57
    assert ours == (folder / "osai_index_flat.csv").read_bytes()  # and in fact byte for byte: no difference


def test_flattening_the_shipped_mot_yaml_reproduces_the_shipped_csvs() -> None:
    folder = SNAPSHOTS / "model_openness_tool"
    files = read_tar_files((folder / "models_yaml.tar.gz").read_bytes(), "", YAML_SUFFIXES)
    models, components = flatten_mot(files)
    shipped_models = read_csv_bytes((folder / "mot_models_flat.csv").read_bytes())
    shipped_components = read_csv_bytes((folder / "mot_components_long.csv").read_bytes())

    assert (len(models), len(components)) == (273, 1834) == (len(shipped_models) - 1, len(shipped_components) - 1)
    assert read_csv_bytes(csv_bytes(MOT_MODEL_COLUMNS, models)) == shipped_models
    assert read_csv_bytes(csv_bytes(MOT_COMPONENT_COLUMNS, components)) == shipped_components
    assert csv_bytes(MOT_MODEL_COLUMNS, models) == (folder / "mot_models_flat.csv").read_bytes()
    assert csv_bytes(MOT_COMPONENT_COLUMNS, components) == (folder / "mot_components_long.csv").read_bytes()


def test_osai_new_keys_are_appended_after_the_shipped_columns() -> None:
    shipped = read_tar_files(fixture("osai_main-database-main.tar.gz"), "", YAML_SUFFIXES)
    base = next(f for f in shipped if f.path == "33x-coder.yaml")
    extended = ArchiveFile("Zeta.yaml", base.data + b"\nenergy:\n    class: open\n    link:\n", 0)
    columns, rows = flatten_osai([base, extended])
    assert columns == [*OSAI_COLUMNS, "energy.class", "energy.link"]
    assert [r.get("energy.class", "") for r in rows] == ["", "open"]


def test_osai_renamed_dimension_is_a_payload_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    base = next(f for f in read_tar_files(fixture("osai_main-database-main.tar.gz"), "", YAML_SUFFIXES))
    renamed = base.data.replace(b"\npaper:", b"\npapers:")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo("main-database-main/X.yaml")
        info.size = len(renamed)
        archive.addfile(info, io.BytesIO(renamed))
    with pytest.raises(FetchError, match=r"no system file has paper\.class"):
        fetch_source("osai", tmp_path, client=serve({OSAI_URL: (200, buffer.getvalue())}))


@pytest.mark.parametrize(("name", "url"), [("osai", OSAI_URL), ("mot", MOT_URL)])
def test_truncated_or_empty_tarball_is_a_fetch_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client], name: str, url: str
) -> None:
    data = fixture("osai_main-database-main.tar.gz" if name == "osai" else "mot_model_openness_tool-main.tar.gz")
    with pytest.raises(FetchError, match=rf"{name}: bad payload from {url}: not a readable \.tar\.gz"):
        fetch_source(name, tmp_path, client=serve({url: (200, data[: len(data) // 2])}))
    empty = io.BytesIO()
    with tarfile.open(fileobj=empty, mode="w:gz") as archive:
        readme = b"# nothing here\n"
        info = tarfile.TarInfo("repo-main/README.md")
        info.size = len(readme)
        archive.addfile(info, io.BytesIO(readme))
    with pytest.raises(FetchError, match=r"no (system|model) YAML file"):
        fetch_source(name, tmp_path, client=serve({url: (200, empty.getvalue())}))
    assert list((tmp_path / FOLDERS[name]).iterdir()) == []


def test_invalid_yaml_is_a_fetch_error_naming_the_file(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        bad = b"release:\n  name: [unclosed\n"
        info = tarfile.TarInfo("model_openness_tool-main/models/Broken.yml")
        info.size = len(bad)
        archive.addfile(info, io.BytesIO(bad))
    with pytest.raises(FetchError, match=r"Broken\.yml: not valid YAML"):
        fetch_source("mot", tmp_path, client=serve({MOT_URL: (200, buffer.getvalue())}))


def test_read_tar_files_takes_only_the_given_folder() -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name in ("top/a.yaml", "top/b.yml", "top/c.txt", "top/sub/d.yaml", "top/models/e.yml"):
            info = tarfile.TarInfo(name)
            info.size = 1
            archive.addfile(info, io.BytesIO(b"x"))
    assert [f.path for f in read_tar_files(buffer.getvalue(), "", YAML_SUFFIXES)] == ["a.yaml", "b.yml"]
    assert [f.path for f in read_tar_files(buffer.getvalue(), "models", YAML_SUFFIXES)] == ["e.yml"]


# --- Hugging Face ---------------------------------------------------------------------------------------------------


def fake_download(source: Path) -> live.HubDownload:
    def download(repo_id: str, filename: str, *, repo_type: str, local_dir: str, etag_timeout: float) -> str:
        assert (repo_id, filename, repo_type) == ("cfahlgren1/hub-stats", "models.parquet", "dataset")
        target = Path(local_dir) / filename
        target.write_bytes(source.read_bytes())
        return str(target)

    return download


def test_hf_writes_the_downloaded_parquet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    monkeypatch.setitem(FETCHERS, "hf", make_hf_fetcher(fake_download(FIXTURES / "hub_stats_head.parquet")))
    written = fetch_source("hf", tmp_path, client=serve({}))

    import pyarrow.parquet as pq

    folder = tmp_path / "hf_hub_stats_subset"
    assert written == ["hub_stats_frozen.parquet"]
    assert sorted(p.name for p in folder.iterdir()) == written  # the staging folder is gone
    table = pq.read_table(folder / "hub_stats_frozen.parquet")
    shipped = pq.read_table(SNAPSHOTS / "hf_hub_stats_subset/hub_stats_frozen.parquet")
    assert table.num_rows == 5
    assert table.schema == shipped.schema
    assert table.column("id").to_pylist() == shipped.column("id").to_pylist()[:5]

    from avsi.sources import get_source

    assert [batch.rows_read for batch in get_source("hf").read(tmp_path)] == [5]


def test_hf_download_failure_and_bad_file_are_fetch_errors(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    def offline(repo_id: str, filename: str, *, repo_type: str, local_dir: str, etag_timeout: float) -> str:
        raise OSError("cannot reach the Hub")

    folder = tmp_path / "hf"
    with pytest.raises(FetchError, match=r"^hf: could not download https://huggingface\.co/.*cannot reach the Hub"):
        make_hf_fetcher(offline)(serve({}), folder)
    not_parquet = tmp_path / "page.html"
    not_parquet.write_bytes(b"<html>rate limited</html>")
    with pytest.raises(FetchError, match=r"^hf: bad payload from .*not a readable parquet"):
        make_hf_fetcher(fake_download(not_parquet))(serve({}), folder)
    assert list(folder.iterdir()) == []


def test_hf_default_download_in_offline_mode_is_a_fetch_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    import huggingface_hub.constants

    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)  # no request can leave
    started = time.monotonic()
    with pytest.raises(FetchError, match="hf: could not download"):
        fetch_source("hf", tmp_path, client=serve({}))
    assert time.monotonic() - started < 2.0
    assert list((tmp_path / "hf_hub_stats_subset").iterdir()) == []


# --- network failures -------------------------------------------------------------------------------------------------


def test_connection_error_is_a_fast_fetch_error(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]
) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    started = time.monotonic()
    with pytest.raises(FetchError, match=rf"^litellm: could not fetch {LITELLM_URL} \(ConnectError: .*refused"):
        fetch_source("litellm", tmp_path, client=serve({LITELLM_URL: refuse}))
    assert time.monotonic() - started < 0.5


def test_read_timeout_is_a_fetch_error(tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]) -> None:
    def stall(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(FetchError, match=rf"^mot: timed out fetching {MOT_URL} \(ReadTimeout"):
        fetch_source("mot", tmp_path, client=serve({MOT_URL: stall}))


@pytest.mark.parametrize("status", [500, 404, 403])
def test_http_error_status_is_a_fetch_error_naming_it(
    tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client], status: int
) -> None:
    reason = {500: "Internal Server Error", 404: "Not Found", 403: "Forbidden"}[status]
    with pytest.raises(FetchError, match=rf"^epoch: {EPOCH_URL} answered HTTP {status} {reason}$"):
        fetch_source("epoch", tmp_path, client=serve({EPOCH_URL: (status, b"oops")}))
    assert list((tmp_path / "epoch_ai_models").iterdir()) == []


def test_redirects_are_followed(tmp_path: Path, serve: Callable[[Mapping[str, Route]], httpx.Client]) -> None:
    moved = "https://example.org/prices.json"
    routes: dict[str, Route] = {
        LITELLM_URL: lambda request: httpx.Response(302, headers={"Location": moved}),
        moved: (200, fixture("litellm_prices.json")),
    }
    assert fetch_source("litellm", tmp_path, client=serve(routes)) == ["model_prices_and_context_window.json.gz"]


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port  # closed again: nothing listens there


def test_closed_port_fails_within_two_seconds_with_the_default_client(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"http://127.0.0.1:{closed_port()}/model_prices_and_context_window.json"
    fetcher = verbatim_json_fetcher("litellm", url, "model_prices_and_context_window.json.gz", live.check_litellm)
    monkeypatch.setitem(FETCHERS, "litellm", fetcher)

    started = time.monotonic()
    with pytest.raises(FetchError, match=rf"^litellm: could not fetch {url} \(ConnectError"):
        fetch_source("litellm", tmp_path)  # the default client, as the command line uses it
    elapsed = time.monotonic() - started
    print(f"closed-port failure after {elapsed:.3f} s")
    assert elapsed < 2.0


def test_a_name_lookup_that_hangs_fails_within_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    release = threading.Event()
    real_getaddrinfo = socket.getaddrinfo

    def hanging(host: str, *args: object, **kwargs: object) -> object:
        if host == "epoch.ai":
            release.wait(10)
            raise socket.gaierror("gave up")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", hanging)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match=r"^epoch: .*could not resolve epoch\.ai within 0\.3 s"):
            fetch_source("epoch", tmp_path, timeout=0.3)
        assert time.monotonic() - started < 1.0
    finally:
        release.set()


def test_name_lookup_is_left_to_the_proxy_when_one_is_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse_lookup(*args: object, **kwargs: object) -> object:
        raise AssertionError("looked up a name that the proxy resolves")

    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.invalid:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    live.bounded_lookup(0.1)(httpx.Request("GET", EPOCH_URL))  # returns at once: no lookup


# --- atomic writes --------------------------------------------------------------------------------------------------


def test_write_atomic_replaces_whole_files_and_cleans_up_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "data.json.gz"
    target.write_bytes(b"old")
    write_atomic(tmp_path, "data.json.gz", b"new")
    assert target.read_bytes() == b"new"
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)
    assert leftovers(tmp_path) == []

    def fail(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path, "data.json.gz", b"newer")
    assert target.read_bytes() == b"new"
    assert leftovers(tmp_path) == []


# --- the readers load what the fetchers write -----------------------------------------------------------------------

READER_CASES = [
    # source, url, fixture, {file written: rows the reader reads from it (per table, in the reader's order)}
    ("models_dev", MODELS_DEV_URL, "models_dev_api.json", {"models.jsonl.gz": [6], "providers.json": [3]}),
    ("openrouter", OPENROUTER_URL, "openrouter_models.json", {"openrouter_models_snapshot.json.gz": [3]}),
    # 8 entries, one of them LiteLLM's `sample_spec` schema description, which the reader leaves out
    ("litellm", LITELLM_URL, "litellm_prices.json", {"model_prices_and_context_window.json.gz": [7]}),
    ("genai_prices", GENAI_PRICES_URL, "genai_prices_data.json", {"data.json.gz": [2, 6]}),
    ("osai", OSAI_URL, "osai_main-database-main.tar.gz", {"osai_index_flat.csv": [5]}),
    (
        "mot",
        MOT_URL,
        "mot_model_openness_tool-main.tar.gz",
        {"mot_models_flat.csv": [5], "mot_components_long.csv": [45]},
    ),
]


@pytest.mark.parametrize(("name", "url", "fixture_name", "expected"), READER_CASES)
def test_the_sources_reader_loads_the_fetched_files(
    tmp_path: Path,
    serve: Callable[[Mapping[str, Route]], httpx.Client],
    name: str,
    url: str,
    fixture_name: str,
    expected: dict[str, list[int]],
) -> None:
    from avsi.sources import get_source

    source = get_source(name)
    shutil.copytree(SNAPSHOTS / FOLDERS[name], tmp_path / FOLDERS[name])  # the previous copy of every file
    fetch_source(name, tmp_path, client=serve({url: (200, fixture(fixture_name))}))

    rows: dict[str, list[int]] = {}
    for batch in source.read(tmp_path):
        file = batch.file.removeprefix(f"{FOLDERS[name]}/")
        if file in expected:
            rows.setdefault(file, []).append(batch.rows_read)
    assert rows == expected
