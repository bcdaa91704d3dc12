"""A session's life after it is scheduled: started on time, ended, repeated, reconciled.

- **Start.** Discord starts only external events by itself; a voice or stage event waits
  for someone to start it (and is cancelled by Discord a few hours later if nobody does).
  At `starts_at` Nexus starts its own, and records who is already in the channel: those
  members never send a voice update while the session runs. Attendance counts from the
  session's own times, whatever Discord's status says; a host who started it early is fine.
- **Repeat.** Ending a repeating session owes its next event (`repeat_state` pending) in the
  same UPDATE that ends it. Discord may refuse the next event (the 100-events limit, a
  channel permission, a 5xx): the debt stays and every later run tries again, until at
  least `GIVE_UP_ATTEMPTS` tries and `PATIENCE` after the end have passed; only then does
  the session's channel hear that the series stopped.
- **Reconcile.** While the bot was away, events may have been deleted, cancelled or ended
  in Discord and members may have pressed Interested or taken it back; after a READY each
  upcoming session is compared with Discord and its interested list rebuilt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import StudySession
from bot.services.schedules.delivery import PostFailed
from bot.services.schedules.ledger import INTERRUPTED_AFTER
from bot.services.sessions.model import (
    EventRefused,
    EventStatus,
    SessionDiscord,
    SessionStatus,
    StudySessionInfo,
)
from bot.services.sessions.planning import next_occurrence
from bot.services.sessions.presence import SessionPresence
from bot.services.sessions.service import DiscordRefused, SessionService, plan_of

log = logging.getLogger(__name__)
GIVE_UP_ATTEMPTS = 3
PATIENCE = timedelta(hours=1)


@dataclass
class Reconciled:
    """What a READY's comparison with Discord changed."""

    checked: int = 0
    cancelled: list[int] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    interest_changes: dict[int, tuple[int, int]] = field(default_factory=dict)  # added, gone


