"""Telegram updates as the core's neutral types: who wrote, where, in which language, and what.

Pure functions over python-telegram-bot objects, so the handlers stay short and this stays testable.
"""

from __future__ import annotations

import re

from telegram import Chat, MaybeInaccessibleMessage, Message as TgMessage, MessageEntity, User

from bot.messages import Message, Requester

PLATFORM = "telegram"


def display_name(user: User | None) -> str | None:
    if user is None:
        return None
    name = " ".join(part for part in (user.first_name, user.last_name) if part).strip()
    return name or user.username or None


def language_hint(user: User | None) -> str | None:
    """Telegram's ``language_code`` ("pt-br") as the core's language code ("pt")."""
    code = user.language_code if user is not None else None
    return code.split("-")[0].lower() if code else None


def thread_of(message: MaybeInaccessibleMessage | None) -> str | None:
    """The forum topic a message is in; plain groups' reply chains are not threads."""
    if isinstance(message, TgMessage) and message.is_topic_message and message.message_thread_id:
        return str(message.message_thread_id)
    return None


def is_private(chat: Chat | None) -> bool:
    return chat is not None and chat.type == Chat.PRIVATE


def requester(user: User, message: MaybeInaccessibleMessage | None) -> Requester:
    """Who pressed or wrote, and the chat an answer must go back to (their private chat by default)."""
    chat_id = str(message.chat.id) if message is not None else str(user.id)
    return Requester(PLATFORM, str(user.id), chat_id, display_name(user), thread_of(message))


def to_message(message: TgMessage, text: str) -> Message:
    user = message.from_user
    assert user is not None
    return Message(platform=PLATFORM, user_id=str(user.id), chat_id=str(message.chat.id), text=text,
                   display_name=display_name(user), thread_id=thread_of(message),
                   message_id=str(message.message_id), language=language_hint(user))


def mentions_bot(message: TgMessage, username: str, bot_id: int) -> bool:
    """@username in the text or a media caption, or a text mention of the bot's user."""
    kinds = [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    found = {**message.parse_entities(kinds), **message.parse_caption_entities(kinds)}
    for entity, value in found.items():
        if entity.type == MessageEntity.MENTION and value.lstrip("@").lower() == username.lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None and entity.user.id == bot_id:
            return True
    return False


def replies_to(message: TgMessage, bot_id: int) -> bool:
    replied = message.reply_to_message
    return replied is not None and replied.from_user is not None and replied.from_user.id == bot_id


def without_mention(text: str, username: str) -> str:
    return re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE).strip()
