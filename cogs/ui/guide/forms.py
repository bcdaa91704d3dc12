"""The guide's forms: a suggestion from a message, a mentor's edit, a rejection's reason."""

from __future__ import annotations

from typing import Any

import discord

from bot.services.guide.model import (
    NOTE_TEXT_MAX,
    NOTE_TITLE_MAX,
    REASON_MAX,
    GuideNoteInfo,
    SourceMessage,
)
from bot.tree import answer_error
from cogs.ui.acknowledge import acknowledge, answer
from cogs.ui.checks import count_write, nexus
from cogs.ui.guide.access import require_mentor, tell_author
from cogs.ui.guide.cards import queue_card


def cut_at_word(text: str, limit: int) -> str:
    """`text` within `limit` characters, cut at the last space before it (prefill)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def source_of(message: discord.Message) -> SourceMessage:
    channel = message.channel
    parent = channel.parent_id if isinstance(channel, discord.Thread) else None
    return SourceMessage(channel.id, message.id, parent or channel.id)


class GuideModal(discord.ui.Modal):
    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await answer_error(interaction, error)


class SuggestModal(GuideModal, title="Suggest for the guide"):
    topic: discord.ui.TextInput[SuggestModal] = discord.ui.TextInput(
        custom_id="topic", label="Topic (name, slug or alias)", max_length=100
    )
    note_title: discord.ui.TextInput[SuggestModal] = discord.ui.TextInput(
        custom_id="title", label="Title", max_length=NOTE_TITLE_MAX
    )
    note: discord.ui.TextInput[SuggestModal] = discord.ui.TextInput(
        custom_id="note",
        label="The note",
        style=discord.TextStyle.paragraph,
        max_length=NOTE_TEXT_MAX,
    )

    def __init__(self, message: discord.Message) -> None:
        super().__init__()
        self.source = source_of(message)
        self.note.default = cut_at_word(message.content, NOTE_TEXT_MAX) or None

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        count_write(interaction)
        await acknowledge(interaction)
        note = await nexus(interaction).services.guide.suggest(
            interaction.guild_id,
            interaction.user.id,
            topic=self.topic.value,
            title=self.note_title.value,
            text=self.note.value,
            channel_id=interaction.channel_id,
            source=self.source,
        )
        await answer(interaction, suggested(note))


def suggested(note: GuideNoteInfo) -> str:
    return (
        f"Thanks! Suggestion #{note.id}, **{note.title}**, waits for a mentor "
        f"(`/guide queue`). You'll be told here once they decide."
    )


class EditModal(GuideModal, title="Edit, then approve"):
    note_title: discord.ui.TextInput[EditModal] = discord.ui.TextInput(
        custom_id="title", label="Title", max_length=NOTE_TITLE_MAX
    )
    note: discord.ui.TextInput[EditModal] = discord.ui.TextInput(
        custom_id="note",
        label="The note",
        style=discord.TextStyle.paragraph,
        max_length=NOTE_TEXT_MAX,
    )

    def __init__(self, note: GuideNoteInfo) -> None:
        super().__init__()
        self.note_id = note.id
        self.note_title.default = note.title
        self.note.default = note.text

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        await acknowledge(interaction)
        decided = await nexus(interaction).services.guide.edit(
            interaction.guild_id,
            self.note_id,
            interaction.user.id,
            title=self.note_title.value,
            text=self.note.value,
            approve=True,
        )
        await answer(interaction, f"Edited and approved #{decided.id}.", embed=queue_card(decided))
        await tell_author(interaction, decided)


class RejectModal(GuideModal, title="Reject a suggestion"):
    reason: discord.ui.TextInput[RejectModal] = discord.ui.TextInput(
        custom_id="reason",
        label="Why (the author is told)",
        style=discord.TextStyle.paragraph,
        max_length=REASON_MAX,
    )

    def __init__(self, note_id: int) -> None:
        super().__init__()
        self.note_id = note_id

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        await require_mentor(interaction)
        await acknowledge(interaction)
        decided = await nexus(interaction).services.guide.reject(
            interaction.guild_id, self.note_id, interaction.user.id, self.reason.value
        )
        await answer(interaction, f"Rejected #{decided.id}.", embed=queue_card(decided))
        await tell_author(interaction, decided)
