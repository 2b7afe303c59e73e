"""Slack: Bolt listeners in, Block Kit out (see :mod:`adapters.slack.adapter`)."""

from adapters.slack.adapter import SlackAdapter

__all__ = ["SlackAdapter"]
