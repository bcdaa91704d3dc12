"""API requests that call for a nudge: claims gone quiet, requests that reached `ready`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ApiRequestEventRow, ApiRequestRow
from bot.services.api.status import ApiStatus
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID

ACTIVE = (ApiStatus.CLAIMED.value, ApiStatus.IN_PROGRESS.value)


@dataclass(frozen=True)
class QuietClaim:
    request_id: int
    guild_id: int
    number: int
    thread_id: int
    claimer_id: int
    revision: int  # a later change bumps it: the nudge is about this revision only
    updated_at: datetime


@dataclass(frozen=True)
class ReadyRequest:
    event_id: int
    guild_id: int
    number: int
    thread_id: int
    requester_id: int
    ready_at: datetime


async def quiet_claims(session: AsyncSession, changed_before: datetime) -> list[QuietClaim]:
    """Claimed or in-progress requests with a thread, unchanged since `changed_before`."""
    rows = (
        await session.execute(
            select(ApiRequestRow.id, ApiRequestRow.guild_id, ApiRequestRow.number,
                   ApiRequestRow.thread_id, ApiRequestRow.claimer_id, ApiRequestRow.revision,
                   ApiRequestRow.updated_at)
            .where(ApiRequestRow.status.in_(ACTIVE), ApiRequestRow.thread_id.is_not(None),
                   ApiRequestRow.claimer_id.is_not(None),
                   ApiRequestRow.updated_at <= changed_before)
        )
    ).all()  # fmt: skip
    return [
        QuietClaim(id_, guild, number, thread or 0, claimer or 0, revision, updated)
        for id_, guild, number, thread, claimer, revision, updated in rows
    ]


async def newly_ready(session: AsyncSession, since: datetime) -> list[ReadyRequest]:
    """Moves to `ready` recorded after `since`, with the request's requester and thread."""
    rows = (
        await session.execute(
            select(ApiRequestEventRow.id, ApiRequestRow.guild_id, ApiRequestRow.number,
                   ApiRequestRow.thread_id, ApiRequestRow.requester_id,
                   ApiRequestEventRow.created_at)
            .join(ApiRequestRow, ApiRequestRow.id == ApiRequestEventRow.request_id)
            .where(ApiRequestEventRow.to_status == ApiStatus.READY.value,
                   ApiRequestEventRow.created_at > since,
                   ApiRequestRow.thread_id.is_not(None),
                   # A requester who asked to be forgotten is nobody to ping.
                   ApiRequestRow.requester_id != FORGOTTEN_MEMBER_ID)
        )
    ).all()  # fmt: skip
    return [
        ReadyRequest(event, guild, number, thread or 0, requester, at)
        for event, guild, number, thread, requester, at in rows
    ]
