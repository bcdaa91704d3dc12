"""`/help [command]`: what Nexus does and every command, read from the live command tree."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from cogs.ui.help.catalogue import catalogue, matching, visible_to
from cogs.ui.help.pages import HelpPageButton, command_details, help_message
from cogs.ui.limits import CHOICE_NAME, CHOICES, clip
from cogs.ui.text import Line


class Help(commands.Cog):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(HelpPageButton)

    @app_commands.command(description="What Nexus does and how to use each command")
    @app_commands.describe(command="One command to explain, e.g. api claim")
    async def help(self, interaction: discord.Interaction, command: Line | None = None) -> None:
        if command:
            embed = command_details(catalogue(self.bot.tree), command)
            await interaction.response.send_message(embed=embed, ephemeral=True)
            return
        embed, view = help_message(self.bot.tree, 1, interaction.permissions)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @help.autocomplete("command")
    async def command_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(
                name=clip(f"{c.invocation} · {c.summary}".rstrip(" ·"), CHOICE_NAME),
                value=c.name,
            )
            # What the member may run: `/help` lists only those, and suggests only those.
            for c in matching(
                visible_to(catalogue(self.bot.tree), interaction.permissions), current, CHOICES
            )
        ]


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Help(bot))
