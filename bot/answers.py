"""Compose an answer from retrieved passages: an extract, its source, related resources.

The bot never writes facts of its own: every sentence of an answer is quoted from the repository.
"""

from __future__ import annotations

import re
from functools import lru_cache

from index.retrieval import ChunkInfo, Corpus, ResourceHit, SearchResult
from knowledge.chunking import sentence_breaks

EXTRACT_CHARS = 600
MARKDOWN_NOISE = re.compile(r"(\*\*|__|`)")
# An extract may open only after one of these (or a line break): never mid-sentence after a colon.
SENTENCE_FINAL = re.compile(r"[.!?…。؟]$")
# Sentences about the resource itself rather than its subject ("This resource explains…", "See the
# resources on…"), in the languages the libraries are written in most. An extract does not grow into them;
# a passage made only of them counts as the opening (below).
META_SENTENCE = re.compile(
    r"^\W*(?:this|these|the present|este|esta|estos|estas|ce|cette|ces|questo|questa|questi|queste|"
    r"dieser|diese|dieses|o presente|a presente)\s+(?:resources?|pages?|guides?|notes?|documents?|brief|"
    r"briefing|factsheet|fact sheet|sheet|overview|paper|toolkit|article|recursos?|guía|guia|fichas?|página|"
    r"pagina|documentos?|nota|ressources?|fiches?|risorsa|guida|scheda|leitfaden|seite|dokument|merkblatt|"
    r"übersicht|überblick|handreichung)\b|\bsee the resources?\b|\bseparate resources?\b",
    re.IGNORECASE)
# How a sentence ends or a list item starts: a short line with neither, after the passage, is a title.
CLOSED = re.compile(r"[.!?…。؟;,)]$")
LIST_ITEM = re.compile(r"(?:[-*•]|\d{1,3}[.)])\s")
Unit = tuple[int, int, int]  # start, end (in the joined text) and index of the chunk a sentence belongs to


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


# A resource's opening passage says what the resource is about, and often wins the search for that reason;
# it gives way to a passage of the same resource scoring within this much. 0.02 was measured with whole-passage
# extracts (extract_hit_rate 0.752 -> 0.767 on the project's questions, 0.773 -> 0.818 on holdout3). With the
# sentence windows of extract_span, project / holdout3 / multi1: 0.02 gives 0.842 / 0.894 / 0.793, 0.03 0.842 /
# 0.909 / 0.805, 0.04 0.850 / 0.909 / 0.805, and so on up to never quoting the opening; the smallest of that
# plateau is kept, so the opening still answers "what is X?" when it is clearly best. Measured and dropped
# (none gained on all three sets): BM25 or within-resource word overlap (also on 5-letter prefixes, for
# cognates) added to the dense score, a penalty for short passages, the passage's position in the resource,
# and e5 scores of single sentences or of headings embedded apart (sentence-level choice: 0.62-0.82 on the
# project's questions; it also costs an embedding per sentence).
INTRO_PENALTY = 0.04
# An official often tells the situation first and asks last ("An unaccompanied boy in our care turns 18 next
# spring. When should we have started planning…?"). The whole question finds the resource, but within it the
# passage that describes the situation outscores the one that answers. A passage's score for the question's
# last sentence is added with this weight. extract_hit_rate, weights 0 / 0.25 / 0.5 / 1.0 / 2.0, on project /
# holdout / holdout2 / holdout3 / holdout4 / multi1 / multi2 (docs/evaluation.md, "The conversation (session 7)"):
# pooled 0.819 / 0.826 / 0.835 / 0.819 / 0.807; 0.5 lowers only the project's figure, by one question.
FOCUS_WEIGHT = 0.5


def answering_chunk(hit: ResourceHit, result: SearchResult, corpus: Corpus,
                    focus: dict[int, float] | None = None) -> ChunkInfo:
    """The passage of the chosen resource that answers best: its best dense passage, unless that is the
    resource's opening (or a passage only about the resource) and another passage comes within INTRO_PENALTY.

    ``focus``: chunk scores (position -> score) for the question's last sentence, where it has several."""
    candidates = result.chunk_evidence(hit.resource.id, corpus)
    if not candidates:
        return hit.chunk
    chunks = tuple(corpus.of_resource(hit.resource.id))
    aside = {chunks[0].chunk_id} | {chunks[k].chunk_id for k in _sentences(chunks)[3]}
    weight = FOCUS_WEIGHT if focus else 0.0
    floor = min(focus.values()) if focus else 0.0

    def score(candidate: tuple[int, float, float]) -> float:
        position, dense = candidate[0], candidate[1]
        if weight:
            dense += weight * focus.get(position, floor)  # type: ignore[union-attr]
        return dense - INTRO_PENALTY * (1 + weight) * (corpus.chunks[position].chunk_id in aside)

    return corpus.chunks[max(candidates, key=score)[0]]


def best_extract(hit: ResourceHit, corpus: Corpus, limit: int = EXTRACT_CHARS) -> str:
    return extract_span(hit.chunk, corpus, limit)[0]


