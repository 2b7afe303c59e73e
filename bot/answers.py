"""Compose an answer from retrieved passages: an extract, its source, related resources.

The bot never writes facts of its own: every sentence of an answer is quoted from the repository.
"""

from __future__ import annotations

import re

from index.retrieval import ResourceHit
from knowledge.chunking import SENTENCE_END

EXTRACT_CHARS = 600
MARKDOWN_NOISE = re.compile(r"(\*\*|__|`)")


def extract(text: str, limit: int = EXTRACT_CHARS) -> str:
    """The passage cut to whole sentences within ``limit`` characters (a word cut only if one sentence is longer)."""
    clean = MARKDOWN_NOISE.sub("", text).strip()
    if len(clean) <= limit:
        return clean
    cut = 0
    for boundary in SENTENCE_END.finditer(clean):
        if boundary.start() > limit:
            break
        cut = boundary.start()
    if cut:
        return clean[:cut].rstrip()
    cut = clean.rfind(" ", 0, limit - 1)
    return clean[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def best_extract(hit: ResourceHit) -> str:
    return extract(hit.chunk.text)
