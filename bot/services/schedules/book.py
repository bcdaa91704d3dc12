"""Mentors' schedules (takeaways and announcements): creating, listing, pausing, removing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import Schedule, ScheduleSlot
from bot.errors import Conflict, NotFound, ValidationError
from bot.services.guild_numbers import reminder_scope, take_number
from bot.services.guild_settings import GuildSettingsService

# The domain types live in model.py; importers have always found them here.
from bot.services.schedules.model import FAILING_AFTER as FAILING_AFTER
from bot.services.schedules.model import MENTOR_KINDS as MENTOR_KINDS
from bot.services.schedules.model import Kind as Kind
from bot.services.schedules.model import LastSlot as LastSlot
from bot.services.schedules.model import NewSchedule as NewSchedule
from bot.services.schedules.model import ScheduleInfo as ScheduleInfo
from bot.services.schedules.recurrence import (
    HORIZON,
    Recurrence,
    parse_days,
    parse_repeat,
    parse_time,
    wall_time,
)
from bot.services.schedules.when import parse_when
from bot.services.schedules.zones import zone_to_use
from bot.services.stored_ids import can_exist
from bot.services.text_rules import optional_block, optional_line, tidy_block

MAX_SCHEDULES_PER_GUILD = 10
# A post is 2,000 characters: the "📣 " prefix and the invisible slot marker take the rest.
ANNOUNCEMENT_MAX = 1960
# A member who retries a command after "The application did not respond" sends the same
# options again as a new interaction (a new id): the same schedule asked for by the same
# member within this window is that retry, answered with the schedule already made.
RETRY_WINDOW = timedelta(minutes=10)


class ScheduleBook:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        clock: Clock,
        default_timezone: str = "UTC",
        guild_settings: GuildSettingsService | None = None,
    ) -> None:
        self._sessions = sessions
        self._clock = clock
        self.default_timezone = default_timezone
        self._guild_settings = guild_settings
        self.on_change: Callable[[], Awaitable[None]] | None = None

    async def schedule_takeaways(
        self, guild_id: int, channel_id: int, user_id: int, at: str,
        days: str | None, timezone: str | None,
    ) -> ScheduleInfo:  # fmt: skip
        """A takeaway schedule from what a mentor typed (HH:MM, days rule, IANA zone)."""
        zone = await self.zone_for(guild_id, timezone)
        recurrence = Recurrence(parse_time(at), parse_days(days), zone)
        return await self.create(
            NewSchedule(Kind.TAKEAWAY, guild_id, channel_id, user_id, zone, recurrence)
        )

    async def schedule_announcement(
        self, guild_id: int, channel_id: int, user_id: int, message: str, when: str,
        repeat: str | None, timezone: str | None,
    ) -> ScheduleInfo:  # fmt: skip
        """An announcement at `when` (YYYY-MM-DD HH:MM), once or repeating on a days rule."""
        zone = await self.zone_for(guild_id, timezone)
        repeat = optional_line(repeat)
        # A repeating one may start earlier today ("daily from 09:00" typed at 10:00).
        past = timedelta(0) if repeat is None else timedelta(days=1)
        run_at = parse_when(when, zone, self._clock(), may_be_past_by=past)
        recurrence = None
        if repeat is not None:
            recurrence = Recurrence(
                wall_time(run_at, zone), parse_repeat(repeat, run_at, zone), zone
            )
        return await self.create(
            NewSchedule(
                Kind.ANNOUNCEMENT, guild_id, channel_id, user_id, zone, recurrence, run_at, message
            )
        )

    async def zone_for(self, guild_id: int, typed: str | None) -> str:
        """The zone typed, else the server's, else NEXUS_TIMEZONE."""
        return await zone_to_use(typed, guild_id, self._guild_settings, self.default_timezone)

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
            scope = new.kind.value
            if new.kind is Kind.REMINDER:
                scope = reminder_scope(new.created_by)
            row = Schedule(
                guild_id=new.guild_id,
                number=await take_number(session, new.guild_id, scope),
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

    async def get(self, guild_id: int, number: int, kind: Kind) -> ScheduleInfo:
        """A mentor's schedule by the number members see (`/takeaways preview 2`)."""
        async with self._sessions() as session:
            row = None
            if can_exist(number):
                row = await session.scalar(
                    select(Schedule).where(
                        Schedule.guild_id == guild_id,
                        Schedule.kind == kind.value,
                        Schedule.number == number,
                    )
                )
            if row is None:
                # Takeaways are numbered by schedule (`/takeaways list`), not one by one.
                noun = "takeaway schedule" if kind is Kind.TAKEAWAY else kind.value
                raise NotFound(f"There is no {noun} #{number} in this server.")
            return ScheduleInfo.from_row(row, await _last_slot(session, row.id))

    async def of_guild(self, guild_id: int, kind: Kind) -> list[ScheduleInfo]:
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Schedule)
                    .where(Schedule.guild_id == guild_id, Schedule.kind == kind.value)
                    .order_by(Schedule.number)
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
        self, guild_id: int, number: int, paused: bool, kind: Kind = Kind.TAKEAWAY
    ) -> ScheduleInfo:
        """Pause or resume a mentor's schedule by its number."""
        info = await self.get(guild_id, number, kind)
        await self._pause_row(info.id, paused, None)
        return await self.get(guild_id, number, kind)

    async def pause_broken(self, schedule_id: int, reason: str) -> None:
        """Pause any schedule (by its key) that can no longer post, saying why."""
        await self._pause_row(schedule_id, True, reason)

    async def _pause_row(self, schedule_id: int, paused: bool, reason: str | None) -> None:
        async with self._sessions.begin() as session:
            row = await session.get(Schedule, schedule_id)
            if row is None:
                return  # removed meanwhile: nothing left to pause
            row.paused = paused
            row.paused_reason = reason if paused else None
            if not paused:
                row.consecutive_failures = 0
        await self._changed()

    async def remove(self, guild_id: int, number: int, kind: Kind) -> ScheduleInfo:
        info = await self.get(guild_id, number, kind)
        await self.delete(info.id)
        return info

    async def delete(self, schedule_id: int) -> None:
        """Delete a schedule by its key (its slots go with it)."""
        async with self._sessions.begin() as session:
            row = await session.get(Schedule, schedule_id)
            if row is not None:
                await session.delete(row)
        await self._changed()


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
