"""Language detection for questions and untagged resources.

lingua is used instead of guesswork because officials write short chat messages in many
languages; restricting it to the languages we expect keeps it fast (~0.1 ms warm) and accurate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lingua import IsoCode639_1, IsoCode639_3, Language, LanguageDetector, LanguageDetectorBuilder

_EXPECTED = (
    Language.ENGLISH, Language.SPANISH, Language.FRENCH, Language.ARABIC, Language.ITALIAN,
    Language.PORTUGUESE, Language.GERMAN, Language.GREEK, Language.RUSSIAN, Language.UKRAINIAN,
    Language.TURKISH, Language.PERSIAN, Language.DUTCH, Language.POLISH, Language.CHINESE,
    Language.JAPANESE, Language.KOREAN, Language.HINDI, Language.URDU, Language.SWAHILI,
    Language.ROMANIAN, Language.SWEDISH, Language.INDONESIAN, Language.VIETNAMESE, Language.SOMALI,
    Language.TAGALOG, Language.BENGALI, Language.AMHARIC if hasattr(Language, "AMHARIC") else Language.HEBREW,
)

MIN_CONFIDENCE = 0.35


@lru_cache(maxsize=1)
def _detector() -> LanguageDetector:
    return LanguageDetectorBuilder.from_languages(*_EXPECTED).with_preloaded_language_models().build()


def warm_up() -> None:
    """Load the language models now rather than on the first user's question."""
    _detector()


def detect_language(text: str, default: str | None = None) -> str | None:
    """ISO 639-1 code of the text's language, or ``default`` when too short or unclear to tell."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < 2:
        return default
    values = _detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return default
    code: IsoCode639_1 = values[0].language.iso_code_639_1
    return code.name.lower()


# Names curators write in front matter in their own language (lingua knows the English names).
_NATIVE_NAMES = {
    "español": "es", "castellano": "es", "espanol": "es", "français": "fr", "francais": "fr", "deutsch": "de",
    "italiano": "it", "português": "pt", "portugues": "pt", "العربية": "ar", "عربي": "ar", "ελληνικά": "el",
    "ελληνικα": "el", "русский": "ru", "українська": "uk", "türkçe": "tr", "nederlands": "nl", "polski": "pl",
    "română": "ro", "فارسی": "fa", "kiswahili": "sw", "中文": "zh", "日本語": "ja",
}


def language_code(value: str) -> str | None:
    """ISO 639-1 code for a front-matter language label: ``es``, ``es-MX``, ``spa``, ``Spanish`` or ``Español``;
    None when it is none of these."""
    text = value.strip().lower()
    code = text.replace("_", "-").split("-")[0]
    if re.fullmatch(r"[a-z]{2}", code):
        return code
    if re.fullmatch(r"[a-z]{3}", code):
        try:
            return Language.from_iso_code_639_3(IsoCode639_3.from_str(code)).iso_code_639_1.name.lower()
        except ValueError:
            return code  # a valid-looking ISO 639-3 code lingua does not know: keep it as written
    if text in _NATIVE_NAMES:
        return _NATIVE_NAMES[text]
    try:
        return Language.from_str(text).iso_code_639_1.name.lower()
    except ValueError:
        return None
