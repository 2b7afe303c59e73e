"""Which passage of the chosen resource the answer quotes."""

from __future__ import annotations

import numpy as np

from bot.answers import FOCUS_WEIGHT, INTRO_PENALTY, answering_chunk, next_chunk
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


def test_the_last_sentence_of_a_long_question_decides_between_close_passages() -> None:
    """The situation told first finds the resource; the question asked last picks the passage."""
    found, hit = result(opening=0.70, options=0.80)
    found.chunk_positions, found.chunk_scores = np.array([1, 2]), np.array([0.80, 0.79])
    found.hits = [ResourceHit(RESOURCE, CHUNKS[1], 0.80, 0, None)]
    assert answering_chunk(found.hits[0], found, CORPUS).chunk_id == 2
    asked_last = {1: 0.70, 2: 0.70 + 0.02 / FOCUS_WEIGHT + 0.001}
    assert answering_chunk(found.hits[0], found, CORPUS, focus=asked_last).chunk_id == 3
    assert answering_chunk(found.hits[0], found, CORPUS, focus={1: 0.75, 2: 0.70}).chunk_id == 2


def test_a_tie_goes_to_the_resource_in_the_askers_language() -> None:
    from bot.core import LANGUAGE_TIE, asker_language_first

    spanish = ResourceInfo("vivienda", "Vivienda", None, "guide", (), "es")
    chunk = ChunkInfo(9, "vivienda", "Vivienda", "Las ciudades alquilan pisos.")
    english = ResourceHit(RESOURCE, CHUNKS[1], 0.300, 0, None)

    def ranked(spanish_score: float, lang: str) -> list[str]:
        found = SearchResult("¿cómo alojar?", lang, [english, ResourceHit(spanish, chunk, spanish_score, 1, None)],
                             np.array([0.300, spanish_score]), chunk_positions=np.array([1, 3]))
        return [h.resource.id for h in asker_language_first(found, lang).hits]

    assert ranked(0.300 - LANGUAGE_TIE / 2, "es") == ["vivienda", "housing"]
    assert ranked(0.300 - 2 * LANGUAGE_TIE, "es") == ["housing", "vivienda"]   # not a tie: the best stays
    assert ranked(0.300 - LANGUAGE_TIE / 2, "en") == ["housing", "vivienda"]   # already in the asker's language


def test_tell_me_more_goes_on_in_order_and_stops_at_the_end() -> None:
    assert next_chunk(CORPUS, "housing", None).chunk_id == 1
    assert next_chunk(CORPUS, "housing", 2).chunk_id == 3
    assert next_chunk(CORPUS, "housing", 3) is None
