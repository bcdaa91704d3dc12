"""Guide notes written straight into the database, as the guide's service leaves them (with
the published version bumped in the same transaction), for the read side's tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from bot.db.engine import Database
from bot.db.models import GuideNote
from bot.services.publishing.versions import bump_published
from tests.qa_builders import CHANNEL, GUILD

AUTHOR = 501
MENTOR = 502
MESSAGE = 9001


@dataclass(frozen=True)
class Source:
    channel_id: int = CHANNEL
    message_id: int = MESSAGE
    # The channel whose @everyone permission decides: a thread's parent, else the channel.
    visibility_channel_id: int = CHANNEL


async def add_note(
    db: Database,
    now: datetime,
    *,
    topic: str = "caching",
    title: str = "Cache a view for a minute",
    text: str = "Wrap the view in `cache_page(60)`; Redis keeps the copy.",
    guild: int = GUILD,
    author: int = AUTHOR,
    source: Source | None = None,
    status: str = "approved",
    helpful: int = 0,
) -> int:
    async with db.sessions.begin() as session:
        note = GuideNote(
            guild_id=guild,
            topic_slug=topic,
            title=title,
            text=text,
            author_id=author,
            suggested_in_channel_id=CHANNEL,
            source_channel_id=source.channel_id if source else None,
            source_message_id=source.message_id if source else None,
            source_visibility_channel_id=source.visibility_channel_id if source else None,
            status=status,
            created_at=now,
            decided_by=None if status == "pending" else MENTOR,
            decided_at=None if status == "pending" else now,
            helpful_count=helpful,
        )
        session.add(note)
        await session.flush()
        await bump_published(session, guild)
        return note.id


async def delete_notes_of(db: Database, author: int, guild: int = GUILD) -> None:
    """What `/qa forget-me` does to the member's notes: the rows go."""
    async with db.sessions.begin() as session:
        await session.execute(delete(GuideNote).where(GuideNote.author_id == author))
        await bump_published(session, guild)
