"""The domain types of study sessions and the Discord side the service talks to."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.db.models import StudySession
from bot.services.schedules.recurrence import Recurrence, parse_days, wall_time


class SessionStatus(StrEnum):
    SCHEDULED = "scheduled"
    ENDED = "ended"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class SessionPlan:
    """A session as asked for, parsed and checked; nothing exists in Discord yet."""

    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    repeat: Recurrence | None = None
    topic: str | None = None
    voice_channel_id: int | None = None
    location: str | None = None


@dataclass(frozen=True)
class Preparation:
    """What learners read before a session on a topic."""

    topic: str
    title: str
    summary: str
    takeaways: tuple[tuple[str, str], ...]  # (title, body)


@dataclass(frozen=True)
class StudySessionInfo:
    id: int
    guild_id: int
    event_id: int
    title: str
    topic: str | None
    voice_channel_id: int | None
    location: str | None
    post_channel_id: int
    message_id: int | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    repeat: Recurrence | None
    status: SessionStatus
    created_by: int
    created_at: datetime
    interested: int = 0
    number: int = 0  # what members see and type, per server (`/session cancel id:2`)

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def event_url(self) -> str:
        return f"https://discord.com/events/{self.guild_id}/{self.event_id}"

    @classmethod
    def from_row(cls, row: StudySession, interested: int = 0) -> StudySessionInfo:
        repeat = None
        if row.repeat_days is not None:
            at = wall_time(row.starts_at, row.timezone)
            repeat = Recurrence(at, parse_days(row.repeat_days), row.timezone)
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            event_id=row.event_id,
            title=row.title,
            topic=row.topic,
            voice_channel_id=row.voice_channel_id,
            location=row.location,
            post_channel_id=row.post_channel_id,
            message_id=row.message_id,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            timezone=row.timezone,
            repeat=repeat,
            status=SessionStatus(row.status),
            created_by=row.created_by,
            created_at=row.created_at,
            interested=interested,
            number=row.number,
        )


class EventStatus(StrEnum):
    """A session's event as Discord holds it; GONE: Discord no longer has it."""

    SCHEDULED = "scheduled"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    GONE = "gone"


@dataclass(frozen=True)
class EventState:
    """What Discord says of a session's event now: its status and who is interested."""

    status: EventStatus
    interested: tuple[int, ...] = ()


class EventRefused(Exception):
    """Discord refused to create, edit or cancel an event; `reason` is safe to show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class SessionDiscord(Protocol):
    """What the session service needs from Discord; the cog layer implements it.

    Event calls raise `EventRefused`; posts raise `PostFailed` (the schedules' exception).
    """

    async def create_event(self, guild_id: int, plan: SessionPlan, description: str) -> int: ...

    async def edit_event(self, guild_id: int, event_id: int, plan: SessionPlan) -> None: ...

    async def cancel_event(self, guild_id: int, event_id: int) -> None: ...

    async def post_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> int: ...

    async def refresh_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> None: ...

    async def start_event(self, guild_id: int, event_id: int) -> EventStatus:
        """Start a voice or stage event (Discord starts only external ones by itself); its
        status after: ACTIVE once it runs, whoever started it."""
        ...

    async def members_in_voice(self, guild_id: int, channel_id: int) -> list[int]:
        """Who (not a bot) is in the channel now, from the voice states Discord sent."""
        ...

    async def event_state(self, guild_id: int, event_id: int) -> EventState: ...

    async def post_reminder(
        self, session: StudySessionInfo, lead: str, user_ids: list[int], key: str
    ) -> int:
        """One message of a reminder, pinging exactly `user_ids` (at most 50); `key` names
        the message so that a repeat of the same send is recognised."""
        ...

    async def find_reminder(self, session: StudySessionInfo, key: str) -> int | None:
        """The message `post_reminder` made for `key`, if Discord made it though its answer
        was lost; raises `PostFailed` when that can't be known."""
        ...

    async def post_notice(self, session: StudySessionInfo, text: str) -> int:
        """A plain line in the session's channel, pinging nobody."""
        ...
