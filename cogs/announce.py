"""`/announce ...`: mentors' notices, posted on time, exactly once."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.services.recurrence import (
    Recurrence,
    parse_days,
    parse_timezone,
    parse_when,
    wall_time,
)
from bot.services.schedules import Kind, NewSchedule
from cogs.takeaways import manage_server, timezone_autocomplete
from cogs.ui.checks import writes
from cogs.ui.permissions import POST, require_postable
from cogs.ui.schedules import schedule_created, schedule_list


@app_commands.guild_only()
class Announce(commands.GroupCog, group_name="announce", group_description="Announcements"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.book = bot.services.takeaways.book

    @app_commands.command(description="Schedule an announcement (Manage Server)")
    @app_commands.describe(
        channel="Where to post",
        message="The announcement (it never pings anyone)",
        when="First (or only) time: YYYY-MM-DD HH:MM",
        repeat="Repeat: daily, weekdays, weekends, or e.g. mon,wed,fri (default: once)",
        timezone="IANA time zone, e.g. Africa/Lagos (default: the bot's)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @manage_server
    @app_commands.check(writes)
    async def schedule(
        self,
        interaction: discord.Interaction,
        channel: discord.TextChannel,
        message: str,
        when: str,
        repeat: str | None = None,
        timezone: str | None = None,
    ) -> None:
        assert interaction.guild is not None
        zone = parse_timezone(timezone or self.bot.settings.timezone)
        run_at = parse_when(when, zone)
        recurrence = None
        if repeat is not None:
            recurrence = Recurrence(wall_time(run_at, zone), parse_days(repeat), zone)
        require_postable("channel", channel, interaction.guild.me, POST)
        info = await self.book.create(
            NewSchedule(
                kind=Kind.ANNOUNCEMENT,
                guild_id=interaction.guild.id,
                channel_id=channel.id,
                created_by=interaction.user.id,
                timezone=zone,
                recurrence=recurrence,
                run_at=run_at,
                message=message,
            )
        )
        embed = schedule_created(info, self.bot.clock())
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="list", description="Every announcement of this server")
    async def list_announcements(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        infos = await self.book.of_guild(interaction.guild_id, Kind.ANNOUNCEMENT)
        embed = schedule_list(infos, Kind.ANNOUNCEMENT, self.bot.clock())
        await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(description="Cancel an announcement (Manage Server)")
    @app_commands.rename(schedule_id="id")
    @manage_server
    async def cancel(self, interaction: discord.Interaction, schedule_id: int) -> None:
        assert interaction.guild_id is not None
        await self.book.remove(interaction.guild_id, schedule_id, Kind.ANNOUNCEMENT)
        await interaction.response.send_message(
            f"Announcement #{schedule_id} cancelled.", ephemeral=True
        )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Announce(bot))
