"""A rebuild never interrupts serving: the server keeps answering from the old build while the new file is swapped
in with os.replace (as `avsi build` does), serves the new build once it is open, and ignores a broken file."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import duckdb
import httpx

from tests.web.support import LiveServer


def _rebuilt_copy(source: Path, target: Path, build_id: str) -> None:
    """A new database file that differs from `source` in its build id and one model's name."""
    shutil.copyfile(source, target)
    con = duckdb.connect(str(target))
    con.execute("UPDATE build_info SET value = ? WHERE key = 'build_id'", [build_id])
    con.execute("UPDATE models SET name = 'Llama 4 Scout (rebuilt)' WHERE id = 'llama-4-scout'")
    con.execute("CHECKPOINT")
    con.close()


def test_rebuild_is_picked_up_without_interrupting_requests(shipped_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    shutil.copyfile(shipped_db, db)
    server = LiveServer(db, tmp_path / "serve.log")
    try:
        with httpx.Client(base_url=server.url, timeout=10) as http:
            first = http.get("/api/v1/meta").json()
            assert first["generation"] == 1
            assert http.get("/api/v1/models/llama-4-scout").json()["name"] == "Llama 4 Scout"  # now cached
            statuses: list[int] = []
            stop = threading.Event()

            def hammer() -> None:
                with httpx.Client(base_url=server.url, timeout=10) as h:
                    while not stop.is_set():
                        statuses.append(h.get("/api/v1/models/llama-4-scout").status_code)
                        statuses.append(h.get("/models?q=llama").status_code)

            worker = threading.Thread(target=hammer)
            worker.start()
            try:
                new = tmp_path / "build.tmp"
                _rebuilt_copy(shipped_db, new, "test-rebuild")
                os.replace(new, db)  # the atomic swap `avsi build` ends with
                deadline = time.monotonic() + 30
                meta = first
                while time.monotonic() < deadline and meta["build"]["build_id"] != "test-rebuild":
                    time.sleep(0.2)
                    meta = http.get("/api/v1/meta").json()
                assert meta["build"]["build_id"] == "test-rebuild" and meta["generation"] == 2
                assert http.get("/api/v1/models/llama-4-scout").json()["name"] == "Llama 4 Scout (rebuilt)"

                broken = tmp_path / "broken.tmp"
                broken.write_bytes(b"this is not a database" * 1000)
                os.replace(broken, db)
                time.sleep(2)
                after = http.get("/api/v1/meta").json()
                assert (after["build"]["build_id"], after["generation"]) == ("test-rebuild", 2)
            finally:
                stop.set()
                worker.join()
            assert len(statuses) > 10 and set(statuses) == {200}
    finally:
        server.stop()
    log = server.output()
    assert f"avsi dashboard: http://127.0.0.1:{server.port}/" in log
    assert "serving the new database build test-rebuild" in log and "still serving the previous build" in log
