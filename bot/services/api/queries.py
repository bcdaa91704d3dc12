"""Read-only queries over API requests: one request, pages of them, the board, the export set."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import ColumnElement, Select, Table, bindparam, func, or_, select, text, true
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuildSettings
from bot.db.models.api_requests import (
    NOT_FINAL_SQL,
    ApiRequestEventRow,
    ApiRequestRow,
    ApiRequestTally,
    tally_column,
)
from bot.errors import NotFound
from bot.services.api.contract import ApiContract
from bot.services.api.model import ApiRequest, RequestEvent
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.stored_ids import can_exist

# These hot paths use Core statements on the tables: rows become frozen values at once, so
# the ORM's identity map and change tracking would be pure overhead.
REQUESTS = cast(Table, ApiRequestRow.__table__)
EVENTS = cast(Table, ApiRequestEventRow.__table__)
TALLIES = cast(Table, ApiRequestTally.__table__)
SETTINGS = cast(Table, GuildSettings.__table__)


@dataclass(frozen=True)
class RequestQuery:
    """Filters of `/api list`; None means "any"."""

    status: ApiStatus | None = None
    involving: int | None = None  # requests this member asked for or claimed
    method: HttpMethod | None = None


@dataclass(frozen=True)
class RequestPage:
    items: tuple[ApiRequest, ...]
    page: int
    pages: int
    matching: int
    # Per status, with every filter but the status applied (so a member sees where to look).
    counts: dict[ApiStatus, int]


@dataclass(frozen=True)
class BoardColumn:
    status: ApiStatus
    count: int
    newest: tuple[ApiRequest, ...]


@dataclass(frozen=True)
class Board:
    columns: tuple[BoardColumn, ...]

    @property
    def total(self) -> int:
        return sum(column.count for column in self.columns)


@dataclass(frozen=True)
class RequestDetail:
    request: ApiRequest
    history: tuple[RequestEvent, ...]  # oldest first
    contract: ApiContract | None = None  # the current version


def not_found(number: int) -> NotFound:
    return NotFound(f"There's no API-{number} in this server. `/api list` shows the requests here.")


async def find_request(session: AsyncSession, guild_id: int, number: int) -> ApiRequest | None:
    if not can_exist(number):
        return None
    row = (
        await session.execute(
            select(REQUESTS).where(REQUESTS.c.guild_id == guild_id, REQUESTS.c.number == number)
        )
    ).first()
    return ApiRequest.from_row(row) if row else None


async def find_by_id(session: AsyncSession, request_id: int) -> ApiRequest | None:
    row = (await session.execute(select(REQUESTS).where(REQUESTS.c.id == request_id))).first()
    return ApiRequest.from_row(row) if row else None


async def require(session: AsyncSession, guild_id: int, number: int) -> ApiRequest:
    request = await find_request(session, guild_id, number)
    if request is None:
        raise not_found(number)
    return request


async def open_request_for(
    session: AsyncSession, guild_id: int, method: HttpMethod, path_shape: str
) -> ApiRequest | None:
    """The request that is not final for the same endpoint, if there is one."""
    row = (
        await session.execute(
            select(REQUESTS).where(
                REQUESTS.c.guild_id == guild_id,
                REQUESTS.c.method == method,
                REQUESTS.c.path_shape == path_shape,
                text(NOT_FINAL_SQL),
            )
        )
    ).first()
    return ApiRequest.from_row(row) if row else None


async def detail(session: AsyncSession, guild_id: int, number: int, history: int) -> RequestDetail:
    """The request and its latest `history` entries, oldest first; the creation itself comes
    first when it is among them (it is read from the request, not stored as an event)."""
    request = await require(session, guild_id, number)
    rows = await session.execute(
        select(EVENTS)
        .where(EVENTS.c.request_id == request.id)
        .order_by(EVENTS.c.id.desc())
        .limit(history)
    )
    events = [RequestEvent.from_row(row) for row in rows][::-1]
    if len(events) < history:
        created = RequestEvent(request.requester_id, None, ApiStatus.OPEN, None, request.created_at)
        events.insert(0, created)
    return RequestDetail(request, tuple(events))


def _filters(guild_id: int, query: RequestQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [REQUESTS.c.guild_id == guild_id]
    if query.involving is not None:
        conditions.append(
            or_(
                REQUESTS.c.requester_id == query.involving,
                REQUESTS.c.claimer_id == query.involving,
            )
        )
    if query.method is not None:
        conditions.append(REQUESTS.c.method == query.method)
    return conditions


async def status_counts(
    session: AsyncSession, conditions: list[ColumnElement[bool]]
) -> dict[ApiStatus, int]:
    rows = await session.execute(
        select(REQUESTS.c.status, func.count()).where(*conditions).group_by(REQUESTS.c.status)
    )
    counts = dict.fromkeys(ApiStatus, 0)
    for status, count in rows:
        counts[ApiStatus(status)] = count
    return counts


async def tally(session: AsyncSession, guild_id: int) -> dict[ApiStatus, int]:
    """The guild's requests per status, from its tally row (no counting)."""
    row = (await session.execute(select(TALLIES).where(TALLIES.c.guild_id == guild_id))).first()
    return {s: int(row._mapping[tally_column(s)]) if row else 0 for s in ApiStatus}


