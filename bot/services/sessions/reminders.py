"""Reminders 24 h and 15 min before a session, each exactly once; ending and repeating.

Reminders go through the same slot ledger as scheduled posts (`schedules/ledger.py`): the
row (session, lead) is inserted under a unique constraint before the message is sent, so a
restart, an overlapping run or a second process never reminds twice. A reminder that comes
due while the bot is offline goes out late inside the catch-up window (and before the
session starts); otherwise it is recorded as skipped, as is a reminder whose moment came
before the session was scheduled (the announcement just told everyone). A refused reminder
is retried on later runs (at most 3 attempts) while that still holds; one claimed by a
process that died mid-send is marked interrupted and never sent again.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import SessionReminder, StudySession
from bot.services.schedules.delivery import PostFailed
from bot.services.schedules.ledger import INTERRUPTED_AFTER, ON_TIME, claim_slot
from bot.services.sessions.model import SessionStatus, StudySessionInfo
from bot.services.sessions.presence import SessionPresence
from bot.services.sessions.service import SessionService

log = logging.getLogger(__name__)
LEADS = {"24h": timedelta(hours=24), "15m": timedelta(minutes=15)}
REMINDER_KEY = ("session_id", "lead")
MAX_ATTEMPTS = 3


@dataclass
class ReminderReport:
    reminded: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)  # ids of the sessions created


class SessionReminders:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        service: SessionService,
        presence: SessionPresence,
        catchup: timedelta,
    ) -> None:
        self._sessions = sessions
        self.service = service
        self.presence = presence
        self.catchup = catchup

    async def _scheduled(self, *conditions: object) -> list[StudySessionInfo]:
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(StudySession)
                    .where(StudySession.status == SessionStatus.SCHEDULED.value, *conditions)  # type: ignore[arg-type]
                    .order_by(StudySession.starts_at)
                )
            ).all()
            return [StudySessionInfo.from_row(row) for row in rows]

    async def next_due_after(self, moment: datetime) -> datetime | None:
        """The earliest reminder or session end after `moment` (the playground walks to it)."""
        moments = [
            instant
            for info in await self._scheduled()
            for instant in (*(info.starts_at - lead for lead in LEADS.values()), info.ends_at)
            if instant > moment
        ]
        return min(moments, default=None)

    async def run_due(self, now: datetime) -> ReminderReport:
        """Send every reminder due at `now`, then end the sessions that are over."""
        report = ReminderReport()
        horizon = now + max(LEADS.values())
        for info in await self._scheduled(StudySession.starts_at <= horizon):
            for lead, ahead in LEADS.items():
                remind_at = info.starts_at - ahead
                if remind_at <= now:
                    await self._remind(info, lead, remind_at, now, report)
        await self._give_up_interrupted(now)
        for info in await self._scheduled(StudySession.ends_at <= now):
            created = await self.service.finish(info.id, now)
            report.ended.append(info.id)
            if created is not None:
                report.repeated.append(created.id)
        return report

    async def _remind(
        self, info: StudySessionInfo, lead: str, remind_at: datetime, now: datetime,
        report: ReminderReport,
    ) -> None:  # fmt: skip
        reason = None
        if remind_at < info.created_at:
            reason = "the session was scheduled after this reminder's time"
        elif now >= info.starts_at or now - remind_at > self.catchup:
            reason = "too late: the bot was offline"
        too_late = reason is not None
        values = {
            "session_id": info.id,
            "lead": lead,
            "remind_at": remind_at,
            "status": "skipped" if too_late else "claimed",
            "attempts": 0 if too_late else 1,
            "reason": reason,
            "claimed_at": now,
            "finished_at": now if too_late else None,
        }
        async with self._sessions.begin() as session:
            slot_id = await claim_slot(session, SessionReminder, REMINDER_KEY, values)
        if slot_id is None:  # already handled, here or by another process
            await self._retry_failed(info, lead, remind_at, now, report)
            return
        if too_late:
            report.skipped.append((info.id, lead))
            return
        await self._send(info, lead, slot_id, remind_at, now, report)

    async def _retry_failed(self, info: StudySessionInfo, lead: str, remind_at: datetime,
                            now: datetime, report: ReminderReport) -> None:  # fmt: skip
        """A failed reminder is tried again on later runs, while it still helps."""
        if now >= info.starts_at or now - remind_at > self.catchup:
            return
        async with self._sessions.begin() as session:
            claimed = await session.scalar(
                update(SessionReminder)
                .where(
                    SessionReminder.session_id == info.id,
                    SessionReminder.lead == lead,
                    SessionReminder.status == "failed",
                    SessionReminder.attempts < MAX_ATTEMPTS,
                )
                .values(status="claimed", attempts=SessionReminder.attempts + 1, claimed_at=now)
                .returning(SessionReminder.id)
            )
        if claimed is not None:
            await self._send(info, lead, int(claimed), remind_at, now, report)

    async def _send(self, info: StudySessionInfo, lead: str, slot_id: int, remind_at: datetime,
                    now: datetime, report: ReminderReport) -> None:  # fmt: skip
        try:
            if self.service.discord is None:
                raise PostFailed("the bot is not connected to Discord")
            user_ids = await self.presence.interested_ids(info.id)
            message_id = await self.service.discord.post_reminder(info, lead, user_ids)
        except PostFailed as failure:
            await self._set(slot_id, status="failed", reason=failure.reason, finished_at=now)
            log.warning("session %s %s reminder failed: %s", info.id, lead, failure.reason)
            report.failed.append((info.id, lead))
            return
        late = now - remind_at > ON_TIME
        await self._set(
            slot_id, status="late" if late else "posted", message_id=message_id, finished_at=now
        )
        report.reminded.append((info.id, lead))

    async def _give_up_interrupted(self, now: datetime) -> None:
        # As for scheduled posts: a claim with no outcome is reported, never sent again.
        async with self._sessions.begin() as session:
            await session.execute(
                update(SessionReminder)
                .where(
                    SessionReminder.status == "claimed",
                    SessionReminder.claimed_at < now - INTERRUPTED_AFTER,
                )
                .values(status="interrupted", reason="interrupted while posting", finished_at=now)
            )

    async def _set(self, slot_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(SessionReminder).where(SessionReminder.id == slot_id).values(**values)
            )

    async def outcomes(self, session_id: int) -> dict[str, str]:
        """Each lead's recorded outcome, for `/session list` and tests."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(SessionReminder.lead, SessionReminder.status).where(
                    SessionReminder.session_id == session_id
                )
            )
            return {lead: status for lead, status in rows.all()}
