"""The Discord side of sessions: scheduled events and posts, refusals made readable."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord

from bot.services.schedules.delivery import PostFailed
from bot.services.sessions.model import EventRefused, Preparation, SessionPlan, StudySessionInfo
from cogs.ui.mentions import pinging
from cogs.ui.sessions.cards import announcement, reminder

if TYPE_CHECKING:
    from bot.app import NexusBot


def refusal(error: discord.HTTPException) -> EventRefused:
    if isinstance(error, discord.Forbidden):
        return EventRefused("I'm missing the **Manage Events** permission in this server")
    if error.status >= 500:
        return EventRefused(f"Discord had an error, {error.status}; try again in a moment")
    return EventRefused(f"Discord said {error.status}: {error.text[:120] or 'no reason given'}")


class DiscordSessionEvents:
    """Implements `SessionDiscord` on the live bot."""

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot

    def _guild(self, guild_id: int) -> discord.Guild:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            raise EventRefused("I'm not in that server any more")
        return guild

    async def create_event(self, guild_id: int, plan: SessionPlan, description: str) -> int:
        guild = self._guild(guild_id)
        try:
            if plan.voice_channel_id is not None:
                channel = guild.get_channel(plan.voice_channel_id)
                if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
                    raise EventRefused("the channel is gone or is not a voice or stage channel")
                event = await guild.create_scheduled_event(
                    name=plan.title,
                    start_time=plan.starts_at,
                    end_time=plan.ends_at,
                    channel=channel,
                    description=description,
                    privacy_level=discord.PrivacyLevel.guild_only,
                )
            else:
                event = await guild.create_scheduled_event(
                    name=plan.title,
                    start_time=plan.starts_at,
                    end_time=plan.ends_at,
                    entity_type=discord.EntityType.external,
                    location=plan.location or "Online",
                    description=description,
                    privacy_level=discord.PrivacyLevel.guild_only,
                )
        except discord.HTTPException as error:
            raise refusal(error) from None
        return event.id

    async def _event(self, guild_id: int, event_id: int) -> discord.ScheduledEvent | None:
        guild = self._guild(guild_id)
        event = guild.get_scheduled_event(event_id)
        if event is not None:
            return event
        try:
            return await guild.fetch_scheduled_event(event_id)
        except discord.NotFound:
            return None
        except discord.HTTPException as error:
            raise refusal(error) from None

    async def edit_event(self, guild_id: int, event_id: int, plan: SessionPlan) -> None:
        event = await self._event(guild_id, event_id)
        if event is None:
            raise EventRefused("the event no longer exists in Discord")
        try:
            await event.edit(name=plan.title, start_time=plan.starts_at, end_time=plan.ends_at)
        except discord.HTTPException as error:
            raise refusal(error) from None

    async def cancel_event(self, guild_id: int, event_id: int) -> None:
        event = await self._event(guild_id, event_id)
        if event is None:
            return  # deleted in Discord already: nothing left to cancel there
        try:
            if event.status is discord.EventStatus.active:
                await event.end()
            elif event.status is discord.EventStatus.scheduled:
                await event.cancel()
        except discord.HTTPException as error:
            raise refusal(error) from None

    async def _send(self, channel_id: int, **message: object) -> int:
        channel = self.bot.get_channel(channel_id)
        if not isinstance(channel, discord.abc.Messageable):
            raise PostFailed("the announcement channel is gone", channel_gone=True)
        try:
            sent = await channel.send(**message)  # type: ignore[call-overload]
        except discord.Forbidden:
            raise PostFailed("missing permission to post in the channel") from None
        except discord.HTTPException as error:
            raise PostFailed(f"Discord error {error.status}") from None
        return int(sent.id)

    async def post_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> int:
        embed, view = announcement(session, preparation)
        return await self._send(session.post_channel_id, embed=embed, view=view)

    async def refresh_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> None:
        channel = self.bot.get_channel(session.post_channel_id)
        if not isinstance(channel, discord.abc.Messageable) or session.message_id is None:
            raise PostFailed("the announcement channel is gone")
        embed, view = announcement(session, preparation)
        try:
            message = channel.get_partial_message(session.message_id)
            await message.edit(embed=embed, view=view)
        except discord.HTTPException as error:
            raise PostFailed(f"Discord error {error.status} editing the announcement") from None

    async def post_reminder(self, session: StudySessionInfo, lead: str, user_ids: list[int]) -> int:
        content = reminder(session, user_ids)
        return await self._send(
            session.post_channel_id, content=content, allowed_mentions=pinging(user_ids)
        )
