"""Q&A buttons. Their state lives in the custom id, so they keep working after a restart."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.errors import Forbidden
from bot.services.qa.search import SearchPage, ThreadHit
from cogs.ui.checks import count_write, nexus
from cogs.ui.components import PersistentButton
from cogs.ui.qa.cards import search_results_embed, similar_questions_embed
from cogs.ui.qa.forgetting import forgotten
from cogs.ui.qa.posting import destination_for, publish_question
from cogs.ui.qa.threads import visible_channel_ids


def button_row(*buttons: PersistentButton) -> discord.ui.View:
    """A view of persistent buttons that discord.py need not keep.

    A click is routed by the button's custom id, not by the view object; a kept view of an
    ephemeral message would only hold a 15-minute timeout task per message for nothing.
    """
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(button)
    view.stop()
    return view


def member_of(interaction: discord.Interaction[Any]) -> discord.Member:
    """The member behind an interaction in a guild (Q&A never runs in DMs)."""
    if not isinstance(interaction.user, discord.Member):
        raise Forbidden("Q&A works inside a server.")
    return interaction.user


class PostAnywayButton(PersistentButton, template=r"nexus:qa:post:(?P<draft>\d{1,18})"):
    """Posts a question held back by similar solved ones."""

    def __init__(self, draft_id: int, label: str = "Post my question anyway") -> None:
        super().__init__(f"nexus:qa:post:{draft_id}", label, style=discord.ButtonStyle.primary)
        self.draft_id = draft_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["draft"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        bot, asker = nexus(interaction), member_of(interaction)
        count_write(interaction)
        # Acknowledged before the draft is claimed: a late answer would lose the click.
        await interaction.response.defer()
        draft = await bot.services.qa.claim_draft(self.draft_id, asker.id)
        try:
            config = await bot.services.guild_settings.get(asker.guild.id)
            destination = destination_for(
                asker.guild, config, asker.guild.get_channel(draft.channel_id)
            )
            thread = await publish_question(bot, destination, draft.question_draft, asker)
        except BaseException:
            await bot.services.qa.restore_draft(draft)
            raise
        await interaction.edit_original_response(
            content=f"Your question is posted: {thread.jump_url}", embed=None, view=None
        )


def similar_questions_message(
    hits: tuple[ThreadHit, ...], draft_id: int
) -> tuple[discord.Embed, discord.ui.View]:
    return similar_questions_embed(hits), button_row(PostAnywayButton(draft_id))


# The query rides in the custom id (at most 100 characters), hence the short prefix.
class SearchPageButton(
    PersistentButton,
    template=r"nexus:qas:(?P<page>\d{1,3}):(?P<solved>[01]):(?P<query>.{1,80})",
):
    def __init__(
        self, query: str, solved_only: bool, page: int, label: str, disabled: bool
    ) -> None:
        super().__init__(f"nexus:qas:{page}:{int(solved_only)}:{query}", label, disabled=disabled)
        self.query, self.solved_only, self.page = query, solved_only, page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["query"], match["solved"] == "1", int(match["page"]), label, False)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        member = member_of(interaction)
        page = await nexus(interaction).services.qa_search.search(
            member.guild.id,
            self.query,
            solved_only=self.solved_only,
            page=self.page,
            channel_ids=visible_channel_ids(member),
        )
        embed, view = search_results_message(page)
        await interaction.response.edit_message(embed=embed, view=view)


def search_results_message(page: SearchPage) -> tuple[discord.Embed, discord.ui.View]:
    if not (page.page > 1 or page.has_next):
        return search_results_embed(page), button_row()
    query, solved = page.query, page.solved_only
    return search_results_embed(page), button_row(
        SearchPageButton(query, solved, page.page - 1, "◀ Previous", page.page == 1),
        SearchPageButton(query, solved, page.page + 1, "Next ▶", not page.has_next),
    )


class ForgetMeButton(PersistentButton, template=r"nexus:qa:forget:(?P<user>\d{1,20})"):
    """Confirms `/qa forget-me`: only the member who asked can press it."""

    def __init__(self, user_id: int) -> None:
        super().__init__(
            f"nexus:qa:forget:{user_id}", "Delete my data", style=discord.ButtonStyle.danger
        )
        self.user_id = user_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["user"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        if interaction.user.id != self.user_id:
            raise Forbidden("Only the member who asked to be forgotten can confirm it.")
        count_write(interaction)
        await interaction.response.defer()  # before the deletes, inside the 3-second deadline
        done = await nexus(interaction).services.forgetting.forget(self.user_id)
        await interaction.edit_original_response(content=forgotten(done), view=None)


QA_BUTTONS: tuple[type[PersistentButton], ...] = (
    PostAnywayButton,
    SearchPageButton,
    ForgetMeButton,
)
