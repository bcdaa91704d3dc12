"""Q&A: `/ask`, the `Mark as answer` message menu, and `/qa close|search|stats|forget-me`.

Storing the messages of Q&A threads as they happen is `cogs/qa_events.py`.
"""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.errors import Conflict, NotFound
from bot.services.qa.questions import NOT_A_QA_THREAD, question_draft, resolve_topic
from bot.services.qa.text import close_reason
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import writes
from cogs.ui.qa.buttons import (
    QA_BUTTONS,
    ForgetMeButton,
    button_row,
    member_of,
    search_results_message,
    similar_questions_message,
)
from cogs.ui.qa.cards import answered_notice, closed_notice, similar_questions_embed, stats_embed
from cogs.ui.qa.forgetting import NOTHING_STORED, forget_prompt
from cogs.ui.qa.posting import DiscordRefused, destination_for, publish_question
from cogs.ui.qa.threads import (
    NOT_LOCKED,
    archive,
    incoming,
    is_mentor,
    show_solved,
    visible_channel_ids,
)
from cogs.ui.text import Block, Line
from cogs.ui.topics.pages import topic_choices
from cogs.ui.web.links import add_web_link, question_page_url, web_url

PRIVACY_CHOICES = [app_commands.Choice(name=v, value=v) for v in ("public", "private")]


def current_thread(interaction: discord.Interaction) -> discord.Thread:
    if not isinstance(interaction.channel, discord.Thread):
        raise NotFound(NOT_A_QA_THREAD)
    return interaction.channel


class Ask(commands.Cog):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self.mark_menu = app_commands.ContextMenu(
            name="Mark as answer", callback=self.mark_as_answer
        )
        self.mark_menu.guild_only = True
        self.mark_menu.add_check(writes)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.mark_menu)
        self.bot.add_dynamic_items(*QA_BUTTONS)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.mark_menu.name, type=self.mark_menu.type)

    @app_commands.command(description="Ask a question: it gets its own thread")
    @app_commands.guild_only()
    @app_commands.describe(
        title="Your question in one line (at most 90 characters)",
        question="The details: what you tried, what happened (at most 1800 characters)",
        topic="What it is about, e.g. caching",
    )
    @app_commands.check(writes)
    async def ask(
        self,
        interaction: discord.Interaction,
        title: Line,
        question: Block,
        topic: Line | None = None,
    ) -> None:
        await acknowledge(interaction)
        asker = member_of(interaction)
        draft = question_draft(title, question, resolve_topic(self.services.topics, topic))
        earlier = await self.services.qa.repeated_question(asker.guild.id, asker.id, draft)
        if earlier is not None and (posted := asker.guild.get_thread(earlier.thread_id)):
            await answer(interaction, f"You asked this a moment ago: {posted.jump_url}")
            return
        config = await self.services.guild_settings.get(asker.guild.id)
        destination = destination_for(asker.guild, config, interaction.channel)
        similar = await self.services.qa_search.similar_solved(
            asker.guild.id, draft.title, draft.question, channel_ids=visible_channel_ids(asker)
        )
        # Only a close match holds the question back; weak ones are shown beside it.
        if any(not hit.weak for hit in similar):
            held = await self.services.qa.save_draft(
                asker.guild.id, interaction.channel_id or 0, asker.id, draft
            )
            embed, view = similar_questions_message(similar, held.draft_id)
            await answer(interaction, embed=embed, view=view)
            return
        thread = await publish_question(self.bot, destination, draft, asker)
        weak = similar_questions_embed(similar) if similar else None
        await answer(interaction, f"Your question is posted: {thread.jump_url}", embed=weak)

    @ask.autocomplete("topic")
    async def topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.services.topics, current)

    async def mark_as_answer(
        self, interaction: discord.Interaction, message: discord.Message
    ) -> None:
        member, thread = member_of(interaction), current_thread(interaction)
        config = await self.services.guild_settings.get(member.guild.id)
        mentor = is_mentor(member, config, thread)
        answer_message = incoming(message)
        try:
            # Reads only: a refusal stays the member's private answer.
            await self.services.qa.answerable(
                thread.id,
                answer_message,
                author_is_bot=message.author.bot,
                by_user_id=member.id,
                by_mentor=mentor,
            )
        except Conflict:
            # Already recorded, perhaps by an attempt whose answer came too late: finish
            # what it may have left undone on Discord, then say so.
            await acknowledge(interaction)
            await show_solved(self.bot, thread)
            raise
        await acknowledge(interaction, ephemeral=False)  # before the write: 3-second deadline
        marked = await self.services.qa.mark_answer(
            thread.id,
            answer_message,
            author_is_bot=message.author.bot,
            by_user_id=member.id,
            by_mentor=mentor,
        )
        view: discord.ui.View | None = None
        base = web_url(interaction)
        if base is not None and await self.services.published.is_published(
            member.guild.id, thread.id
        ):
            url = question_page_url(base, member.guild.id, thread.id)
            view = add_web_link(discord.ui.View(timeout=None), url)
        await answer(interaction, answered_notice(marked, message), view=view)
        problem = await show_solved(self.bot, thread)
        if problem:
            await interaction.followup.send(problem, ephemeral=True)


