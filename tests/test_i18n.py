"""Every catalogue translates every message the bot says, with the same placeholders."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from bot import phrases
from bot.i18n import LOCALE_DIR, available_languages, gettext_for, language_name


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "en"])
def test_catalogue_is_complete(language: str) -> None:
    catalog = read_po((LOCALE_DIR / language / "LC_MESSAGES" / "messages.po").open("rb"))
    strings = {m.id: m.string for m in catalog if m.id}
    for msgid in phrases.ALL:
        assert strings.get(msgid), f"{language}: no translation for {msgid[:50]!r}"
        assert placeholders(strings[msgid]) == placeholders(msgid), f"{language}: placeholders differ in {msgid[:50]!r}"


def test_required_languages_and_fallback() -> None:
    assert {"es", "fr", "ar", "it", "pt", "de", "el"} <= set(available_languages())
    assert gettext_for("es")(phrases.BUTTON_HELPFUL) != phrases.BUTTON_HELPFUL
    assert gettext_for("sw")(phrases.BUTTON_HELPFUL) == phrases.BUTTON_HELPFUL  # no Swahili catalogue: English
    assert language_name("en", "es") == "inglés"
    assert "#7" in gettext_for("ar")(phrases.PASSED_TO_TEAM, ticket=7)
