"""Where avsi keeps its data: the shipped snapshots and the default database path."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "avsi"


def shipped_data_dir() -> Path:
    """The licensed snapshots that ship with avsi (inside the wheel, or in the source checkout)."""
    packaged = Path(__file__).parent / "_data" / "snapshots"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "data" / "snapshots"
    return checkout


def user_data_dir() -> Path:
    """The per-user folder for the database and refreshed snapshots (`AVSI_HOME` overrides it)."""
    home = os.environ.get("AVSI_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir(APP_NAME))


def default_db_path() -> Path:
    """`AVSI_DB` if set, else `avsi.duckdb` in the per-user data folder."""
    env = os.environ.get("AVSI_DB")
    return Path(env) if env else user_data_dir() / "avsi.duckdb"


def live_data_dir() -> Path:
    """Where `avsi refresh` keeps the snapshots it fetched (overlaying the shipped ones)."""
    return user_data_dir() / "live"


def default_data_dir() -> Path:
    """The snapshots a build reads by default: the refreshed ones if a refresh completed, else the shipped ones."""
    live = live_data_dir()
    if (live / ".complete").is_file():  # written by `avsi refresh` once a refresh fully succeeded
        return live
    return shipped_data_dir()
