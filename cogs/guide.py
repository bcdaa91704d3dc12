"""`/guide suggest|queue|notes` and the message menu **Suggest for the guide**: members
suggest notes for a topic, mentors decide, everyone reads the approved ones."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.guide.access import require_mentor
from cogs.ui.guide.buttons import GUIDE_BUTTONS, notes_message, queue_message
from cogs.ui.guide.forms import SuggestModal, suggested
from cogs.ui.text import Block, Line
from cogs.ui.topics.pages import topic_choices


@app_commands.guild_only()
class Guide(commands.GroupCog, group_name="guide"):
    """The community guide: notes members suggest and mentors approve."""

    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.guide = bot.services.guide
        self.topics = bot.services.topics
        self.suggest_menu = app_commands.ContextMenu(
            name="Suggest for the guide", callback=self.suggest_from_message
        )
        self.suggest_menu.guild_only = True
        super().__init__()

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.suggest_menu)
        self.bot.add_dynamic_items(*GUIDE_BUTTONS)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.suggest_menu.name, type=self.suggest_menu.type)

    async def suggest_from_message(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        # The modal must be the first response; the write happens when it is submitted.
        await interaction.response.send_modal(SuggestModal(message))

    @app_commands.command(name="suggest", description="Suggest a note for a topic of the guide")
    @app_commands.describe(
        topic="The topic it belongs to (name, slug or alias)",
        title="A short title (at most 100 characters)",
        note="The note itself (at most 1500 characters)",
    )
    @app_commands.check(writes)
    async def suggest(
        self, interaction: discord.Interaction, topic: Line, title: Line, note: Block
    ) -> None:
        assert interaction.guild_id is not None
        await acknowledge(interaction)
        made = await self.guide.suggest(
            interaction.guild_id,
            interaction.user.id,
            topic=topic,
            title=title,
            text=note,
            channel_id=interaction.channel_id,
        )
        await answer(interaction, suggested(made))

    @suggest.autocomplete("topic")
    async def suggest_topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.topics, current)

    @app_commands.command(
        name="queue", description="Pending guide suggestions, oldest first (mentors)"
    )
    async def queue(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        embed, view = queue_message(await self.guide.pending(interaction.guild_id))
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(name="notes", description="The community's approved notes")
    @app_commands.describe(topic="Only this topic's notes")
    async def notes(self, interaction: discord.Interaction, topic: Line | None = None) -> None:
        assert interaction.guild_id is not None
        slug = self.guide.resolve_topic(topic) if topic is not None else None
        page = await self.guide.approved(interaction.guild_id, slug)
        title = self.topics.title_of(slug) if slug else None
        embed, view = notes_message(page, slug, title)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @notes.autocomplete("topic")
    async def notes_topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.topics, current)


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Guide(bot))
