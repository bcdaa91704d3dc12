"""The nudge sweep: finds stalled work and registers each nudge once in the ledger.

A nudge is registered as a one-off `nudge` schedule whose `subject` names it
("qa-helpers:<thread id>"), with INSERT ... ON CONFLICT DO NOTHING: however many processes
sweep, one registers it, and only that one moves the helpers' "last nudged" on. Delivery is
then the schedule ledger's (`run_due`): one slot claimed, retried, caught up or skipped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import HelperSignup, Schedule
from bot.knowledge.model import Category
from bot.services.guild_settings import GuildSettingsService
from bot.services.nudges.api_work import QuietClaim, newly_ready, quiet_claims
from bot.services.nudges.delays import STALE_AFTER, NudgeDelays, delays_of
from bot.services.nudges.questions import OpenQuestion, open_questions
from bot.services.nudges.subjects import ARCHIVE, HELPERS, MARK, READY, RELEASE, STALE, subject
from bot.services.nudges.texts import (
    archive_note,
    duration_text,
    helper_nudge_text,
    mark_nudge_text,
    ready_text,
    released_text,
    stale_claim_text,
)
from bot.services.schedules.book import Kind

MAX_HELPERS = 5
RELEASE_AFTER = timedelta(days=2)  # after the stale-claim nudge, with still no change
# ApiRequestService.release_quiet(guild_id, number, revision, note) -> released?
Release = Callable[[int, int, int, str], Awaitable[bool]]


class Membership(Protocol):
    """Who is still in the server, asked of Discord (the cog layer implements it).

    Nexus has no Server Members intent, so nobody tells it when a helper leaves."""

    async def departed(self, guild_id: int, user_ids: Sequence[int]) -> set[int]:
        """Those of `user_ids` Discord says are not members (404 Unknown Member); one it
        could not ask about counts as present."""
        ...


@dataclass(frozen=True)
class DueNudge:
    """One nudge that stalled work calls for, and when."""

    subject: str  # its identity, e.g. "qa-mark:<thread id>"
    guild_id: int
    channel_id: int  # the thread it is posted in
    waiting_since: datetime
    due_at: datetime
    pings: tuple[int, ...] = ()  # fixed pings; helper nudges choose theirs when registered
    text: str = ""
    helpers_of: Category | None = None  # set for helper nudges
    asker_id: int = 0
    release_of: tuple[int, int] | None = None  # (number, revision) of a claim to release


def _claim_nudges(c: QuietClaim, stale_after: timedelta | None) -> list[DueNudge]:
    """A nudge to the claimer after `stale_after`, and the claim released RELEASE_AFTER
    later, both about this revision only (any change makes them moot)."""
    if stale_after is None:
        return []
    released_at = c.updated_at + stale_after + RELEASE_AFTER
    return [
        DueNudge(
            subject(STALE, c.request_id, c.revision), c.guild_id, c.thread_id, c.updated_at,
            c.updated_at + stale_after, (c.claimer_id,),
            stale_claim_text(c.claimer_id, c.number, stale_after),
        ),
        DueNudge(
            subject(RELEASE, c.request_id, c.revision), c.guild_id, c.thread_id, c.updated_at,
            released_at, (), released_text(c.claimer_id, c.number, released_at - c.updated_at),
            release_of=(c.number, c.revision),
        ),
    ]  # fmt: skip


class NudgeSweep:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        guild_settings: GuildSettingsService,
        category_of: Callable[[str], Category | None],
        catchup: timedelta,
        release: Release | None = None,
    ) -> None:
        self._release = release
        self._sessions = sessions
        self._guild_settings = guild_settings
        self._category_of = category_of
        self._catchup = catchup
        self.members: Membership | None = None

    async def delays(self, guild_id: int) -> NudgeDelays:
        """The guild's nudge delays; None for a nudge it turned off."""
        return delays_of(await self._guild_settings.get(guild_id))

    async def unanswered_after(self, guild_id: int) -> timedelta | None:
        return (await self.delays(guild_id)).unanswered_after

    async def due_nudges(self, now: datetime) -> list[DueNudge]:
        """Every nudge stalled work calls for, with its due instant (some still to come)."""
        async with self._sessions() as session:
            questions = await open_questions(session, now)
            claims = await quiet_claims(session, now - STALE_AFTER.low_delta)
            ready = await newly_ready(session, now - self._catchup)
        delays: dict[int, NudgeDelays] = {}
        for guild_id in {q.guild_id for q in questions} | {c.guild_id for c in claims}:
            delays[guild_id] = await self.delays(guild_id)
        found: list[DueNudge] = []
        for q in questions:
            found.extend(self._question_nudges(q, delays[q.guild_id]))
        for c in claims:
            found.extend(_claim_nudges(c, delays[c.guild_id].stale_after))
        for r in ready:
            found.append(DueNudge(
                subject(READY, r.event_id), r.guild_id, r.thread_id, r.ready_at, r.ready_at,
                (r.requester_id,), ready_text(r.requester_id, r.number),
            ))  # fmt: skip
        return found

    def _question_nudges(self, q: OpenQuestion, wait: NudgeDelays) -> list[DueNudge]:
        found: list[DueNudge] = []
        category = self._category_of(q.topic_slug or "")
        if not q.solved and not q.others_replied and wait.unanswered_after and category:
            found.append(DueNudge(
                subject(HELPERS, q.thread_id), q.guild_id, q.thread_id, q.asked_at,
                q.asked_at + wait.unanswered_after, helpers_of=category, asker_id=q.asker_id,
            ))  # fmt: skip
        if not q.solved and q.others_replied and wait.mark_after:
            found.append(DueNudge(
                subject(MARK, q.thread_id), q.guild_id, q.thread_id, q.last_activity,
                q.last_activity + wait.mark_after, (q.asker_id,),
                mark_nudge_text(q.asker_id, wait.mark_after),
            ))  # fmt: skip
        if wait.archive_after:  # reopened and quiet again: a new subject, archived again
            quiet_since = int(q.last_activity.timestamp())
            found.append(DueNudge(
                subject(ARCHIVE, q.thread_id, quiet_since), q.guild_id, q.thread_id,
                q.last_activity, q.last_activity + wait.archive_after, (),
                archive_note(wait.archive_after),
            ))  # fmt: skip
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
        helpers: list[int] = []
        if nudge.helpers_of is not None:
            if await self._registered(nudge.subject):
                return None  # asked nobody: Discord is not asked again every minute
            # Asked of Discord before the transaction: no write waits on the network.
            helpers = await self._present_helpers(nudge, nudge.helpers_of)
        async with self._sessions.begin() as session:
            if await session.scalar(select(Schedule.id).where(Schedule.subject == nudge.subject)):
                return None
            pings, text = list(nudge.pings), nudge.text
            if nudge.release_of is not None:
                if self._release is None:
                    return None
                number, revision = nudge.release_of
                quiet = duration_text(nudge.due_at - nudge.waiting_since)
                note = f"released by Nexus: no change for {quiet}"
                if not await self._release(nudge.guild_id, number, revision, note):
                    return None  # it changed, or another process released it first
            if nudge.helpers_of is not None:
                pings = helpers
                text = helper_nudge_text(
                    pings, nudge.helpers_of, nudge.due_at - nudge.waiting_since
                )
            if nudge.helpers_of is not None and not pings:
                return None  # nobody to ask (an archive note pings nobody, on purpose)
            nudge_id = await _insert_nudge(session, nudge, text, pings)
            if nudge_id is not None and nudge.helpers_of is not None:
                await session.execute(
                    update(HelperSignup)
                    .where(HelperSignup.guild_id == nudge.guild_id,
                           HelperSignup.category == nudge.helpers_of.value,
                           HelperSignup.user_id.in_(pings))
                    .values(last_nudged_at=now)
                )  # fmt: skip
        return nudge_id

    async def _registered(self, name: str) -> bool:
        async with self._sessions() as session:
            found = await session.scalar(select(Schedule.id).where(Schedule.subject == name))
        return found is not None

    async def _present_helpers(self, nudge: DueNudge, category: Category) -> list[int]:
        """The helpers to ping, each confirmed still in the server; the sign-ups of those
        who left are dropped (every category: they left the server)."""
        while True:
            async with self._sessions() as session:
                chosen = await self._helpers(session, nudge, category)
            gone = await self.members.departed(nudge.guild_id, chosen) if self.members else set()
            gone &= set(chosen)  # each round drops someone, so the loop ends
            if not gone:
                return chosen
            async with self._sessions.begin() as session:
                await session.execute(
                    delete(HelperSignup).where(
                        HelperSignup.guild_id == nudge.guild_id, HelperSignup.user_id.in_(gone)
                    )
                )

    async def _helpers(
        self, session: AsyncSession, nudge: DueNudge, category: Category
    ) -> list[int]:
        """Up to MAX_HELPERS of the category, least recently nudged first, never the asker."""
        return list(
            (
                await session.scalars(
                    select(HelperSignup.user_id)
                    .where(HelperSignup.guild_id == nudge.guild_id,
                           HelperSignup.category == category.value,
                           HelperSignup.user_id != nudge.asker_id)
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
            guild_id=nudge.guild_id, kind=Kind.NUDGE.value, channel_id=nudge.channel_id,
            timezone="UTC", run_at=nudge.due_at, message=text, paused=False,
            consecutive_failures=0, created_by=0,
            # The nudge exists from when the wait began (a moment earlier for one due at
            # once): the ledger takes a one-off's slot only after the row's creation.
            created_at=min(nudge.waiting_since, nudge.due_at - timedelta(seconds=1)),
            subject=nudge.subject, ping_user_ids=",".join(str(i) for i in pings),
        )
        .on_conflict_do_nothing(index_elements=["subject"])
        .returning(Schedule.id)
    )  # fmt: skip
    return int(nudge_id) if nudge_id is not None else None
