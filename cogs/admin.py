"""`/nexus setup|status|reload|web`: guild settings, the bot's health, the web hub's consent.

It also keeps the web hub's view of which channels @everyone can read up to date."""

from __future__ import annotations

import asyncio
import math

import discord
from discord import app_commands
from discord.ext import commands

import bot as nexus_package
from bot.app import NexusBot
from bot.errors import ValidationError
from bot.services.guild_settings import SettingsChange
from bot.services.nudges.delays import (
    ARCHIVE_AFTER,
    MARK_AFTER,
    STALE_AFTER,
    UNANSWERED_AFTER,
    check_delay,
)
from bot.services.schedules.recurrence import parse_timezone
from cogs.takeaways import timezone_autocomplete
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.admin.status import StatusReport, reload_message, settings_embed, status_embed
from cogs.ui.checks import count_write
from cogs.ui.nudges.cards import nudges_embed
from cogs.ui.permission_checks import manage_server
from cogs.ui.permissions import FORUM, POST, THREADS, require_postable
from cogs.ui.text import Line
from cogs.ui.web.links import THREAD_PARENTS, channel_visibility, everyone_can_read


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)  # hides the group; the checks stay
class Admin(commands.GroupCog, group_name="nexus", group_description="Nexus itself"):
    web = app_commands.Group(name="web", description="Publish this server's solved questions")

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.settings = bot.services.guild_settings
        self.consent = bot.services.web_consent

    @app_commands.command(description="Show or change where Nexus posts")
    @app_commands.describe(
        announcements="Channel for scheduled takeaways and announcements",
        api_channel="Channel where API request threads are opened",
        qa_channel="Text or forum channel for Q&A threads",
        mentor_role="Role whose members act as mentors",
        timezone="Default time zone of schedules, sessions and reminders (IANA, e.g. Africa/Lagos)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_server
    async def setup(
        self,
        interaction: discord.Interaction,
        announcements: discord.TextChannel | None = None,
        api_channel: discord.TextChannel | None = None,
        qa_channel: discord.TextChannel | discord.ForumChannel | None = None,
        mentor_role: discord.Role | None = None,
        timezone: Line | None = None,
    ) -> None:
        assert interaction.guild is not None
        guild, me = interaction.guild, interaction.guild.me
        change = SettingsChange(
            announcements_channel_id=announcements.id if announcements else None,
            api_channel_id=api_channel.id if api_channel else None,
            qa_channel_id=qa_channel.id if qa_channel else None,
            mentor_role_id=mentor_role.id if mentor_role else None,
            timezone=parse_timezone(timezone) if timezone else None,
        )
        if change.given():
            if announcements:
                require_postable("announcements", announcements, me, POST)
            if api_channel:
                require_postable("api_channel", api_channel, me, THREADS)
            if qa_channel:
                needed = FORUM if isinstance(qa_channel, discord.ForumChannel) else THREADS
                require_postable("qa_channel", qa_channel, me, needed)
            if mentor_role and mentor_role.is_default():
                raise ValidationError("The mentor role can't be @everyone; pick a real role.")
            count_write(interaction)
        await acknowledge(interaction)  # before the write: Discord's 3-second deadline
        config = await self.settings.update(guild.id, change)
        zone = self.bot.settings.timezone
        shown = settings_embed(config, changed=bool(change.given()), default_zone=zone)
        await answer(interaction, embed=shown)

    @app_commands.command(description="Show or change when Nexus nudges stalled work")
    @app_commands.describe(
        unanswered_after="Minutes before helpers are pinged on a question with no reply (0: off)",
        mark_after="Minutes a replied question stays quiet before its asker is asked to mark "
        "the answer (0: off)",
        stale_after="Minutes a claimed API request may go unchanged before its claimer is "
        "nudged (0: off)",
        archive_after="Minutes a Q&A thread stays quiet before it is archived (0: off)",
    )
    @manage_server
    async def nudges(
        self,
        interaction: discord.Interaction,
        unanswered_after: int | None = None,
        mark_after: int | None = None,
        stale_after: int | None = None,
        archive_after: int | None = None,
    ) -> None:
        assert interaction.guild is not None
        guild_id = interaction.guild.id
        change = SettingsChange(
            unanswered_after=None
            if unanswered_after is None
            else check_delay(UNANSWERED_AFTER, unanswered_after),
            mark_after=None if mark_after is None else check_delay(MARK_AFTER, mark_after),
            stale_after=None if stale_after is None else check_delay(STALE_AFTER, stale_after),
            archive_after=None
            if archive_after is None
            else check_delay(ARCHIVE_AFTER, archive_after),
        )
        if change.given():
            count_write(interaction)
        await acknowledge(interaction)  # before the write: Discord's 3-second deadline
        if change.given():
            await self.settings.update(guild_id, change)
        delays = await self.bot.services.nudges.delays(guild_id)
        await answer(interaction, embed=nudges_embed(delays, changed=bool(change.given())))

    @app_commands.command(description="Version, uptime, database and what Nexus holds")
    async def status(self, interaction: discord.Interaction) -> None:
        latency = self.bot.latency
        # Two independent reads: on two connections at once rather than one after the other.
        counts, failing = await asyncio.gather(
            self.bot.services.records.count(),
            self.bot.services.takeaways.book.failing(interaction.guild_id),
        )
        report = StatusReport(
            version=nexus_package.__version__,
            database_backend=self.bot.db.backend,
            uptime_seconds=self.bot.uptime_seconds,
            latency_ms=latency * 1000 if math.isfinite(latency) else None,
            record_counts=counts,
            scheduled_jobs=len(self.bot.scheduler.get_jobs()),
            topics_loaded=len(self.bot.services.topics.library.topics),
            warnings=tuple(
                f"{s.kind.value} schedule #{s.id} is failing ({s.consecutive_failures} in a row)"
                for s in failing
            ),
        )
        await interaction.response.send_message(embed=status_embed(report), ephemeral=True)

    @app_commands.command(description="Reload the knowledge base from disk")
    @manage_server
    async def reload(self, interaction: discord.Interaction) -> None:
        # Thousands of topics take seconds to read and index (in a worker thread): past
        # Discord's 3-second deadline, so the interaction is acknowledged first.
        await acknowledge(interaction)
        outcome = await self.bot.reload_content()
        await answer(interaction, reload_message(outcome))

    @web.command(name="enable", description="Publish solved questions and the API board")
    @manage_server
    async def web_enable(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        guild = interaction.guild
        count_write(interaction)
        channels = channel_visibility(guild)
        await acknowledge(interaction)
        await self.consent.enable(guild.id, guild.name, interaction.user.id, channels)
        await answer(
            interaction,
            web_enabled_message(sum(channels.values()), self.bot.settings.web_url, guild.id),
        )

    @web.command(name="disable", description="Take this server off the web hub")
    @manage_server
    async def web_disable(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        count_write(interaction)
        await acknowledge(interaction)
        was_on = await self.consent.disable(interaction.guild.id)
        await answer(
            interaction,
            "This server's questions and API board are off the web now."
            if was_on
            else "This server was not on the web hub.",
        )

    # Which channels @everyone can read, kept current for the web hub (published guilds only).
    @commands.Cog.listener()
    async def on_ready(self) -> None:
        for guild in self.bot.guilds:
            await self.consent.refresh_channels(guild.id, channel_visibility(guild))

    @commands.Cog.listener()
    async def on_guild_channel_create(self, channel: discord.abc.GuildChannel) -> None:
        if isinstance(channel, THREAD_PARENTS):
            await self.consent.channel_changed(
                channel.guild.id, channel.id, everyone_can_read(channel)
            )

    @commands.Cog.listener()
    async def on_guild_channel_update(
        self, _before: discord.abc.GuildChannel, after: discord.abc.GuildChannel
    ) -> None:
        if isinstance(after, THREAD_PARENTS):
            await self.consent.channel_changed(after.guild.id, after.id, everyone_can_read(after))

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self.consent.channel_changed(channel.guild.id, channel.id, None)

    @commands.Cog.listener()
    async def on_guild_role_update(self, _before: discord.Role, after: discord.Role) -> None:
        if after.is_default():  # @everyone's own permissions decide every channel
            await self.consent.refresh_channels(after.guild.id, channel_visibility(after.guild))


def web_enabled_message(public_channels: int, base_url: str | None, guild_id: int) -> str:
    where = f" at {base_url}/g/{guild_id}/" if base_url else ""
    return (
        f"This server is on the web hub{where}: solved questions in the {public_channels} "
        "channel(s) @everyone can read, and the API board. Threads in private channels never "
        "appear. Members show as “a learner” unless they run `/qa privacy public`. "
        "`/nexus web disable` takes it all off at once."
    )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Admin(bot))
