"""Clean and check what users type before anything else sees it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
SPACES = re.compile(r"[ \t]+")


class Problem(str, Enum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORDS = "no_words"


@dataclass(frozen=True)
class Checked:
    text: str
    problem: Problem | None = None


def clean(text: str) -> str:
    """NFC, no control or bidi-override characters, runs of spaces folded, trimmed."""
    text = unicodedata.normalize("NFC", text or "")
    text = CONTROL.sub(" ", text)
    text = "\n".join(SPACES.sub(" ", line).strip() for line in text.splitlines())
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def check(text: str, max_chars: int) -> Checked:
    cleaned = clean(text)
    if not cleaned:
        return Checked(cleaned, Problem.EMPTY)
    if len(cleaned) > max_chars:
        return Checked(cleaned, Problem.TOO_LONG)
    if sum(ch.isalpha() for ch in cleaned) < 2:
        return Checked(cleaned, Problem.NO_WORDS)
    return Checked(cleaned)
