"""Mentors' schedules (takeaways and announcements): creating, listing, pausing, removing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import Schedule, ScheduleSlot
from bot.errors import Conflict, NotFound, ValidationError
from bot.services.schedules.recurrence import (
    HORIZON,
    Recurrence,
    parse_days,
    parse_time,
    parse_timezone,
    parse_when,
    wall_time,
)
from bot.services.stored_ids import can_exist
from bot.services.text_rules import optional_block, optional_line, tidy_block

MAX_SCHEDULES_PER_GUILD = 10
# A post is 2,000 characters: the "📣 " prefix and the invisible slot marker take the rest.
ANNOUNCEMENT_MAX = 1960
FAILING_AFTER = 3
# A member who retries a command after "The application did not respond" sends the same
# options again as a new interaction (a new id): the same schedule asked for by the same
# member within this window is that retry, answered with the schedule already made.
RETRY_WINDOW = timedelta(minutes=10)


class Kind(StrEnum):
    TAKEAWAY = "takeaway"
    ANNOUNCEMENT = "announcement"
    REMINDER = "reminder"  # a member's own reminder: one-off, owned by `created_by`
    NUDGE = "nudge"  # a one-off nudge registered by the nudge sweep, pinging `ping_user_ids`


MENTOR_KINDS = (Kind.TAKEAWAY.value, Kind.ANNOUNCEMENT.value)


@dataclass(frozen=True)
class LastSlot:
    slot_at: datetime
    status: str  # posted | late | skipped | failed | interrupted | claimed
    reason: str | None


@dataclass(frozen=True)
class ScheduleInfo:
    id: int
    guild_id: int
    kind: Kind
    channel_id: int
    timezone: str
    recurrence: Recurrence | None  # None for a one-off announcement
    run_at: datetime | None
    message: str | None
    paused: bool
    paused_reason: str | None
    consecutive_failures: int
    created_at: datetime
    last_slot: LastSlot | None = None
    created_by: int = 0
    ping_user_ids: tuple[int, ...] = ()
    subject: str | None = None

    @property
    def state(self) -> str:
        if self.recurrence is None and self.last_slot is not None:
            return "done" if self.last_slot.status != "failed" else "failing"
        if self.paused:
            return "paused"
        return "failing" if self.consecutive_failures >= FAILING_AFTER else "active"

    @property
    def rule(self) -> str:
        if self.recurrence is None:
            return "once"
        return f"{self.recurrence.days.text} at {self.recurrence.at.strftime('%H:%M')}"

    def next_runs(self, after: datetime, count: int = 3) -> list[datetime]:
        if self.paused or self.state == "done":
            return []
        if self.recurrence is None:
            return [self.run_at] if self.run_at and self.run_at > after else []
        return self.recurrence.next_runs(self.starts_after(after), count)

    def starts_after(self, moment: datetime) -> datetime:
        """`moment`, or just before the first run when the schedule starts later."""
        if self.run_at is not None and self.run_at - timedelta(seconds=1) > moment:
            return self.run_at - timedelta(seconds=1)
        return moment

    @classmethod
    def from_row(cls, row: Schedule, last: LastSlot | None = None) -> ScheduleInfo:
        recurrence = None
        if row.time_of_day is not None:
            recurrence = Recurrence(parse_time(row.time_of_day), parse_days(row.days), row.timezone)
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            kind=Kind(row.kind),
            channel_id=row.channel_id,
            timezone=row.timezone,
            recurrence=recurrence,
            run_at=row.run_at,
            message=row.message,
            paused=row.paused,
            paused_reason=row.paused_reason,
            consecutive_failures=row.consecutive_failures,
            created_at=row.created_at,
            last_slot=last,
            created_by=row.created_by,
            ping_user_ids=tuple(int(i) for i in (row.ping_user_ids or "").split(",") if i),
            subject=row.subject,
        )


@dataclass(frozen=True)
class NewSchedule:
    """What a mentor asked for, already parsed and validated by the caller's parsers."""

    kind: Kind
    guild_id: int
    channel_id: int
    created_by: int
    timezone: str
    recurrence: Recurrence | None = None
    run_at: datetime | None = None
    message: str | None = None


