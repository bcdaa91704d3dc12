"""Reading guide notes: one shape of query, joined with the author's public name."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import Select, and_, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuideNote, MemberPrivacy
from bot.services.guide.model import GuideNoteInfo, NotePage, NoteStatus

# A topic's title now, or None when the topic is gone.
TitleOf = Callable[[str], str | None]


def notes_query() -> Select[Any]:
    query: Any = select(GuideNote, MemberPrivacy.display_name).outerjoin(
        MemberPrivacy,
        and_(
            MemberPrivacy.guild_id == GuideNote.guild_id,
            MemberPrivacy.user_id == GuideNote.author_id,
        ),
    )
    return cast(Select[Any], query)


def info(row: GuideNote, public_name: str | None, title_of: TitleOf) -> GuideNoteInfo:
    return GuideNoteInfo(
        id=row.id,
        guild_id=row.guild_id,
        topic_slug=row.topic_slug,
        topic_title=title_of(row.topic_slug),
        title=row.title,
        text=row.text,
        author_id=row.author_id,
        author_public_name=public_name,
        suggested_in_channel_id=row.suggested_in_channel_id,
        source_channel_id=row.source_channel_id,
        source_message_id=row.source_message_id,
        status=NoteStatus(row.status),
        created_at=row.created_at,
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reject_reason=row.reject_reason,
        helpful_count=row.helpful_count,
        outcome_told_at=row.outcome_told_at,
    )


async def one(
    session: AsyncSession, guild_id: int, note_id: int, title_of: TitleOf
) -> GuideNoteInfo | None:
    query = notes_query().where(GuideNote.id == note_id, GuideNote.guild_id == guild_id)
    found = (await session.execute(query)).first()
    return None if found is None else info(found[0], found[1], title_of)


async def page_of(
    session: AsyncSession,
    query: Select[Any],
    count: Select[Any],
    page: int,
    per_page: int,
    title_of: TitleOf,
) -> NotePage:
    total = int(await session.scalar(count) or 0)
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = await session.execute(query.limit(per_page).offset((page - 1) * per_page))
    notes = tuple(info(row, name, title_of) for row, name in rows.all())
    return NotePage(notes, page, pages, total)


def pending_of(guild_id: int) -> tuple[Select[Any], Select[Any]]:
    where = (GuideNote.guild_id == guild_id, GuideNote.status == NoteStatus.PENDING.value)
    query = notes_query().where(*where).order_by(GuideNote.created_at, GuideNote.id)
    return query, select(func.count()).select_from(GuideNote).where(*where)


def approved_of(guild_id: int, topic_slug: str | None) -> tuple[Select[Any], Select[Any]]:
    where = [GuideNote.guild_id == guild_id, GuideNote.status == NoteStatus.APPROVED.value]
    if topic_slug is not None:
        where.append(GuideNote.topic_slug == topic_slug)
    # Most helpful first; among equals the longest-standing approval.
    query = (
        notes_query()
        .where(*where)
        .order_by(GuideNote.helpful_count.desc(), GuideNote.decided_at, GuideNote.id)
    )
    return query, select(func.count()).select_from(GuideNote).where(*where)


async def pending_from_source(
    session: AsyncSession, guild_id: int, source_message_id: int, title_of: TitleOf
) -> GuideNoteInfo | None:
    query = notes_query().where(
        GuideNote.guild_id == guild_id,
        GuideNote.source_message_id == source_message_id,
        GuideNote.status == NoteStatus.PENDING.value,
    )
    found = (await session.execute(query)).first()
    return None if found is None else info(found[0], found[1], title_of)
