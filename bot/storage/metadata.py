"""Every table the migrations manage, gathered for Alembic's autogenerate."""

from bot.models import BotBase
from knowledge.models import KnowledgeBase

target_metadata = [KnowledgeBase.metadata, BotBase.metadata]