class SessionRuns:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        service: SessionService,
        presence: SessionPresence,
    ) -> None:
        self._sessions = sessions
        self.service = service
        self.presence = presence

    def _discord(self) -> SessionDiscord | None:
        return self.service.discord

    async def _rows(self, *conditions: object) -> list[StudySession]:
        async with self._sessions() as session:
            statement = select(StudySession).where(*conditions).order_by(StudySession.starts_at)  # type: ignore[arg-type]
            return list((await session.scalars(statement)).all())

    # ---------------------------------------------------------------- start

    async def start_due(self, now: datetime) -> list[int]:
        """Start the voice and stage sessions whose time has come; the ids now running."""
        discord = self._discord()
        if discord is None:
            return []
        started: list[int] = []
        for row in await self._rows(
            StudySession.status == SessionStatus.SCHEDULED.value,
            StudySession.voice_channel_id.is_not(None),
            StudySession.started_at.is_(None),
            StudySession.starts_at <= now,
            StudySession.ends_at > now,
        ):
            assert row.voice_channel_id is not None
            present = await discord.members_in_voice(row.guild_id, row.voice_channel_id)
            await self.presence.seen_in_voice(row.guild_id, row.voice_channel_id, present, now)
            try:
                status = await discord.start_event(row.guild_id, row.event_id)
            except EventRefused as refused:  # tried again on the next run
                log.warning("session %s event not started: %s", row.id, refused.reason)
                continue
            if status is EventStatus.ACTIVE:
                await self.service.set(row.id, started_at=now)
                started.append(row.id)
            elif status is EventStatus.COMPLETED:  # a host ran it early and ended it
                await self.finish(row.id, now)
            elif status in (EventStatus.CANCELLED, EventStatus.GONE):
                await self.service.event_gone(row.event_id)
        return started

    # ---------------------------------------------------------------- end and repeat

    async def event_completed(self, event_id: int, now: datetime) -> StudySessionInfo | None:
        """Discord ended the event: the session ends (and repeats) now, not at the sweep."""
        async with self._sessions() as session:
            session_id = await session.scalar(
                select(StudySession.id).where(StudySession.event_id == event_id)
            )
        return None if session_id is None else await self.finish(session_id, now)

    async def finish(self, session_id: int, now: datetime) -> StudySessionInfo | None:
        """End a session that ran; a repeating one owes, then tries to create, its next."""
        async with self._sessions() as session:
            row = await session.get(StudySession, session_id)
            if row is None:
                return None
            info = StudySessionInfo.from_row(row)
        owed = "pending" if info.repeat is not None else None
        if not await self.service.move(info.event_id, SessionStatus.ENDED, repeat_state=owed):
            return None  # already ended or cancelled: another run handled it
        return await self._repeat(info, now) if owed else None

    async def retry_repeats(self, now: datetime) -> list[int]:
        """Try again every next event Discord refused before; the ids of sessions made."""
        stale = now - INTERRUPTED_AFTER
        made: list[int] = []
        for row in await self._rows(
            StudySession.status == SessionStatus.ENDED.value,
            # Not one this very run was just refused.
            or_(StudySession.repeat_claimed_at.is_(None), StudySession.repeat_claimed_at < now),
            or_(
                StudySession.repeat_state == "pending",
                (StudySession.repeat_state == "creating")
                & (StudySession.repeat_claimed_at < stale),
            ),
        ):
            created = await self._repeat(StudySessionInfo.from_row(row), now)
            if created is not None:
                made.append(created.id)
        return made

    async def _claim_repeat(self, session_id: int, now: datetime) -> int | None:
        """Take the repeat for this run (one conditional UPDATE); its attempts so far."""
        async with self._sessions.begin() as session:
            attempts = await session.scalar(
                update(StudySession)
                .where(
                    StudySession.id == session_id,
                    or_(
                        StudySession.repeat_state == "pending",
                        (StudySession.repeat_state == "creating")
                        & (StudySession.repeat_claimed_at < now - INTERRUPTED_AFTER),
                    ),
                )
                .values(repeat_state="creating", repeat_claimed_at=now)
                .returning(StudySession.repeat_attempts)
            )
        return None if attempts is None else int(attempts)

    async def _repeat(self, info: StudySessionInfo, now: datetime) -> StudySessionInfo | None:
        attempts = await self._claim_repeat(info.id, now)
        if attempts is None:
            return None  # made, given up, or being made by another run
        upcoming = next_occurrence(plan_of(info), max(info.starts_at, now))
        if upcoming is None:
            await self.service.set(info.id, repeat_state=None)
            return None
        try:
            created = await self.service.create(
                info.guild_id, info.created_by, info.post_channel_id, upcoming
            )
        except DiscordRefused as refused:
            await self._refused(info, attempts + 1, refused.reason, now)
            return None
        await self.service.set(info.id, repeat_state="made", next_session_id=created.id)
        return created

    async def _refused(
        self, info: StudySessionInfo, attempts: int, reason: str, now: datetime
    ) -> None:
        final = attempts >= GIVE_UP_ATTEMPTS and now >= info.ends_at + PATIENCE
        state = "abandoned" if final else "pending"
        await self.service.set(
            info.id, repeat_state=state, repeat_attempts=attempts, repeat_reason=reason
        )
        log.warning("session %s: next event refused (try %d): %s", info.id, attempts, reason)
        discord = self._discord()
        if not final or discord is None:
            return
        text = (
            f"⚠️ The next **{info.title}** (repeating session #{info.number}) could not be "
            f"scheduled: Discord refused the event {attempts} times ({reason}). The series "
            "stops here; a mentor can schedule it again with `/session schedule`."
        )
        try:
            await discord.post_notice(info, text)
        except PostFailed as failure:
            log.warning("session %s: the notice was not posted: %s", info.id, failure.reason)

    # ---------------------------------------------------------------- reconcile

    async def reconcile(self, guild_ids: list[int], now: datetime) -> Reconciled:
        """Compare each upcoming session of these guilds with its Discord event."""
        report = Reconciled()
        discord = self._discord()
        if discord is None or not guild_ids:
            return report
        for row in await self._rows(
            StudySession.guild_id.in_(guild_ids),
            StudySession.status == SessionStatus.SCHEDULED.value,
            StudySession.ends_at > now,
        ):
            try:
                state = await discord.event_state(row.guild_id, row.event_id)
            except EventRefused as refused:  # unable to look is not proof of anything
                log.warning("session %s not reconciled: %s", row.id, refused.reason)
                continue
            report.checked += 1
            if state.status in (EventStatus.GONE, EventStatus.CANCELLED):
                if await self.service.event_gone(row.event_id):
                    report.cancelled.append(row.id)
            elif state.status is EventStatus.COMPLETED:
                await self.finish(row.id, now)
                report.ended.append(row.id)
            else:
                changes = await self.presence.replace_interested(row.id, state.interested, now)
                if changes != (0, 0):
                    report.interest_changes[row.id] = changes
        return report
