"""The community guide: notes members suggest for a topic, mentors' decisions on them, the
history of mentors' edits, and who found an approved note helpful."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, Base
from bot.db.types import UTCDateTime

NOTE_TITLE_MAX = 100
NOTE_TEXT_MAX = 1500
REASON_MAX = 500
TOPIC_SLUG_MAX = 60
STATUSES = ("pending", "approved", "rejected")
PENDING_SQL = "status = 'pending'"


class GuideNote(Base):
    """One suggestion for the guide; once approved, a note shown with its topic."""

    __tablename__ = "guide_notes"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'approved', 'rejected')", name="status"),
        Index(None, "guild_id", "status", "created_at"),
        Index(None, "topic_slug", "status"),
        Index(None, "author_id"),
        # One pending suggestion per source message: a second is refused with a link.
        Index(
            "uq_guide_notes_pending_source",
            "guild_id",
            "source_message_id",
            unique=True,
            sqlite_where=text(f"{PENDING_SQL} AND source_message_id IS NOT NULL"),
            postgresql_where=text(f"{PENDING_SQL} AND source_message_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    # A topic's slug as it was when suggested: a reload may remove it ("topic gone").
    topic_slug: Mapped[str] = mapped_column(String(TOPIC_SLUG_MAX))
    title: Mapped[str] = mapped_column(String(NOTE_TITLE_MAX))
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    # Where the suggestion was made: the outcome is told there (else by DM).
    suggested_in_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    # The message it came from (message menu); None for `/guide suggest`.
    source_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    source_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The channel whose @everyone permission decides if the web may show the note: the
    # source's channel, or its parent when the source is in a thread.
    source_visibility_channel_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16), server_default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[int | None] = mapped_column(BigInteger, info=MEMBER_ID)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reject_reason: Mapped[str | None] = mapped_column(Text)
    helpful_count: Mapped[int] = mapped_column(Integer, server_default="0")
    # Set once the author has been told the outcome: they are told once.
    outcome_told_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class GuideNoteRevision(Base):
    """A note's text before a mentor's edit (and who edited, when): its history."""

    __tablename__ = "guide_note_revisions"
    __table_args__ = (Index(None, "note_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    note_id: Mapped[int] = mapped_column(ForeignKey("guide_notes.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(NOTE_TITLE_MAX))
    text: Mapped[str] = mapped_column(Text)
    topic_slug: Mapped[str] = mapped_column(String(TOPIC_SLUG_MAX))
    edited_by: Mapped[int] = mapped_column(BigInteger, info=MEMBER_ID)
    edited_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GuideHelpful(Base):
    """A member who pressed Helpful on a note: counted once per member."""

    __tablename__ = "guide_helpful"

    note_id: Mapped[int] = mapped_column(
        ForeignKey("guide_notes.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        BigInteger, primary_key=True, autoincrement=False, info=MEMBER_ID
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
