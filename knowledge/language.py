"""Language detection for questions and untagged resources.

lingua is used instead of guesswork because officials write short chat messages in many
languages; restricting it to the languages we expect keeps it fast (~0.1 ms warm) and accurate.
"""

from __future__ import annotations

from functools import lru_cache

from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

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
