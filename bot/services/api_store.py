"""The statements that write API requests; each runs inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuildSettings
from bot.db.models.api_requests import (
    ApiRequestCounter,
    ApiRequestEventRow,
    ApiRequestRow,
    ApiStatus,
)
from bot.services.api_drafts import RequestDraft
from bot.services.api_queries import NUMBER_MAX


async def next_number(session: AsyncSession, guild_id: int) -> int:
    """The guild's next request number, counted atomically (concurrent requests never share)."""
    table = cast(Table, ApiRequestCounter.__table__)
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(guild_id=guild_id, last_number=1)
        .on_conflict_do_update(
            index_elements=["guild_id"], set_={"last_number": table.c.last_number + 1}
        )
        .returning(table.c.last_number)
    )
    return int((await session.execute(statement)).scalar_one())


async def insert_request(
    session: AsyncSession, guild_id: int, requester_id: int, draft: RequestDraft, now: datetime
) -> ApiRequestRow:
    row = ApiRequestRow(
        guild_id=guild_id,
        number=await next_number(session, guild_id),
        method=draft.method,
        path=draft.path.value,
        path_shape=draft.path.shape,
        summary=draft.summary,
        details=draft.details,
        requester_id=requester_id,
        status=ApiStatus.OPEN,
        revision=0,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    await session.flush()
    add_event(session, row.id, requester_id, None, ApiStatus.OPEN, None, now)
    return row


async def set_thread(
    session: AsyncSession, request_id: int, thread_id: int, card_message_id: int
) -> ApiRequestRow | None:
    return await session.scalar(
        update(ApiRequestRow)
        .where(ApiRequestRow.id == request_id)
        .values(thread_id=thread_id, card_message_id=card_message_id)
        .returning(ApiRequestRow)
    )


async def delete_unthreaded(session: AsyncSession, request_id: int | None = None) -> int:
    """Delete requests that never got a thread (one, or all); their events go with them."""
    statement = delete(ApiRequestRow).where(ApiRequestRow.thread_id.is_(None))
    if request_id is not None:
        statement = statement.where(ApiRequestRow.id == request_id)
    result = await session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


async def release_number(session: AsyncSession, guild_id: int, number: int) -> None:
    """Give `number` back if it is still the guild's last: a failed creation leaves no gap."""
    await session.execute(
        update(ApiRequestCounter)
        .where(ApiRequestCounter.guild_id == guild_id, ApiRequestCounter.last_number == number)
        .values(last_number=number - 1)
    )


async def claim_if_open(
    session: AsyncSession, guild_id: int, number: int, user_id: int, now: datetime
) -> ApiRequestRow | None:
    """The one conditional UPDATE that decides a claim: it matches only an open request."""
    if not 1 <= number <= NUMBER_MAX:
        return None
    return await session.scalar(
        update(ApiRequestRow)
        .where(
            ApiRequestRow.guild_id == guild_id,
            ApiRequestRow.number == number,
            ApiRequestRow.status == ApiStatus.OPEN,
        )
        .values(
            status=ApiStatus.CLAIMED,
            claimer_id=user_id,
            revision=ApiRequestRow.revision + 1,
            updated_at=now,
        )
        .returning(ApiRequestRow)
    )


async def update_if_revision(
    session: AsyncSession, request_id: int, revision: int, values: dict[str, Any]
) -> ApiRequestRow | None:
    """Apply `values` only if the request is still at `revision` (and bump it)."""
    return await session.scalar(
        update(ApiRequestRow)
        .where(ApiRequestRow.id == request_id, ApiRequestRow.revision == revision)
        .values(**values, revision=revision + 1)
        .returning(ApiRequestRow)
    )


def add_event(
    session: AsyncSession,
    request_id: int,
    actor_id: int,
    from_status: ApiStatus | None,
    to_status: ApiStatus,
    note: str | None,
    at: datetime,
) -> None:
    session.add(
        ApiRequestEventRow(
            request_id=request_id,
            actor_id=actor_id,
            from_status=from_status,
            to_status=to_status,
            note=note,
            created_at=at,
        )
    )


async def mentor_role_id(session: AsyncSession, guild_id: int) -> int | None:
    return await session.scalar(
        select(GuildSettings.mentor_role_id).where(GuildSettings.guild_id == guild_id)
    )
