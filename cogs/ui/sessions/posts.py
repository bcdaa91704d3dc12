"""A session's messages: its announcement, its reminders and its notices, each made once.

Every post carries a nonce (`send_once`): when Discord's answer is lost it is sent again at
once, and Discord answers the repeat with the message it made. A reminder part may also be
retried by a later run, minutes after the nonce is forgotten, so it also ends with an
invisible marker that `find_reminder` looks for in the channel before it is sent again.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

import discord

from bot.services.schedules.delivery import PostFailed
from bot.services.sessions.model import Preparation, StudySessionInfo
from cogs.ui.limits import MESSAGE, clip
from cogs.ui.mentions import pinging
from cogs.ui.outcomes import find_marked, new_nonce, outcome_unknown, send_once
from cogs.ui.schedules.cards import carries_marker, slot_marker
from cogs.ui.sessions.cards import announcement, reminder

if TYPE_CHECKING:
    from bot.app import NexusBot


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def reminder_nonce(key: str) -> str:
    return "nexus-sr-" + _digest(key)[:16]  # a nonce is at most 25 characters


def reminder_marker(key: str) -> str:
    """Invisible, and the same for every send of the part `key` names."""
    return slot_marker(int(_digest(key)[:8], 16))


class SessionPosts:
    """The posting half of `DiscordSessionEvents`: refusals become `PostFailed`."""

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot

    def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise PostFailed("the announcement channel is gone", channel_gone=True)
        return channel

    async def _send(self, channel_id: int, nonce: str, content: str | None = None,
                    **message: object) -> int:  # fmt: skip
        channel = self._channel(channel_id)
        try:
            sent = await send_once(channel, nonce, content, **message)  # type: ignore[arg-type]
        except discord.NotFound:
            raise PostFailed("the announcement channel was deleted", channel_gone=True) from None
        except discord.Forbidden:
            raise PostFailed("missing permission to post in the channel", forbidden=True) from None
        except discord.RateLimited as limited:  # nothing was sent: safe to try again
            raise PostFailed(f"rate-limited by Discord for {limited.retry_after:.0f} s") from None
        except (discord.HTTPException, TimeoutError) as error:
            status = getattr(error, "status", "no answer")
            raise PostFailed(
                f"Discord error {status}", outcome_unknown=outcome_unknown(error)
            ) from None
        return int(sent.id)

    async def post_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> int:
        embed, view = announcement(session, preparation)
        return await self._send(session.post_channel_id, new_nonce("sa"), embed=embed, view=view)

    async def refresh_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> None:
        channel = self._channel(session.post_channel_id)
        if session.message_id is None:
            raise PostFailed("the announcement was never posted")
        embed, view = announcement(session, preparation)
        try:
            message = channel.get_partial_message(session.message_id)  # type: ignore[attr-defined]
            await message.edit(embed=embed, view=view)
        except (discord.HTTPException, discord.RateLimited) as error:
            status = getattr(error, "status", 429)
            raise PostFailed(f"Discord error {status} editing the announcement") from None

    async def post_reminder(
        self, session: StudySessionInfo, lead: str, user_ids: list[int], key: str
    ) -> int:
        return await self._send(
            session.post_channel_id,
            reminder_nonce(key),
            reminder(session, user_ids, reminder_marker(key)),
            allowed_mentions=pinging(user_ids),
        )

    async def find_reminder(self, session: StudySessionInfo, key: str) -> int | None:
        channel, me = self._channel(session.post_channel_id), self.bot.user
        if me is None:
            raise PostFailed("the bot is not connected to Discord")
        marker = reminder_marker(key)
        try:
            return await find_marked(channel, me.id, lambda m: carries_marker(m, marker))
        except (discord.HTTPException, TimeoutError):
            raise PostFailed("could not read the channel to look for the reminder") from None

    async def post_notice(self, session: StudySessionInfo, text: str) -> int:
        return await self._send(
            session.post_channel_id,
            new_nonce("sn"),
            clip(text, MESSAGE),
            allowed_mentions=discord.AllowedMentions.none(),
        )
