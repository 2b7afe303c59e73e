"""Refusals of the queue, each meant for the person who asked for the change."""


class QueueError(Exception):
    pass


class TicketNotFound(QueueError):
    pass


class IllegalMove(QueueError):
    pass


class BadInput(QueueError):
    pass


class NotStaff(QueueError):
    pass
