"""Small talk: greetings, thanks, goodbyes, "ok", "who are you?", answered socially, never searched.

A greeting sent to the staff queue wastes a person's time, and a question taken for small talk loses the
official's question, which is worse. So a message is small talk only when it is short and, in the
embedding space the bot already has (multilingual e5), clearly nearer to social prototypes than to the
domain's own questions (the parallel set's sentences, in eight languages). A message made only of the
emoji people use to thank or greet is small talk without the model. The thresholds were measured on
``knowledge/eval/smalltalk.jsonl`` and the project's questions (see the README).
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import numpy as np

from index.embedders import Embedder
from index.langbias import load_parallel
from index.remit import OUT_OF_REMIT

log = logging.getLogger(__name__)


class Kind(str, Enum):
    GREETING = "greeting"
    THANKS = "thanks"
    GOODBYE = "goodbye"
    ACK = "ack"
    IDENTITY = "identity"       # who are you, are you a person
    CAPABILITY = "capability"   # what can you do


# A few ways each is said, in the catalogue languages; e5 carries the rest (other wordings, other languages).
PROTOTYPES: dict[Kind, tuple[str, ...]] = {
    Kind.GREETING: (
        "hi all", "hey", "hiya", "yo", "greetings", "good evening", "morning!", "hello, anyone there?",
        "buenas", "buenas tardes", "hola, ¿cómo estás?", "qué onda", "coucou", "bonjour à tous", "slt",
        "أهلا", "أهلا وسهلا", "مساء الخير", "هلا", "salve", "buonasera", "ciao a tutti", "oi", "oi, tudo bem?",
        "boa tarde", "boa noite", "e aí", "moin", "servus", "grüß Gott", "guten Morgen", "wie geht's?",
        "καλησπέρα", "γεια", "χαίρετε", "yasou", "добрий день", "вітаю", "як справи?", "привет", "здравствуйте",
        "selam", "günaydın", "iyi günler", "nasılsın?", "jambo", "habari", "mambo", "cześć", "dzień dobry",
        "hoi", "goedemorgen", "bună ziua", "salut, ce faci?", "how are you doing?", "how's it going?",
        "my name is Anna and I work for the city council", "I'm Omar from the migrant integration office",
        "nice to meet you", "pleased to meet you all", "greetings from the city of Accra",
        "me llamo Lucía y trabajo en el ayuntamiento", "mucho gusto", "saludos desde Lima",
        "je m'appelle Claire, je travaille à la mairie", "enchanté", "ravi de vous rencontrer",
        "اسمي أحمد وأعمل في البلدية", "تشرفنا", "mi chiamo Giulia, lavoro al comune", "piacere di conoscerti",
        "meu nome é João, trabalho na prefeitura", "muito prazer", "ich heiße Jonas und arbeite bei der Stadt",
        "freut mich", "με λένε Μαρία και δουλεύω στον δήμο", "χάρηκα", "мене звати Олег, я працюю в міській раді",
        "happy holidays", "happy new year to the team", "feliz año", "bonne année", "عيد مبارك", "buone feste",
        "boas festas", "frohe Weihnachten", "καλές γιορτές", "have a good week everyone", "buena semana",
        "bonne semaine", "sorry, sent by mistake", "perdón, me equivoqué de chat", "désolé, mauvais message",
        "hello", "hi there", "good morning", "good afternoon", "hey, how are you?", "hi, quick question",
        "hola", "buenos días", "¿qué tal?", "bonjour", "salut", "bonsoir", "مرحبا", "السلام عليكم", "صباح الخير",
        "ciao", "buongiorno", "olá", "bom dia", "hallo", "guten Tag", "γεια σας", "καλημέρα", "привіт",
        "merhaba", "hello team, nice to meet you",
    ),
    Kind.THANKS: (
        "thx", "ty!", "cheers", "much appreciated", "thanks, very useful", "gracias!!", "mil gracias", "graciass",
        "merci bien", "merci infiniment", "شكراً لك", "يعطيك العافية", "مشكور", "grazie", "grazie tante", "valeu",
        "brigado", "muito obrigado", "obg", "danke", "danke dir", "vielen lieben Dank", "σε ευχαριστώ", "efharisto",
        "спасибі", "дуже дякую", "спасибо", "teşekkür ederim", "sağ ol", "tesekkurler", "asante", "asante sana",
        "dziękuję", "bedankt", "mulțumesc", "super, thank you!",
        "thank you for the detailed answer, I will share it with my team", "that was really helpful, thanks",
        "muchas gracias por la información, nos sirve mucho", "merci pour votre réponse rapide et complète",
        "شكرا على المعلومات المفيدة", "grazie per la risposta, molto utile", "obrigado pela ajuda, foi muito útil",
        "danke für die schnelle Antwort", "ευχαριστώ για τη βοήθεια", "дякую за детальну відповідь",
        "yardımınız için teşekkürler", "you're a star", "great job, much appreciated",
        "thanks", "thank you very much", "thanks a lot, that helps", "many thanks", "gracias", "muchas gracias",
        "merci", "merci beaucoup", "شكرا", "شكرا جزيلا", "grazie mille", "obrigado", "obrigada", "danke schön",
        "vielen Dank", "ευχαριστώ", "ευχαριστώ πολύ", "дякую", "teşekkürler", "great, thanks!",
    ),
    Kind.GOODBYE: (
        "bye bye", "see you later", "talk soon", "take care", "that's all for today", "I'll come back after my meeting",
        "eso es todo por hoy", "c'est tout pour aujourd'hui", "das war's für heute", "αυτά για σήμερα", "chao", "nos vemos", "à plus", "à bientôt",
        "إلى اللقاء", "ci vediamo", "a presto", "até mais", "falou", "bis bald", "ciao, bis später", "γεια χαρά",
        "до побачення", "бувай", "пока", "görüşürüz", "hoşça kal", "kwaheri", "do widzenia", "tot ziens", "la revedere",
        "bye", "goodbye", "see you", "have a nice day", "adiós", "hasta luego", "au revoir", "bonne journée",
        "مع السلامة", "arrivederci", "tchau", "até logo", "tschüss", "auf Wiedersehen", "αντίο", "τα λέμε",
    ),
    Kind.ACK: (
        "okay thanks", "k", "sure", "noted", "understood, thanks", "makes sense", "alright", "fine", "entendido",
        "ok, entiendo", "genial", "ça marche", "compris", "très bien", "مفهوم", "ماشي", "capito", "ok, grazie",
        "entendi", "tá bom", "beleza, valeu", "passt", "okay, verstanden", "super", "κατάλαβα", "οκ", "зрозуміло",
        "добре", "понятно", "anladım", "tamam", "sawa", "rozumiem", "oké", "bine",
        "ok", "okay", "got it", "perfect", "great", "cool", "understood", "vale", "de acuerdo", "perfecto",
        "d'accord", "parfait", "حسنا", "تمام", "va bene", "perfetto", "certo", "beleza", "combinado", "alles klar",
        "verstanden", "εντάξει", "τέλεια", "test", "testing 1 2 3",
    ),
    Kind.IDENTITY: (
        "who are you?", "are you a person?", "are you a bot?", "am I talking to a human?", "are you real?",
        "¿quién eres?", "¿eres un robot?", "qui êtes-vous ?", "vous êtes un robot ?", "من أنت؟", "هل أنت إنسان؟",
        "chi sei?", "sei un bot?", "quem é você?", "você é um robô?", "wer bist du?", "bist du ein Mensch?",
        "ποιος είσαι;", "είσαι ρομπότ;", "am I talking to a person or a machine?", "is this an automated system?",
        "¿hablo con una persona?", "c'est une vraie personne ?", "هل أتحدث مع موظف؟", "sei una persona vera?",
        "é uma pessoa real?", "bin ich mit einem Menschen verbunden?", "ти людина?", "sen bot musun?",
    ),
    Kind.CAPABILITY: (
        "what can you do?", "how can you help me?", "what do you do?", "what are you for?", "help",
        "¿qué puedes hacer?", "¿en qué me puedes ayudar?", "que pouvez-vous faire ?", "comment pouvez-vous m'aider ?",
        "ماذا يمكنك أن تفعل؟", "كيف يمكنك مساعدتي؟", "cosa sai fare?", "come puoi aiutarmi?", "o que você pode fazer?",
        "wobei kannst du mir helfen?", "was kannst du?", "τι μπορείς να κάνεις;", "πώς μπορείς να με βοηθήσεις;",
        "what kind of questions can I ask you?", "can you explain briefly what you are able to do?",
        "¿qué tipo de preguntas puedo hacerte?", "quel genre de questions puis-je vous poser ?",
        "ما نوع الأسئلة التي يمكنني طرحها؟", "che tipo di domande posso farti?", "que tipo de perguntas posso fazer?",
        "welche Fragen kann ich dir stellen?", "τι ερωτήσεις μπορώ να κάνω;", "що ти вмієш?", "neler yapabilirsin?",
    ),
}

# Short turns that continue a conversation about the library: questions, not small talk, however short.
FOLLOW_UPS = (
    "tell me more", "more details please", "who runs it?", "how do we apply?", "in French please",
    "and for children?", "what about funding for that?", "where can I read it?", "is there an example?",
    "cuéntame más", "¿y para niños?", "¿quién lo organiza?", "en español, por favor", "dis-m'en plus",
    "et pour les enfants ?", "en français svp", "أخبرني المزيد", "وماذا عن التمويل؟", "dimmi di più", "e per i bambini?",
    "conte-me mais", "e o financiamento?", "erzähl mir mehr", "und die Finanzierung?", "πες μου περισσότερα",
    "και για τα παιδιά;",
)

# Emoji people send instead of words.
EMOJI = {"👍": Kind.ACK, "👌": Kind.ACK, "✅": Kind.ACK, "🆗": Kind.ACK, "🙏": Kind.THANKS, "❤": Kind.THANKS,
         "💙": Kind.THANKS, "🤝": Kind.THANKS, "👋": Kind.GREETING, "🙂": Kind.ACK, "😊": Kind.ACK, "😀": Kind.ACK,
         "😃": Kind.ACK, "👏": Kind.THANKS, "🌹": Kind.THANKS, "💐": Kind.THANKS}
# The parallel set's domain questions in these languages are the other class.
DOMAIN_LANGUAGES = ("en", "es", "fr", "ar", "it", "pt", "de", "el", "uk", "tr", "ru", "pl")

# Measured (README, "Small talk"): each sentence of a message of at most MAX_WORDS words is scored by a
# logistic model over its e5 vector (social prototypes against the domain's questions); the message is small
# talk when every sentence scores at least THRESHOLD and lies within SIMILARITY of some social prototype (the
# model alone takes off-topic questions, "who won the match?", for small talk: they are merely not the domain).
MAX_WORDS = 40
MAX_SEGMENTS = 4
THRESHOLD = 0.8
SIMILARITY = 0.86
# A message of several sentences whose whole vector scores below this is a question; its sentences are not
# embedded one by one (that cost a third of the throughput). Every multi-sentence small-talk message of the
# two sets scores above it as a whole.
PREFILTER = 0.25

WORD = re.compile(r"\w+", re.UNICODE)
QUESTION = re.compile(r"[?؟;¿]")
# Sentence ends, including the Arabic and Greek question marks; emoji runs end a segment too.
SEGMENT = re.compile(r"(?<=[.!?;؟;…])\s+|\n+")


@dataclass(frozen=True)
class SmallTalk:
    kind: Kind
    similarity: float
    margin: float

    def social_only(self, text: str) -> bool:
        """Small talk even in the middle of a conversation: thanks, greetings, goodbyes and "ok" are; a
        question ("who runs it?", "and its email?") there is a follow-up unless it is plainly about the bot."""
        if self.kind in (Kind.GREETING, Kind.THANKS, Kind.GOODBYE, Kind.ACK) and not QUESTION.search(text):
            return True
        return self.similarity >= 0.95


def _emoji_only(text: str) -> Kind | None:
    symbols = [ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Mn", "Cf", "Sk")]
    if not symbols or any(ch.isalnum() for ch in symbols):
        return None
    kinds = [EMOJI.get(ch) for ch in symbols if unicodedata.category(ch) == "So"]
    kinds = [k for k in kinds if k is not None]
    return kinds[0] if kinds else None


class SmallTalkDetector:
    def __init__(self, embedder: Embedder, cache_dir: Path | None = None) -> None:
        from sklearn.linear_model import LogisticRegression

        self.embedder = embedder
        self.kinds: list[Kind] = [kind for kind, phrases in PROTOTYPES.items() for _ in phrases]
        phrases = [p for ps in PROTOTYPES.values() for p in ps]
        rows = load_parallel()
        domain = [row[lang] for row in rows for lang in DOMAIN_LANGUAGES if row.get(lang)]
        domain += list(FOLLOW_UPS) + list(OUT_OF_REMIT)
        self.prototypes, self.domain = self._vectors(phrases, domain, cache_dir)
        x = np.vstack([self.prototypes, self.domain])
        y = np.r_[np.ones(len(self.prototypes)), np.zeros(len(self.domain))]
        self.model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(x, y)

    def _vectors(self, phrases: list[str], domain: list[str], cache_dir: Path | None) -> tuple[np.ndarray, np.ndarray]:
        digest = hashlib.sha256("\n".join([self.embedder.name, *phrases, "--", *domain]).encode()).hexdigest()[:16]
        path = cache_dir / f"smalltalk-{digest}.npz" if cache_dir is not None else None
        if path is not None and path.exists():
            try:
                data = np.load(path)
                return data["prototypes"], data["domain"]
            except (OSError, ValueError, KeyError):
                log.warning("re-embedding unreadable %s", path)
        prototypes = self.embedder.encode_queries(phrases)
        domain_vectors = self.embedder.encode_queries(domain)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, prototypes=prototypes, domain=domain_vectors)
        return prototypes, domain_vectors

    @staticmethod
    def segments(text: str) -> list[str]:
        return [part.strip() for part in SEGMENT.split(text) if part.strip()]

    def worth_embedding(self, text: str) -> bool:
        """Short enough to be small talk: only these messages need the model."""
        return 0 < len(WORD.findall(text)) <= MAX_WORDS

    def classify(self, text: str, vector: np.ndarray | None = None) -> SmallTalk | None:
        """Small talk, and which kind; None for anything that should be treated as a question.

        ``vector`` is the whole message's raw query embedding when the caller has it (it is reused for the
        search)."""
        emoji = _emoji_only(text)
        if emoji is not None:
            return SmallTalk(emoji, 1.0, 1.0)
        if not self.worth_embedding(text):
            return None
        parts = self.segments(text)
        if len(parts) > MAX_SEGMENTS:
            return None
        words = [p for p in parts if _emoji_only(p) is None]
        if not words:
            return None
        if vector is not None and len(words) > 1 and self.model.predict_proba(vector[None, :])[0, 1] < PREFILTER:
            return None  # a question with several sentences: no need to embed each of them
        if len(words) == 1 and vector is not None and words[0] == text.strip():
            vectors = vector[None, :]
        else:
            vectors = self.embedder.encode_queries(words)
        probabilities = self.model.predict_proba(vectors)[:, 1]
        similarities = vectors @ self.prototypes.T
        if probabilities.min() < THRESHOLD or similarities.max(axis=1).min() < SIMILARITY:
            return None
        # The kind of the last sentence decides the reply: "Thanks! Bye." is a goodbye.
        best = int(np.argmax(similarities[-1]))
        return SmallTalk(self.kinds[best], float(similarities[-1, best]), float(probabilities.min()))

    def scores(self, text: str) -> tuple[float, float]:
        """(lowest sentence probability, lowest best-prototype similarity): what THRESHOLD and SIMILARITY are
        measured on; (1, 1) for social emoji, (0, 0) when too long."""
        if _emoji_only(text) is not None:
            return 1.0, 1.0
        if not self.worth_embedding(text):
            return 0.0, 0.0
        parts = [p for p in self.segments(text) if _emoji_only(p) is None]
        if not parts or len(parts) > MAX_SEGMENTS:
            return 0.0, 0.0
        vectors = self.embedder.encode_queries(parts)
        return (float(self.model.predict_proba(vectors)[:, 1].min()),
                float((vectors @ self.prototypes.T).max(axis=1).min()))
