"""Cut documents into passages small enough to embed well and to quote.

Chunks follow the author's structure (heading, then paragraphs) and are capped in size, so an
answer extract comes from one coherent place and carries the heading it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.documents import LoadedDocument

SENTENCE_END = re.compile(r"(?<=[.!?;:。؟])\s+|\n+")


@dataclass(frozen=True)
class ChunkText:
    ordinal: int
    heading: str
    text: str


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE_END.split(text) if s and s.strip()]


def _pieces(paragraph: str, cap: int) -> list[str]:
    """A paragraph as-is when it fits, else its sentences (hard-cut only if a sentence is huge)."""
    if len(paragraph) <= cap:
        return [paragraph]
    out: list[str] = []
    for sentence in split_sentences(paragraph):
        while len(sentence) > cap:
            cut = sentence.rfind(" ", 0, cap)
            cut = cut if cut > cap // 2 else cap
            out.append(sentence[:cut].strip())
            sentence = sentence[cut:].strip()
        if sentence:
            out.append(sentence)
    return out


def chunk_document(doc: LoadedDocument, cap: int = 450) -> list[ChunkText]:
    """Group each section's paragraphs into chunks of at most ``cap`` characters."""
    chunks: list[ChunkText] = []
    for section in doc.sections:
        buffer: list[str] = []
        size = 0
        for paragraph in section.paragraphs:
            for piece in _pieces(paragraph, cap):
                if buffer and size + len(piece) + 2 > cap:
                    chunks.append(ChunkText(len(chunks), section.heading, "\n\n".join(buffer)))
                    buffer, size = [], 0
                buffer.append(piece)
                size += len(piece) + 2
        if buffer:
            chunks.append(ChunkText(len(chunks), section.heading, "\n\n".join(buffer)))
    return chunks


def passage_text(title: str, heading: str, text: str) -> str:
    """What gets embedded: the title and heading give a bare paragraph its context."""
    if heading and heading != title:
        return f"{title} — {heading}\n{text}"
    return f"{title}\n{text}"
