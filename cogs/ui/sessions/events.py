"""The Discord side of sessions: scheduled events and posts, refusals made readable."""

from __future__ import annotations

import logging

import discord

from bot.services.sessions.model import (
    EventRefused,
    EventState,
    EventStatus,
    SessionPlan,
)
from cogs.ui.outcomes import outcome_unknown
from cogs.ui.permissions import missing_permissions
from cogs.ui.sessions.posts import SessionPosts

log = logging.getLogger(__name__)

# What Discord asks of the bot in the event's channel to create, change or start it
# ("Guild Scheduled Event Permissions Requirements"), on top of Manage Events.
STAGE_EVENT = ("manage_channels", "mute_members", "move_members")
VOICE_EVENT = ("view_channel", "connect")
USERS_PAGE = 100
MAX_USER_PAGES = 100  # 10,000 interested members: far more than a study session has
STATUSES = {
    discord.EventStatus.scheduled: EventStatus.SCHEDULED,
    discord.EventStatus.active: EventStatus.ACTIVE,
    discord.EventStatus.completed: EventStatus.COMPLETED,
    discord.EventStatus.cancelled: EventStatus.CANCELLED,
}


def event_channel_needs(channel: discord.abc.GuildChannel) -> tuple[str, ...]:
    return STAGE_EVENT if isinstance(channel, discord.StageChannel) else VOICE_EVENT


def named(permissions: list[str]) -> str:
    return ", ".join(f"**{name.replace('_', ' ').title()}**" for name in permissions)


def refusal(error: discord.HTTPException | discord.RateLimited | TimeoutError) -> EventRefused:
    if isinstance(error, TimeoutError):
        return EventRefused("Discord did not answer in time; try again in a moment")
    if isinstance(error, discord.RateLimited):
        return EventRefused(f"Discord asked to wait {error.retry_after:.0f} s; try again then")
    if isinstance(error, discord.Forbidden):
        return EventRefused(
            "I'm missing a permission: **Manage Events** in the server, or in the event's "
            "channel **Connect** (voice) or **Manage Channels**, **Mute Members** and "
            "**Move Members** (stage)"
        )
    if error.status >= 500:
        return EventRefused(f"Discord had an error, {error.status}; try again in a moment")
    return EventRefused(f"Discord said {error.status}: {error.text[:120] or 'no reason given'}")


