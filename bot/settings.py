"""One typed settings object, read once at start.

Every knob lives here so that operators have a single place (environment variables prefixed
``MMC_`` or a ``.env`` file) to look, and so the rest of the code never reads ``os.environ``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_RESOURCES = PROJECT_ROOT / "knowledge" / "resources"
BUNDLED_QUESTIONS = PROJECT_ROOT / "knowledge" / "eval" / "questions.jsonl"


class StaffMember(BaseModel):
    """A council staff member who may work the request queue."""

    model_config = ConfigDict(extra="ignore")

    name: str
    slack_id: str | None = None
    telegram_id: str | None = None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="MMC_", env_file=".env", env_file_encoding="utf-8", extra="ignore",
        env_nested_delimiter="__", env_ignore_empty=True,   # "MMC_SLACK_BOT_TOKEN=" in a .env means unset
    )

    data_dir: Path = Field(default=PROJECT_ROOT / "data", description="Database file and derived index artifacts.")
    database_url: str | None = Field(default=None, description="SQLAlchemy URL; SQLite under data_dir when unset.")
    knowledge_dir: Path = Field(default=BUNDLED_RESOURCES, description="The resource repository ingested at start.")
    staff_answers_dir: Path | None = Field(
        default=None, description="Where staff answers added to knowledge are written; knowledge_dir/staff-answers by default."
    )
    questions_file: Path = Field(default=BUNDLED_QUESTIONS, description="Evaluation set the decision rule is fitted on.")

    embedder: Literal["e5", "minilm", "sentence-transformers"] = "e5"
    embedder_model: str | None = Field(default=None, description="Model path or name for the sentence-transformers backend.")
    exact_index_max: int = Field(default=50_000, description="Above this many chunks the dense index is approximate (IVF).")
    chunk_chars: int = Field(default=450, description="Soft cap on a chunk's size in characters (measured: see README).")
    results: int = Field(default=3, description="Resources cited in an answer (best plus related).")
    max_question_chars: int = Field(default=4000, description="Longer questions are refused with a clear message.")

    slack_bot_token: SecretStr | None = Field(default=None, description="xoxb-…: with the signing secret, HTTP Events API mode.")
    slack_signing_secret: SecretStr | None = Field(default=None, description="Verifies every request to /slack/events.")
    slack_app_token: SecretStr | None = Field(default=None, description="xapp-…: Socket Mode instead of HTTP.")
    slack_staff_channel: str | None = Field(default=None, description="Channel id where new tickets are posted.")
    slack_api_url: str = Field(default="https://slack.com/api/", description="Web API base URL (GovSlack, a proxy, tests).")
    telegram_bot_token: SecretStr | None = None
    telegram_staff_chat: str | None = None
    telegram_api_url: str = Field(default="https://api.telegram.org/bot",
                                  description="Bot API base URL; requests go to <url><token>/<method>.")
    telegram_webhook_url: str | None = Field(default=None, description="Public https URL: webhook mode instead of polling.")
    telegram_webhook_secret: SecretStr | None = Field(default=None, description="Checked on every webhook request.")

    http_host: str = Field(default="0.0.0.0", description="The one HTTP server of `serve`.")
    http_port: int = Field(default=8080, ge=0, le=65535)
    shutdown_seconds: float = Field(default=20.0, description="How long SIGTERM waits for questions in flight.")
    knowledge_poll_seconds: float = Field(default=30.0, gt=0, description="How often knowledge added elsewhere is picked up.")
    outbox_poll_seconds: float = Field(default=1.0, gt=0, description="How often the outbox dispatcher looks for due rows.")

    staff: list[StaffMember] = Field(default_factory=list, description="JSON list of {name, slack_id, telegram_id}.")

    log_level: str = "INFO"
    log_format: Literal["json", "text"] = Field(default="json", description="One JSON object per line, or plain text.")
    log_message_text: bool = Field(default=False, description="Debug only: put officials' message text in the logs.")

    retention_days: int = Field(default=365, ge=1, description="Message texts of closed tickets, interactions and "
                                "feedback are erased after this many days (`mmc-bot privacy purge`, daily in serve).")

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'mmc.db').as_posix()}"

    @property
    def slack_enabled(self) -> bool:
        return self.slack_bot_token is not None and (self.slack_signing_secret is not None or self.slack_app_token is not None)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_bot_token is not None

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def staff_answers_path(self) -> Path:
        return self.staff_answers_dir or (self.knowledge_dir / "staff-answers")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
