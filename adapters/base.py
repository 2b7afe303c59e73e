"""The adapter contract lives in the core (:mod:`bot.channel`); adapters import it from here."""

from bot.channel import Adapter, DeliveryError

__all__ = ["Adapter", "DeliveryError"]
