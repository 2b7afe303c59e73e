"""Follow-ups: a short turn read against the conversation's last question.

Three kinds, each with its own handling in the core: "tell me more" (the next passage of the resource
that answered), "in French please" (the same question answered from a resource in that language), and
any other short turn ("and for children?", "who funds it?"), searched together with the question before
it. "Tell me more" is recognised in the embedding space (a few prototypes, as small talk is); language
names come from Babel's locale data in the languages officials write, not from a hand-made list.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

import numpy as np
from babel import Locale

from index.embedders import Embedder

# Measured on knowledge/eval/followups.jsonl (README, "Follow-ups").
MAX_FOLLOW_UP_WORDS = 10      # longer turns stand on their own
MORE_SIMILARITY = 0.9
MAX_LANGUAGE_REQUEST_WORDS = 6

MORE = (
    "tell me more", "more please", "more details", "go on", "continue", "can you expand on that?",
    "cuéntame más", "más detalles", "sigue", "dis-m'en plus", "plus de détails", "continuez", "أخبرني المزيد",
    "المزيد من التفاصيل", "dimmi di più", "più dettagli", "conte-me mais", "mais detalhes", "erzähl mir mehr",
    "mehr Details", "πες μου περισσότερα", "περισσότερες λεπτομέρειες", "розкажи більше", "daha fazla bilgi",
)
LANGUAGES = ("en", "es", "fr", "ar", "it", "pt", "de", "el", "uk", "tr", "ru", "pl", "nl", "ro", "sw")
WORD = re.compile(r"\w+", re.UNICODE)


class Intent(str, Enum):
    MORE = "more"
    LANGUAGE = "language"
    CONTEXT = "context"     # searched together with the question before it


@dataclass(frozen=True)
class FollowUp:
    intent: Intent
    language: str | None = None


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def language_names() -> dict[str, str]:
    """Every name of the languages officials write, in each of those languages: "french", "francés", "γαλλικά"…"""
    names: dict[str, str] = {}
    for shown_in in LANGUAGES:
        locale = Locale.parse(shown_in)
        for code in LANGUAGES:
            name = locale.languages.get(code)
            if name:
                names[_fold(name)] = code
    # Arabic writes "in Arabic" as one word (بالعربية): the name with its preposition.
    for name, code in list(names.items()):
        if re.match(r"^[\u0600-\u06ff]", name) and name.startswith("ال"):
            names["ب" + name] = code
    return names


def requested_language(text: str) -> str | None:
    words = WORD.findall(_fold(text))
    if not words or len(words) > MAX_LANGUAGE_REQUEST_WORDS:
        return None
    names = language_names()
    for word in words:
        if word in names:
            return names[word]
        for name, code in names.items():  # "français" against "francais", "español" against "espanol"
            if len(word) >= 5 and (word.startswith(name) or name.startswith(word)) and abs(len(name) - len(word)) <= 2:
                return code
    return None


class FollowUps:
    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder
        self.more = embedder.encode_queries(list(MORE))

    @staticmethod
    def short(text: str) -> bool:
        return 0 < len(WORD.findall(text)) <= MAX_FOLLOW_UP_WORDS

    def classify(self, text: str, vector: np.ndarray | None = None) -> FollowUp | None:
        """What kind of follow-up ``text`` is, given that the conversation has a recent question."""
        if not self.short(text):
            return None
        language = requested_language(text)
        if language is not None:
            return FollowUp(Intent.LANGUAGE, language)
        v = self.embedder.encode_queries([text])[0] if vector is None else vector
        if float((self.more @ v).max()) >= MORE_SIMILARITY:
            return FollowUp(Intent.MORE)
        return FollowUp(Intent.CONTEXT)
