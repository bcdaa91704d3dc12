"""`/takeaway` and `/takeaways ...`: short lessons, now or on a schedule."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.knowledge.model import Takeaway
from bot.services.schedules.book import Kind
from bot.services.schedules.delivery import PostFailed
from bot.services.schedules.recurrence import timezone_names
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.limits import MESSAGE, clip
from cogs.ui.mentions import pinging
from cogs.ui.nudges.cards import after_nudge
from cogs.ui.outcomes import find_marked
from cogs.ui.permission_checks import manage_server
from cogs.ui.permissions import POST, require_postable
from cogs.ui.reminders.cards import deliver_reminder
from cogs.ui.schedules.cards import (
    announcement_text,
    carries_marker,
    reply_schedule_list,
    schedule_created,
    slot_marker,
    takeaway_message,
)
from cogs.ui.text import Line
from cogs.ui.topics.pages import topic_choices


def slot_nonce(slot_id: int) -> str:
    """The nonce of a slot's post (at most 25 characters, as Discord allows)."""
    return f"nexus-slot-{slot_id}"


class DiscordSchedulePoster:
    """Posts for the scheduler, turning Discord's refusals into `PostFailed`."""

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot

    async def _channel(self, channel_id: int) -> discord.abc.Messageable:
        channel = self.bot.get_channel(channel_id)
        if channel is None:
            try:
                channel = await self.bot.fetch_channel(channel_id)
            except discord.NotFound:
                raise PostFailed("the channel was deleted", channel_gone=True) from None
            except discord.HTTPException as error:
                raise PostFailed(f"Discord error {error.status} finding the channel") from None
        if not isinstance(channel, discord.abc.Messageable):
            raise PostFailed("the channel cannot hold messages", channel_gone=True)
        return channel

    async def _send(self, channel_id: int, slot_id: int, **message: object) -> int:
        channel = await self._channel(channel_id)
        try:
            # With a nonce Discord itself drops a repeat of the same post for a few minutes
            # (discord.py sends `enforce_nonce`), covering its own retries after a 5xx.
            sent = await channel.send(nonce=slot_nonce(slot_id), **message)  # type: ignore[call-overload]
        except discord.NotFound:
            raise PostFailed("the channel was deleted", channel_gone=True) from None
        except discord.Forbidden:
            raise PostFailed("missing permission to post in the channel", forbidden=True) from None
        except discord.RateLimited as limited:  # nothing was sent
            raise PostFailed(f"rate-limited by Discord for {limited.retry_after:.0f} s") from None
        except discord.HTTPException as error:
            unknown = error.status >= 500  # Discord may have made the post before failing
            raise PostFailed(f"Discord error {error.status}", outcome_unknown=unknown) from None
        except TimeoutError:
            raise PostFailed("Discord did not answer in time", outcome_unknown=True) from None
        return int(sent.id)

    async def post_takeaway(self, channel_id: int, takeaway: Takeaway, slot_id: int) -> int:
        title = self.bot.services.topics.title_of(takeaway.topic)
        embed, view = takeaway_message(takeaway, title, slot_marker(slot_id))
        return await self._send(channel_id, slot_id, embed=embed, view=view)

    async def post_announcement(self, channel_id: int, text: str, slot_id: int) -> int:
        content = announcement_text(text, slot_marker(slot_id))
        return await self._send(channel_id, slot_id, content=content)

    async def find_post(self, channel_id: int, slot_id: int) -> int | None:
        channel = await self._channel(channel_id)
        marker, me = slot_marker(slot_id), self.bot.user
        if me is None:
            return None
        try:
            return await find_marked(channel, me.id, lambda m: carries_marker(m, marker))
        except (discord.HTTPException, TimeoutError):
            # Unable to look is not proof of absence: the slot fails rather than posts twice.
            raise PostFailed("could not read the channel to look for the post") from None

    async def post_reminder(self, channel_id: int, member_id: int, text: str, slot_id: int) -> int:
        marker = slot_marker(slot_id)

        async def send(channel: int, *, content: str, **message: object) -> int:
            marked = clip(content, MESSAGE - len(marker)) + marker
            return await self._send(channel, slot_id, content=marked, **message)

        return await deliver_reminder(
            self.bot, send, channel_id, member_id, text, slot_nonce(slot_id)
        )

    async def post_nudge(
        self, channel_id: int, text: str, ping_user_ids: tuple[int, ...], subject: str,
        slot_id: int,
    ) -> int:  # fmt: skip
        pings = pinging(ping_user_ids)
        marker = slot_marker(slot_id)
        content = clip(text, MESSAGE - len(marker)) + marker
        message_id = await self._send(channel_id, slot_id, content=content, allowed_mentions=pings)
        await after_nudge(self.bot, channel_id, subject)
        return message_id