class DiscordSessionEvents(SessionPosts):
    """Implements `SessionDiscord` on the live bot (its posts in `SessionPosts`)."""

    def _guild(self, guild_id: int) -> discord.Guild:
        guild = self.bot.get_guild(guild_id)
        if guild is None:
            raise EventRefused("I'm not in that server any more")
        return guild

    def _check_channel(self, guild: discord.Guild, channel: discord.abc.GuildChannel) -> None:
        missing = missing_permissions(channel, guild.me, event_channel_needs(channel))
        if missing:
            raise EventRefused(f"I'm missing {named(missing)} in {channel.mention}")

    async def create_event(self, guild_id: int, plan: SessionPlan, description: str) -> int:
        guild = self._guild(guild_id)
        try:
            if plan.voice_channel_id is not None:
                channel = guild.get_channel(plan.voice_channel_id)
                if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
                    raise EventRefused("the channel is gone or is not a voice or stage channel")
                self._check_channel(guild, channel)
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
        except (discord.HTTPException, discord.RateLimited, TimeoutError) as error:
            if not outcome_unknown(error):
                raise refusal(error) from None
            # Discord may have made it before failing (and discord.py may have sent it
            # again): what exists decides, not the error.
            made = await self._find_made_event(guild, plan, description)
            if made is None:
                raise refusal(error) from None
            return made
        return event.id

    async def _find_made_event(
        self, guild: discord.Guild, plan: SessionPlan, description: str
    ) -> int | None:
        """The oldest event Nexus made for exactly this plan; any others it cancels."""
        try:
            events = await guild.fetch_scheduled_events(with_counts=False)
        except (discord.HTTPException, discord.RateLimited, TimeoutError):
            raise EventRefused(
                "Discord didn't answer whether the event was made; look in the server's "
                "events before scheduling it again"
            ) from None
        me = guild.me.id
        made = sorted(
            (
                event
                for event in events
                if event.creator_id == me
                and event.name == plan.title
                and event.start_time == plan.starts_at
                and event.channel_id == plan.voice_channel_id
                and (event.description or "") == description
                and event.status is discord.EventStatus.scheduled
            ),
            key=lambda event: event.id,
        )
        for extra in made[1:]:  # a retry Discord also carried out
            try:
                await extra.delete()
            except (discord.HTTPException, discord.RateLimited):
                log.warning("a second event %s made by a retry is left in Discord", extra.id)
        return made[0].id if made else None

    async def _event(
        self, guild_id: int, event_id: int, *, fresh: bool = False
    ) -> discord.ScheduledEvent | None:
        guild = self._guild(guild_id)
        event = None if fresh else guild.get_scheduled_event(event_id)
        if event is not None:
            return event
        try:
            return await guild.fetch_scheduled_event(event_id)
        except discord.NotFound:
            return None
        except (discord.HTTPException, discord.RateLimited) as error:
            raise refusal(error) from None

    async def edit_event(self, guild_id: int, event_id: int, plan: SessionPlan) -> None:
        event = await self._event(guild_id, event_id)
        if event is None:
            raise EventRefused("the event no longer exists in Discord")
        # Only what changed: Discord refuses a start time (even the same one) once the
        # event has started.
        changes: dict[str, object] = {}
        if event.name != plan.title:
            changes["name"] = plan.title
        if event.start_time != plan.starts_at:
            changes["start_time"] = plan.starts_at
        if event.end_time != plan.ends_at:
            changes["end_time"] = plan.ends_at
        if not changes:
            return
        try:
            await event.edit(**changes)  # type: ignore[call-overload]
        except (discord.HTTPException, discord.RateLimited) as error:
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
        except (discord.HTTPException, discord.RateLimited) as error:
            raise refusal(error) from None

    async def start_event(self, guild_id: int, event_id: int) -> EventStatus:
        event = await self._event(guild_id, event_id, fresh=True)
        if event is None:
            return EventStatus.GONE
        if event.status is not discord.EventStatus.scheduled:
            return STATUSES.get(event.status, EventStatus.GONE)  # a host started it already
        try:
            await event.start(reason="The study session's time has come")
        except (discord.HTTPException, discord.RateLimited) as error:
            raise refusal(error) from None
        return EventStatus.ACTIVE

    async def members_in_voice(self, guild_id: int, channel_id: int) -> list[int]:
        guild = self._guild(guild_id)
        channel = guild.get_channel(channel_id)
        if not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
            return []
        me = self.bot.user.id if self.bot.user else 0
        present = []
        for user_id in channel.voice_states:
            member = guild.get_member(user_id)
            if user_id != me and not (member is not None and member.bot):
                present.append(user_id)
        return present

    async def event_state(self, guild_id: int, event_id: int) -> EventState:
        event = await self._event(guild_id, event_id, fresh=True)
        if event is None:
            return EventState(EventStatus.GONE)
        status = STATUSES.get(event.status, EventStatus.GONE)
        if status not in (EventStatus.SCHEDULED, EventStatus.ACTIVE):
            return EventState(status)
        return EventState(status, await self._interested(guild_id, event_id))

    async def _interested(self, guild_id: int, event_id: int) -> tuple[int, ...]:
        """Every member who pressed Interested, paged by 100 in ascending id order, as
        Discord documents it. (`ScheduledEvent.users()` pages with the last id of a page as
        the next `before`, which under that order fetches the first page again.)"""
        ids: list[int] = []
        after: int | None = None
        for _ in range(MAX_USER_PAGES):
            try:
                page = await self.bot.http.get_scheduled_event_users(
                    guild_id, event_id, limit=USERS_PAGE, with_member=False, after=after
                )
            except (discord.HTTPException, discord.RateLimited) as error:
                raise refusal(error) from None
            new = [int(entry["user"]["id"]) for entry in page]
            new = [user_id for user_id in new if after is None or user_id > after]
            ids.extend(new)
            if len(page) < USERS_PAGE or not new:
                break
            after = max(new)
        return tuple(dict.fromkeys(ids))
