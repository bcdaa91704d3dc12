"""Q&A threads: each question's thread, every message stored in it, and unposted drafts.

Full-text indexes over these tables are made by migration 0003 and are not mapped here;
`bot/db/search_schema.py` names them so schema comparisons leave them out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models.base import MEMBER_ID, MEMBER_NAME, Base
from bot.db.types import UTCDateTime

TITLE_MAX = 100
NAME_MAX = 100
SLUG_MAX = 60
# Discord ids as keys. On SQLite an INTEGER PRIMARY KEY is the rowid itself: one B-tree
# instead of a table plus an index, and the full-text index points straight at the row.
SnowflakeKey = BigInteger().with_variant(Integer(), "sqlite")


class QAThread(Base):
    """A tracked Q&A thread; its row also holds the question (the thread's first message)."""

    __tablename__ = "qa_threads"
    __table_args__ = (Index(None, "guild_id", "created_at"),)

    # The thread's Discord id; a forum post's starter message shares it.
    thread_id: Mapped[int] = mapped_column(SnowflakeKey, primary_key=True, autoincrement=False)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    parent_channel_id: Mapped[int] = mapped_column(BigInteger, index=True)
    starter_message_id: Mapped[int] = mapped_column(BigInteger)
    asker_id: Mapped[int] = mapped_column(BigInteger, index=True, info=MEMBER_ID)
    asker_name: Mapped[str] = mapped_column(String(NAME_MAX), info=MEMBER_NAME)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    topic_slug: Mapped[str | None] = mapped_column(String(SLUG_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answer_message_id: Mapped[int | None] = mapped_column(BigInteger)
    answer_author_id: Mapped[int | None] = mapped_column(BigInteger, index=True, info=MEMBER_ID)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Long texts last: a search reads the small columns of many rows, and SQLite reads a
    # row's columns in order.
    question: Mapped[str] = mapped_column(Text)
    # The accepted answer's text, copied here so that a search can match a thread's
    # title, question and answer together (kept in step with the message's edits).
    answer_text: Mapped[str | None] = mapped_column(Text)


class QAMessage(Base):
    """One message of a tracked thread, as it reads now (edits overwrite, deletes remove)."""

    __tablename__ = "qa_messages"
    __table_args__ = (Index(None, "thread_id", "created_at"),)

    message_id: Mapped[int] = mapped_column(SnowflakeKey, primary_key=True, autoincrement=False)
    thread_id: Mapped[int] = mapped_column(
        BigInteger, ForeignKey("qa_threads.thread_id", ondelete="CASCADE")
    )
    author_id: Mapped[int] = mapped_column(BigInteger, index=True, info=MEMBER_ID)
    # The display name when the message was sent: names change, the archive should not.
    author_name: Mapped[str] = mapped_column(String(NAME_MAX), info=MEMBER_NAME)
    reply_to_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    content: Mapped[str] = mapped_column(Text)  # last, like the thread's long texts


class QADraft(Base):
    """A question held back while its asker looks at similar solved ones."""

    __tablename__ = "qa_drafts"

    draft_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    guild_id: Mapped[int] = mapped_column(BigInteger)
    channel_id: Mapped[int] = mapped_column(BigInteger)
    asker_id: Mapped[int] = mapped_column(BigInteger, index=True, info=MEMBER_ID)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    question: Mapped[str] = mapped_column(Text)
    topic_slug: Mapped[str | None] = mapped_column(String(SLUG_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class QACatchUp(Base):
    """How far Nexus has read a guild's Q&A threads: a snowflake (a moment), moved on when a
    catch-up after a READY has read every thread that changed before it."""

    __tablename__ = "qa_catch_up"

    guild_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    caught_up_to: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
