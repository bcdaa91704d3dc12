"""Contracts of API requests: who may set one, and each change as a new version.

The requester, the claimer or a mentor sets a contract; a new version is taken with one
conditional UPDATE on the request's `contract_version`, so two members saving at once never
both write version 3: the second is told to look again.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.errors import Conflict, Forbidden
from bot.services.api import contract_store, queries
from bot.services.api.contract import (
    ApiContract,
    ContractChange,
    ContractForm,
    ContractOutcome,
    ContractThreads,
    contract_changes,
    draft_contract,
)
from bot.services.api.model import Actor, ApiRequest, ThreadDelivery
from bot.services.api.requests import is_mentor
from bot.services.api.schema import example_warnings
from bot.services.api.status import ApiStatus


class ApiContractService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def current(self, guild_id: int, number: int) -> tuple[ApiRequest, ApiContract | None]:
        """The request and its current contract (None before the first version)."""
        async with self._sessions() as session:
            request = await queries.require(session, guild_id, number)
            return request, await contract_store.current(session, request)

    async def editable(
        self, guild_id: int, number: int, actor: Actor
    ) -> tuple[ApiRequest, ApiContract | None]:
        """As `current`, after checking that `actor` may set the contract (for the modal,
        so nobody fills one in only to be refused)."""
        async with self._sessions() as session:
            request = await queries.require(session, guild_id, number)
            await _authorise(session, request, actor)
            return request, await contract_store.current(session, request)

    async def set_contract(
        self,
        guild_id: int,
        number: int,
        actor: Actor,
        form: ContractForm,
        threads: ContractThreads,
        *,
        keep_unset: bool,
        seen_version: int | None = None,
    ) -> ContractOutcome:
        """Store `form` as the request's next contract version and announce it.

        With `keep_unset` (the command's options) what the form leaves out is kept from the
        current version. `seen_version` is the version the member was shown (the modal):
        if another version was saved since, nothing is stored."""
        async with self._sessions() as session:
            request = await queries.require(session, guild_id, number)
            await _authorise(session, request, actor)
            previous = await contract_store.current(session, request)
        if seen_version is not None and seen_version != request.contract_version:
            raise _changed_meanwhile(request)
        draft = draft_contract(request, form, previous, keep_unset=keep_unset)
        if previous is not None and previous.same_terms(draft):
            raise Conflict(
                f"That is {request.label}'s contract already (v{previous.version}): "
                "nothing changed, so no new version was made."
            )
        async with self._sessions.begin() as session:
            updated = await contract_store.next_version(session, request)
            if updated is None:
                raise _changed_meanwhile(request)
            contract = await contract_store.insert_version(
                session, updated, draft, actor.user_id, self._clock()
            )
        change = ContractChange(updated, contract, previous, contract_changes(previous, contract))
        if updated.thread_id is None:
            return ContractOutcome(change, ThreadDelivery.NO_THREAD)
        return ContractOutcome(change, await threads.publish_contract(change))


def contract_warnings(contract: ApiContract) -> list[str]:
    """What the saved contract's examples make of fields the member may not mean (a field
    only ever null, a whole number typed integer), for the reply to show."""
    warnings = []
    for body, example in (
        ("request", contract.request_example),
        ("response", contract.response_example),
    ):
        if example is not None:
            warnings += example_warnings(example, body)
    return warnings


async def _authorise(session: AsyncSession, request: ApiRequest, actor: Actor) -> None:
    if request.status is ApiStatus.REJECTED:
        raise Conflict(
            f"{request.label} was rejected, so it gets no contract (a mentor can reopen it)."
        )
    if actor.user_id in (request.requester_id, request.claimer_id):
        return
    if await is_mentor(session, request.guild_id, actor):
        return
    claimer = f", the claimer (<@{request.claimer_id}>)" if request.claimer_id else ""
    raise Forbidden(
        f"Only the requester (<@{request.requester_id}>){claimer} or a mentor can set "
        f"{request.label}'s contract."
    )


def _changed_meanwhile(request: ApiRequest) -> Conflict:
    return Conflict(
        f"Someone saved a new version of {request.label}'s contract (or rejected it) while you "
        f"were editing; nothing was stored. Look at `/api show {request.number}` and try again."
    )
