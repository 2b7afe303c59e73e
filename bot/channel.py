"""What the core needs from a chat platform: a way to deliver a message to a requester."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.messages import Requester


class DeliveryError(RuntimeError):
    """A delivery failed; ``retryable`` says whether trying again later can help."""

    def __init__(self, message: str, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


@runtime_checkable
class Adapter(Protocol):
    """Each chat platform implements this; the outbox finds adapters by ``platform``."""

    platform: str

    def start(self) -> None:
        """Begin receiving messages (blocking for console and polling adapters)."""

    def stop(self) -> None: ...

    def deliver(self, requester: Requester, text: str) -> None:
        """Send ``text`` into the requester's conversation (thread); raise DeliveryError on failure."""
