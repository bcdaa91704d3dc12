"""The guide's persistent buttons: their state is in the custom id, so they outlive restarts."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.services.guide.model import NotePage
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import count_write, nexus
from cogs.ui.components import PersistentButton
from cogs.ui.guide.access import require_mentor, tell_author
from cogs.ui.guide.cards import empty_queue, notes_embed, queue_card
from cogs.ui.guide.forms import EditModal, RejectModal
from cogs.ui.limits import clip

NOTE = r"(?P<note>\d{1,12})"
SLUG = r"(?P<slug>[a-z0-9-]{1,60}|-)"


def queue_message(page: NotePage) -> tuple[discord.Embed, discord.ui.View]:
    """One pending suggestion with the mentors' buttons, and paging through the queue."""
    view = discord.ui.View(timeout=None)
    if not page.notes:
        return empty_queue(), view
    note = page.notes[0]
    view.add_item(ApproveButton(note.id))
    view.add_item(EditButton(note.id))
    view.add_item(RejectButton(note.id))
    if page.pages > 1:
        view.add_item(QueuePageButton(page.page - 1, "◀ Older", page.page == 1))
        view.add_item(QueuePageButton(page.page + 1, "Newer ▶", page.page == page.pages))
    return queue_card(note, page), view


def notes_message(
    page: NotePage, topic_slug: str | None, topic_title: str | None
) -> tuple[discord.Embed, discord.ui.View]:
    view = discord.ui.View(timeout=None)
    if page.pages > 1:
        view.add_item(NotesPageButton(topic_slug, page.page - 1, "◀ Previous", page.page == 1))
        view.add_item(NotesPageButton(topic_slug, page.page + 1, "Next ▶", page.page == page.pages))
    return notes_embed(page, topic_title), view


class ApproveButton(PersistentButton, template=rf"nexus:guide:approve:{NOTE}"):
    def __init__(self, note_id: int) -> None:
        super().__init__(
            f"nexus:guide:approve:{note_id}", "Approve", style=discord.ButtonStyle.success
        )
        self.note_id = note_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["note"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        count_write(interaction)
        await acknowledge(interaction)
        guide = nexus(interaction).services.guide
        decided = await guide.approve(interaction.guild_id, self.note_id, interaction.user.id)
        await answer(interaction, f"Approved #{decided.id}.", embed=queue_card(decided))
        await tell_author(interaction, decided)


class EditButton(PersistentButton, template=rf"nexus:guide:edit:{NOTE}"):
    def __init__(self, note_id: int) -> None:
        super().__init__(f"nexus:guide:edit:{note_id}", "Edit", style=discord.ButtonStyle.primary)
        self.note_id = note_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["note"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        note = await nexus(interaction).services.guide.note(interaction.guild_id, self.note_id)
        await interaction.response.send_modal(EditModal(note))


class RejectButton(PersistentButton, template=rf"nexus:guide:reject:{NOTE}"):
    def __init__(self, note_id: int) -> None:
        super().__init__(
            f"nexus:guide:reject:{note_id}", "Reject", style=discord.ButtonStyle.danger
        )
        self.note_id = note_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["note"]))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await require_mentor(interaction)
        await interaction.response.send_modal(RejectModal(self.note_id))


class QueuePageButton(PersistentButton, template=r"nexus:guide:queue:(?P<page>\d{1,4})"):
    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:guide:queue:{page}", label, disabled=disabled, row=1)
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        page = await nexus(interaction).services.guide.pending(interaction.guild_id, self.page)
        embed, view = queue_message(page)
        await interaction.response.edit_message(embed=embed, view=view)


class NotesPageButton(PersistentButton, template=rf"nexus:guide:notes:{SLUG}:(?P<page>\d{{1,4}})"):
    def __init__(self, slug: str | None, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:guide:notes:{slug or '-'}:{page}", label, disabled=disabled)
        self.slug = slug
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(None if match["slug"] == "-" else match["slug"], int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        services = nexus(interaction).services
        page = await services.guide.approved(interaction.guild_id, self.slug, self.page)
        title = services.topics.title_of(self.slug) if self.slug else None
        embed, view = notes_message(page, self.slug, title)
        await interaction.response.edit_message(embed=embed, view=view)


class HelpfulButton(PersistentButton, template=rf"nexus:guide:helpful:{NOTE}"):
    """Under a topic's community notes: each member counts once."""

    def __init__(self, note_id: int, title: str) -> None:
        super().__init__(f"nexus:guide:helpful:{note_id}", clip(f"👍 Helpful: {title}", 80))
        self.note_id = note_id

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["note"]), label.removeprefix("👍 Helpful: "))

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        count_write(interaction)
        await acknowledge(interaction)
        outcome = await nexus(interaction).services.guide.helpful(
            interaction.guild_id, self.note_id, interaction.user.id
        )
        if outcome.counted:
            await answer(interaction, f"Thanks! {outcome.count} member(s) found this note helpful.")
        else:
            await answer(
                interaction,
                f"You already said this note helped ({outcome.count} member(s) so far).",
            )


GUIDE_BUTTONS: tuple[type[PersistentButton], ...] = (
    ApproveButton,
    EditButton,
    RejectButton,
    QueuePageButton,
    NotesPageButton,
    HelpfulButton,
)
