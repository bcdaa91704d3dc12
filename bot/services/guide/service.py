"""The guide's rules: suggesting a note, the mentors' queue and decisions, Helpful, reading.

Every decision is one conditional UPDATE on a pending suggestion, so of two mentors pressing
at once (or one on a stale card) exactly one decides and the other is told who did. Each
write to `guide_notes` bumps the guild's published version in its own transaction: the web
hub keeps topic pages by that version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import GuideHelpful, GuideNote, GuideNoteRevision
from bot.db.models.guide import NOTE_TEXT_MAX, NOTE_TITLE_MAX, REASON_MAX
from bot.errors import Conflict, NotFound, ValidationError
from bot.services.guide import queries
from bot.services.guide.model import (
    GuideNoteInfo,
    HelpfulOutcome,
    NotePage,
    NoteStatus,
    SourceMessage,
)
from bot.services.publishing.versions import bump_published
from bot.services.text_rules import clean_text, tidy_block
from bot.services.topics.lookup import NoMatch, TopicService

QUEUE_PAGE = 1
NOTES_PAGE = 5
IN_TOPIC = 3
PENDING = NoteStatus.PENDING.value


def note_text(raw: str, *, what: str = "note", limit: int = NOTE_TEXT_MAX) -> str:
    """Several lines of text, tidied, or a `ValidationError` saying what is wrong."""
    text = tidy_block(raw)
    if not text:
        raise ValidationError(f"Please give a {what}: it can't be empty.")
    if len(text) > limit:
        raise ValidationError(f"That {what} is {len(text)} characters long; keep it under {limit}.")
    return text


class GuideService:
    def __init__(
        self, sessions: async_sessionmaker[AsyncSession], clock: Clock, topics: TopicService
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._topics = topics

    def _title_of(self, slug: str) -> str | None:
        topic = self._topics.get(slug)
        return None if topic is None else topic.title

    def resolve_topic(self, raw_name: str) -> str:
        """The slug of a topic named by name, slug or alias; else "did you mean"."""
        found = self._topics.lookup(raw_name)
        if not isinstance(found, NoMatch):
            return found.slug
        hint = ", ".join(f"`{t.title}`" for t in found.suggestions[:3])
        raise ValidationError(
            f"No topic named '{found.name[:100]}'."
            + (f" Did you mean {hint}?" if hint else " Browse them with `/topics`.")
        )

    async def suggest(
        self,
        guild_id: int,
        author_id: int,
        *,
        topic: str,
        title: str,
        text: str,
        channel_id: int | None,
        source: SourceMessage | None = None,
    ) -> GuideNoteInfo:
        slug = self.resolve_topic(topic)
        values: dict[str, Any] = dict(
            guild_id=guild_id,
            topic_slug=slug,
            title=clean_text(title, what="title", limit=NOTE_TITLE_MAX),
            text=note_text(text),
            author_id=author_id,
            suggested_in_channel_id=channel_id,
            status=PENDING,
            created_at=self._clock(),
            helpful_count=0,
        )
        if source is not None:
            values |= dict(
                source_channel_id=source.channel_id,
                source_message_id=source.message_id,
                source_visibility_channel_id=source.visibility_channel_id,
            )
        async with self._sessions() as session:
            try:
                async with session.begin():
                    note_id = await session.scalar(
                        insert(GuideNote).values(**values).returning(GuideNote.id)
                    )
                    await bump_published(session, guild_id)
            except IntegrityError:
                # The partial unique index decides: one pending suggestion per source message.
                if source is None:
                    raise
                first = await queries.pending_from_source(
                    session, guild_id, source.message_id, self._title_of
                )
                if first is None:
                    raise
                raise Conflict(
                    f"That message is already suggested for the guide and waiting for a "
                    f"mentor: suggestion #{first.id}, **{first.title}** ({first.source_url})."
                ) from None
            found = await queries.one(session, guild_id, int(note_id or 0), self._title_of)
        assert found is not None
        return found

    async def note(self, guild_id: int, note_id: int) -> GuideNoteInfo:
        async with self._sessions() as session:
            found = await queries.one(session, guild_id, note_id, self._title_of)
        if found is None:
            raise NotFound(f"There is no suggestion #{note_id} on this server.")
        return found

    async def pending(self, guild_id: int, page: int = 1, per_page: int = QUEUE_PAGE) -> NotePage:
        """The server's pending suggestions, oldest first."""
        query, count = queries.pending_of(guild_id)
        async with self._sessions() as session:
            return await queries.page_of(session, query, count, page, per_page, self._title_of)

    async def approved(
        self,
        guild_id: int,
        topic_slug: str | None = None,
        page: int = 1,
        per_page: int = NOTES_PAGE,
    ) -> NotePage:
        """The server's approved notes (of one topic, or all), most helpful first."""
        query, count = queries.approved_of(guild_id, topic_slug)
        async with self._sessions() as session:
            return await queries.page_of(session, query, count, page, per_page, self._title_of)

    async def for_topic(
        self, guild_id: int, topic_slug: str, limit: int = IN_TOPIC
    ) -> tuple[GuideNoteInfo, ...]:
        return (await self.approved(guild_id, topic_slug, 1, limit)).notes

    async def approve(self, guild_id: int, note_id: int, mentor_id: int) -> GuideNoteInfo:
        return await self._decide(
            guild_id, note_id, mentor_id, {"status": NoteStatus.APPROVED.value}
        )

    async def reject(
        self, guild_id: int, note_id: int, mentor_id: int, reason: str
    ) -> GuideNoteInfo:
        why = note_text(reason, what="reason", limit=REASON_MAX)
        values = {"status": NoteStatus.REJECTED.value, "reject_reason": why}
        return await self._decide(guild_id, note_id, mentor_id, values)

    async def edit(
        self,
        guild_id: int,
        note_id: int,
        mentor_id: int,
        *,
        title: str,
        text: str,
        approve: bool = False,
    ) -> GuideNoteInfo:
        """A mentor's edit of a pending or approved note, the previous text kept as a
        revision; with `approve`, a pending one is approved by the same UPDATE."""
        new_title = clean_text(title, what="title", limit=NOTE_TITLE_MAX)
        new_text = note_text(text)
        now = self._clock()
        async with self._sessions.begin() as session:
            before = await session.get(GuideNote, note_id)
            if before is None or before.guild_id != guild_id:
                raise NotFound(f"There is no suggestion #{note_id} on this server.")
            if before.status == NoteStatus.REJECTED.value or (approve and before.status != PENDING):
                raise self._already_decided(before)
            # Copied before the UPDATE, which refreshes `before` in the session.
            old_title, old_text, old_slug = before.title, before.text, before.topic_slug
            values: dict[str, Any] = {"title": new_title, "text": new_text}
            if approve:
                values |= dict(status=NoteStatus.APPROVED.value, decided_by=mentor_id)
                values["decided_at"] = now
            # Unchanged since it was read: an edit never overwrites another one unseen.
            changed = await session.scalar(
                update(GuideNote)
                .where(
                    GuideNote.id == note_id,
                    GuideNote.status == before.status,
                    GuideNote.title == old_title,
                    GuideNote.text == old_text,
                )
                .values(**values)
                .returning(GuideNote.id)
            )
            if changed is None:
                raise Conflict(
                    f"Suggestion #{note_id} changed while you were editing it; open it again."
                )
            session.add(
                GuideNoteRevision(
                    note_id=note_id,
                    title=old_title,
                    text=old_text,
                    topic_slug=old_slug,
                    edited_by=mentor_id,
                    edited_at=now,
                )
            )
            await bump_published(session, guild_id)
        return await self.note(guild_id, note_id)

    async def revisions(self, note_id: int) -> list[GuideNoteRevision]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(GuideNoteRevision)
                .where(GuideNoteRevision.note_id == note_id)
                .order_by(GuideNoteRevision.id)
            )
            return list(rows)

    async def _decide(
        self, guild_id: int, note_id: int, mentor_id: int, values: dict[str, Any]
    ) -> GuideNoteInfo:
        async with self._sessions.begin() as session:
            decided = await session.scalar(
                update(GuideNote)
                .where(
                    GuideNote.id == note_id,
                    GuideNote.guild_id == guild_id,
                    GuideNote.status == PENDING,
                )
                .values(**values, decided_by=mentor_id, decided_at=self._clock())
                .returning(GuideNote.id)
            )
            if decided is None:
                row = await session.get(GuideNote, note_id)
                if row is None or row.guild_id != guild_id:
                    raise NotFound(f"There is no suggestion #{note_id} on this server.")
                raise self._already_decided(row)
            await bump_published(session, guild_id)
        return await self.note(guild_id, note_id)

    @staticmethod
    def _already_decided(row: GuideNote) -> Conflict:
        who = f"<@{row.decided_by}>" if row.decided_by is not None else "a mentor"
        when = f" <t:{int(row.decided_at.timestamp())}:R>" if row.decided_at else ""
        return Conflict(f"Suggestion #{row.id} was already {row.status} by {who}{when}.")

    async def mark_told(self, note_id: int) -> bool:
        """Claim telling the author the outcome: True for exactly one caller, once."""
        async with self._sessions.begin() as session:
            claimed = await session.scalar(
                update(GuideNote)
                .where(
                    GuideNote.id == note_id,
                    GuideNote.status != PENDING,
                    GuideNote.outcome_told_at.is_(None),
                )
                .values(outcome_told_at=self._clock())
                .returning(GuideNote.guild_id)
            )
            if claimed is not None:
                await bump_published(session, int(claimed))
        return claimed is not None

    async def helpful(self, guild_id: int, note_id: int, user_id: int) -> HelpfulOutcome:
        """Count the member's Helpful once: the count moves only on a new row."""
        approved: ColumnElement[bool] = GuideNote.status == NoteStatus.APPROVED.value
        async with self._sessions.begin() as session:
            exists = await session.scalar(
                select(GuideNote.id).where(
                    GuideNote.id == note_id, GuideNote.guild_id == guild_id, approved
                )
            )
            if exists is None:
                raise NotFound("That note is no longer in the guide.")
            dialect = session.get_bind().dialect.name
            module = postgresql if dialect == "postgresql" else sqlite
            added = await session.scalar(
                module.insert(GuideHelpful)
                .values(note_id=note_id, user_id=user_id, created_at=self._clock())
                .on_conflict_do_nothing()
                .returning(GuideHelpful.note_id)
            )
            if added is None:
                count = await session.scalar(
                    select(GuideNote.helpful_count).where(GuideNote.id == note_id)
                )
                return HelpfulOutcome(False, int(count or 0))
            count = await session.scalar(
                update(GuideNote)
                .where(GuideNote.id == note_id)
                .values(helpful_count=GuideNote.helpful_count + 1)
                .returning(GuideNote.helpful_count)
            )
            await bump_published(session, guild_id)
        return HelpfulOutcome(True, int(count or 0))
