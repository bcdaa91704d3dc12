"""Who a message may ping: exactly the members named, whatever its text mentions."""

from __future__ import annotations

from collections.abc import Iterable

import discord


def pinging(user_ids: Iterable[int]) -> discord.AllowedMentions:
    """Pings these members and nobody else: @everyone, roles and mentions typed inside user
    text are shown, not sent."""
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(user_id) for user_id in user_ids],
        roles=False,
        replied_user=False,
    )
