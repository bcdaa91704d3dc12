"""Reminders 24 h and 15 min before a session, each exactly once; ending and repeating.

Reminders go through the same slot ledger as scheduled posts (`schedules/ledger.py`): the
row (session, lead) is inserted under a unique constraint before the message is sent, so a
restart, an overlapping run or a second process never reminds twice. A reminder that comes
due while the bot is offline goes out late inside the catch-up window (and before the
session starts); otherwise it is recorded as skipped, as is a reminder whose moment came
before the session was scheduled (the announcement just told everyone). A refused reminder
is retried on later runs (at most 3 attempts) while that still holds; one claimed by a
process that died mid-send is marked interrupted and never sent again.

A reminder names every interested member, and Discord takes at most 100 users in a
message's `allowed_mentions` (and 2,000 characters): it goes out as several messages of at
most `PINGS_PER_MESSAGE` members. Who is in which part is fixed when the slot is claimed
(`session_reminder_parts`), so a retry after a refused part sends only the parts not yet
posted, and nobody is pinged twice or skipped because someone pressed Interested in between.
A part whose answer was lost (a 5xx, a timeout) is looked for in the channel before it is
sent again.

Each run also starts the voice sessions whose time has come and ends and repeats the ones
that are over (`running.py`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import SessionReminder, SessionReminderPart, StudySession
from bot.services.schedules.delivery import PostFailed
from bot.services.schedules.ledger import INTERRUPTED_AFTER, ON_TIME, claim_slot
from bot.services.sessions.model import SessionStatus, StudySessionInfo
from bot.services.sessions.presence import SessionPresence, interested_in
from bot.services.sessions.running import SessionRuns
from bot.services.sessions.service import SessionService

log = logging.getLogger(__name__)
LEADS = {"24h": timedelta(hours=24), "15m": timedelta(minutes=15)}
REMINDER_KEY = ("session_id", "lead")
MAX_ATTEMPTS = 3
# Discord takes 100 users in `allowed_mentions`; 50 whole mentions (at most 23 characters
# each) and the reminder's head always fit in one 2,000-character message.
PINGS_PER_MESSAGE = 50


@dataclass
class ReminderReport:
    reminded: list[tuple[int, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    failed: list[tuple[int, str]] = field(default_factory=list)
    ended: list[int] = field(default_factory=list)
    repeated: list[int] = field(default_factory=list)  # ids of the sessions created
    started: list[int] = field(default_factory=list)  # voice sessions Nexus started


class SessionReminders:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        service: SessionService,
        presence: SessionPresence,
        catchup: timedelta,
        runs: SessionRuns | None = None,
    ) -> None:
        self._sessions = sessions
        self.service = service
        self.presence = presence
        self.catchup = catchup
        self.runs = runs or SessionRuns(sessions, service, presence)

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
        """The earliest reminder, start or end of a session after `moment` (the playground
        walks to it)."""
        moments = [
            instant
            for info in await self._scheduled()
            for instant in (
                *(info.starts_at - lead for lead in LEADS.values()),
                info.starts_at,  # a voice session's event is started then
                info.ends_at,
            )
            if instant > moment
        ]
        return min(moments, default=None)

    async def run_due(self, now: datetime) -> ReminderReport:
        """Send every reminder due at `now`, start the voice sessions due, then end (and
        repeat) the sessions that are over."""
        report = ReminderReport()
        horizon = now + max(LEADS.values())
        for info in await self._scheduled(StudySession.starts_at <= horizon):
            for lead, ahead in LEADS.items():
                remind_at = info.starts_at - ahead
                if remind_at <= now:
                    await self._remind(info, lead, remind_at, now, report)
        await self._give_up_interrupted(now)
        await self._forget_unsent(now)
        report.started = await self.runs.start_due(now)
        for info in await self._scheduled(StudySession.ends_at <= now):
            created = await self.runs.finish(info.id, now)
            report.ended.append(info.id)
            if created is not None:
                report.repeated.append(created.id)
        report.repeated.extend(await self.runs.retry_repeats(now))
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
            if slot_id is not None and not too_late:
                # Who is reminded is fixed with the claim: a retry sends the same parts.
                session.add_all(_parts(slot_id, await interested_in(session, info.id)))
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
            message_id = await self._send_parts(info, lead, slot_id)
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

    async def _send_parts(self, info: StudySessionInfo, lead: str, slot_id: int) -> int | None:
        """Post the parts not posted yet, in order; the first part's message id."""
        discord = self.service.discord
        if discord is None:
            raise PostFailed("the bot is not connected to Discord")
        async with self._sessions() as session:
            parts = (
                await session.scalars(
                    select(SessionReminderPart)
                    .where(SessionReminderPart.reminder_id == slot_id)
                    .order_by(SessionReminderPart.part)
                )
            ).all()
        first: int | None = None
        for part in parts:
            if part.status == "posted":
                first = first or part.message_id
                continue
            user_ids = [int(u) for u in part.user_ids.split(",") if u]
            # Names this message for good: part ids can be reused once a moved session's
            # old reminders are deleted.
            key = f"{info.id}:{lead}:{info.starts_at.isoformat()}:{part.part}"
            # A part whose last answer was lost may exist: look before sending it again.
            found = await discord.find_reminder(info, key) if part.status == "unknown" else None
            try:
                message_id = found or await discord.post_reminder(info, lead, user_ids, key)
            except PostFailed as failure:
                if failure.outcome_unknown:
                    await self._set_part(part.id, status="unknown")
                raise
            await self._set_part(part.id, status="posted", message_id=message_id, user_ids="")
            first = first or message_id
        return first

    async def _set_part(self, part_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(SessionReminderPart)
                .where(SessionReminderPart.id == part_id)
                .values(**values)
            )

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

    async def _forget_unsent(self, now: datetime) -> None:
        # Past the catch-up window no part is sent any more: keep no member ids for it.
        too_old = select(SessionReminder.id).where(SessionReminder.remind_at < now - self.catchup)
        async with self._sessions.begin() as session:
            await session.execute(
                update(SessionReminderPart)
                .where(
                    SessionReminderPart.status.in_(("pending", "unknown")),
                    SessionReminderPart.user_ids != "",
                    SessionReminderPart.reminder_id.in_(too_old),
                )
                .values(user_ids="")
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


def _parts(slot_id: int, user_ids: list[int]) -> list[SessionReminderPart]:
    """The reminder's messages: everyone once, at most `PINGS_PER_MESSAGE` each (one part
    pinging nobody when nobody is interested)."""
    chunks = [
        user_ids[start : start + PINGS_PER_MESSAGE]
        for start in range(0, len(user_ids), PINGS_PER_MESSAGE)
    ] or [[]]
    return [
        SessionReminderPart(
            reminder_id=slot_id,
            part=number,
            user_ids=",".join(str(u) for u in chunk),
            status="pending",
        )
        for number, chunk in enumerate(chunks, 1)
    ]
