"""Reading and writing contract versions; each write runs inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import cast

from sqlalchemy import Table, and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.api_contracts import ApiContractRow
from bot.services.api.contract import ApiContract, ContractDraft
from bot.services.api.model import ApiRequest
from bot.services.api.queries import EVENTS, REQUESTS
from bot.services.api.status import ApiStatus
from bot.services.publishing.versions import bump_published

CONTRACTS = cast(Table, ApiContractRow.__table__)


async def current(session: AsyncSession, request: ApiRequest) -> ApiContract | None:
    if request.contract_version == 0:
        return None
    row = (
        await session.execute(
            select(CONTRACTS).where(
                CONTRACTS.c.request_id == request.id,
                CONTRACTS.c.version == request.contract_version,
            )
        )
    ).first()
    return ApiContract.from_row(row) if row else None


async def current_for(
    session: AsyncSession, requests: Sequence[ApiRequest]
) -> dict[int, ApiContract]:
    """The current contract of each of `requests` that has one, by request id."""
    ids = [r.id for r in requests if r.contract_version]
    found: dict[int, ApiContract] = {}
    # Chunks keep the IN list under every driver's parameter limit.
    for start in range(0, len(ids), 500):
        rows = await session.execute(
            select(CONTRACTS)
            .join(
                REQUESTS,
                and_(
                    REQUESTS.c.id == CONTRACTS.c.request_id,
                    REQUESTS.c.contract_version == CONTRACTS.c.version,
                ),
            )
            .where(CONTRACTS.c.request_id.in_(ids[start : start + 500]))
        )
        for row in rows:
            found[row.request_id] = ApiContract.from_row(row)
    return found


async def next_version(session: AsyncSession, request: ApiRequest) -> ApiRequest | None:
    """Take the request's next contract version, if it is still at the version it was read
    at and not rejected; None when someone got there first (or rejected it meanwhile)."""
    row = (
        await session.execute(
            update(REQUESTS)
            .where(
                REQUESTS.c.id == request.id,
                REQUESTS.c.contract_version == request.contract_version,
                REQUESTS.c.status != ApiStatus.REJECTED,
            )
            .values(contract_version=REQUESTS.c.contract_version + 1)
            .returning(*REQUESTS.c)
        )
    ).first()
    if row is not None:  # a new contract: the request's page and the export change
        await bump_published(session, request.guild_id)
    return ApiRequest.from_row(row) if row else None


async def insert_version(
    session: AsyncSession,
    request: ApiRequest,
    draft: ContractDraft,
    author_id: int,
    now: datetime,
) -> ApiContract:
    """Store `draft` as the request's current version, and record it in its history."""
    values = {
        "request_id": request.id,
        "version": request.contract_version,
        "request_example": draft.request_text,
        "response_example": draft.response_text,
        "response_status": draft.response_status,
        "notes": draft.notes,
        "author_id": author_id,
        "created_at": now,
    }
    await session.execute(insert(CONTRACTS).values(values))
    await session.execute(
        insert(EVENTS).values(
            request_id=request.id,
            actor_id=author_id,
            from_status=request.status,
            to_status=request.status,
            note=None,
            contract_version=request.contract_version,
            created_at=now,
        )
    )
    return ApiContract(
        request_id=request.id,
        version=request.contract_version,
        request_example=draft.request_example,
        response_example=draft.response_example,
        response_status=draft.response_status,
        notes=draft.notes,
        author_id=author_id,
        created_at=now,
    )
