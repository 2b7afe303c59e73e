"""Compose an answer from retrieved passages: an extract, its source, related resources.

The bot never writes facts of its own: every sentence of an answer is quoted from the repository.
"""

from __future__ import annotations

import re

from index.retrieval import Corpus, ResourceHit
from knowledge.chunking import sentence_breaks

EXTRACT_CHARS = 600
MARKDOWN_NOISE = re.compile(r"(\*\*|__|`)")


def extract(text: str, limit: int = EXTRACT_CHARS) -> str:
    """The passage cut to whole sentences within ``limit`` characters (a word cut only if one sentence is longer)."""
    clean = MARKDOWN_NOISE.sub("", text).strip()
    if len(clean) <= limit:
        return clean
    cut = 0
    for start, _ in sentence_breaks(clean):
        if start > limit:
            break
        cut = start
    if cut:
        return clean[:cut].rstrip()
    cut = clean.rfind(" ", 0, limit - 1)
    return clean[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def best_extract(hit: ResourceHit, corpus: Corpus, limit: int = EXTRACT_CHARS) -> str:
    """The best chunk, widened with its neighbours under the same heading while the whole fits.

    Chunks are small (450 characters measured best for retrieval), so a list or an argument is often
    split; the lead-in before the matching chunk ("The compact has four objectives:") comes first.
    """
    section = corpus.section(hit.chunk)
    at = next(i for i, c in enumerate(section) if c.chunk_id == hit.chunk.chunk_id)
    start, end = at, at + 1
    size = len(hit.chunk.text)
    grew = True
    while grew:
        grew = False
        if start > 0 and size + len(section[start - 1].text) + 2 <= limit:
            start -= 1
            size += len(section[start].text) + 2
            grew = True
        if end < len(section) and size + len(section[end].text) + 2 <= limit:
            size += len(section[end].text) + 2
            end += 1
            grew = True
    return extract("\n\n".join(c.text for c in section[start:end]), limit)
