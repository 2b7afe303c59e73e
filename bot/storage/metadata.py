"""Every table the migrations manage, gathered for Alembic's autogenerate."""

import bot.queue.models  # noqa: F401  (registers the queue tables on BotBase)
from bot.models import BotBase
from knowledge.models import KnowledgeBase

target_metadata = [KnowledgeBase.metadata, BotBase.metadata]
