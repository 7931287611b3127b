"""`avsi export`: every table of a build as Parquet or CSV files, with a manifest to cite them by.

The manifest names the build, the methodology version and hashes the scores were made with, each source with its
licence and the attribution it asks for, and each file with its rows and SHA-256, so that an export can be cited and
checked. Files are written to a temporary folder beside the target and moved in when complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from avsi.exceptions import UsageError
from avsi.store.build import open_database
from avsi.store.rows import table_names

FORMATS = ("parquet", "csv")


def export_database(
    db_path: Path | str, fmt: str, out_dir: Path | str, tables: list[str] | None = None
) -> dict[str, Any]:
    """Write the chosen tables (default: all) of the database to `out_dir`; returns the manifest."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use parquet or csv")
    out = Path(out_dir)
    con = open_database(db_path)
    try:
        present = sorted(table_names(con))
        chosen = tables or present
        unknown = [t for t in chosen if t not in present]
        if unknown:
            raise UsageError(f"no table named {', '.join(map(repr, unknown))} in {db_path}")
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        try:
            files = []
            options = "FORMAT parquet, COMPRESSION zstd" if fmt == "parquet" else "FORMAT csv, HEADER"
            for table in chosen:
                target = staging / f"{table}.{fmt}"
                # The table name comes from the database's own catalogue (checked above), never from free text.
                con.execute(f"COPY (SELECT * FROM \"{table}\") TO '{target}' ({options})")
                rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
                files.append({"table": table, "file": target.name, "rows": int(rows[0]) if rows else 0,
                              "sha256": hashlib.sha256(target.read_bytes()).hexdigest()})  # fmt: skip
            manifest = _manifest(con, fmt, files, present)
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2, default=str) + "\n")
            if out.exists():
                shutil.rmtree(out)
            os.replace(staging, out)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return manifest
    finally:
        con.close()


def _rows(con: Any, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _manifest(con: Any, fmt: str, files: list[dict[str, Any]], present: list[str]) -> dict[str, Any]:
    build = dict(con.execute("SELECT key, value FROM build_info").fetchall()) if "build_info" in present else {}
    scores = _rows(con, "SELECT * FROM score_info") if "score_info" in present else []
    sources = (
        _rows(con, "SELECT name, title, licence, attribution, url, data_date FROM sources ORDER BY name")
        if "sources" in present
        else []
    )
    return {
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "format": fmt,
        "build": build or None,
        "scores": scores[0] if scores else None,
        "sources": sources,
        "files": files,
        "cite": "avsi, an open observatory of AI models (see CITATION.cff); data under each source's licence above.",
    }
