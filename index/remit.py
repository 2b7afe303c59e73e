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

from dataclasses import dataclass

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


# Requests for one specific fact a library of guides never holds: this year's chair, a named person's contact,
# one city's pledge status, one call's deadline or amount, one person's case, today's count in one place. The
# first fifteen requests above, plus these, in the languages officials write (the offsets put the rest near).
SPECIFIC_FACTS = OUT_OF_REMIT[:15] + (
    "Who chairs the forum this year?",
    "Who will chair the network next year?",
    "Who is the focal point for local governments in our region, and what is their email?",
    "Can you give me the direct phone number of the person in charge?",
    "What is the deadline for applications to this year's call?",
    "When does the 2026 funding round close?",
    "How much money can a city get from the call this year?",
    "What is the exact amount of the monthly allowance this year?",
    "Has the residence permit application of my client been decided?",
    "¿Cuál es la fecha límite de la convocatoria de este año?",
    "¿Quién preside el foro este año?",
    "¿Cuál es el correo electrónico de la persona responsable?",
    "Quelle est la date limite de l'appel à projets cette année ?",
    "Qui présidera le forum l'année prochaine ?",
    "Quel est le numéro de téléphone du point focal ?",
    "ما هو الموعد النهائي لتقديم الطلبات هذا العام؟",
    "من يرأس المنتدى هذا العام؟",
    "Wann endet die diesjährige Ausschreibung?",
    "Wer übernimmt nächstes Jahr den Vorsitz?",
    "Qual è la scadenza del bando di quest'anno?",
    "Qual é o prazo das candidaturas deste ano?",
)


@dataclass(frozen=True)
class RemitVectors:
    general: np.ndarray     # OUT_OF_REMIT: a feature of the decision rule
    specific: np.ndarray    # SPECIFIC_FACTS: a line of its own (index.decision.SPECIFIC_FACT_LINE)


def prototype_vectors(embedder: Embedder, offsets: LanguageOffsets | None) -> RemitVectors:
    def embedded(texts: tuple[str, ...]) -> np.ndarray:
        vectors = embedder.encode_queries(list(texts))
        return offsets.query_vector(vectors, "en") if offsets is not None else vectors
    return RemitVectors(embedded(OUT_OF_REMIT), embedded(SPECIFIC_FACTS))
