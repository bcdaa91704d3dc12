"""Values the API request service hands out, and the Discord side it relies on.

The service decides and stores; Discord work (opening a thread, updating its card) goes
through `ApiThreads`, which the cog implements. Nothing here imports discord.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Protocol

from sqlalchemy import Row

from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow
from bot.errors import NexusError
from bot.services.api.paths import EndpointPath
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.api.workflow import is_final

# A result row of any shape: values are read by column name.
AnyRow = Row[*tuple[Any, ...]]


@dataclass(frozen=True)
class Actor:
    """The member acting, as far as the workflow cares."""

    user_id: int
    role_ids: frozenset[int] = frozenset()
    # Manage Threads makes a member a mentor even without the guild's mentor role.
    manages_threads: bool = False


@dataclass(frozen=True)
class RequestForm:
    """What a member typed into `/api request`, before validation."""

    method: HttpMethod
    path: str
    summary: str
    details: str | None = None


@dataclass(frozen=True)
class ApiRequest:
    id: int
    guild_id: int
    number: int
    method: HttpMethod
    path: EndpointPath
    summary: str
    details: str | None
    requester_id: int
    claimer_id: int | None
    status: ApiStatus
    blocked_from: ApiStatus | None
    revision: int
    thread_id: int | None
    card_message_id: int | None
    created_at: datetime
    updated_at: datetime
    contract_version: int = 0  # 0: no contract yet

    @classmethod
    def from_row(cls, row: ApiRequestRow | AnyRow) -> ApiRequest:
        return cls(
            id=row.id,
            guild_id=row.guild_id,
            number=row.number,
            method=HttpMethod(row.method),
            path=EndpointPath(row.path),
            summary=row.summary,
            details=row.details,
            requester_id=row.requester_id,
            claimer_id=row.claimer_id,
            status=ApiStatus(row.status),
            blocked_from=ApiStatus(row.blocked_from) if row.blocked_from else None,
            revision=row.revision,
            thread_id=row.thread_id,
            card_message_id=row.card_message_id,
            created_at=row.created_at,
            updated_at=row.updated_at,
            contract_version=row.contract_version or 0,
        )

    @property
    def label(self) -> str:
        return f"API-{self.number}"

    @property
    def route(self) -> str:
        return f"{self.method.value} {self.path}"

    @property
    def is_final(self) -> bool:
        return is_final(self.status)

    @property
    def thread_url(self) -> str | None:
        if self.thread_id is None:
            return None
        return f"https://discord.com/channels/{self.guild_id}/{self.thread_id}"


@dataclass(frozen=True)
class RequestEvent:
    actor_id: int
    from_status: ApiStatus | None
    to_status: ApiStatus
    note: str | None
    at: datetime
    contract_version: int | None = None  # set when the change was a new contract version

    @classmethod
    def from_row(cls, row: ApiRequestEventRow | AnyRow) -> RequestEvent:
        return cls(
            actor_id=row.actor_id,
            from_status=ApiStatus(row.from_status) if row.from_status else None,
            to_status=ApiStatus(row.to_status),
            note=row.note,
            at=row.created_at,
            contract_version=row.contract_version,
        )


@dataclass(frozen=True)
class RequestChange:
    """One applied change: `request` is the state after it."""

    request: ApiRequest
    actor_id: int
    from_status: ApiStatus
    note: str | None
    previous_claimer_id: int | None

    @property
    def to_status(self) -> ApiStatus:
        return self.request.status


class ThreadDelivery(Enum):
    """What became of a change's announcement in the request's thread."""

    POSTED = "posted"
    THREAD_GONE = "thread_gone"
    NO_THREAD = "no_thread"
    FAILED = "failed"


@dataclass(frozen=True)
class ChangeOutcome:
    change: RequestChange
    delivery: ThreadDelivery

    @property
    def request(self) -> ApiRequest:
        return self.change.request


@dataclass(frozen=True)
class ThreadRef:
    thread_id: int
    card_message_id: int


class ThreadUnavailable(Exception):
    """Raised by `ApiThreads.open_thread`: Discord would not open the thread.

    The message says why, for members (e.g. a missing permission or a Discord outage).
    `nothing_made` is True only when Discord certainly created nothing: then the request's
    number may be given back. Otherwise a thread with the number's buttons may exist.
    """

    def __init__(self, message: str, *, nothing_made: bool = False) -> None:
        super().__init__(message)
        self.nothing_made = nothing_made


class RequestNotSaved(NexusError):
    """The request's thread could not be opened, so the request was not kept."""


class ApiThreads(Protocol):
    """The Discord side of API requests, implemented by the cog."""

    async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
        """Open the request's thread with its card in `channel_id` (the guild's API channel),
        or where the member asked when None; raise `ThreadUnavailable` if that fails."""
        ...

    async def publish(self, change: RequestChange) -> ThreadDelivery:
        """Update the card in place and add a line about `change` to the thread."""
        ...
