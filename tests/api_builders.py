"""Builders for API request tests: members as workflow actors, a fake Discord side."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from bot.clock import Clock
from bot.db.engine import Database
from bot.services.api.contract import ContractChange
from bot.services.api.model import (
    Actor,
    ApiRequest,
    RequestChange,
    RequestForm,
    ThreadDelivery,
    ThreadRef,
    ThreadUnavailable,
)
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.guild_settings import GuildSettingsService, SettingsChange

GUILD = 1000
OTHER_GUILD = 2000
MENTOR_ROLE = 77

ALICE = Actor(1)  # asks for endpoints
BOB = Actor(2)  # builds them
CAROL = Actor(3)  # neither
MANAGER = Actor(4, manages_threads=True)  # a mentor through Manage Threads
ROLE_MENTOR = Actor(5, role_ids=frozenset({MENTOR_ROLE}))  # a mentor through the role


@dataclass
class FakeThreads:
    """Stands in for the cog: records what would be posted, or fails to open threads."""

    failure: str | None = None
    delivery: ThreadDelivery = ThreadDelivery.POSTED
    opened: list[ApiRequest] = field(default_factory=list)
    channels: list[int | None] = field(default_factory=list)
    published: list[RequestChange] = field(default_factory=list)
    contracts: list[ContractChange] = field(default_factory=list)

    async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
        if self.failure is not None:
            raise ThreadUnavailable(self.failure, nothing_made=True)
        self.opened.append(request)
        self.channels.append(channel_id)
        return ThreadRef(thread_id=900_000 + request.id, card_message_id=800_000 + request.id)

    async def publish(self, change: RequestChange) -> ThreadDelivery:
        self.published.append(change)
        return self.delivery

    async def publish_contract(self, change: ContractChange) -> ThreadDelivery:
        self.contracts.append(change)
        return self.delivery


def form(
    path: str = "/listings",
    method: HttpMethod = HttpMethod.GET,
    summary: str = "List listings",
    details: str | None = None,
) -> RequestForm:
    return RequestForm(method, path, summary, details)


# Moves (actor, target, note) from open that reach each starting state.
_ROUTES: dict[str, list[tuple[Actor, ApiStatus, str | None]]] = {
    "open": [],
    "claimed": [(BOB, ApiStatus.CLAIMED, None)],
    "in_progress": [(BOB, ApiStatus.CLAIMED, None), (BOB, ApiStatus.IN_PROGRESS, None)],
    "ready": [
        (BOB, ApiStatus.CLAIMED, None),
        (BOB, ApiStatus.IN_PROGRESS, None),
        (BOB, ApiStatus.READY, None),
    ],
    "done": [
        (BOB, ApiStatus.CLAIMED, None),
        (BOB, ApiStatus.IN_PROGRESS, None),
        (BOB, ApiStatus.READY, None),
        (ALICE, ApiStatus.DONE, None),
    ],
    "rejected": [(ALICE, ApiStatus.REJECTED, "not needed after all")],
    "blocked<-open": [(ALICE, ApiStatus.BLOCKED, "waiting for the design")],
    "blocked<-claimed": [(BOB, ApiStatus.CLAIMED, None), (BOB, ApiStatus.BLOCKED, "no db yet")],
    "blocked<-in_progress": [
        (BOB, ApiStatus.CLAIMED, None),
        (BOB, ApiStatus.IN_PROGRESS, None),
        (BOB, ApiStatus.BLOCKED, "schema unclear"),
    ],
}

STARTING_STATES = tuple(_ROUTES)


async def arrange(
    service: ApiRequestService, state: str, threads: FakeThreads, path: str = "/listings"
) -> ApiRequest:
    """A request by ALICE (BOB claims it when it gets that far), brought to `state`."""
    request = await service.create(GUILD, ALICE, form(path), threads)
    for actor, target, note in _ROUTES[state]:
        outcome = await service.change_status(GUILD, request.number, actor, target, note, threads)
        request = outcome.request
    return request


async def mentored_service(db: Database, clock: Clock) -> ApiRequestService:
    """The service on `db`, in a guild whose mentor role is MENTOR_ROLE."""
    settings = GuildSettingsService(db.sessions, clock)
    await settings.update(GUILD, SettingsChange(mentor_role_id=MENTOR_ROLE))
    return ApiRequestService(db.sessions, clock)


async def count_rows(db: Database, model: type[Any]) -> int:
    async with db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)
