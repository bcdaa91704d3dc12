"""Real session services over a real database, with a recording stand-in for Discord."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from bot.db.engine import Database
from bot.services.sessions.model import (
    EventRefused,
    EventState,
    EventStatus,
    Preparation,
    SessionPlan,
    StudySessionInfo,
)
from bot.services.sessions.planning import plan_session
from bot.services.sessions.presence import SessionPresence
from bot.services.sessions.reminders import SessionReminders
from bot.services.sessions.running import SessionRuns
from bot.services.sessions.service import SessionService
from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock

GUILD = 100
CHANNEL = 200
ROOM = 250
MENTOR = 300
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

_topics = TopicService(ROOT / "content", FixedClock())
_topics.load()


class RecordingDiscord:
    """Stands in for Discord: events by id, posts in order, refusals queued by the test."""

    def __init__(self) -> None:
        self.events: dict[int, SessionPlan] = {}
        self.cancelled: list[int] = []
        self.announcements: list[tuple[int, Preparation | None]] = []
        self.reminders: list[tuple[int, str, list[int]]] = []
        self.refreshed: list[tuple[int, str, str]] = []
        self.refuse: EventRefused | None = None
        self.refusals: list[EventRefused] = []  # refuse the next creations, one each
        self.statuses: dict[int, EventStatus] = {}  # as Discord holds them
        self.interested: dict[int, tuple[int, ...]] = {}
        self.in_voice: dict[int, list[int]] = {}  # channel id: members there
        self.started: list[int] = []
        self.notices: list[tuple[int, str]] = []
        self.post_failures: list[Exception] = []
        self._ids = itertools.count(9000)

    def _check(self) -> None:
        if self.refuse is not None:
            raise self.refuse

    async def create_event(self, guild_id: int, plan: SessionPlan, description: str) -> int:
        self._check()
        if self.refusals:
            raise self.refusals.pop(0)
        event_id = next(self._ids)
        self.events[event_id] = plan
        return event_id

    async def edit_event(self, guild_id: int, event_id: int, plan: SessionPlan) -> None:
        self._check()
        self.events[event_id] = plan

    async def cancel_event(self, guild_id: int, event_id: int) -> None:
        self._check()
        self.cancelled.append(event_id)

    async def post_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> int:
        if self.post_failures:
            raise self.post_failures.pop(0)
        self.announcements.append((session.id, preparation))
        return len(self.announcements)

    async def refresh_announcement(
        self, session: StudySessionInfo, preparation: Preparation | None
    ) -> None:
        self.refreshed.append((session.id, session.status.value, session.title))

    async def post_reminder(
        self, session: StudySessionInfo, lead: str, user_ids: list[int], key: str
    ) -> int:
        if self.post_failures:
            raise self.post_failures.pop(0)
        self.reminders.append((session.id, lead, user_ids))
        return len(self.reminders)

    async def find_reminder(self, session: StudySessionInfo, key: str) -> int | None:
        return None

    async def post_notice(self, session: StudySessionInfo, text: str) -> int:
        self.notices.append((session.id, text))
        return len(self.notices)

    async def start_event(self, guild_id: int, event_id: int) -> EventStatus:
        self._check()
        status = self.statuses.get(event_id, EventStatus.SCHEDULED)
        if status is EventStatus.SCHEDULED:
            self.started.append(event_id)
            status = self.statuses[event_id] = EventStatus.ACTIVE
        return status

    async def members_in_voice(self, guild_id: int, channel_id: int) -> list[int]:
        return list(self.in_voice.get(channel_id, []))

    async def event_state(self, guild_id: int, event_id: int) -> EventState:
        self._check()
        status = self.statuses.get(event_id, EventStatus.SCHEDULED)
        return EventState(status, self.interested.get(event_id, ()))


class Sessions:
    """The three session services wired like the container does."""

    def __init__(self, db: Database, clock: FixedClock) -> None:
        self.clock = clock
        self.discord = RecordingDiscord()
        self.service = SessionService(db.sessions, clock, _topics)
        self.service.discord = self.discord
        self.presence = SessionPresence(db.sessions)
        self.runs = SessionRuns(db.sessions, self.service, self.presence)
        self.reminders = SessionReminders(
            db.sessions, self.service, self.presence, timedelta(minutes=60), self.runs
        )

    async def schedule(self, when: str = "2026-03-03 18:00", **options: object) -> StudySessionInfo:
        options.setdefault("voice_channel_id", ROOM)
        plan = plan_session(
            title=str(options.pop("title", "Office hours")),
            when=when,
            now=self.clock(),
            timezone=str(options.pop("timezone", "UTC")),
            **options,  # type: ignore[arg-type]
        )
        return await self.service.schedule(GUILD, MENTOR, CHANNEL, plan)
