"""The bot core: platform-neutral messages in, replies out.

Nothing in this package imports a chat library; adapters/ translates platform events into
:class:`bot.messages.Message` and :class:`bot.messages.Reply` back into platform calls.
"""
