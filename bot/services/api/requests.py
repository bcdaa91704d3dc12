"""API requests: frontend learners ask for endpoints, backend learners claim and deliver them.

The workflow's moves and who may make them are in `api_workflow`; this service applies them.
Every change is one conditional UPDATE, so two members acting at once never both win:
a claim only matches `WHERE status = 'open'`, any other move only the revision it was
decided on. Discord work goes through the `ApiThreads` the cog passes in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.errors import Conflict, Forbidden, ValidationError
from bot.services.api import contract_store, queries, refusals, store
from bot.services.api.drafts import RequestDraft, clean_note
from bot.services.api.export import OpenApiExport, export_document
from bot.services.api.model import (
    Actor,
    ApiRequest,
    ApiThreads,
    ChangeOutcome,
    RequestChange,
    RequestForm,
    RequestNotSaved,
    ThreadDelivery,
    ThreadUnavailable,
)
from bot.services.api.queries import Board, RequestDetail, RequestPage, RequestQuery
from bot.services.api.status import NEXUS_ACTOR_ID, QUIET_RELEASABLE, ApiStatus
from bot.services.api.workflow import NOTE_REQUIRED, label, next_moves, parties_of

PAGE_SIZE = 10
BOARD_PER_STATUS = 5
HISTORY_SHOWN = 8
# A move decided on a revision that someone else changed first is decided again, this often.
_DECIDE_ATTEMPTS = 3


class ApiRequestService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    # ---------------------------------------------------------------- creating

    async def create(
        self, guild_id: int, actor: Actor, form: RequestForm, threads: ApiThreads
    ) -> ApiRequest:
        """Store the request and open its thread. If the thread can't be opened, the request
        is deleted again and `RequestNotSaved` says why: no request is left without a thread.
        """
        draft = RequestDraft.from_form(form)
        # Two short transactions, not one around the Discord calls: on SQLite that would
        # hold the database's write lock through network calls and rate-limit waits.
        async with self._sessions() as session:
            request, channel_id = await self._insert(session, guild_id, actor.user_id, draft)
            try:
                ref = await threads.open_thread(request, channel_id)
                async with session.begin():
                    created = await store.set_thread(session, request, ref)
            except ThreadUnavailable as error:
                await self._discard(session, request, give_back=error.nothing_made)
                raise RequestNotSaved(
                    f"{error} Nothing was saved, so you can try again."
                ) from error
            except BaseException:
                # The thread may exist (e.g. storing its id failed): keep its number used.
                await self._discard(session, request, give_back=False)
                raise
        return created

    async def _insert(
        self, session: AsyncSession, guild_id: int, requester_id: int, draft: RequestDraft
    ) -> tuple[ApiRequest, int | None]:
        """The stored request and the channel to open its thread in (None: where asked)."""
        try:
            async with session.begin():
                request, channel_id = await store.insert_request(
                    session, guild_id, requester_id, draft, self._clock()
                )
        except IntegrityError:
            # The unique index on open requests per endpoint decides duplicates, so two
            # members asking at the same moment can't both succeed.
            existing = await queries.open_request_for(
                session, guild_id, draft.method, draft.path.shape
            )
            await session.rollback()
            if existing is None:
                raise
            raise refusals.duplicate(existing) from None
        return request, channel_id

    async def _discard(
        self, session: AsyncSession, request: ApiRequest, *, give_back: bool
    ) -> None:
        if session.in_transaction():
            await session.rollback()
        async with session.begin():
            await store.discard_unthreaded(session, request, give_back=give_back)

    async def discard_unthreaded(self) -> int:
        """Delete requests whose creation was cut short (the bot stopped before the thread
        was opened). Call only while no creation is running, such as at start-up.
        """
        async with self._sessions.begin() as session:
            return await store.discard_all_unthreaded(session)

    # --------------------------------------------------------------- changing

    async def claim(
        self,
        guild_id: int,
        number: int,
        actor: Actor,
        threads: ApiThreads,
        note: str | None = None,
    ) -> ChangeOutcome:
        """Claim an open request: of members claiming at once, exactly one wins."""
        now = self._clock()
        async with self._sessions.begin() as session:
            row = await store.claim_if_open(session, guild_id, number, actor.user_id, now)
            if row is None:
                current = await queries.require(session, guild_id, number)
                raise refusals.not_claimable(current, actor)
            await store.add_event(
                session, row.id, actor.user_id, ApiStatus.OPEN, ApiStatus.CLAIMED, note, now
            )
            request = ApiRequest.from_row(row)
        change = RequestChange(request, actor.user_id, ApiStatus.OPEN, note, None)
        return await _announce(change, threads)

    async def unclaim(
        self, guild_id: int, number: int, actor: Actor, threads: ApiThreads
    ) -> ChangeOutcome:
        """Give a claimed request back: it is open again, with nobody on it."""
        change = await self._move(guild_id, number, actor, ApiStatus.OPEN, None, unclaiming=True)
        return await _announce(change, threads)

    async def change_status(
        self,
        guild_id: int,
        number: int,
        actor: Actor,
        target: ApiStatus,
        note: str | None,
        threads: ApiThreads,
    ) -> ChangeOutcome:
        """Move a request to `target`, if the workflow allows it and `actor` may."""
        note = clean_note(note)
        if target is ApiStatus.CLAIMED:
            current = await self.get(guild_id, number)
            if current.status is ApiStatus.OPEN:  # the race-free claim, not a generic move
                return await self.claim(guild_id, number, actor, threads, note)
        change = await self._move(guild_id, number, actor, target, note)
        return await _announce(change, threads)

    async def _move(
        self,
        guild_id: int,
        number: int,
        actor: Actor,
        target: ApiStatus,
        note: str | None,
        *,
        unclaiming: bool = False,
    ) -> RequestChange:
        for _ in range(_DECIDE_ATTEMPTS):
            async with self._sessions() as session:
                current = await queries.require(session, guild_id, number)
                await self._authorise(session, current, actor, target, note, unclaiming)
            change = await self._apply(current, actor, target, note)
            if change is not None:
                return change
        raise Conflict(f"API-{number} keeps changing under us; please try again in a moment.")

    async def _authorise(
        self,
        session: AsyncSession,
        current: ApiRequest,
        actor: Actor,
        target: ApiStatus,
        note: str | None,
        unclaiming: bool,
    ) -> None:
        if unclaiming and (current.claimer_id is None or current.is_final):
            raise refusals.not_claimed(current)
        if target is current.status:
            raise Conflict(f"{current.label} is already **{label(target)}**.")
        moves = next_moves(current.status, current.blocked_from)
        if target not in moves:
            raise refusals.illegal_move(current, target, moves)
        if target in NOTE_REQUIRED and not note:
            raise ValidationError(
                f"Moving {current.label} to **{label(target)}** needs a note saying why: "
                "add the `note` option."
            )
        allowed = moves[target]
        if allowed & parties_of(actor.user_id, current.requester_id, current.claimer_id):
            return
        if await is_mentor(session, current.guild_id, actor):
            return
        raise Forbidden(refusals.who_may(current, target, allowed))

    async def _apply(
        self, current: ApiRequest, actor: Actor, target: ApiStatus, note: str | None
    ) -> RequestChange | None:
        """Apply the move, unless the request changed since it was decided (then None)."""
        now = self._clock()
        values: dict[str, Any] = {
            "status": target,
            "blocked_from": current.status if target is ApiStatus.BLOCKED else None,
            "updated_at": now,
        }
        if target is ApiStatus.OPEN:
            values["claimer_id"] = None
        try:
            async with self._sessions.begin() as session:
                row = await store.update_if_revision(session, current, values)
                if row is None:
                    return None
                await store.add_event(
                    session, row.id, actor.user_id, current.status, target, note, now
                )
                request = ApiRequest.from_row(row)
        except IntegrityError:
            # Reopening collides with a newer request for the same endpoint.
            async with self._sessions() as session:
                other = await queries.open_request_for(
                    session, current.guild_id, current.method, current.path.shape
                )
            if other is None:
                raise
            raise refusals.reopen_collision(current, other) from None
        return RequestChange(request, actor.user_id, current.status, note, current.claimer_id)

    async def release_quiet(self, guild_id: int, number: int, revision: int, note: str) -> bool:
        """Give back a claim that went quiet, as Nexus (actor 0): only while the request is
        still claimed or in progress at `revision`. False when it changed meanwhile, or
        another process released it first (the revision decides)."""
        async with self._sessions() as session:
            current = await queries.require(session, guild_id, number)
        if current.revision != revision or current.status not in QUIET_RELEASABLE:
            return False
        return await self._apply(current, Actor(NEXUS_ACTOR_ID), ApiStatus.OPEN, note) is not None

    # ---------------------------------------------------------------- reading

    async def by_id(self, request_id: int) -> ApiRequest | None:
        async with self._sessions() as session:
            return await queries.find_by_id(session, request_id)

    async def get(self, guild_id: int, number: int) -> ApiRequest:
        async with self._sessions() as session:
            return await queries.require(session, guild_id, number)

    async def detail(self, guild_id: int, number: int) -> RequestDetail:
        """The request, its latest history and its current contract."""
        async with self._sessions() as session:
            detail = await queries.detail(session, guild_id, number, HISTORY_SHOWN)
            contract = await contract_store.current(session, detail.request)
        return replace(detail, contract=contract)

    async def page(self, guild_id: int, query: RequestQuery, page: int = 1) -> RequestPage:
        async with self._sessions() as session:
            return await queries.find_page(session, guild_id, query, page, PAGE_SIZE)

    async def board(self, guild_id: int) -> Board:
        async with self._sessions() as session:
            return await queries.board(session, guild_id, BOARD_PER_STATUS)

    async def export_openapi(
        self,
        guild_id: int,
        guild_name: str,
        status: ApiStatus | None = None,
        mock_url: str | None = None,
    ) -> OpenApiExport:
        """Every request (or those in `status`) except rejected ones, as OpenAPI 3.1;
        `mock_url` (the guild's mock) is its server."""
        if status is ApiStatus.REJECTED:
            raise ValidationError("Rejected requests are never exported: pick another status.")
        async with self._sessions() as session:
            requests = await queries.exportable(session, guild_id, status)
            contracts = await contract_store.current_for(session, requests)
        scope = f"that are {label(status)}" if status else "(rejected ones left out)"
        return export_document(
            requests,
            title=f"{guild_name} API requests",
            version=self._clock().date().isoformat(),
            description=f"Exported by Nexus from {len(requests)} requests {scope}.",
            contracts=contracts,
            mock_url=mock_url,
        )


async def _announce(change: RequestChange, threads: ApiThreads) -> ChangeOutcome:
    if change.request.thread_id is None:
        return ChangeOutcome(change, ThreadDelivery.NO_THREAD)
    return ChangeOutcome(change, await threads.publish(change))


async def is_mentor(session: AsyncSession, guild_id: int, actor: Actor) -> bool:
    """Mentors are members with Manage Threads or the guild's mentor role."""
    if actor.manages_threads:
        return True
    if not actor.role_ids:
        return False
    _, role_id = await store.guild_settings(session, guild_id)
    return role_id is not None and role_id in actor.role_ids
