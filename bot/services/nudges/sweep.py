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

from bot.db.models import HelperSignup, Schedule
from bot.knowledge.model import Category
from bot.services.guild_settings import GuildSettingsService
from bot.services.nudges.delays import NudgeDelays, delays_of
from bot.services.nudges.questions import OpenQuestion, open_questions
from bot.services.nudges.texts import helper_nudge_text, mark_nudge_text
from bot.services.schedules.book import Kind

MAX_HELPERS = 5


@dataclass(frozen=True)
class DueNudge:
    """One nudge a question calls for, and when."""

    kind: str  # "qa-helpers" (ping helpers) or "qa-mark" (remind the asker to mark)
    question: OpenQuestion
    waited: timedelta
    due_at: datetime
    category: Category | None = None

    @property
    def subject(self) -> str:
        return f"{self.kind}:{self.question.thread_id}"


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

    async def delays(self, guild_id: int) -> NudgeDelays:
        """The guild's nudge delays; None for a nudge it turned off."""
        return delays_of(await self._guild_settings.get(guild_id))

    async def unanswered_after(self, guild_id: int) -> timedelta | None:
        return (await self.delays(guild_id)).unanswered_after

    async def due_nudges(self, now: datetime) -> list[DueNudge]:
        """Every nudge open questions call for, with its due instant (some still to come)."""
        async with self._sessions() as session:
            questions = await open_questions(session, now)
        delays: dict[int, NudgeDelays] = {}
        found: list[DueNudge] = []
        for question in questions:
            if question.guild_id not in delays:
                delays[question.guild_id] = await self.delays(question.guild_id)
            chosen = delays[question.guild_id]
            category = self._category_of(question.topic_slug or "")
            if not question.others_replied and chosen.unanswered_after and category:
                wait = chosen.unanswered_after
                found.append(
                    DueNudge("qa-helpers", question, wait, question.asked_at + wait, category)
                )
            if question.others_replied and chosen.mark_after:
                wait = chosen.mark_after
                found.append(DueNudge("qa-mark", question, wait, question.last_activity + wait))
        return found

    async def next_due_after(self, now: datetime) -> datetime | None:
        due = [n.due_at for n in await self.due_nudges(now) if n.due_at > now]
        return min(due, default=None)

    async def register_due(self, now: datetime) -> list[int]:
        """Register every nudge due at `now` (within the catch-up window); the ids of the
        nudges this call registered."""
        registered: list[int] = []
        for nudge in await self.due_nudges(now):
            if nudge.due_at > now or now - nudge.due_at > self._catchup:
                continue  # not yet, or too long ago to be useful (the bot was offline)
            nudge_id = await self._register(nudge, now)
            if nudge_id is not None:
                registered.append(nudge_id)
        return registered

    async def _register(self, nudge: DueNudge, now: datetime) -> int | None:
        question = nudge.question
        async with self._sessions.begin() as session:
            if await session.scalar(select(Schedule.id).where(Schedule.subject == nudge.subject)):
                return None
            if nudge.kind == "qa-mark":
                pings = [question.asker_id]
                text = mark_nudge_text(question.asker_id, nudge.waited)
            else:
                assert nudge.category is not None
                pings = await self._helpers(session, question, nudge.category)
                text = helper_nudge_text(pings, nudge.category, nudge.waited)
            if not pings:
                return None
            nudge_id = await _insert_nudge(session, nudge, text, pings)
            if nudge_id is not None and nudge.kind == "qa-helpers":
                assert nudge.category is not None
                await session.execute(
                    update(HelperSignup)
                    .where(HelperSignup.guild_id == question.guild_id,
                           HelperSignup.category == nudge.category.value,
                           HelperSignup.user_id.in_(pings))
                    .values(last_nudged_at=now)
                )  # fmt: skip
        return nudge_id

    async def _helpers(
        self, session: AsyncSession, question: OpenQuestion, category: Category
    ) -> list[int]:
        """Up to MAX_HELPERS of the category, least recently nudged first, never the asker."""
        return list(
            (
                await session.scalars(
                    select(HelperSignup.user_id)
                    .where(HelperSignup.guild_id == question.guild_id,
                           HelperSignup.category == category.value,
                           HelperSignup.user_id != question.asker_id)
                    .order_by(HelperSignup.last_nudged_at.is_(None).desc(),
                              HelperSignup.last_nudged_at, HelperSignup.joined_at)
                    .limit(MAX_HELPERS)
                )
            ).all()
        )  # fmt: skip


async def _insert_nudge(
    session: AsyncSession, nudge: DueNudge, text: str, pings: list[int]
) -> int | None:
    """The nudge's one-off schedule, or None when another process registered it first."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    nudge_id = await session.scalar(
        dialect.insert(Schedule)
        .values(
            guild_id=nudge.question.guild_id, kind=Kind.NUDGE.value,
            channel_id=nudge.question.thread_id, timezone="UTC", run_at=nudge.due_at,
            message=text, paused=False, consecutive_failures=0, created_by=0,
            # The nudge exists from when the wait began: the ledger takes a one-off's slot
            # only when it falls after the row's creation.
            created_at=nudge.due_at - nudge.waited, subject=nudge.subject,
            ping_user_ids=",".join(str(i) for i in pings),
        )
        .on_conflict_do_nothing(index_elements=["subject"])
        .returning(Schedule.id)
    )  # fmt: skip
    return int(nudge_id) if nudge_id is not None else None
