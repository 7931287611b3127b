"""Fixtures of the dashboard tests: the app over the shipped build, a live `avsi serve` and a real browser."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from avsi.web import create_app
from avsi.web.front import Front
from tests.web.support import CHROMIUM, CHROMIUM_ARGS, LiveServer


@pytest.fixture(scope="session")
def web_app(shipped_db: Path) -> Front:
    """The ASGI app (front layer + FastAPI) over the shared build of the shipped data."""
    return create_app(shipped_db)


@pytest.fixture(scope="session")
def client(web_app: Front) -> Iterator[TestClient]:
    with TestClient(web_app) as c:
        yield c


@pytest.fixture(scope="session")
def served_db(shipped_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped build that the live server serves (a test swaps it for a rebuild)."""
    db = tmp_path_factory.mktemp("served") / "avsi.duckdb"
    shutil.copyfile(shipped_db, db)
    return db


@pytest.fixture(scope="session")
def live_server(served_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(served_db, tmp_path_factory.mktemp("serve") / "serve.log")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"the browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()
