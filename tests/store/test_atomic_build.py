"""A build killed at any moment leaves the previous database intact and readable."""

from __future__ import annotations

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
    build(db)
    before = _snapshot(db)
    assert before["model_releases"] and before["build_id"]

    started = time.perf_counter()
    subprocess.run(_build_cmd(tmp_path / "timing.duckdb"), check=True, capture_output=True)
    duration = time.perf_counter() - started

    rng = random.Random(20261128)
    moments = sorted(rng.uniform(0.05, duration * 0.95) for _ in range(10))
    for moment in moments:
        proc = subprocess.Popen(_build_cmd(db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        code = proc.wait()
        after = _snapshot(db)
        if code == -signal.SIGKILL:
            assert after == before, f"database changed after a kill at {moment:.2f}s"
        else:  # the build won the race and finished: then it must have swapped in a complete database
            assert code == 0 and after.keys() == before.keys()
            before = after

    leftovers = list(tmp_path.glob(".avsi.duckdb.building-*"))
    assert leftovers, "killed builds leave their temporary file behind (and the next build removes it)"
    build(db)
    assert not list(tmp_path.glob(".avsi.duckdb.building-*"))
    assert _snapshot(db).keys() == before.keys()
