"""The statements that write API requests; each runs inside the caller's transaction.

Every write that adds, removes or moves a request also adjusts the guild's tally row in the
same transaction, so the tally always equals a count of the requests.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Insert, bindparam, delete, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.api_requests import tally_column
from bot.services.api.drafts import RequestDraft
from bot.services.api.model import AnyRow, ApiRequest, ThreadRef
from bot.services.api.queries import EVENTS, REQUESTS, SETTINGS, TALLIES
from bot.services.api.status import ApiStatus
from bot.services.publishing.versions import bump_all_published, bump_published
from bot.services.stored_ids import can_exist

# Creation is the busiest write: its statements are built once, with bind parameters, and
# only their values change per call (building and keying them cost more than running them).
_THREAD_OF = update(REQUESTS).where(REQUESTS.c.id == bindparam("request_id"))
_INSERT_REQUEST = insert(REQUESTS).returning(*REQUESTS.c)


@lru_cache(maxsize=2)
def _number_reservation(dialect_name: str) -> Insert:
    """Upsert the guild's tally (one more number, one more open request), returning the
    new number and the guild's API channel, read in the same statement."""
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    open_count = TALLIES.c[tally_column(ApiStatus.OPEN)]
    guild_id = bindparam("guild_id", type_=TALLIES.c.guild_id.type)
    api_channel = (
        select(SETTINGS.c.api_channel_id).where(SETTINGS.c.guild_id == guild_id).scalar_subquery()
    )
    statement: Insert = (
        dialect.insert(TALLIES)
        .values(guild_id=guild_id, last_number=1, **{open_count.name: 1})
        .on_conflict_do_update(
            index_elements=["guild_id"],
            set_={"last_number": TALLIES.c.last_number + 1, open_count.name: open_count + 1},
        )
        .returning(TALLIES.c.last_number, api_channel)
    )
    return statement


async def reserve_number(session: AsyncSession, guild_id: int) -> tuple[int, int | None]:
    """The guild's next request number, counted atomically with one more open request, and
    the guild's API channel."""
    statement = _number_reservation(session.get_bind().dialect.name)
    number, channel_id = (await session.execute(statement, {"guild_id": guild_id})).one()
    return int(number), channel_id


async def insert_request(
    session: AsyncSession, guild_id: int, requester_id: int, draft: RequestDraft, now: datetime
) -> tuple[ApiRequest, int | None]:
    """Insert an open request, and say where its thread goes (the guild's API channel, or
    None). An `IntegrityError` means the endpoint is already asked for."""
    number, channel_id = await reserve_number(session, guild_id)
    values = {
        "guild_id": guild_id,
        "number": number,
        "method": draft.method,
        "path": draft.path.value,
        "path_shape": draft.path.shape,
        "summary": draft.summary,
        "details": draft.details,
        "requester_id": requester_id,
        "status": ApiStatus.OPEN,
        "revision": 0,
        "created_at": now,
        "updated_at": now,
    }
    row = (await session.execute(_INSERT_REQUEST, values)).one()
    await bump_published(session, guild_id)  # the board and its pages show requests
    # No event row for the creation itself: the request row already says who asked and
    # when, and the history shows it first (one statement less on the busiest write).
    return ApiRequest.from_row(row), channel_id


async def set_thread(session: AsyncSession, request: ApiRequest, ref: ThreadRef) -> ApiRequest:
    values = {
        "request_id": request.id,
        "thread_id": ref.thread_id,
        "card_message_id": ref.card_message_id,
    }
    await session.execute(_THREAD_OF, values)
    await bump_published(session, request.guild_id)
    return replace(request, thread_id=ref.thread_id, card_message_id=ref.card_message_id)


async def discard_unthreaded(
    session: AsyncSession, request: ApiRequest, *, give_back: bool
) -> None:
    """Delete a request that never got its thread (bumping its guild's pages).

    Its number is given back (if still the last) only when `give_back`: when Discord
    certainly made no thread. A thread that exists carries buttons with the number
    (`nexus:api:claim:N`): were the number reused, they would act on another request.
    """
    # RETURNING the status: someone may have claimed it while its thread was being opened.
    status = (
        await session.execute(
            delete(REQUESTS)
            .where(REQUESTS.c.id == request.id, REQUESTS.c.thread_id.is_(None))
            .returning(REQUESTS.c.status)
        )
    ).scalar_one_or_none()
    if status is None:
        return
    await bump_published(session, request.guild_id)
    count = TALLIES.c[tally_column(ApiStatus(status))]
    await session.execute(
        update(TALLIES).where(TALLIES.c.guild_id == request.guild_id).values({count: count - 1})
    )
    if not give_back:
        return
    await session.execute(
        update(TALLIES)
        .where(TALLIES.c.guild_id == request.guild_id, TALLIES.c.last_number == request.number)
        .values(last_number=request.number - 1)
    )


