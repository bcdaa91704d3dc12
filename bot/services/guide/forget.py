"""The guide's records of a member who used `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, distinct, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuideHelpful, GuideNote, GuideNoteRevision
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID
from bot.services.publishing.versions import bump_published


async def forget_member(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """Delete the member's suggestions and notes (their history goes with them) and their
    Helpful marks, taking their mark out of each note's count; a mentor's decisions and
    edits on others' notes stay, with the placeholder for their id. Returns (notes, helpful).
    """
    marked = select(GuideHelpful.note_id).where(GuideHelpful.user_id == user_id)
    touched: set[int] = set(
        await session.scalars(
            select(distinct(GuideNote.guild_id)).where(
                (GuideNote.author_id == user_id)
                | (GuideNote.decided_by == user_id)
                | GuideNote.id.in_(marked)
                | GuideNote.id.in_(
                    select(GuideNoteRevision.note_id).where(GuideNoteRevision.edited_by == user_id)
                )
            )
        )
    )
    await session.execute(
        update(GuideNote)
        .where(GuideNote.id.in_(marked), GuideNote.helpful_count > 0)
        .values(helpful_count=GuideNote.helpful_count - 1)
    )
    mine = delete(GuideHelpful).where(GuideHelpful.user_id == user_id)
    helpful: Any = await session.execute(mine)
    own = select(GuideNote.id).where(GuideNote.author_id == user_id)
    # Revisions go with their note (the cascade is the database's; SQLite may not enforce it).
    await session.execute(delete(GuideNoteRevision).where(GuideNoteRevision.note_id.in_(own)))
    await session.execute(delete(GuideHelpful).where(GuideHelpful.note_id.in_(own)))
    notes: Any = await session.execute(delete(GuideNote).where(GuideNote.author_id == user_id))
    await session.execute(
        update(GuideNote)
        .where(GuideNote.decided_by == user_id)
        .values(decided_by=FORGOTTEN_MEMBER_ID)
    )
    await session.execute(
        update(GuideNoteRevision)
        .where(GuideNoteRevision.edited_by == user_id)
        .values(edited_by=FORGOTTEN_MEMBER_ID)
    )
    for guild_id in sorted(touched):
        await bump_published(session, guild_id)
    return int(notes.rowcount), int(helpful.rowcount)
