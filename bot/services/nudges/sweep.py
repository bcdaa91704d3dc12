"""The nudge sweep: finds stalled questions and registers each nudge once in the ledger.

A nudge is registered as a one-off `nudge` schedule whose `subject` names it
("qa-helpers:<thread id>"), with INSERT ... ON CONFLICT DO NOTHING: however many processes
sweep, one registers it, and only that one moves the helpers' "last nudged" on. Delivery is
then the schedule ledger's (`run_due`): one slot claimed, retried, caught up or skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import HelperSignup, QAMessage, QAThread, Schedule
from bot.errors import ValidationError
from bot.knowledge.model import Category
from bot.services.guild_settings import GuildSettingsService
from bot.services.schedules.book import Kind

DEFAULT_UNANSWERED_AFTER = timedelta(hours=2)
UNANSWERED_RANGE = (15, 7 * 24 * 60)  # minutes; 0 turns the nudge off
MAX_HELPERS = 5
LOOK_BACK = timedelta(days=8)  # longer than the longest delay plus the catch-up window


@dataclass(frozen=True)
class StalledQuestion:
    thread_id: int
    guild_id: int
    asker_id: int
    category: Category
    asked_at: datetime
    due_at: datetime


def duration_text(delay: timedelta) -> str:
    minutes = int(delay.total_seconds() // 60)
    if minutes % 1440 == 0:
        return f"{minutes // 1440} day{'s' if minutes != 1440 else ''}"
    if minutes % 60 == 0:
        return f"{minutes // 60} hour{'s' if minutes != 60 else ''}"
    return f"{minutes} minutes"


def helper_nudge_text(helper_ids: list[int], category: Category, delay: timedelta) -> str:
    mentions = " ".join(f"<@{i}>" for i in helper_ids)
    return (
        f"👋 {mentions}: this **{category.label}** question has had no reply for "
        f"{duration_text(delay)}. Can you help? (You get these because you joined with "
        "`/helpers join`; `/helpers leave` stops them.)"
    )


def check_unanswered_after(minutes: int) -> int:
    """A delay a server may choose: 0 (off) or within UNANSWERED_RANGE minutes."""
    low, high = UNANSWERED_RANGE
    if minutes != 0 and not low <= minutes <= high:
        raise ValidationError(
            f"unanswered_after must be between {low} and {high:,} minutes (7 days), "
            "or 0 to turn that nudge off."
        )
    return minutes


class NudgeSweep:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        guild_settings: GuildSettingsService,
        category_of: Callable[[str], Category | None],
        catchup: timedelta,
    ) -> None:
        self._sessions = sessions
        self._guild_settings = guild_settings
        self._category_of = category_of
        self._catchup = catchup

    async def unanswered_after(self, guild_id: int) -> timedelta | None:
        """The guild's delay before helpers are pinged; None when that nudge is off."""
        minutes = (await self._guild_settings.get(guild_id)).unanswered_after
        if minutes is None:
            return DEFAULT_UNANSWERED_AFTER
        return timedelta(minutes=minutes) if minutes > 0 else None

    async def stalled_questions(self, now: datetime) -> list[StalledQuestion]:
        """Open questions with a topic and no reply from anyone but the asker, with their due
        instants (some may still be to come)."""
        replied = (
            select(QAMessage.message_id)
            .where(QAMessage.thread_id == QAThread.thread_id)
            .where(QAMessage.author_id != QAThread.asker_id)
            .exists()
        )
        async with self._sessions() as session:
            rows = (
                await session.execute(
                    select(QAThread.thread_id, QAThread.guild_id, QAThread.asker_id,
                           QAThread.topic_slug, QAThread.created_at)
                    .where(QAThread.topic_slug.is_not(None), QAThread.solved_at.is_(None),
                           QAThread.closed_at.is_(None), QAThread.created_at > now - LOOK_BACK,
                           ~replied)
                )
            ).all()  # fmt: skip
        delays: dict[int, timedelta | None] = {}
        found: list[StalledQuestion] = []
        for thread_id, guild_id, asker_id, slug, created_at in rows:
            if guild_id not in delays:
                delays[guild_id] = await self.unanswered_after(guild_id)
            delay, category = delays[guild_id], self._category_of(slug or "")
            if delay is not None and category is not None:
                found.append(
                    StalledQuestion(
                        thread_id, guild_id, asker_id, category, created_at, created_at + delay
                    )
                )
        return found

    async def next_due_after(self, now: datetime) -> datetime | None:
        due = [q.due_at for q in await self.stalled_questions(now) if q.due_at > now]
        return min(due, default=None)

    async def register_due(self, now: datetime) -> list[int]:
        """Register every helper nudge due at `now` (within the catch-up window); the ids of
        the nudges this call registered."""
        registered: list[int] = []
        for question in await self.stalled_questions(now):
            if question.due_at > now or now - question.due_at > self._catchup:
                continue  # not yet, or too long ago to be useful (the bot was offline)
            nudge_id = await self._register(question, now)
            if nudge_id is not None:
                registered.append(nudge_id)
        return registered

    async def _register(self, question: StalledQuestion, now: datetime) -> int | None:
        subject = f"qa-helpers:{question.thread_id}"
        async with self._sessions.begin() as session:
            if await session.scalar(select(Schedule.id).where(Schedule.subject == subject)):
                return None
            helpers = list(
                (
                    await session.scalars(
                        select(HelperSignup.user_id)
                        .where(HelperSignup.guild_id == question.guild_id,
                               HelperSignup.category == question.category.value,
                               HelperSignup.user_id != question.asker_id)
                        .order_by(HelperSignup.last_nudged_at.is_(None).desc(),
                                  HelperSignup.last_nudged_at, HelperSignup.joined_at)
                        .limit(MAX_HELPERS)
                    )
                ).all()
            )  # fmt: skip
            if not helpers:
                return None
            delay = question.due_at - question.asked_at
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            nudge_id = await session.scalar(
                dialect.insert(Schedule)
                .values(
                    guild_id=question.guild_id, kind=Kind.NUDGE.value,
                    channel_id=question.thread_id, timezone="UTC", run_at=question.due_at,
                    message=helper_nudge_text(helpers, question.category, delay),
                    paused=False, consecutive_failures=0, created_by=0,
                    # The nudge exists from the question on: the ledger's one-off rule
                    # handles a slot after the row's creation.
                    created_at=question.asked_at, subject=subject,
                    ping_user_ids=",".join(str(i) for i in helpers),
                )
                .on_conflict_do_nothing(index_elements=["subject"])
                .returning(Schedule.id)
            )  # fmt: skip
            if nudge_id is None:
                return None  # another process registered it first
            await session.execute(
                update(HelperSignup)
                .where(HelperSignup.guild_id == question.guild_id,
                       HelperSignup.category == question.category.value,
                       HelperSignup.user_id.in_(helpers))
                .values(last_nudged_at=now)
            )  # fmt: skip
        return int(nudge_id)
