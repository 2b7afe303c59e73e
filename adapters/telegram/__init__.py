"""Telegram: python-telegram-bot handlers in, HTML out (see :mod:`adapters.telegram.adapter`)."""

from adapters.telegram.adapter import TelegramAdapter

__all__ = ["TelegramAdapter"]
