"""Read-only queries over API requests: one request, pages of them, the board, the export set."""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow, ApiStatus, HttpMethod
from bot.errors import NotFound
from bot.services.api_model import ApiRequest, RequestEvent

# Request numbers are stored as 32-bit integers; anything outside cannot exist.
NUMBER_MAX = 2**31 - 1


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


def not_found(number: int) -> NotFound:
    return NotFound(f"There's no API-{number} in this server. `/api list` shows the requests here.")


async def find_row(session: AsyncSession, guild_id: int, number: int) -> ApiRequestRow | None:
    if not 1 <= number <= NUMBER_MAX:
        return None
    return await session.scalar(
        select(ApiRequestRow).where(
            ApiRequestRow.guild_id == guild_id, ApiRequestRow.number == number
        )
    )


async def require(session: AsyncSession, guild_id: int, number: int) -> ApiRequest:
    row = await find_row(session, guild_id, number)
    if row is None:
        raise not_found(number)
    return ApiRequest.from_row(row)


async def open_request_for(
    session: AsyncSession, guild_id: int, method: HttpMethod, path_shape: str
) -> ApiRequest | None:
    """The request that is not final for the same endpoint, if there is one."""
    row = await session.scalar(
        select(ApiRequestRow).where(
            ApiRequestRow.guild_id == guild_id,
            ApiRequestRow.method == method,
            ApiRequestRow.path_shape == path_shape,
            ApiRequestRow.status.not_in([ApiStatus.DONE, ApiStatus.REJECTED]),
        )
    )
    return ApiRequest.from_row(row) if row else None


async def detail(session: AsyncSession, guild_id: int, number: int, history: int) -> RequestDetail:
    request = await require(session, guild_id, number)
    rows = await session.scalars(
        select(ApiRequestEventRow)
        .where(ApiRequestEventRow.request_id == request.id)
        .order_by(ApiRequestEventRow.id.desc())
        .limit(history)
    )
    events = [RequestEvent.from_row(row) for row in rows]
    return RequestDetail(request, tuple(reversed(events)))


def _filters(guild_id: int, query: RequestQuery) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = [ApiRequestRow.guild_id == guild_id]
    if query.involving is not None:
        conditions.append(
            or_(
                ApiRequestRow.requester_id == query.involving,
                ApiRequestRow.claimer_id == query.involving,
            )
        )
    if query.method is not None:
        conditions.append(ApiRequestRow.method == query.method)
    return conditions


async def status_counts(
    session: AsyncSession, conditions: list[ColumnElement[bool]]
) -> dict[ApiStatus, int]:
    rows = await session.execute(
        select(ApiRequestRow.status, func.count()).where(*conditions).group_by(ApiRequestRow.status)
    )
    counts = dict.fromkeys(ApiStatus, 0)
    for status, count in rows:
        counts[ApiStatus(status)] = count
    return counts


async def find_page(
    session: AsyncSession, guild_id: int, query: RequestQuery, page: int, page_size: int
) -> RequestPage:
    """Newest first; `page` is clamped to the pages that exist."""
    conditions = _filters(guild_id, query)
    counts = await status_counts(session, conditions)
    matching = counts[query.status] if query.status else sum(counts.values())
    pages = max(1, math.ceil(matching / page_size))
    page = min(max(page, 1), pages)
    if query.status is not None:
        conditions.append(ApiRequestRow.status == query.status)
    rows = await session.scalars(
        select(ApiRequestRow)
        .where(*conditions)
        .order_by(ApiRequestRow.number.desc())
        .limit(page_size)
        .offset((page - 1) * page_size)
    )
    items = tuple(ApiRequest.from_row(row) for row in rows)
    return RequestPage(items, page, pages, matching, counts)


async def board(session: AsyncSession, guild_id: int, per_status: int) -> Board:
    """Every status with its count and newest requests (each a short index range scan)."""
    counts = await status_counts(session, [ApiRequestRow.guild_id == guild_id])
    columns = []
    for status in ApiStatus:
        rows = await session.scalars(
            select(ApiRequestRow)
            .where(ApiRequestRow.guild_id == guild_id, ApiRequestRow.status == status)
            .order_by(ApiRequestRow.number.desc())
            .limit(per_status)
        )
        newest = tuple(ApiRequest.from_row(row) for row in rows)
        columns.append(BoardColumn(status, counts[status], newest))
    return Board(tuple(columns))


async def exportable(
    session: AsyncSession, guild_id: int, status: ApiStatus | None
) -> list[ApiRequest]:
    """Requests that belong in an OpenAPI export: never rejected ones, oldest first."""
    condition = (
        ApiRequestRow.status == status
        if status is not None
        else ApiRequestRow.status != ApiStatus.REJECTED
    )
    rows = await session.scalars(
        select(ApiRequestRow)
        .where(ApiRequestRow.guild_id == guild_id, condition)
        .order_by(ApiRequestRow.number)
    )
    return [ApiRequest.from_row(row) for row in rows]
