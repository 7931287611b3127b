"""`avsi refresh`: fetch live sources into a staging copy of the current data, rebuild, and only then switch.

The current snapshots and the current database stay exactly as they were unless every requested source was
fetched and the rebuild succeeded; the refreshed snapshots then become the live data folder used by later builds.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from avsi.config import live_data_dir, shipped_data_dir
from avsi.exceptions import UsageError
from avsi.sources import get_source
from avsi.sources.live import FETCHERS, fetch_source
from avsi.store.build import BuildReport, ProgressCallback, build

COMPLETE_MARKER = ".complete"


@dataclass
class RefreshReport:
    fetched: dict[str, list[str]] = field(default_factory=dict)
    build: BuildReport | None = None
    data_dir: Path | None = None

    def to_dict(self) -> dict[str, object]:
        return {
            "fetched": self.fetched,
            "data_dir": str(self.data_dir) if self.data_dir else None,
            "build": self.build.to_dict() if self.build else None,
        }


def refreshable_sources() -> list[str]:
    """The sources with a public download that `refresh` can fetch."""
    return list(FETCHERS)


def refresh(
    db_path: Path | str,
    sources: Sequence[str] | None = None,
    client: httpx.Client | None = None,
    timeout: float = 2.0,
    progress: ProgressCallback | None = None,
    live_dir: Path | None = None,
) -> RefreshReport:
    """Fetch `sources` (default: every refreshable one), rebuild `db_path`, then make the result the live data.

    Raises FetchError (network, HTTP status, bad payload) or a build error; in both cases nothing changes.
    """
    names = list(sources) if sources else refreshable_sources()
    for name in names:
        get_source(name)  # unknown names fail here with the list of known ones
        if name not in FETCHERS:
            raise UsageError(
                f"source {name!r} has no public download to refresh from; its shipped snapshot is used "
                f"(refreshable: {', '.join(FETCHERS)})"
            )
    live = live_dir or live_data_dir()
    current = live if (live / COMPLETE_MARKER).is_file() else shipped_data_dir()
    live.parent.mkdir(parents=True, exist_ok=True)
    staging = live.with_name(f".{live.name}-staging-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    report = RefreshReport()
    try:
        shutil.copytree(current, staging, ignore=shutil.ignore_patterns(COMPLETE_MARKER, ".refresh.json"))
        for i, name in enumerate(names):
            if progress:
                progress(f"fetching {name}", i, len(names))
            report.fetched[name] = fetch_source(name, staging, client=client, timeout=timeout)
        report.build = build(db_path, data_dir=staging, progress=progress, data_label=str(live))
        (staging / ".refresh.json").write_text(
            json.dumps(
                {
                    "refreshed_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                    "fetched": report.fetched,
                },
                indent=2,
            )
        )
        (staging / COMPLETE_MARKER).write_text("")
        _swap_in(staging, live)
        report.data_dir = live
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _swap_in(staging: Path, live: Path) -> None:
    """Replace the live folder by the staging one; a crash in between leaves one complete folder or the other."""
    old = live.with_name(f".{live.name}-old-{os.getpid()}")
    if live.exists():
        os.replace(live, old)
    os.replace(staging, live)
    with contextlib.suppress(FileNotFoundError):
        shutil.rmtree(old)
