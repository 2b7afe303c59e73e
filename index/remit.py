"""Requests a library of guides and briefs does not hold by design, as prototype questions.

Near-domain questions that ask for live or personal facts (this year's deadline, the exact grant a named
city received, last month's statistics, an official's phone number, the status of one application)
land on the resource about that topic with a high score, because the topic matches; what the
resource lacks is the fact. How close a question is to these prototypes is one of the decision's
features: measured on the project's questions it raised cross-validated decision accuracy by about
three points, and on the held-out library by about three too. The prototypes are written in English;
the language offsets put questions in any language in the same space.
"""

from __future__ import annotations

import numpy as np

from index.embedders import Embedder
from index.langbias import LanguageOffsets

OUT_OF_REMIT = (
    "How many people applied for asylum in the country last year?",
    "What are the latest official statistics for this month?",
    "What is the exact amount of money the city received?",
    "How much funding was allocated to our country in the current budget?",
    "What is the deadline for this year's call for proposals?",
    "When does the next application round open and close?",
    "What is the phone number of the office?",
    "What is the name and email address of the official in charge?",
    "Who is the current mayor of the city?",
    "What is the status of my family's application?",
    "Can you check whether my residence permit has been approved?",
    "What did the court decide in that case last week?",
    "What happened in the news yesterday?",
    "What are the visa requirements for citizens of that country?",
    "How long does the asylum procedure take in that country?",
    "Which countries voted against the agreement?",
    "What is the weather forecast for next week?",
    "Can you give me a recipe for dinner?",
    "Who won the football match last night?",
    "Can you fix my computer problem?",
)


def prototype_vectors(embedder: Embedder, offsets: LanguageOffsets | None) -> np.ndarray:
    vectors = embedder.encode_queries(list(OUT_OF_REMIT))
    return offsets.query_vector(vectors, "en") if offsets is not None else vectors
