"""`/announce ...`: mentors' notices, posted on time, exactly once."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.services.schedules.book import ANNOUNCEMENT_MAX, Kind
from cogs.takeaways import timezone_autocomplete
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.permission_checks import manage_server
from cogs.ui.permissions import POST, require_postable
from cogs.ui.schedules.cards import reply_schedule_list, schedule_created
from cogs.ui.text import Line, block_up_to


@app_commands.guild_only()
@app_commands.default_permissions(manage_guild=True)  # hides the group; the checks stay
class Announce(commands.GroupCog, group_name="announce", group_description="Announcements"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.book = bot.services.takeaways.book

    @app_commands.command(description="Schedule an announcement")
    @app_commands.describe(
        channel="Where to post",
        message="The announcement (it never pings anyone)",
        when="First (or only) time: tomorrow 12:00, fri 17:30, in 2h or 2026-12-01 18:00",
        repeat="Repeat: daily, weekdays, weekends, weekly, or e.g. mon,wed,fri (default: once)",
        timezone="IANA time zone, e.g. Africa/Lagos (default: the server's, see /nexus setup)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_server
    @app_commands.check(writes)
    async def schedule(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        message: app_commands.Transform[str, block_up_to(ANNOUNCEMENT_MAX)],
        when: Line,
        repeat: Line | None = None,
        timezone: Line | None = None,
    ) -> None:
        assert interaction.guild is not None
        require_postable("channel", channel, interaction.guild.me, POST)
        await acknowledge(interaction)
        info = await self.book.schedule_announcement(
            interaction.guild.id, channel.id, interaction.user.id, message, when, repeat, timezone
        )
        await answer(interaction, embed=schedule_created(info, self.bot.clock()))

    @app_commands.command(name="list", description="Every announcement of this server")
    async def list_announcements(self, interaction: discord.Interaction) -> None:
        await reply_schedule_list(interaction, self.bot, Kind.ANNOUNCEMENT)

    @app_commands.command(description="Cancel an announcement")
    @app_commands.rename(schedule_id="id")
    @manage_server
    async def cancel(self, interaction: discord.Interaction, schedule_id: int) -> None:
        assert interaction.guild_id is not None
        await self.book.get(interaction.guild_id, schedule_id, Kind.ANNOUNCEMENT)
        await acknowledge(interaction)
        await self.book.remove(interaction.guild_id, schedule_id, Kind.ANNOUNCEMENT)
        await answer(interaction, f"Announcement #{schedule_id} cancelled.")


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Announce(bot))
