"""The domain types of schedules: what a schedule is, as the services hand it out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from bot.db.models import Schedule
from bot.services.schedules.recurrence import Recurrence, parse_days, parse_time

FAILING_AFTER = 3


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
    number: int = 0  # what members see and type, per server (0: a nudge, never typed)

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
            number=row.number,
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
