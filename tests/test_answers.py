"""Which passage of the chosen resource the answer quotes."""

from __future__ import annotations

import numpy as np

from bot.answers import INTRO_PENALTY, answering_chunk, next_chunk
from index.retrieval import ChunkInfo, Corpus, ResourceHit, ResourceInfo, SearchResult

RESOURCE = ResourceInfo("housing", "Housing newcomers", None, "guide", (), "en")
CHUNKS = [ChunkInfo(1, "housing", "Housing newcomers", "This guide looks at the options cities have."),
          ChunkInfo(2, "housing", "Options", "Cities lease flats from private owners and pay a guarantee."),
          ChunkInfo(3, "housing", "Options", "Host families take in a household for six months.")]
CORPUS = Corpus(CHUNKS, {"housing": RESOURCE})


def result(opening: float, options: float) -> tuple[SearchResult, ResourceHit]:
    hit = ResourceHit(RESOURCE, CHUNKS[0], opening, 0, None)
    found = SearchResult("how do cities house refugees?", "en", [hit], np.array([opening, options]),
                         chunk_positions=np.array([0, 1]))
    return found, hit


def test_the_opening_gives_way_to_a_content_passage_that_scores_almost_as_well() -> None:
    found, hit = result(opening=0.850, options=0.850 - INTRO_PENALTY / 2)
    assert answering_chunk(hit, found, CORPUS).chunk_id == 2


def test_the_opening_stays_when_it_is_clearly_better() -> None:
    found, hit = result(opening=0.850, options=0.850 - 2 * INTRO_PENALTY)
    assert answering_chunk(hit, found, CORPUS).chunk_id == 1


def test_tell_me_more_goes_on_in_order_and_stops_at_the_end() -> None:
    assert next_chunk(CORPUS, "housing", None).chunk_id == 1
    assert next_chunk(CORPUS, "housing", 2).chunk_id == 3
    assert next_chunk(CORPUS, "housing", 3) is None
