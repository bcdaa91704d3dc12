"""`/topic`, `/topics` and `/search`: answers from the knowledge base in `content/`."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.knowledge.model import Category
from bot.services.guide.published import NoteHit
from bot.services.qa.search import ThreadHit
from bot.services.topics.lookup import NoMatch
from cogs.ui.qa.threads import visible_channel_ids
from cogs.ui.text import Line
from cogs.ui.topics.lists import TopicListPageButton, search_embed, topic_list_message
from cogs.ui.topics.notes import add_community_notes
from cogs.ui.topics.pages import PERSISTENT_BUTTONS, post_topic, suggestions_message, topic_choices

CATEGORY_CHOICES = [app_commands.Choice(name=c.label, value=c.value) for c in Category]


class Topics(commands.Cog):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.service = bot.services.topics

    async def cog_load(self) -> None:
        self.bot.add_dynamic_items(*PERSISTENT_BUTTONS, TopicListPageButton)

    @app_commands.command(description="Show a topic from the Nexus knowledge base")
    @app_commands.describe(name="Topic name, e.g. caching or n+1")
    async def topic(self, interaction: discord.Interaction, name: Line) -> None:
        found = self.service.lookup(name)
        if isinstance(found, NoMatch):
            content, view = suggestions_message(found.name, found.suggestions)
            await interaction.response.send_message(content, view=view, ephemeral=True)
            return
        await post_topic(interaction, found)

    @topic.autocomplete("name")
    async def topic_name_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.service, current)

    @app_commands.command(description="Browse every topic, grouped by category")
    @app_commands.describe(category="Only this category")
    @app_commands.choices(category=CATEGORY_CHOICES)
    async def topics(
        self, interaction: discord.Interaction, category: app_commands.Choice[str] | None = None
    ) -> None:
        chosen = Category(category.value) if category else None
        embed, view = topic_list_message(self.service.by_category(chosen), chosen, 1)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(description="Search the knowledge base")
    @app_commands.describe(query="Words to look for, e.g. redis ttl")
    async def search(self, interaction: discord.Interaction, query: Line) -> None:
        # The database looks for Q&A threads and community notes while the knowledge base
        # is searched here.
        threads = asyncio.create_task(self._related_threads(interaction, query))
        notes = asyncio.create_task(self._community_notes(interaction, query))
        try:
            results = self.service.search(query)
        except BaseException:
            threads.cancel()
            notes.cancel()
            raise
        embed = search_embed(query, results, await threads)
        found = await notes
        titles = {hit.note.topic_slug: self.service.title_of(hit.note.topic_slug) for hit in found}
        add_community_notes(embed, found, titles)
        await interaction.response.send_message(embed=embed, ephemeral=True)

    async def _community_notes(self, interaction: discord.Interaction, query: str) -> list[NoteHit]:
        if interaction.guild_id is None:
            return []
        return await self.bot.services.published_notes.search(query, guild_id=interaction.guild_id)

    async def _related_threads(
        self, interaction: discord.Interaction, query: str
    ) -> tuple[ThreadHit, ...]:
        if not isinstance(interaction.user, discord.Member):
            return ()
        return await self.bot.services.qa_search.related_threads(
            interaction.user.guild.id, query, channel_ids=visible_channel_ids(interaction.user)
        )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Topics(bot))
