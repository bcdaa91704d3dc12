"""Study sessions: scheduling, editing, cancelling and listing their Discord events.

Discord is asked first and the row written only once it agreed, so a refused event leaves
nothing behind. Every change of state is one conditional UPDATE (only a `scheduled` session
can be cancelled, edited or ended), so a listener and a command racing each other agree.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import SessionInterest, SessionReminder, StudySession
from bot.errors import Conflict, NexusError, NotFound
from bot.services.guild_numbers import SESSION_SCOPE, take_number
from bot.services.guild_settings import GuildSettingsService
from bot.services.schedules.delivery import PostFailed
from bot.services.schedules.zones import zone_to_use
from bot.services.sessions.model import (
    EventRefused,
    Preparation,
    SessionDiscord,
    SessionPlan,
    SessionStatus,
    StudySessionInfo,
)
from bot.services.sessions.planning import replan
from bot.services.stored_ids import can_exist
from bot.services.topics.lookup import TopicService

log = logging.getLogger(__name__)
LIST_LIMIT = 100  # a guild holds at most 100 scheduled or active events
DESCRIPTION_MAX = 1000  # Discord's limit on an event's description
PREPARATION_TAKEAWAYS = 2


class DiscordRefused(NexusError):
    """Discord refused to act on the event; nothing was stored or changed. `reason` is
    Discord's side of it, safe to show."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class SessionService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        topics: TopicService,
        default_timezone: str = "UTC",
        guild_settings: GuildSettingsService | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self._topics = topics
        self.default_timezone = default_timezone
        self._guild_settings = guild_settings
        self.discord: SessionDiscord | None = None

    def _discord(self) -> SessionDiscord:
        if self.discord is None:
            raise DiscordRefused("I'm not connected to Discord right now; try again shortly.")
        return self.discord

    async def zone_for(self, guild_id: int, typed: str | None) -> str:
        """The zone a session's times are read in: typed, else the server's, else
        NEXUS_TIMEZONE."""
        return await zone_to_use(typed, guild_id, self._guild_settings, self.default_timezone)

    def preparation(self, slug: str | None) -> Preparation | None:
        """The topic's summary and its first two takeaways, for learners to read before."""
        topic = self._topics.get(slug) if slug else None
        if topic is None:
            return None
        takeaways = [t for t in self._topics.library.takeaways if t.topic == topic.slug]
        return Preparation(
            topic=topic.slug,
            title=topic.title,
            summary=topic.summary,
            takeaways=tuple((t.title, t.body) for t in takeaways[:PREPARATION_TAKEAWAYS]),
        )

    def _description(self, plan: SessionPlan) -> str:
        preparation = self.preparation(plan.topic)
        if preparation is None:
            return "A study session scheduled with Nexus."
        text = f"Topic: {preparation.title}. {preparation.summary}"
        return text if len(text) <= DESCRIPTION_MAX else text[: DESCRIPTION_MAX - 1] + "…"

    async def schedule(
        self, guild_id: int, user_id: int, post_channel_id: int, plan: SessionPlan
    ) -> StudySessionInfo:
        """Create the Discord event, store the session, then announce it."""
        if plan.topic is not None:
            plan = replace(plan, topic=self._topics.resolve_slug(plan.topic))
        return await self.create(guild_id, user_id, post_channel_id, plan)

    async def create(
        self, guild_id: int, user_id: int, post_channel_id: int, plan: SessionPlan
    ) -> StudySessionInfo:
        """Create the event for a checked plan, store the session, then announce it."""
        discord = self._discord()
        try:
            event_id = await discord.create_event(guild_id, plan, self._description(plan))
        except EventRefused as refused:
            raise DiscordRefused(
                f"Discord refused to create the event ({refused.reason}); nothing was saved.",
                refused.reason,
            ) from None
        try:
            info = await self._store(guild_id, user_id, post_channel_id, plan, event_id)
        except Exception:
            # The row could not be written: take the event back so Discord shows no orphan.
            try:
                await discord.cancel_event(guild_id, event_id)
            except EventRefused as refused:
                log.warning("orphan event %s left in Discord: %s", event_id, refused.reason)
            raise
        try:
            message_id = await discord.post_announcement(info, self.preparation(plan.topic))
        except PostFailed as failure:  # the event exists and Discord shows it anyway
            log.warning("session %s announcement failed: %s", info.id, failure.reason)
            return info
        await self.set(info.id, message_id=message_id)
        return replace(info, message_id=message_id)

    async def _store(
        self, guild_id: int, user_id: int, post_channel_id: int, plan: SessionPlan, event_id: int
    ) -> StudySessionInfo:
        async with self._sessions.begin() as session:
            row = StudySession(
                guild_id=guild_id,
                number=await take_number(session, guild_id, SESSION_SCOPE),
                event_id=event_id,
                title=plan.title,
                topic=plan.topic,
                voice_channel_id=plan.voice_channel_id,
                location=plan.location,
                post_channel_id=post_channel_id,
                starts_at=plan.starts_at,
                ends_at=plan.ends_at,
                timezone=plan.timezone,
                repeat_days=plan.repeat.days.text if plan.repeat else None,
                status=SessionStatus.SCHEDULED.value,
                created_by=user_id,
                created_at=self._clock(),
            )
            session.add(row)
            await session.flush()
            return StudySessionInfo.from_row(row)

    async def get(self, guild_id: int, number: int) -> StudySessionInfo:
        """A session by the number members see and type (`/session attendance id:2`)."""
        async with self._sessions() as session:
            row = None
            if can_exist(number):
                row = await session.scalar(
                    select(StudySession).where(
                        StudySession.guild_id == guild_id, StudySession.number == number
                    )
                )
            if row is None:
                raise NotFound(f"There is no session #{number} in this server.")
            return StudySessionInfo.from_row(row, await _interested(session, row.id))

    async def upcoming(self, guild_id: int) -> list[StudySessionInfo]:
        """Scheduled sessions, soonest first, with their Interested counts."""
        async with self._sessions() as session:
            counts = (
                select(SessionInterest.session_id, func.count().label("n"))
                .group_by(SessionInterest.session_id)
                .subquery()
            )
            rows = (
                await session.execute(
                    select(StudySession, func.coalesce(counts.c.n, 0))
                    .outerjoin(counts, counts.c.session_id == StudySession.id)
                    .where(
                        StudySession.guild_id == guild_id,
                        StudySession.status == SessionStatus.SCHEDULED.value,
                    )
                    .order_by(StudySession.starts_at)
                    .limit(LIST_LIMIT)
                )
            ).all()
        return [StudySessionInfo.from_row(row, int(count)) for row, count in rows]

    async def cancel(self, guild_id: int, number: int) -> StudySessionInfo:
        """Cancel the Discord event, then the session."""
        info = await self._scheduled(guild_id, number)
        try:
            await self._discord().cancel_event(guild_id, info.event_id)
        except EventRefused as refused:
            raise DiscordRefused(
                f"Discord refused to cancel the event ({refused.reason}); the session stays."
            ) from None
        await self.move(info.event_id, SessionStatus.CANCELLED)
        cancelled = replace(info, status=SessionStatus.CANCELLED)
        await self._refresh(cancelled)
        return cancelled

    async def edit(
        self, guild_id: int, number: int, *, when: str | None = None,
        title: str | None = None, minutes: int | None = None,
    ) -> StudySessionInfo:  # fmt: skip
        """Change the time, title or length: Discord's event first, then the row."""
        info = await self._scheduled(guild_id, number)
        plan = replan(plan_of(info), now=self._clock(), when=when, title=title, minutes=minutes)
        try:
            await self._discord().edit_event(guild_id, info.event_id, plan)
        except EventRefused as refused:
            raise DiscordRefused(
                f"Discord refused to change the event ({refused.reason}); nothing changed."
            ) from None
        async with self._sessions.begin() as session:
            await session.execute(
                update(StudySession)
                .where(StudySession.id == info.id)
                .values(title=plan.title, starts_at=plan.starts_at, ends_at=plan.ends_at)
            )
            if plan.starts_at != info.starts_at:
                # Reminders for the old time no longer apply; the new time gets its own.
                await session.execute(
                    SessionReminder.__table__.delete().where(  # type: ignore[attr-defined]
                        SessionReminder.session_id == info.id
                    )
                )
        edited = await self.get(guild_id, number)
        await self._refresh(edited)
        return edited

    async def _refresh(self, info: StudySessionInfo) -> None:
        """Bring the announcement in line; the event is what counts, so a failure is logged."""
        if info.message_id is None or self.discord is None:
            return
        try:
            await self.discord.refresh_announcement(info, self.preparation(info.topic))
        except PostFailed as failure:
            log.warning("session %s announcement not updated: %s", info.id, failure.reason)

    async def event_gone(self, event_id: int) -> bool:
        """The event was deleted or cancelled in Discord: the session is cancelled."""
        return await self.move(event_id, SessionStatus.CANCELLED)

    async def _scheduled(self, guild_id: int, number: int) -> StudySessionInfo:
        info = await self.get(guild_id, number)
        if info.status is not SessionStatus.SCHEDULED:
            raise Conflict(f"Session #{number} is {info.status.value}; it can't change now.")
        return info

    async def move(self, event_id: int, status: SessionStatus, **values: object) -> bool:
        """Move a scheduled session's state (and set `values`); False when it had moved."""
        async with self._sessions.begin() as session:
            result = await session.execute(
                update(StudySession)
                .where(
                    StudySession.event_id == event_id,
                    StudySession.status == SessionStatus.SCHEDULED.value,
                )
                .values(status=status.value, **values)
            )
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def set(self, session_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(StudySession).where(StudySession.id == session_id).values(**values)
            )


def plan_of(info: StudySessionInfo) -> SessionPlan:
    return SessionPlan(
        title=info.title,
        starts_at=info.starts_at,
        ends_at=info.ends_at,
        timezone=info.timezone,
        repeat=info.repeat,
        topic=info.topic,
        voice_channel_id=info.voice_channel_id,
        location=info.location,
    )


async def _interested(session: AsyncSession, session_id: int) -> int:
    count = await session.scalar(
        select(func.count())
        .select_from(SessionInterest)
        .where(SessionInterest.session_id == session_id)
    )
    return int(count or 0)
