"""`Membership` on Discord: whether helpers are still in the server, asked one by one."""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

log = logging.getLogger(__name__)
UNKNOWN_MEMBER = 10007


class DiscordMembership:
    """Get Guild Member for each id: Nexus has no Server Members intent, so its cache
    can't tell a member who left from one who stayed quiet."""

    def __init__(self, client: discord.Client) -> None:
        self._client = client

    async def departed(self, guild_id: int, user_ids: Sequence[int]) -> set[int]:
        guild = self._client.get_guild(guild_id)
        if guild is None:
            return set()
        gone: set[int] = set()
        for user_id in user_ids:
            try:
                await guild.fetch_member(user_id)
            except discord.NotFound as error:
                if error.code == UNKNOWN_MEMBER:
                    gone.add(user_id)
            except discord.HTTPException as error:  # unknown: pinged as before
                log.info("could not check helper %s is still a member: %s", user_id, error)
        return gone