class ScheduleBook:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        default_timezone: str = "UTC",
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.default_timezone = default_timezone
        self.on_change: Callable[[], Awaitable[None]] | None = None

    async def schedule_takeaways(
        self, guild_id: int, channel_id: int, user_id: int, at: str,
        days: str | None, timezone: str | None,
    ) -> ScheduleInfo:  # fmt: skip
        """A takeaway schedule from what a mentor typed (HH:MM, days rule, IANA zone)."""
        zone = parse_timezone(optional_line(timezone) or self.default_timezone)
        recurrence = Recurrence(parse_time(at), parse_days(days), zone)
        return await self.create(
            NewSchedule(Kind.TAKEAWAY, guild_id, channel_id, user_id, zone, recurrence)
        )

    async def schedule_announcement(
        self, guild_id: int, channel_id: int, user_id: int, message: str, when: str,
        repeat: str | None, timezone: str | None,
    ) -> ScheduleInfo:  # fmt: skip
        """An announcement at `when` (YYYY-MM-DD HH:MM), once or repeating on a days rule."""
        zone = parse_timezone(optional_line(timezone) or self.default_timezone)
        repeat = optional_line(repeat)
        # A repeating one may start earlier today ("daily from 09:00" typed at 10:00).
        past = timedelta(0) if repeat is None else timedelta(days=1)
        run_at = parse_when(when, zone, self._clock(), may_be_past_by=past)
        recurrence = None
        if repeat is not None:
            recurrence = Recurrence(wall_time(run_at, zone), parse_days(repeat), zone)
        return await self.create(
            NewSchedule(
                Kind.ANNOUNCEMENT, guild_id, channel_id, user_id, zone, recurrence, run_at, message
            )
        )

    async def _changed(self) -> None:
        if self.on_change is not None:
            await self.on_change()

    async def create(self, new: NewSchedule) -> ScheduleInfo:
        now = self._clock()
        if new.kind is Kind.ANNOUNCEMENT:
            text = tidy_block(new.message or "")
            if not text:
                raise ValidationError("The announcement message can't be empty.")
            if len(text) > ANNOUNCEMENT_MAX:
                raise ValidationError(
                    f"The announcement is {len(text)} characters; the limit is {ANNOUNCEMENT_MAX}."
                )
            if new.recurrence is None and (new.run_at is None or new.run_at <= now):
                raise ValidationError("That time is in the past; pick a moment still to come.")
        if new.run_at is not None and new.run_at > now + HORIZON + timedelta(days=1):
            raise ValidationError("That time is too far ahead: pick one within the next 5 years.")
        async with self._sessions.begin() as session:
            retried = await _same_request_just_made(session, new, now)
            if retried is not None:
                return ScheduleInfo.from_row(retried)
            count = await session.scalar(
                select(func.count())
                .select_from(Schedule)
                .where(Schedule.guild_id == new.guild_id, Schedule.kind.in_(MENTOR_KINDS))
            )
            if new.kind is not Kind.REMINDER and (count or 0) >= MAX_SCHEDULES_PER_GUILD:
                raise Conflict(
                    f"This server already has {MAX_SCHEDULES_PER_GUILD} schedules, the most "
                    "allowed. Remove one first."
                )
            recurrence = new.recurrence
            row = Schedule(
                guild_id=new.guild_id,
                kind=new.kind.value,
                channel_id=new.channel_id,
                time_of_day=recurrence.at.strftime("%H:%M") if recurrence else None,
                days=recurrence.days.text if recurrence else None,
                timezone=new.timezone,
                run_at=new.run_at,  # for a repeating one: when it starts
                message=optional_block(new.message),
                paused=False,
                consecutive_failures=0,
                created_by=new.created_by,
                created_at=now,
            )
            session.add(row)
            await session.flush()
            info = ScheduleInfo.from_row(row)
        await self._changed()
        return info

    async def get(self, guild_id: int, schedule_id: int, kind: Kind | None = None) -> ScheduleInfo:
        async with self._sessions() as session:
            row = await session.get(Schedule, schedule_id) if can_exist(schedule_id) else None
            if row is None or row.guild_id != guild_id or (kind and row.kind != kind.value):
                noun = kind.value if kind else "schedule"
                raise NotFound(f"There is no {noun} #{schedule_id} in this server.")
            return ScheduleInfo.from_row(row, await _last_slot(session, row.id))

    async def of_guild(self, guild_id: int, kind: Kind) -> list[ScheduleInfo]:
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Schedule)
                    .where(Schedule.guild_id == guild_id, Schedule.kind == kind.value)
                    .order_by(Schedule.id)
                )
            ).all()
            return [ScheduleInfo.from_row(r, await _last_slot(session, r.id)) for r in rows]

    async def all_running(self) -> list[ScheduleInfo]:
        """Every schedule that is not paused and may still have a slot to come, across guilds.

        A one-off with a slot in the ledger is done (its retries are found through the
        ledger), so delivered reminders and announcements are not read again on every tick.
        """
        has_slot = select(ScheduleSlot.id).where(ScheduleSlot.schedule_id == Schedule.id).exists()
        done_once = Schedule.time_of_day.is_(None) & has_slot
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Schedule).where(Schedule.paused.is_(False), ~done_once)
                )
            ).all()
            return [ScheduleInfo.from_row(r) for r in rows]

    async def failing(self, guild_id: int | None = None) -> list[ScheduleInfo]:
        """Schedules failing again and again: of one guild, or of every guild."""
        where = [Schedule.consecutive_failures >= FAILING_AFTER]
        if guild_id is not None:
            where.append(Schedule.guild_id == guild_id)
        async with self._sessions() as session:
            rows = (await session.scalars(select(Schedule).where(*where))).all()
            return [ScheduleInfo.from_row(r) for r in rows]

    async def set_paused(
        self, guild_id: int, schedule_id: int, paused: bool, reason: str | None = None
    ) -> ScheduleInfo:
        await self.get(guild_id, schedule_id)
        async with self._sessions.begin() as session:
            row = await session.get(Schedule, schedule_id)
            assert row is not None
            row.paused = paused
            row.paused_reason = reason if paused else None
            if not paused:
                row.consecutive_failures = 0
        await self._changed()
        return await self.get(guild_id, schedule_id)

    async def remove(self, guild_id: int, schedule_id: int, kind: Kind) -> ScheduleInfo:
        info = await self.get(guild_id, schedule_id, kind)
        async with self._sessions.begin() as session:
            row = await session.get(Schedule, schedule_id)
            await session.delete(row)
        await self._changed()
        return info


