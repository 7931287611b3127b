"""`avsi.__all__` is complete and sorted, like httpx's public API check."""

from __future__ import annotations

import avsi


def test_all_is_sorted_and_importable() -> None:
    assert avsi.__all__ == sorted(avsi.__all__)
    for name in avsi.__all__:
        assert hasattr(avsi, name), name


def test_public_names_are_exported() -> None:
    public = {n for n in dir(avsi) if not n.startswith("_") and n not in {"annotations"}}
    modules = {n for n in public if type(getattr(avsi, n)).__name__ == "module"}
    assert public - modules == set(avsi.__all__) - {"__version__"}
