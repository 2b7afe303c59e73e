"""Chat platforms. Each adapter turns platform events into :class:`bot.messages.Message`, calls the
core, and renders :class:`bot.messages.Reply` back; platform libraries are imported only here."""
