"""The guide's domain values: a note as the cogs show it, and a page of notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.db.models.guide import NOTE_TEXT_MAX, NOTE_TITLE_MAX, REASON_MAX

__all__ = ["NOTE_TEXT_MAX", "NOTE_TITLE_MAX", "REASON_MAX"]


class NoteStatus(StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True)
class SourceMessage:
    """The message a suggestion came from (the message menu)."""

    channel_id: int
    message_id: int
    # The channel whose visibility decides the web: the channel, or a thread's parent.
    visibility_channel_id: int


@dataclass(frozen=True)
class GuideNoteInfo:
    id: int
    guild_id: int
    topic_slug: str
    # The topic's title now, or None when a reload removed the topic ("topic gone").
    topic_title: str | None
    title: str
    text: str
    author_id: int
    # The author's name only if they chose `/qa privacy public` in this guild.
    author_public_name: str | None
    suggested_in_channel_id: int | None
    source_channel_id: int | None
    source_message_id: int | None
    status: NoteStatus
    created_at: datetime
    decided_by: int | None
    decided_at: datetime | None
    reject_reason: str | None
    helpful_count: int
    outcome_told_at: datetime | None

    @property
    def topic_gone(self) -> bool:
        return self.topic_title is None

    @property
    def source_url(self) -> str | None:
        if self.source_channel_id is None or self.source_message_id is None:
            return None
        return (
            f"https://discord.com/channels/{self.guild_id}/"
            f"{self.source_channel_id}/{self.source_message_id}"
        )

    @property
    def shown_author(self) -> str:
        return self.author_public_name or "a learner"


@dataclass(frozen=True)
class NotePage:
    notes: tuple[GuideNoteInfo, ...]
    page: int  # 1-based, clamped to the pages there are
    pages: int
    total: int


@dataclass(frozen=True)
class HelpfulOutcome:
    counted: bool  # False: this member had already said so
    count: int