async def timezone_autocomplete(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    return [app_commands.Choice(name=n, value=n) for n in timezone_names(current)]


class Takeaways(commands.Cog):
    # Discord applies default permissions to a whole group: members don't see it; a
    # server may open it to a role, and each management command still checks at run time.
    takeaways = app_commands.Group(
        name="takeaways",
        description="Scheduled takeaways",
        guild_only=True,
        default_permissions=discord.Permissions(manage_guild=True),
    )

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.service = bot.services.takeaways

    async def cog_load(self) -> None:
        self.service.poster = DiscordSchedulePoster(self.bot)

    @app_commands.command(description="Post a takeaway now")
    @app_commands.describe(topic="Only from this topic")
    @app_commands.guild_only()
    @app_commands.check(writes)
    async def takeaway(self, interaction: discord.Interaction, topic: Line | None = None) -> None:
        assert interaction.guild_id is not None
        slug = self.bot.services.topics.optional_slug(topic)
        await acknowledge(interaction, ephemeral=False)  # the rotation moves on: a write
        chosen = await self.service.next_takeaway(interaction.guild_id, slug)
        embed, view = takeaway_message(chosen, self.bot.services.topics.title_of(chosen.topic))
        await answer(interaction, embed=embed, view=view)

    @takeaway.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.services.topics, current)

    @takeaways.command(description="Post takeaways on a schedule")
    @app_commands.describe(
        channel="Where to post",
        time="24-hour time, HH:MM",
        days="daily (default), weekdays, weekends, or e.g. mon,wed,fri",
        timezone="IANA time zone, e.g. Africa/Lagos (default: the server's, see /nexus setup)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_server
    @app_commands.check(writes)
    async def schedule(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        time: Line,
        days: Line | None = None,
        timezone: Line | None = None,
    ) -> None:
        assert interaction.guild is not None
        require_postable("channel", channel, interaction.guild.me, POST)
        await acknowledge(interaction)
        info = await self.service.book.schedule_takeaways(
            interaction.guild.id, channel.id, interaction.user.id, time, days, timezone
        )
        await answer(interaction, embed=schedule_created(info, self.bot.clock()))

    @takeaways.command(name="list", description="Every takeaway schedule of this server")
    async def list_schedules(self, interaction: discord.Interaction) -> None:
        await reply_schedule_list(interaction, self.bot, Kind.TAKEAWAY)

    @takeaways.command(description="Pause a schedule")
    @app_commands.rename(schedule_id="id")
    @manage_server
    async def pause(self, interaction: discord.Interaction, schedule_id: int) -> None:
        await self._set_paused(interaction, schedule_id, True)

    @takeaways.command(description="Resume a paused schedule")
    @app_commands.rename(schedule_id="id")
    @manage_server
    async def resume(self, interaction: discord.Interaction, schedule_id: int) -> None:
        await self._set_paused(interaction, schedule_id, False)

    async def _set_paused(
        self, interaction: discord.Interaction, schedule_id: int, paused: bool
    ) -> None:
        assert interaction.guild_id is not None
        await self.service.book.get(interaction.guild_id, schedule_id, Kind.TAKEAWAY)
        await acknowledge(interaction)
        await self.service.book.set_paused(interaction.guild_id, schedule_id, paused)
        word = "paused" if paused else "resumed"
        await answer(interaction, f"Schedule #{schedule_id} {word}.")

    @takeaways.command(description="Delete a schedule")
    @app_commands.rename(schedule_id="id")
    @manage_server
    async def remove(self, interaction: discord.Interaction, schedule_id: int) -> None:
        assert interaction.guild_id is not None
        await self.service.book.get(interaction.guild_id, schedule_id, Kind.TAKEAWAY)
        await acknowledge(interaction)
        await self.service.book.remove(interaction.guild_id, schedule_id, Kind.TAKEAWAY)
        await answer(interaction, f"Schedule #{schedule_id} removed.")

    @takeaways.command(description="See what a schedule will post next")
    @app_commands.rename(schedule_id="id")
    async def preview(self, interaction: discord.Interaction, schedule_id: int) -> None:
        assert interaction.guild_id is not None
        await self.service.book.get(interaction.guild_id, schedule_id, Kind.TAKEAWAY)
        upcoming = await self.service.preview(interaction.guild_id, schedule_id)
        assert isinstance(upcoming, Takeaway)
        embed, _ = takeaway_message(upcoming, self.bot.services.topics.title_of(upcoming.topic))
        await interaction.response.send_message(
            f"Schedule #{schedule_id} will post this next:", embed=embed, ephemeral=True
        )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Takeaways(bot))
