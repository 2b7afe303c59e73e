"""Cut documents into passages small enough to embed well and to quote.

Chunks follow the author's structure (heading, then paragraphs) and are capped in size, so an
answer extract comes from one coherent place and carries the heading it sits under.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.documents import LoadedDocument

CHUNKER_VERSION = 2  # bump when chunking changes, so ingest re-chunks unchanged files
SENTENCE_END = re.compile(r"(?<=[.!?;:。؟])\s+|\n+")
LIST_NUMBER = re.compile(r"(?:^|\s)\(?\d{1,3}[.)]$")


@dataclass(frozen=True)
class ChunkText:
    ordinal: int
    heading: str
    text: str


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """(start, end) of the white space between sentences; a bare list number ("1.", "12)") ends none."""
    return [(m.start(), m.end()) for m in SENTENCE_END.finditer(text)
            if "\n" in m.group() or not LIST_NUMBER.search(text[max(0, m.start() - 5):m.start()])]


def split_sentences(text: str) -> list[str]:
    out, last = [], 0
    for start, end in sentence_breaks(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return [s.strip() for s in out if s.strip()]


def _pieces(paragraph: str, cap: int) -> list[tuple[str, str]]:
    """(text, separator) pieces of a paragraph: whole when it fits, else its lines (list items), else
    sentences, hard-cut only if a sentence is huge. The separator joins a piece to the one before it."""
    if len(paragraph) <= cap:
        return [(paragraph, "\n\n")]
    out: list[tuple[str, str]] = []
    for line in (ln.strip() for ln in paragraph.splitlines()):
        if not line:
            continue
        if len(line) <= cap:
            out.append((line, "\n"))
            continue
        for sentence in split_sentences(line):
            while len(sentence) > cap:
                cut = sentence.rfind(" ", 0, cap)
                cut = cut if cut > cap // 2 else cap
                out.append((sentence[:cut].strip(), " "))
                sentence = sentence[cut:].strip()
            if sentence:
                out.append((sentence, " "))
    if out:
        out[0] = (out[0][0], "\n\n")
    return out


def chunk_document(doc: LoadedDocument, cap: int = 450) -> list[ChunkText]:
    """Group each section's paragraphs into chunks of at most ``cap`` characters."""
    chunks: list[ChunkText] = []
    for section in doc.sections:
        text = ""
        for paragraph in section.paragraphs:
            for piece, separator in _pieces(paragraph, cap):
                if text and len(text) + len(separator) + len(piece) > cap:
                    chunks.append(ChunkText(len(chunks), section.heading, text))
                    text = ""
                text = f"{text}{separator}{piece}" if text else piece
        if text:
            chunks.append(ChunkText(len(chunks), section.heading, text))
    return chunks


def passage_text(title: str, heading: str, text: str) -> str:
    """What gets embedded: the title and heading give a bare paragraph its context."""
    if heading and heading != title:
        return f"{title} — {heading}\n{text}"
    return f"{title}\n{text}"