@lru_cache(maxsize=1024)
def _sentences(chunks: tuple[ChunkInfo, ...]) -> tuple[str, list[Unit], list[bool], frozenset[int]]:
    """A resource's text (markdown emphasis removed, so the limit counts what is shown) joined by blank lines;
    its sentences; which of them are about the resource itself; and which chunks hold nothing else.

    A sentence starts only after a sentence end or a line break, so an extract never opens after a colon.
    Cached per resource (about 5 ms a resource to split, against well under 1 ms to choose the window)."""
    text, units = "", []
    for k, chunk in enumerate(chunks):
        body = MARKDOWN_NOISE.sub("", chunk.text).strip()
        text += "\n\n" if text else ""
        base = start = len(text)
        for gap_start, gap_end in sentence_breaks(body):
            if "\n" in body[gap_start:gap_end] or SENTENCE_FINAL.search(body[:gap_start]):
                units.append((start, base + gap_start, k))
                start = base + gap_end
        units.append((start, base + len(body), k))
        text += body
    units = [u for u in units if u[1] > u[0]]
    meta = [bool(META_SENTENCE.search(text[a:b])) for a, b, _ in units]
    mixed = {k for (_, _, k), m in zip(units, meta) if not m}
    only_meta = frozenset(k for _, _, k in units if k not in mixed)
    return text, units, meta, only_meta


def extract_span(chunk: ChunkInfo, corpus: Corpus, limit: int = EXTRACT_CHARS,
                 forward_only: bool = False) -> tuple[str, int]:
    """The chunk, widened sentence by sentence while the whole fits in ``limit``: first under its own
    heading, then into the neighbouring sections; and the id of the last chunk shown whole (where
    "tell me more" goes on from).

    Chunks are small (450 characters measured best for retrieval), so a list or an argument is often split,
    and the sentence that answers often sits just across a chunk or heading boundary. Filling the room
    sentence by sentence rather than with whole chunks, then across headings, raised extract_hit_rate
    (project / holdout3 / multi1, with INTRO_PENALTY 0.04) from 0.767 / 0.818 / 0.724 to 0.842 / 0.864 /
    0.770 under the heading alone and 0.850 / 0.909 / 0.805 across headings. Sentences about the resource
    itself are not added (one more of the project's questions). Going on from an earlier extract
    (``forward_only``) widens forward only.
    """
    chunks = tuple(corpus.of_resource(chunk.resource_id))
    at = next(i for i, c in enumerate(chunks) if c.chunk_id == chunk.chunk_id)
    text, units, meta, _ = _sentences(chunks)
    own = [i for i, u in enumerate(units) if u[2] == at]
    if not own:
        return "", chunk.chunk_id
    lo, hi = own[0], own[-1]
    if units[hi][1] - units[lo][0] <= limit:
        sections = [chunks[k].heading for _, _, k in units]
        for same_heading in (True, False):
            lo, hi = _widen(units, meta, sections if same_heading else None, lo, hi, limit, forward_only)
        while hi > own[-1] and _dangling(text[units[hi][0]:units[hi][1]]):
            hi -= 1
    last = units[hi][2] if hi + 1 == len(units) or units[hi + 1][2] != units[hi][2] else units[hi][2] - 1
    return extract(text[units[lo][0]:units[hi][1]], limit), chunks[max(last, at)].chunk_id


def _dangling(sentence: str) -> bool:
    """A lead-in cut from what it leads into ("The compact has four objectives:", the title line of the next
    item): pointless as the last line of an extract."""
    return sentence.endswith(":") or (len(sentence) < 60 and not CLOSED.search(sentence)
                                      and not LIST_ITEM.match(sentence))


def _widen(units: list[Unit], meta: list[bool], sections: list[str] | None, lo: int, hi: int, limit: int,
           forward_only: bool) -> tuple[int, int]:
    """Sentences ``lo..hi`` grown one at a time, before and after in turn, while the span fits in ``limit``;
    with ``sections`` (each sentence's heading), only under the heading of sentence ``lo``; never into a
    sentence about the resource itself, nor backwards when ``forward_only``."""
    heading = sections[lo] if sections else None

    def can_add(i: int, start: int, end: int) -> bool:
        return (0 <= i < len(units) and not meta[i] and units[end][1] - units[start][0] <= limit
                and (sections is None or sections[i] == heading))

    turn_before = not forward_only
    while True:
        before = not forward_only and can_add(lo - 1, lo - 1, hi)
        after = can_add(hi + 1, lo, min(hi + 1, len(units) - 1))
        if not (before or after):
            return lo, hi
        if before and (turn_before or not after):
            lo -= 1
        else:
            hi += 1
        turn_before = not turn_before and not forward_only


def next_chunk(corpus: Corpus, resource_id: str, after: int | None) -> ChunkInfo | None:
    """The resource's chunk after ``after`` (its first when None): where "tell me more" goes on."""
    chunks = corpus.of_resource(resource_id)
    if after is None:
        return chunks[0] if chunks else None
    for i, c in enumerate(chunks):
        if c.chunk_id == after:
            return chunks[i + 1] if i + 1 < len(chunks) else None
    return None
