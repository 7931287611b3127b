"""The dashboard's two languages: words from `i18n.yaml`, the language a request asks for, and a translator."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from avsi.exceptions import AvsiError

I18N_PATH = Path(__file__).with_name("i18n.yaml")
LANGS: tuple[str, ...] = ("en", "nl")
DEFAULT_LANG = "en"
COOKIE = "avsi_lang"


class TranslationError(AvsiError, ValueError):
    """`i18n.yaml` misses a language for some key."""


def _check(node: Any, path: str) -> None:
    if isinstance(node, dict) and set(node) == set(LANGS):
        if not all(isinstance(v, str) and v for v in node.values()):
            raise TranslationError(f"{I18N_PATH}: {path}: every language needs a non-empty string")
        return
    if not isinstance(node, dict) or not node:
        raise TranslationError(f"{I18N_PATH}: {path}: needs exactly the languages {', '.join(LANGS)}")
    for key, value in node.items():
        _check(value, f"{path}.{key}" if path else str(key))


@functools.cache
def words() -> dict[str, Any]:
    """The whole of `i18n.yaml`, checked: every leaf has an English and a Dutch string."""
    data = yaml.safe_load(I18N_PATH.read_text(encoding="utf-8"))
    _check(data, "")
    return dict(data)


def pick_lang(query: str | None, cookie: str | None) -> str:
    """The query's ?lang=, else the language cookie, else English."""
    for candidate in (query, cookie):
        if candidate in LANGS:
            return str(candidate)
    return DEFAULT_LANG


def translator(lang: str) -> Callable[..., str]:
    """t("key") for the ui section, t("name", "dimensions", "accessible") for the others; {placeholders} filled."""
    data = words()

    def t(key: str, section: str = "ui", item: str | None = None, **values: Any) -> str:
        node = data[section]
        entry = node[item][key] if item is not None else node.get(key)
        if entry is None:
            return key
        text = str(entry[lang])
        return text.format(**values) if values else text

    return t
