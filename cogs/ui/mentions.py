"""Who a message may ping: exactly the members named, whatever its text mentions."""

from __future__ import annotations

from collections.abc import Iterable

import discord

from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID, FORGOTTEN_MEMBER_TEXT


def member(user_id: int) -> str:
    """A member as a card names them: a mention, or words for one who used forget-me (their
    id was replaced by a placeholder that Discord would show as an unknown user)."""
    return FORGOTTEN_MEMBER_TEXT if user_id == FORGOTTEN_MEMBER_ID else f"<@{user_id}>"


def pinging(user_ids: Iterable[int]) -> discord.AllowedMentions:
    """Pings these members and nobody else: @everyone, roles and mentions typed inside user
    text are shown, not sent."""
    return discord.AllowedMentions(
        everyone=False,
        users=[discord.Object(user_id) for user_id in user_ids if user_id != FORGOTTEN_MEMBER_ID],
        roles=False,
        replied_user=False,
    )
