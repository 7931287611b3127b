"""The dashboard's two languages: every word in English and Dutch, the language picked from query then cookie."""

from __future__ import annotations

from pathlib import Path

import pytest

from avsi.advise import SECTORS
from avsi.web import i18n
from avsi.web.data import AXES, DIMENSIONS


def test_every_word_has_both_languages_and_covers_the_framework() -> None:
    words = i18n.words()
    assert set(words["dimensions"]) == set(DIMENSIONS) and set(words["axes"]) == set(AXES)
    assert set(SECTORS) <= set(words["sectors"])
    t_en, t_nl = i18n.translator("en"), i18n.translator("nl")
    assert (t_en("name", "dimensions", "accessible"), t_nl("name", "dimensions", "accessible")) == (
        "Accessible", "Toegankelijk")  # fmt: skip
    assert t_nl("showing", start=1, end=50, total=3652) == "1–50 van 3652 modellen"


def test_a_missing_language_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    broken = tmp_path / "i18n.yaml"
    broken.write_text("ui:\n  title: {en: Title}\n", encoding="utf-8")
    monkeypatch.setattr(i18n, "I18N_PATH", broken)
    i18n.words.cache_clear()
    try:
        with pytest.raises(i18n.TranslationError, match=r"ui\.title"):
            i18n.words()
    finally:
        monkeypatch.undo()
        i18n.words.cache_clear()


def test_language_comes_from_the_query_then_the_cookie() -> None:
    assert i18n.pick_lang("nl", "en") == "nl"
    assert i18n.pick_lang(None, "nl") == "nl"
    assert i18n.pick_lang(None, "fr") == "en" == i18n.pick_lang(None, None)
