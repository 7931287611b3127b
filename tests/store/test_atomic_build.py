"""A build killed at any moment leaves the previous database intact and readable."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from avsi import build


def _snapshot(db: Path) -> dict[str, object]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
        counts: dict[str, object] = {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone() for t in tables}
        counts["build_id"] = con.execute("SELECT value FROM build_info WHERE key = 'build_id'").fetchone()
        return counts
    finally:
        con.close()


def _build_cmd(db: Path) -> list[str]:
    return [sys.executable, "-m", "avsi", "build", "--db", str(db), "--json"]


@pytest.mark.slow
def test_sigkill_during_build_keeps_previous_database(tmp_path: Path) -> None:
    db = tmp_path / "avsi.duckdb"
    # Timed as the kills will see it: a subprocess that starts Python, imports avsi and builds.
    started = time.perf_counter()
    subprocess.run(_build_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    duration = time.perf_counter() - started
    before = _snapshot(db)
    assert before["model_releases"] and before["build_id"]

    rng = random.Random(20261128)
    moments = sorted(rng.uniform(0.05, duration * 0.95) for _ in range(10))
    kept = 0
    for moment in moments:
        digest_before = hashlib.sha256(db.read_bytes()).hexdigest()
        proc = subprocess.Popen(_build_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        after = _snapshot(db)  # opens cleanly, whatever happened
        if after["build_id"] == before["build_id"]:
            # Killed before the swap: the previous database is untouched, byte for byte.
            assert hashlib.sha256(db.read_bytes()).hexdigest() == digest_before, f"changed by a kill at {moment:.2f}s"
            kept += 1
        else:
            # The kill came after the atomic swap: then the new database is complete (same inputs, same counts).
            assert {k: v for k, v in after.items() if k != "build_id"} == {
                k: v for k, v in before.items() if k != "build_id"
            }
            before = after
    assert kept >= 5, f"only {kept} of 10 kills landed mid-build; the timing assumption is off"

    # A killed build leaves its temporary file; the next build at that path removes those of dead processes.
    # Each build above already did so for the kill before it; a stand-in for a dead process makes it certain.
    (tmp_path / ".avsi.duckdb.building-4194303").write_bytes(b"half a database")
    build(db, sources=["legislation"])
    assert not list(tmp_path.glob(".avsi.duckdb.building-*"))