async def discard_all_unthreaded(session: AsyncSession) -> int:
    """Delete every request without a thread (creations cut short) and recount tallies."""
    result = await session.execute(delete(REQUESTS).where(REQUESTS.c.thread_id.is_(None)))
    removed = int(getattr(result, "rowcount", 0) or 0)
    if removed:
        await recount(session)
        await bump_all_published(session)  # at start-up: which guilds is not at hand
    return removed


async def recount(session: AsyncSession) -> None:
    """Set every guild's tally from a count of its requests (after bulk changes)."""
    rows = await session.execute(
        select(REQUESTS.c.guild_id, REQUESTS.c.status, func.count()).group_by(
            REQUESTS.c.guild_id, REQUESTS.c.status
        )
    )
    zero = dict.fromkeys(map(tally_column, ApiStatus), 0)
    counts: dict[int, dict[str, int]] = {}
    for guild_id, status, count in rows:
        counts.setdefault(guild_id, dict(zero))[tally_column(ApiStatus(status))] = count
    for guild_id in (await session.scalars(select(TALLIES.c.guild_id))).all():
        values = counts.get(guild_id, zero)
        await session.execute(update(TALLIES).where(TALLIES.c.guild_id == guild_id).values(values))


async def claim_if_open(
    session: AsyncSession, guild_id: int, number: int, user_id: int, now: datetime
) -> AnyRow | None:
    """The one conditional UPDATE that decides a claim: it matches only an open request."""
    if not can_exist(number):
        return None
    row = (
        await session.execute(
            update(REQUESTS)
            .where(
                REQUESTS.c.guild_id == guild_id,
                REQUESTS.c.number == number,
                REQUESTS.c.status == ApiStatus.OPEN,
            )
            .values(
                status=ApiStatus.CLAIMED,
                claimer_id=user_id,
                revision=REQUESTS.c.revision + 1,
                updated_at=now,
            )
            .returning(*REQUESTS.c)
        )
    ).first()
    if row is not None:
        await move_tally(session, guild_id, ApiStatus.OPEN, ApiStatus.CLAIMED)
        await bump_published(session, guild_id)
    return row


async def update_if_revision(
    session: AsyncSession, current: ApiRequest, values: dict[str, Any]
) -> AnyRow | None:
    """Apply `values` only if the request is still at the revision `current` was read at."""
    row = (
        await session.execute(
            update(REQUESTS)
            .where(REQUESTS.c.id == current.id, REQUESTS.c.revision == current.revision)
            .values(**values, revision=current.revision + 1)
            .returning(*REQUESTS.c)
        )
    ).first()
    if row is not None:
        await move_tally(session, current.guild_id, current.status, ApiStatus(row.status))
        await bump_published(session, current.guild_id)
    return row


async def move_tally(
    session: AsyncSession, guild_id: int, from_status: ApiStatus, to_status: ApiStatus
) -> None:
    before, after = TALLIES.c[tally_column(from_status)], TALLIES.c[tally_column(to_status)]
    await session.execute(
        update(TALLIES)
        .where(TALLIES.c.guild_id == guild_id)
        .values({before: before - 1, after: after + 1})
    )


async def add_event(
    session: AsyncSession,
    request_id: int,
    actor_id: int,
    from_status: ApiStatus | None,
    to_status: ApiStatus,
    note: str | None,
    at: datetime,
) -> None:
    await session.execute(
        insert(EVENTS).values(
            request_id=request_id,
            actor_id=actor_id,
            from_status=from_status,
            to_status=to_status,
            note=note,
            created_at=at,
        )
    )


async def guild_settings(session: AsyncSession, guild_id: int) -> tuple[int | None, int | None]:
    """The guild's (API channel id, mentor role id), both None when never set."""
    row = (
        await session.execute(
            select(SETTINGS.c.api_channel_id, SETTINGS.c.mentor_role_id).where(
                SETTINGS.c.guild_id == guild_id
            )
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)