@app_commands.guild_only()
class QA(commands.GroupCog, group_name="qa", group_description="Q&A threads"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.services = bot.services

    @app_commands.command(description="Close this Q&A thread: post why, then archive and lock it")
    @app_commands.describe(reason="Why it's closed, e.g. 'answered in the office hours'")
    @app_commands.check(writes)
    async def close(self, interaction: discord.Interaction, reason: Line | None = None) -> None:
        member, thread = member_of(interaction), current_thread(interaction)
        why = close_reason(reason)
        config = await self.services.guild_settings.get(member.guild.id)
        mentor = is_mentor(member, config, thread)
        try:
            await self.services.qa.closable(thread.id, by_user_id=member.id, by_mentor=mentor)
            finishing = False
        except Conflict:
            # Recorded as closed but still open on Discord (an earlier attempt was cut
            # short): finish that close rather than answer "already closed".
            if thread.archived:
                raise
            finishing = True
        await acknowledge(interaction, ephemeral=False)  # before the write: 3-second deadline
        if not finishing:
            await self.services.qa.close(thread.id, by_user_id=member.id, by_mentor=mentor)
        await answer(interaction, closed_notice(member, why))
        try:
            locked = await archive(thread)
        except discord.HTTPException as error:
            await self.services.qa.reopen(thread.id)
            await interaction.delete_original_response()
            raise DiscordRefused(
                "Discord wouldn't archive this thread, so it stays open. "
                f"(error {error.status}) Try again in a moment."
            ) from error
        if not locked:
            await interaction.followup.send(NOT_LOCKED, ephemeral=True)

    @app_commands.command(description="Search the Q&A archive: whole threads, replies included")
    @app_commands.describe(query="Words to look for, e.g. celery retry", solved_only="Only solved")
    async def search(
        self, interaction: discord.Interaction, query: Line, solved_only: bool = False
    ) -> None:
        member = member_of(interaction)
        search, visible = self.services.qa_search, visible_channel_ids(member)
        page = await search.search(
            member.guild.id, query, solved_only=solved_only, channel_ids=visible
        )
        if not page.hits:
            page = await search.closest(
                member.guild.id, query, solved_only=solved_only, channel_ids=visible
            )
        embed, view = search_results_message(page)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(description="Questions, answers and top helpers of the last 30 days")
    async def stats(self, interaction: discord.Interaction) -> None:
        stats = await self.services.qa_stats.stats(member_of(interaction).guild.id)
        await interaction.response.send_message(embed=stats_embed(stats), ephemeral=True)

    @app_commands.command(description="Whether the web hub shows your name or 'a learner'")
    @app_commands.describe(
        setting="public: your server display name; private (default): 'a learner'"
    )
    @app_commands.choices(setting=PRIVACY_CHOICES)
    @app_commands.check(writes)
    async def privacy(
        self, interaction: discord.Interaction, setting: app_commands.Choice[str]
    ) -> None:
        member = member_of(interaction)
        privacy = self.services.privacy
        await acknowledge(interaction)
        if setting.value == "public":
            await privacy.make_public(member.guild.id, member.id, member.display_name)
            name = discord.utils.escape_markdown(member.display_name)
            said = f"The web hub now names you **{name}**"
        else:
            await privacy.make_private(member.guild.id, member.id)
            said = "The web hub now shows you as “a learner”"
        await answer(
            interaction,
            f"{said} on this server's published questions. "
            "`/qa privacy private` or `/qa forget-me` undo it at any time.",
        )

    @app_commands.command(
        name="forget-me", description="Delete or anonymise everything Nexus stored from you"
    )
    async def forget_me(self, interaction: discord.Interaction) -> None:
        records = await self.services.forgetting.records_of(interaction.user.id)
        if records.nothing:
            await interaction.response.send_message(NOTHING_STORED, ephemeral=True)
            return
        view = button_row(ForgetMeButton(interaction.user.id))
        await interaction.response.send_message(forget_prompt(records), view=view, ephemeral=True)


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Ask(bot))
    await bot.add_cog(QA(bot))
