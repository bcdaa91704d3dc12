"""Interested clicks without the privileged members intent.

discord.py drops GUILD_SCHEDULED_EVENT_USER_ADD/REMOVE when the user is not in its cache,
which without the members intent is most of the time. Nexus wraps those two gateway parsers
to dispatch `raw_scheduled_event_interest` with the ids first, then lets discord.py go on
as usual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import discord

RAW_EVENT = "raw_scheduled_event_interest"
PARSERS = {"GUILD_SCHEDULED_EVENT_USER_ADD": True, "GUILD_SCHEDULED_EVENT_USER_REMOVE": False}


@dataclass(frozen=True)
class RawInterest:
    guild_id: int
    event_id: int
    user_id: int
    interested: bool  # False: the member took it back


def dispatch_raw_interest(client: discord.Client) -> None:
    """Make `client` dispatch `RawInterest`s (idempotent: wrapping twice does nothing)."""
    parsers: dict[str, Any] = client._connection.parsers
    for name, interested in PARSERS.items():
        original = parsers[name]
        if getattr(original, "nexus_raw", False):
            continue

        def parse(data: Any, original: Any = original, interested: bool = interested) -> None:
            client.dispatch(
                RAW_EVENT,
                RawInterest(
                    guild_id=int(data["guild_id"]),
                    event_id=int(data["guild_scheduled_event_id"]),
                    user_id=int(data["user_id"]),
                    interested=interested,
                ),
            )
            original(data)

        parse.nexus_raw = True  # type: ignore[attr-defined]
        parsers[name] = parse
