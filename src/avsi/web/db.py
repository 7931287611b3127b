"""The dashboard's database: one read-only connection per build, swapped for the next build when it is ready.

`avsi build` writes a new file and moves it over the old one with `os.replace`. The server notices the new file
(its inode, size or modification time changed), opens it and reads everything the pages need in a background
thread while requests go on being served from the previous build, then swaps the two in one assignment. A file
that cannot be opened (a half-copied or foreign file) is logged and skipped: the last good build stays.
Connections of earlier builds are closed once no request uses them any more (they hold the old inode open, so
nothing is lost if the file is already gone).
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from avsi.advise.facts import Facts, load_facts
from avsi.exceptions import DatabaseMissing, StoreError

log = logging.getLogger("avsi.web")
CATALOG = "avsi"


def _stat_key(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


@dataclass
class Snapshot:
    """One build of the database, opened read-only, with what the pages read from it precomputed."""

    con: duckdb.DuckDBPyConnection
    key: tuple[int, int, int, int]
    generation: int
    facts: Facts
    build: dict[str, str]
    opened_at: float = field(default_factory=time.time)
    extras: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def tables(self) -> frozenset[str]:
        return self.facts.tables

    def has(self, *tables: str) -> bool:
        return all(t in self.facts.tables for t in tables)

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of this build, for one request's (or one computation's) parameterised queries."""
        cur = self.con.cursor()
        try:
            cur.execute(f"USE {CATALOG}")
            yield cur
        finally:
            cur.close()

    def cached(self, name: str, compute: Any) -> Any:
        """A value derived from this build, computed once (thread-safe)."""
        if name not in self.extras:
            with self.lock:
                if name not in self.extras:
                    self.extras[name] = compute()
        return self.extras[name]


def connect_snapshot(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only view of the file at `path` that later rebuilds cannot disturb.

    The file is ATTACHed read-only to a private in-memory database instead of opened with `duckdb.connect(path)`:
    DuckDB keeps one instance per path in a process, so connecting to the same path again would return the
    build that is already open rather than the new file that replaced it.
    """
    if not path.is_file():
        raise DatabaseMissing(f"no avsi database at {path}; run `avsi build` first")
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET GLOBAL TimeZone = 'UTC'")
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
    except duckdb.Error as exc:
        con.close()
        raise StoreError(f"cannot open the database at {path}: {exc}") from exc
    return con


def _open(path: Path, key: tuple[int, int, int, int], generation: int) -> Snapshot:
    con = connect_snapshot(path)
    try:
        facts = load_facts(con)
        build = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    except BaseException:
        con.close()
        raise
    return Snapshot(con, key, generation, facts, build)


class Database:
    """The current build of the database at `path`; `current()` is cheap and picks up rebuilds when ready."""

    def __init__(self, path: Path | str, check_interval: float = 0.5, freeze: bool = False) -> None:
        self.path = Path(path)
        self.check_interval = check_interval
        self.freeze = freeze
        key = _stat_key(self.path)
        self._snapshot = self._loaded(_open(self.path, key or (0, 0, 0, 0), 1))
        self._checked = time.monotonic()
        self._reloading = threading.Lock()
        self._failed_key: tuple[int, int, int, int] | None = None

    def _loaded(self, snapshot: Snapshot) -> Snapshot:
        if self.freeze:  # a server: the build's many objects need no cyclic GC, so tail latencies stay short
            gc.collect()
            gc.freeze()
        return snapshot

    def current(self) -> Snapshot:
        """The newest build that is fully open; starts opening a newer file in the background if there is one."""
        now = time.monotonic()
        if now - self._checked >= self.check_interval:
            self._checked = now
            key = _stat_key(self.path)
            if key is not None and key != self._snapshot.key and key != self._failed_key:
                self._start_reload(key)
        return self._snapshot

    def _start_reload(self, key: tuple[int, int, int, int]) -> None:
        if not self._reloading.acquire(blocking=False):
            return
        threading.Thread(target=self._reload, args=(key,), name="avsi-db-reload", daemon=True).start()

    def _reload(self, key: tuple[int, int, int, int]) -> None:
        try:
            snapshot = self._loaded(_open(self.path, key, self._snapshot.generation + 1))
        except Exception as exc:  # a half-written or foreign file: keep serving the last good build
            log.warning("cannot open the new database at %s (%s); still serving the previous build", self.path, exc)
            self._failed_key = key
        else:
            self._snapshot = snapshot
            log.info("serving the new database build %s", snapshot.build.get("build_id", "?"))
        finally:
            self._reloading.release()

    def reload_now(self) -> Snapshot:
        """Open the file at `path` again in this thread if it changed (for tests and the CLI)."""
        key = _stat_key(self.path)
        if key is not None and key != self._snapshot.key:
            with self._reloading:
                self._snapshot = self._loaded(_open(self.path, key, self._snapshot.generation + 1))
        return self._snapshot

    @contextmanager
    def cursor(self, snapshot: Snapshot | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of one build (the current one by default), for one request's parameterised queries."""
        with (snapshot or self.current()).cursor() as cur:
            yield cur

    def close(self) -> None:
        self._snapshot.con.close()
