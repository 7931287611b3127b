"""`refresh`: fetch into a staging copy, rebuild, then switch; on any failure the data and database stay as they were.

Recorded responses only (tests/fixtures/live, see its README); no network.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import duckdb
import httpx
import pytest

from avsi import FetchError, UsageError, build, refresh
from avsi.sources.live import URLS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "live"


def _client(routes: dict[str, bytes]) -> httpx.Client:
    def handler(request: httpx.Request) -> httpx.Response:
        body = routes.get(str(request.url))
        return httpx.Response(200, content=body) if body is not None else httpx.Response(404, content=b"not found")

    return httpx.Client(transport=httpx.MockTransport(handler))


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("refresh") / "base.duckdb"
    build(db, sources=["litellm", "genai_prices", "legislation"])
    return db


def test_refresh_with_recorded_litellm_switches_data_and_rebuilds(base_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "avsi.duckdb"
    db.write_bytes(base_db.read_bytes())
    live = tmp_path / "live"
    with _client({URLS["litellm"]: (FIXTURES / "litellm_prices.json").read_bytes()}) as client:
        report = refresh(db, sources=["litellm"], client=client, live_dir=live)
    assert report.fetched == {"litellm": ["model_prices_and_context_window.json.gz"]}
    assert (live / ".complete").is_file() and report.data_dir == live
    assert not list(tmp_path.glob(".live-*")), "the staging folder is gone"
    con = duckdb.connect(str(db), read_only=True)
    read = con.execute(
        "SELECT rows_read FROM build_inputs WHERE file = 'litellm_prices/model_prices_and_context_window.json.gz'"
    ).fetchone()
    recorded = con.execute("SELECT value FROM build_info WHERE key = 'data_dir'").fetchone()
    assert read is not None and read[0] < 4877  # the small recorded list replaced the shipped one
    assert recorded == (str(live),)


def test_no_network_fails_fast_and_changes_nothing(base_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "avsi.duckdb"
    db.write_bytes(base_db.read_bytes())
    before = _sha(db)
    live = tmp_path / "live"

    def offline(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno -3] Temporary failure in name resolution", request=request)

    started = time.perf_counter()
    with httpx.Client(transport=httpx.MockTransport(offline)) as client, pytest.raises(FetchError) as info:
        refresh(db, sources=["litellm"], client=client, live_dir=live)
    assert time.perf_counter() - started < 2.0
    assert "litellm" in str(info.value) and URLS["litellm"] in str(info.value)
    assert _sha(db) == before
    assert not live.exists() and not list(tmp_path.glob(".live-*"))


def test_a_bad_payload_keeps_the_previous_live_data(base_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "avsi.duckdb"
    db.write_bytes(base_db.read_bytes())
    live = tmp_path / "live"
    with _client({URLS["litellm"]: (FIXTURES / "litellm_prices.json").read_bytes()}) as client:
        refresh(db, sources=["litellm"], client=client, live_dir=live)
    kept = _sha(live / "litellm_prices" / "model_prices_and_context_window.json.gz")
    db_before = _sha(db)
    html = b"<!DOCTYPE html><html>Service unavailable</html>"
    with _client({URLS["litellm"]: html}) as client, pytest.raises(FetchError, match="litellm"):
        refresh(db, sources=["litellm"], client=client, live_dir=live)
    assert _sha(live / "litellm_prices" / "model_prices_and_context_window.json.gz") == kept
    assert _sha(db) == db_before


def test_sources_without_a_download_are_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no public download"):
        refresh(tmp_path / "x.duckdb", sources=["lmarena"], live_dir=tmp_path / "live")
