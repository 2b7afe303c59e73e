"""The staff request queue: tickets, their lifecycle, the outbox that relays answers, and staff."""
