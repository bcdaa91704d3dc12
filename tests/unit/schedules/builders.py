"""Builders for the scheduling tests: real services over a real database, a recording poster."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from bot.db.engine import Database
from bot.knowledge.model import Takeaway
from bot.services.schedules.book import Kind, NewSchedule, ScheduleBook, ScheduleInfo
from bot.services.schedules.delivery import PostFailed, TakeawayService
from bot.services.schedules.recurrence import Recurrence, parse_days
from bot.services.schedules.rotation import TakeawayRotationService
from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock

GUILD = 100
CHANNEL = 200
MENTOR = 300

_topics = TopicService(ROOT / "content", FixedClock())
_topics.load()
LIBRARY = _topics.library


class RecordingPoster:
    """Stands in for Discord: records every post, or refuses with the queued failures.

    `answers_lost` posts are made and then reported as a 5xx, as Discord sometimes does.
    """

    def __init__(self) -> None:
        self.posts: list[tuple[int, str]] = []
        self.failures: list[PostFailed] = []
        self.answers_lost = 0
        self._slots: dict[int, int] = {}  # slot id -> message id

    async def post_takeaway(self, channel_id: int, takeaway: Takeaway, slot_id: int) -> int:
        return self._record(channel_id, takeaway.id, slot_id)

    async def post_announcement(self, channel_id: int, text: str, slot_id: int) -> int:
        return self._record(channel_id, text, slot_id)

    async def find_post(self, channel_id: int, slot_id: int) -> int | None:
        return self._slots.get(slot_id)

    async def post_reminder(self, channel_id: int, member_id: int, text: str, slot_id: int) -> int:
        return self._record(channel_id, f"<@{member_id}> {text}", slot_id)

    async def post_nudge(
        self, channel_id: int, text: str, ping_user_ids: tuple[int, ...], subject: str,
        slot_id: int,
    ) -> int:  # fmt: skip
        archived = " (archived)" if subject.startswith("qa-archive:") else ""
        return self._record(channel_id, f"{sorted(ping_user_ids)} {text}{archived}", slot_id)

    def _record(self, channel_id: int, what: str, slot_id: int) -> int:
        if self.failures:
            raise self.failures.pop(0)
        self.posts.append((channel_id, what))
        self._slots[slot_id] = len(self.posts)
        if self.answers_lost:
            self.answers_lost -= 1
            raise PostFailed("Discord error 502", outcome_unknown=True)
        return len(self.posts)


def make_service(
    db: Database, clock: FixedClock, catchup_minutes: int = 60
) -> tuple[TakeawayService, RecordingPoster]:
    service = TakeawayService(
        db.sessions,
        ScheduleBook(db.sessions, clock),
        TakeawayRotationService(db.sessions, lambda: LIBRARY),
        catchup=timedelta(minutes=catchup_minutes),
    )
    poster = RecordingPoster()
    service.poster = poster
    return service, poster


async def daily_takeaways(
    service: TakeawayService, at: str = "09:00", zone: str = "UTC", guild: int = GUILD
) -> ScheduleInfo:
    hour, minute = (int(p) for p in at.split(":"))
    return await service.book.create(
        NewSchedule(
            kind=Kind.TAKEAWAY,
            guild_id=guild,
            channel_id=CHANNEL,
            created_by=MENTOR,
            timezone=zone,
            recurrence=Recurrence(time(hour, minute), parse_days("daily"), zone),
        )
    )


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)