async def find_page(
    session: AsyncSession, guild_id: int, query: RequestQuery, page: int, page_size: int
) -> RequestPage:
    """Newest first; `page` is clamped to the pages that exist."""
    conditions = _filters(guild_id, query)
    listed = (
        conditions if query.status is None else [*conditions, REQUESTS.c.status == query.status]
    )
    wanted = max(page, 1)
    items: tuple[ApiRequest, ...] | None = None
    if query.involving is None and query.method is None:
        # The busiest read: the tally row (no counting) and the page in one statement.
        counts, items = await _tallied_page(session, guild_id, query.status, wanted, page_size)
    else:
        counts = await status_counts(session, conditions)
    matching = counts[query.status] if query.status else sum(counts.values())
    pages = max(1, math.ceil(matching / page_size))
    page = min(wanted, pages)
    if items is None or page != wanted:
        items = await _page(session, listed, page, page_size)
    return RequestPage(items, page, pages, matching, counts)


def _newest(*conditions: ColumnElement[bool]) -> Select[Any]:
    """Requests meeting `conditions`, newest first."""
    return select(REQUESTS).where(*conditions).order_by(REQUESTS.c.number.desc())


async def _page(
    session: AsyncSession, conditions: list[ColumnElement[bool]], page: int, page_size: int
) -> tuple[ApiRequest, ...]:
    rows = await session.execute(
        _newest(*conditions).limit(page_size).offset((page - 1) * page_size)
    )
    return tuple(ApiRequest.from_row(row) for row in rows)


def _tallied_statement(with_status: bool) -> Select[Any]:
    conditions = [REQUESTS.c.guild_id == bindparam("guild_id")]
    if with_status:
        conditions.append(REQUESTS.c.status == bindparam("status"))
    newest = (
        _newest(*conditions)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
        .subquery("newest")
    )
    counted = [TALLIES.c[tally_column(status)] for status in ApiStatus]
    return (
        select(*counted, newest)
        .select_from(TALLIES.outerjoin(newest, true()))
        .where(TALLIES.c.guild_id == bindparam("guild_id"))
        .order_by(newest.c.number.desc())
    )


# Built once: building this statement cost more than running it.
_TALLIED = {with_status: _tallied_statement(with_status) for with_status in (False, True)}


async def _tallied_page(
    session: AsyncSession, guild_id: int, status: ApiStatus | None, page: int, page_size: int
) -> tuple[dict[ApiStatus, int], tuple[ApiRequest, ...]]:
    """The guild's tally and a page of its requests (all, or those in `status`): one
    statement, half the trips to the database of two. A page past the end comes back
    empty, with the counts."""
    params: dict[str, object] = {
        "guild_id": guild_id,
        "limit": page_size,
        "offset": (page - 1) * page_size,
    }
    if status is not None:
        params["status"] = status
    rows = (await session.execute(_TALLIED[status is not None], params)).all()
    if not rows:
        return dict.fromkeys(ApiStatus, 0), ()
    counts = {status: int(getattr(rows[0], tally_column(status))) for status in ApiStatus}
    return counts, tuple(ApiRequest.from_row(row) for row in rows if row.id is not None)


async def board(session: AsyncSession, guild_id: int, per_status: int) -> Board:
    """Every status with its count and newest requests (each a short index range scan)."""
    counts = await tally(session, guild_id)
    columns = []
    for status in ApiStatus:
        rows = await session.execute(
            _newest(REQUESTS.c.guild_id == guild_id, REQUESTS.c.status == status).limit(per_status)
        )
        newest = tuple(ApiRequest.from_row(row) for row in rows)
        columns.append(BoardColumn(status, counts[status], newest))
    return Board(tuple(columns))


async def exportable(
    session: AsyncSession, guild_id: int, status: ApiStatus | None
) -> list[ApiRequest]:
    """Requests that belong in an OpenAPI export: never rejected ones, oldest first."""
    condition = (
        REQUESTS.c.status == status
        if status is not None
        else REQUESTS.c.status != ApiStatus.REJECTED
    )
    rows = await session.execute(
        select(REQUESTS)
        .where(REQUESTS.c.guild_id == guild_id, condition)
        .order_by(REQUESTS.c.number)
    )
    return [ApiRequest.from_row(row) for row in rows]