async def _same_request_just_made(
    session: AsyncSession, new: NewSchedule, now: datetime
) -> Schedule | None:
    recurrence = new.recurrence
    return await session.scalar(
        select(Schedule)
        .where(
            Schedule.guild_id == new.guild_id,
            Schedule.kind == new.kind.value,
            Schedule.channel_id == new.channel_id,
            Schedule.created_by == new.created_by,
            Schedule.timezone == new.timezone,
            Schedule.time_of_day.is_not_distinct_from(
                recurrence.at.strftime("%H:%M") if recurrence else None
            ),
            Schedule.days.is_not_distinct_from(recurrence.days.text if recurrence else None),
            Schedule.run_at.is_not_distinct_from(new.run_at),
            Schedule.message.is_not_distinct_from((new.message or "").strip() or None),
            Schedule.created_at >= now - RETRY_WINDOW,
        )
        .order_by(Schedule.id.desc())
        .limit(1)
    )


async def _last_slot(session: AsyncSession, schedule_id: int) -> LastSlot | None:
    row = (
        await session.execute(
            select(ScheduleSlot.slot_at, ScheduleSlot.status, ScheduleSlot.reason)
            .where(ScheduleSlot.schedule_id == schedule_id)
            .order_by(ScheduleSlot.slot_at.desc())
            .limit(1)
        )
    ).first()
    return LastSlot(row[0], row[1], row[2]) if row else None
