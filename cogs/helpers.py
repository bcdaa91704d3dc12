"""`/helpers join|leave|list`: members who want to be pinged for unanswered questions."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from cogs.topics import CATEGORY_CHOICES
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.nudges.cards import joined, left, roster_embed
from cogs.ui.nudges.members import DiscordMembership


@app_commands.guild_only()
class Helpers(commands.GroupCog, group_name="helpers", group_description="Helpers for questions"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.roster = bot.services.helpers

    async def cog_load(self) -> None:
        # Helper nudges ping only members Discord confirms are still in the server.
        self.bot.services.nudges.members = DiscordMembership(self.bot)

    @app_commands.command(description="Get pinged when a question of a category goes unanswered")
    @app_commands.describe(category="The category you can help with, as in /topics")
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.check(writes)
    async def join(
        self, interaction: discord.Interaction, category: app_commands.Choice[str]
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction)
        chosen = await self.roster.join(
            interaction.guild_id, interaction.user.id, category.value, self.bot.clock()
        )
        await answer(interaction, joined(chosen))

    @app_commands.command(description="Stop helper pings for one category, or all")
    @app_commands.describe(category="Only this category (default: all)")
    @app_commands.choices(category=CATEGORY_CHOICES)
    @app_commands.check(writes)
    async def leave(
        self, interaction: discord.Interaction, category: app_commands.Choice[str] | None = None
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction)
        gone = await self.roster.leave(
            interaction.guild_id, interaction.user.id, category.value if category else None
        )
        await answer(interaction, left(gone))

    @app_commands.command(name="list", description="Helpers per category, and yours")
    async def list_(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        roster = await self.roster.roster(interaction.guild_id, interaction.user.id)
        await interaction.response.send_message(embed=roster_embed(roster), ephemeral=True)


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Helpers(bot))
