"""Errors whose message is safe to show a user or an operator as it is."""

from __future__ import annotations


class NexusError(Exception):
    """An expected failure: the message explains it to the member who caused it."""


class ValidationError(NexusError):
    """The input was malformed or out of range."""


class NotFound(NexusError):
    """The thing asked for does not exist (in this guild)."""


class Forbidden(NexusError):
    """The member may not do this."""


class Conflict(NexusError):
    """The action clashes with the current state (already claimed, duplicate...)."""


class RateLimited(NexusError):
    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"You're going a bit fast. Try again in {max(1, round(retry_after))} seconds."
        )


class ConfigError(Exception):
    """A configuration value is invalid; the message is one line naming the variable."""


class StartupError(Exception):
    """Start-up cannot continue; the message is one line saying why."""
