"""The bot's own words in the asker's language, from gettext catalogues.

Catalogues are the ``.po`` files under ``bot/locale``; they are compiled in memory when first used
(no build step, no stale ``.mo``). A language without a catalogue gets English.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
RTL = frozenset({"ar", "fa", "he", "ur"})


def available_languages() -> list[str]:
    return ["en"] + sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.po").exists())


@lru_cache(maxsize=64)
def translations(language: str) -> gettext.NullTranslations:
    po = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po.exists():
        return gettext.NullTranslations()
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def gettext_for(language: str | None):  # type: ignore[no-untyped-def]
    """A ``_`` function for one language: ``_("Hello {name}", name=...)``."""
    trans = translations(language or "en")

    def _(message: str, **values: object) -> str:
        text = trans.gettext(message)
        return text.format(**values) if values else text

    return _


def language_name(code: str, in_language: str | None) -> str:
    """'English' / 'inglés' / 'anglais': the name of ``code`` written in ``in_language``."""
    try:
        name = Locale.parse(in_language or "en").languages.get(code)
    except (UnknownLocaleError, ValueError):
        name = None
    return name or code


def supported(language: str | None) -> bool:
    return language is not None and language in available_languages()
