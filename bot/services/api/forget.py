"""API requests of a member who used `/qa forget-me`: kept, but no longer naming them.

Requests stay because other members' work hangs on them (a backend built to a contract, a
frontend waiting on a claim). What was the member's is taken out: their id as requester,
claimer, actor of a change or author of a contract version becomes a placeholder, the notes
they wrote on changes and contract versions are deleted, and claims they were still
building go back to open so that someone else can take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ApiContractRow
from bot.services.api import store
from bot.services.api.queries import EVENTS, REQUESTS
from bot.services.api.status import NEXUS_ACTOR_ID, QUIET_RELEASABLE, ApiStatus
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID

RELEASE_NOTE = "Released: the claimer asked Nexus to forget them."


@dataclass(frozen=True)
class ApiForgetCounts:
    requests: int  # requests that named the member as requester or claimer
    events: int  # changes the member made
    contracts: int  # contract versions the member wrote
    released: int  # claims still being built, now open again

    @property
    def total(self) -> int:
        return self.requests + self.events + self.contracts


async def forget_member(session: AsyncSession, user_id: int, now: datetime) -> ApiForgetCounts:
    """Take the member out of every API request, in the caller's transaction."""
    requests = await session.execute(
        select(REQUESTS.c.id).where(
            or_(REQUESTS.c.requester_id == user_id, REQUESTS.c.claimer_id == user_id)
        )
    )
    named = len(requests.all())
    released = await _release_claims(session, user_id, now)
    for column in (REQUESTS.c.requester_id, REQUESTS.c.claimer_id):
        await session.execute(
            update(REQUESTS).where(column == user_id).values({column: FORGOTTEN_MEMBER_ID})
        )
    events: Any = await session.execute(
        update(EVENTS)
        .where(EVENTS.c.actor_id == user_id)
        .values(actor_id=FORGOTTEN_MEMBER_ID, note=None)
    )
    contracts: Any = await session.execute(
        update(ApiContractRow)
        .where(ApiContractRow.author_id == user_id)
        .values(author_id=FORGOTTEN_MEMBER_ID, notes=None)
    )
    return ApiForgetCounts(named, int(events.rowcount), int(contracts.rowcount), released)


async def _release_claims(session: AsyncSession, user_id: int, now: datetime) -> int:
    """Claims still being built go back to open, as Nexus, with the tallies kept in step."""
    active = (
        await session.execute(
            select(REQUESTS.c.id, REQUESTS.c.guild_id, REQUESTS.c.status, REQUESTS.c.revision)
            .where(REQUESTS.c.claimer_id == user_id, REQUESTS.c.status.in_(QUIET_RELEASABLE))
        )
    ).all()  # fmt: skip
    released = 0
    for request_id, guild_id, status, revision in active:
        result: Any = await session.execute(
            update(REQUESTS)
            .where(REQUESTS.c.id == request_id, REQUESTS.c.revision == revision)
            .values(status=ApiStatus.OPEN, claimer_id=None, revision=revision + 1, updated_at=now)
        )
        if not result.rowcount:
            continue  # changed meanwhile: its claimer is anonymised below instead
        before = ApiStatus(status)
        await store.move_tally(session, guild_id, before, ApiStatus.OPEN)
        await store.add_event(
            session, request_id, NEXUS_ACTOR_ID, before, ApiStatus.OPEN, RELEASE_NOTE, now
        )
        released += 1
    return released
