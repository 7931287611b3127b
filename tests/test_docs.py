"""The docs keep up with the code: every command has help and is in the README, every source is attributed."""

from __future__ import annotations

from pathlib import Path

import typer.main

from avsi.cli import app
from avsi.sources import SOURCE_NAMES, all_sources

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
LICENSES = (ROOT / "data" / "LICENSES.md").read_text(encoding="utf-8")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    group = typer.main.get_command(app)
    commands = group.commands  # type: ignore[attr-defined]
    assert commands
    for name, command in commands.items():
        assert command.help and "Example:" in command.help, f"`avsi {name}` needs help text with an example"
        assert f"avsi {name}" in README, f"`avsi {name}` is not in the README"


def test_every_source_is_attributed_and_named_in_the_readme() -> None:
    for name in SOURCE_NAMES:
        assert f"`{name}`" in LICENSES, f"source {name} has no attribution row in data/LICENSES.md"
        assert f"`{name}`" in README, f"source {name} is not listed in the README"


def test_every_source_declares_licence_and_date() -> None:
    for source in all_sources():
        info = source.info
        assert info.licence and info.attribution and info.url, info.name
        assert len(info.data_date) == 10 and info.data_date[4] == "-", info.name
        for f in source.files:
            assert (ROOT / "data" / "snapshots" / info.folder / f.path).is_file(), f.path
