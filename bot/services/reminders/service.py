"""Reminders set, listed and cancelled by members; delivery is the schedule ledger's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import MemberTimezone, Schedule, ScheduleSlot
from bot.db.upsert import upsert
from bot.errors import Conflict, NotFound, ValidationError
from bot.services.guild_settings import GuildSettingsService
from bot.services.reminders.when import parse_reminder_time
from bot.services.schedules.book import RETRY_WINDOW, Kind, NewSchedule, ScheduleBook
from bot.services.schedules.recurrence import parse_timezone
from bot.services.schedules.zones import zone_to_use
from bot.services.text_rules import tidy_block

MAX_PENDING = 25
MESSAGE_LIMIT = 2000
REMIND_ABOUT_AFTER = timedelta(days=1)
# "in 2h" retried a minute later means a due time a minute later: a retry is recognised by
# the same distance from when it was asked, give or take the moment between two clock reads.
SAME_DISTANCE = timedelta(seconds=5)


def reminder_text(member_id: int, text: str) -> str:
    """The message a reminder posts; its length is what the 2,000-character limit counts."""
    return f"⏰ <@{member_id}>, you asked me to remind you:\n{text}"


@dataclass(frozen=True)
class Reminder:
    id: int
    number: int  # per member and server: a member's first reminder here is #1
    guild_id: int
    channel_id: int
    member_id: int
    due_at: datetime
    text: str
    timezone: str

    @classmethod
    def from_row(cls, row: Schedule) -> Reminder:
        assert row.run_at is not None
        return cls(
            row.id, row.number, row.guild_id, row.channel_id, row.created_by, row.run_at,
            row.message or "", row.timezone,
        )  # fmt: skip


class ReminderService:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        book: ScheduleBook,
        guild_settings: GuildSettingsService,
    ) -> None:
        self._sessions = sessions
        self._book = book
        self._guild_settings = guild_settings

    async def zone_of(self, guild_id: int, member_id: int) -> str:
        """The member's zone, else the guild's default, else NEXUS_TIMEZONE."""
        async with self._sessions() as session:
            chosen = await session.get(MemberTimezone, member_id)
        if chosen is not None:
            return chosen.timezone
        return await zone_to_use(None, guild_id, self._guild_settings, self._book.default_timezone)

    async def set_timezone(self, member_id: int, raw: str, now: datetime) -> str:
        zone = parse_timezone(raw)
        async with self._sessions.begin() as session:
            await upsert(
                session,
                MemberTimezone.__table__,  # type: ignore[arg-type]
                {"user_id": member_id, "timezone": zone, "updated_at": now},
                keys=["user_id"],
            )
        return zone

    async def create(
        self, guild_id: int, channel_id: int, member_id: int, when: str, text: str, now: datetime
    ) -> Reminder:
        """A reminder at `when` (in the member's zone); refused with nothing stored when invalid."""
        text = tidy_block(text)
        if not text:
            raise ValidationError("The reminder text can't be empty.")
        overflow = len(reminder_text(member_id, text)) - MESSAGE_LIMIT
        if overflow > 0:
            raise ValidationError(
                f"That reminder is {overflow} characters too long: with what Nexus adds it "
                f"must fit in {MESSAGE_LIMIT:,} characters."
            )
        zone = await self.zone_of(guild_id, member_id)
        due = parse_reminder_time(when, zone, now)
        retried = await self._just_made(guild_id, channel_id, member_id, text, due, now)
        if retried is not None:
            return retried
        if await self._pending_count(member_id) >= MAX_PENDING:
            raise Conflict(
                f"You already have {MAX_PENDING} reminders waiting, the most allowed. "
                "Cancel one with /remind cancel first."
            )
        info = await self._book.create(
            NewSchedule(Kind.REMINDER, guild_id, channel_id, member_id, zone, None, due, text)
        )
        return Reminder(info.id, info.number, guild_id, channel_id, member_id, due, text, zone)

    async def remind_about(
        self, guild_id: int, channel_id: int, member_id: int, jump_url: str, now: datetime
    ) -> Reminder:
        """ "Remind me about this": the message's link, a day from now."""
        return await self.create(
            guild_id, channel_id, member_id, "in 1d", f"About this message: {jump_url}", now
        )

    async def _just_made(
        self,
        guild_id: int,
        channel_id: int,
        member_id: int,
        text: str,
        due: datetime,
        now: datetime,
    ) -> Reminder | None:
        """The same reminder asked for in the last minutes: a retry after "did not respond".

        Its due time is the same (`tomorrow 09:00`) or as far from its making as this one is
        from now (`in 2h`).
        """
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Schedule).where(
                        self._pending(member_id),
                        Schedule.guild_id == guild_id,
                        Schedule.channel_id == channel_id,
                        Schedule.message == text,
                        Schedule.created_at >= now - RETRY_WINDOW,
                    )
                )
            ).all()
        for row in rows:
            made = Reminder.from_row(row)
            distance = abs((made.due_at - row.created_at) - (due - now))
            if made.due_at == due or distance <= SAME_DISTANCE:
                return made
        return None

    def _pending(self, member_id: int) -> ColumnElement[bool]:
        delivered = select(ScheduleSlot.id).where(ScheduleSlot.schedule_id == Schedule.id).exists()
        return (
            (Schedule.kind == Kind.REMINDER.value) & (Schedule.created_by == member_id) & ~delivered
        )

    async def _pending_count(self, member_id: int) -> int:
        async with self._sessions() as session:
            count = await session.scalar(
                select(func.count()).select_from(Schedule).where(self._pending(member_id))
            )
        return count or 0

    async def pending(self, guild_id: int, member_id: int) -> list[Reminder]:
        """The member's reminders still to come in this guild, soonest first."""
        async with self._sessions() as session:
            rows = (
                await session.scalars(
                    select(Schedule)
                    .where(self._pending(member_id), Schedule.guild_id == guild_id)
                    .order_by(Schedule.run_at, Schedule.id)
                )
            ).all()
        return [Reminder.from_row(row) for row in rows]

    async def cancel(self, guild_id: int, member_id: int, number: int) -> Reminder:
        """Delete one of the member's pending reminders, by the number their list shows;
        anyone else's is simply not found."""
        mine = {r.number: r for r in await self.pending(guild_id, member_id)}
        if number not in mine:
            raise NotFound(f"You have no pending reminder #{number} here. See /remind list.")
        await self._book.delete(mine[number].id)
        return mine[number]
