"""`/remind me|list|cancel|timezone` and the "Remind me about this" message menu."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from cogs.takeaways import timezone_autocomplete
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.permissions import missing_from
from cogs.ui.reminders.cards import (
    reminder_cancelled,
    reminder_list,
    reminder_set,
    timezone_set,
)
from cogs.ui.text import Block, Line

# What a reminder's post needs where it is set: it is plain text, so no Embed Links.
REMINDER_POST = ("view_channel", "send_messages")


def where(interaction: discord.Interaction) -> tuple[int, int]:
    assert interaction.guild_id is not None and interaction.channel_id is not None
    return interaction.guild_id, interaction.channel_id


def cannot_post_here(interaction: discord.Interaction) -> list[str]:
    """What Nexus lacks to post a reminder where it is set (Discord computes the bot's
    permissions in this channel for every interaction)."""
    thread = isinstance(interaction.channel, discord.Thread)
    return missing_from(interaction.app_permissions, REMINDER_POST, thread=thread)


@app_commands.guild_only()
class Reminders(commands.GroupCog, group_name="remind", group_description="Your reminders"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.reminders = bot.services.reminders
        self.about_menu = app_commands.ContextMenu(
            name="Remind me about this", callback=self.remind_about
        )
        self.about_menu.guild_only = True
        self.about_menu.add_check(writes)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.about_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.about_menu.name, type=self.about_menu.type)

    @app_commands.command(description="Remind yourself here later, e.g. in 2h or fri 17:30")
    @app_commands.describe(
        when="in 90m, in 2h, tomorrow 09:00, 2026-12-01 18:00 or fri 17:30 (your time zone)",
        text="What to remind you of",
    )
    @app_commands.check(writes)
    async def me(self, interaction: discord.Interaction, when: Line, text: Block) -> None:
        guild_id, channel_id = where(interaction)
        await acknowledge(interaction)
        reminder = await self.reminders.create(
            guild_id, channel_id, interaction.user.id, when, text, self.bot.clock()
        )
        await answer(interaction, embed=reminder_set(reminder, cannot_post_here(interaction)))

    @app_commands.command(name="list", description="Your reminders still to come")
    async def list_(self, interaction: discord.Interaction) -> None:
        guild_id, _ = where(interaction)
        pending = await self.reminders.pending(guild_id, interaction.user.id)
        zone = await self.reminders.zone_of(guild_id, interaction.user.id)
        await interaction.response.send_message(embed=reminder_list(pending, zone), ephemeral=True)

    @app_commands.command(description="Cancel one of your reminders")
    @app_commands.rename(number="id")
    @app_commands.describe(number="The reminder's number, from /remind list")
    @app_commands.check(writes)
    async def cancel(self, interaction: discord.Interaction, number: int) -> None:
        guild_id, _ = where(interaction)
        await acknowledge(interaction)
        cancelled = await self.reminders.cancel(guild_id, interaction.user.id, number)
        await answer(interaction, reminder_cancelled(cancelled))

    @app_commands.command(description="Set the time zone your reminder times are read in")
    @app_commands.describe(zone="IANA name, e.g. Africa/Lagos")
    @app_commands.autocomplete(zone=timezone_autocomplete)
    @app_commands.check(writes)
    async def timezone(self, interaction: discord.Interaction, zone: Line) -> None:
        await acknowledge(interaction)
        chosen = await self.reminders.set_timezone(interaction.user.id, zone, self.bot.clock())
        await answer(interaction, timezone_set(chosen))

    async def remind_about(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        guild_id, channel_id = where(interaction)
        await acknowledge(interaction)
        reminder = await self.reminders.remind_about(
            guild_id, channel_id, interaction.user.id, message.jump_url, self.bot.clock()
        )
        await answer(interaction, embed=reminder_set(reminder, cannot_post_here(interaction)))


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Reminders(bot))
