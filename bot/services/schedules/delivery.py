"""Posting scheduled takeaways and announcements: every slot exactly once, none lost.

`run_due(now)` is the one entry point of the scheduler. Each slot (schedule, instant) is
claimed with an INSERT under a unique constraint before anything is posted, so restarts,
retried jobs and a second bot process on the same database never post a slot twice.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Schedule, ScheduleSlot
from bot.knowledge.model import Takeaway
from bot.services.schedules.book import Kind, ScheduleBook, ScheduleInfo
from bot.services.schedules.ledger import INTERRUPTED_AFTER, ON_TIME, claim_slot
from bot.services.schedules.rotation import TakeawayRotationService

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
RETRY_BACKOFF = (timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8))
SLOT_KEY = ("schedule_id", "slot_at")
MAX_BACKFILL = 500


class PostFailed(Exception):
    """Discord refused a post. `channel_gone` means retrying is pointless; `outcome_unknown`
    (a 5xx or a timeout) means the post may exist all the same; `forbidden` (a 403) means
    the bot may not post there (a reminder then goes by DM)."""

    def __init__(
        self,
        reason: str,
        *,
        channel_gone: bool = False,
        outcome_unknown: bool = False,
        forbidden: bool = False,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.channel_gone = channel_gone
        self.outcome_unknown = outcome_unknown
        self.forbidden = forbidden


class SchedulePoster(Protocol):
    """What the service needs from Discord; the cog layer implements it.

    Each post carries a marker of its slot, so `find_post` can tell whether a post whose
    outcome was unknown exists after all.
    """

    async def post_takeaway(self, channel_id: int, takeaway: Takeaway, slot_id: int) -> int: ...

    async def post_announcement(self, channel_id: int, text: str, slot_id: int) -> int: ...

    async def find_post(self, channel_id: int, slot_id: int) -> int | None:
        """The id of the slot's post among the channel's recent messages, or None."""
        ...

    async def post_reminder(self, channel_id: int, member_id: int, text: str, slot_id: int) -> int:
        """Post in the channel mentioning only the member; by DM when the channel is gone
        or the bot may not post there."""
        ...

    async def post_nudge(
        self, channel_id: int, text: str, ping_user_ids: tuple[int, ...], subject: str,
        slot_id: int,
    ) -> int:  # fmt: skip
        """Post in the channel (a thread) pinging exactly these members, then do what the
        subject asks (see `bot.services.nudges.subjects`); a refused follow-up is logged."""
        ...


@dataclass
class RunReport:
    posted: list[int] = field(default_factory=list)
    late: list[int] = field(default_factory=list)
    skipped: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


class TakeawayService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        book: ScheduleBook,
        rotation: TakeawayRotationService,
        catchup: timedelta,
    ) -> None:
        self._sessions = sessions
        self.book = book
        self.rotation = rotation
        self.catchup = catchup
        self.poster: SchedulePoster | None = None

    async def next_takeaway(self, guild_id: int, topic: str | None = None) -> Takeaway:
        """The guild's next takeaway (optionally of one topic), for posting right now."""
        return await self.rotation.next(guild_id, topic)

    async def preview(
        self, guild_id: int, number: int, kind: Kind = Kind.TAKEAWAY
    ) -> Takeaway | str:
        """What the schedule would post next: a takeaway, or the announcement text."""
        schedule = await self.book.get(guild_id, number, kind)
        if schedule.kind is Kind.ANNOUNCEMENT:
            return schedule.message or ""
        return await self.rotation.peek(guild_id)

    async def next_slot_after(self, moment: datetime) -> datetime | None:
        """The earliest slot of any running schedule after `moment`."""
        runs = [run for s in await self.book.all_running() for run in s.next_runs(moment, 1)]
        return min(runs, default=None)

    async def run_due(self, now: datetime) -> RunReport:
        """Handle every slot due at `now` that is not in the ledger yet, and due retries."""
        report = RunReport()
        for schedule in await self.book.all_running():
            for slot_at in await self._unrecorded_slots(schedule, now):
                if now - slot_at > self.catchup:
                    if await self._record_skipped(schedule.id, slot_at, now):
                        report.skipped.append(schedule.id)
                    continue
                slot_id = await self._claim(schedule, slot_at, now)
                if slot_id is not None:
                    await self._attempt(schedule, slot_id, slot_at, now, report)
        await self._retry_failed(now, report)
        await self._give_up_interrupted(now)
        return report

    async def _unrecorded_slots(self, schedule: ScheduleInfo, now: datetime) -> list[datetime]:
        async with self._sessions() as session:
            last = await session.scalar(
                select(func.max(ScheduleSlot.slot_at)).where(
                    ScheduleSlot.schedule_id == schedule.id
                )
            )
        since = schedule.starts_after(max(last or schedule.created_at, schedule.created_at))
        if schedule.recurrence is None:
            due = schedule.run_at
            return [due] if due is not None and since < due <= now and last is None else []
        return list(schedule.recurrence.slots_between(since, now))[-MAX_BACKFILL:]

    async def _claim(self, schedule: ScheduleInfo, slot_at: datetime, now: datetime) -> int | None:
        """Take the slot for this process, or None when another already has it."""
        async with self._sessions.begin() as session:
            slot_id = await claim_slot(
                session,
                ScheduleSlot,
                SLOT_KEY,
                {
                    "schedule_id": schedule.id,
                    "slot_at": slot_at,
                    "status": "claimed",
                    "attempts": 1,
                    "claimed_at": now,
                },
            )
        if slot_id is not None and schedule.kind is Kind.TAKEAWAY:
            # Only the process that won the slot moves the rotation on.
            taken = await self.rotation.next(schedule.guild_id)
            await self._set(slot_id, takeaway_id=taken.id)
        return slot_id

    async def _record_skipped(self, schedule_id: int, slot_at: datetime, now: datetime) -> bool:
        async with self._sessions.begin() as session:
            slot_id = await claim_slot(
                session,
                ScheduleSlot,
                SLOT_KEY,
                {
                    "schedule_id": schedule_id,
                    "slot_at": slot_at,
                    "status": "skipped",
                    "attempts": 0,
                    "reason": "the bot was offline",
                    "claimed_at": now,
                    "finished_at": now,
                },
            )
            return slot_id is not None

    async def _attempt(
        self,
        schedule: ScheduleInfo,
        slot_id: int,
        slot_at: datetime,
        now: datetime,
        report: RunReport,
        *,
        retry: bool = False,
    ) -> None:
        try:
            # A retry follows a failure whose post may exist (a 5xx can come after Discord
            # created the message): look for it before posting again.
            message_id = await self._find(schedule, slot_id) if retry else None
            if message_id is None:
                message_id = await self._post_or_find(schedule, slot_id)
        except PostFailed as failure:
            await self._record_failure(schedule, slot_id, now, failure)
            report.failed.append(schedule.id)
            return
        late = now - slot_at > ON_TIME
        await self._set(
            slot_id, status="late" if late else "posted", message_id=message_id, finished_at=now
        )
        await self._set_failures(schedule.id, 0)
        (report.late if late else report.posted).append(schedule.id)

    async def _find(self, schedule: ScheduleInfo, slot_id: int) -> int | None:
        if self.poster is None:
            raise PostFailed("the bot is not connected to Discord")
        return await self.poster.find_post(schedule.channel_id, slot_id)

    async def _post_or_find(self, schedule: ScheduleInfo, slot_id: int) -> int:
        try:
            return await self._post(schedule, slot_id)
        except PostFailed as failure:
            if not failure.outcome_unknown:
                raise
            found = await self._find(schedule, slot_id)
            if found is None:
                raise
            log.info("schedule %s: a post reported as failed exists; kept", schedule.id)
            return found

    async def _post(self, schedule: ScheduleInfo, slot_id: int) -> int:
        if self.poster is None:
            raise PostFailed("the bot is not connected to Discord")
        if schedule.kind is Kind.ANNOUNCEMENT:
            return await self.poster.post_announcement(
                schedule.channel_id, schedule.message or "", slot_id
            )
        if schedule.kind is Kind.NUDGE:
            return await self.poster.post_nudge(
                schedule.channel_id, schedule.message or "", schedule.ping_user_ids,
                schedule.subject or "", slot_id,
            )  # fmt: skip
        if schedule.kind is Kind.REMINDER:
            return await self.poster.post_reminder(
                schedule.channel_id, schedule.created_by, schedule.message or "", slot_id
            )
        async with self._sessions() as session:
            takeaway_id = await session.scalar(
                select(ScheduleSlot.takeaway_id).where(ScheduleSlot.id == slot_id)
            )
        library = self.rotation.library()
        takeaway = next((t for t in library.takeaways if t.id == takeaway_id), None)
        if takeaway is None:  # removed from the content since it was picked
            takeaway = await self.rotation.next(schedule.guild_id)
        return await self.poster.post_takeaway(schedule.channel_id, takeaway, slot_id)

    async def _record_failure(
        self, schedule: ScheduleInfo, slot_id: int, now: datetime, failure: PostFailed
    ) -> None:
        async with self._sessions() as session:
            attempts = await session.scalar(
                select(ScheduleSlot.attempts).where(ScheduleSlot.id == slot_id)
            )
        attempts = attempts or 1
        retry_at = None
        if not failure.channel_gone and attempts < MAX_ATTEMPTS:
            retry_at = now + RETRY_BACKOFF[attempts - 1]
        await self._set(
            slot_id, status="failed", reason=failure.reason[:200], next_retry_at=retry_at,
            finished_at=now,
        )  # fmt: skip
        await self._set_failures(schedule.id, Schedule.consecutive_failures + 1)
        log.warning("schedule %s slot failed: %s", schedule.id, failure.reason)
        if failure.channel_gone:
            await self.book.pause_broken(schedule.id, "its channel was deleted")

    async def _retry_failed(self, now: datetime, report: RunReport) -> None:
        async with self._sessions() as session:
            due = (
                await session.execute(
                    select(ScheduleSlot.id, ScheduleSlot.attempts, ScheduleSlot.slot_at, Schedule)
                    .join(Schedule, Schedule.id == ScheduleSlot.schedule_id)
                    .where(
                        ScheduleSlot.status == "failed",
                        ScheduleSlot.next_retry_at <= now,
                        Schedule.paused.is_(False),
                    )
                )
            ).all()
        for slot_id, attempts, slot_at, row in due:
            if now - slot_at > self.catchup:
                await self._set(slot_id, next_retry_at=None)  # too late now: stays failed
                continue
            async with self._sessions.begin() as session:
                claimed = await session.execute(
                    update(ScheduleSlot)
                    .where(
                        ScheduleSlot.id == slot_id,
                        ScheduleSlot.status == "failed",
                        ScheduleSlot.attempts == attempts,
                    )
                    .values(status="claimed", attempts=attempts + 1, claimed_at=now)
                )
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                schedule = ScheduleInfo.from_row(row)
                await self._attempt(schedule, slot_id, slot_at, now, report, retry=True)

    async def _give_up_interrupted(self, now: datetime) -> None:
        # A claim with no outcome means the process died mid-post: the message may or may
        # not exist, so the slot is reported rather than posted a second time.
        async with self._sessions.begin() as session:
            await session.execute(
                update(ScheduleSlot)
                .where(
                    ScheduleSlot.status == "claimed",
                    ScheduleSlot.claimed_at < now - INTERRUPTED_AFTER,
                )
                .values(status="interrupted", reason="interrupted while posting", finished_at=now)
            )

    async def _set(self, slot_id: int, **values: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(ScheduleSlot).where(ScheduleSlot.id == slot_id).values(**values)
            )

    async def _set_failures(self, schedule_id: int, count: object) -> None:
        async with self._sessions.begin() as session:
            await session.execute(
                update(Schedule)
                .where(Schedule.id == schedule_id)
                .values(consecutive_failures=count)
            )
