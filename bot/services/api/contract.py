"""A request's contract: the values, checking what members type, and the Discord side.

A contract is a request example (for methods that send a body), a response example, the
response's status and notes. Each change is a new version; the previous one is kept.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.errors import ValidationError
from bot.services.api.contract_diff import FieldChange, schema_changes
from bot.services.api.json_examples import JsonValue, canonical, parse_example
from bot.services.api.model import AnyRow, ApiRequest, ThreadDelivery
from bot.services.api.schema import Schema, derive_schema
from bot.services.api.status import HttpMethod
from bot.services.text_rules import tidy_block

NOTES_MAX = 1000
METHODS_WITH_BODY = frozenset({HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH})
# What a successful call answers when the contract doesn't say: Created for POST, No Content
# for a DELETE without a response example, OK otherwise.
DEFAULT_STATUS = {HttpMethod.POST: 201, HttpMethod.DELETE: 204}
# Statuses whose responses never carry a body (RFC 9110), so an example would be a lie.
BODYLESS_STATUSES = frozenset({204, 205, 304})


@dataclass(frozen=True)
class ContractForm:
    """What a member typed into `/api contract` or its modal, before validation.

    From the command's options, None means "keep what the current version says"; from the
    modal (which shows the current version), an empty field means "none"."""

    request_example: str | None = None
    response_example: str | None = None
    response_status: int | str | None = None
    notes: str | None = None

    @property
    def is_empty(self) -> bool:
        return all(
            v is None
            for v in (self.request_example, self.response_example, self.response_status, self.notes)
        )


@dataclass(frozen=True)
class ApiContract:
    """One version of a request's contract."""

    request_id: int
    version: int
    request_example: JsonValue | None
    response_example: JsonValue | None
    response_status: int
    notes: str | None
    author_id: int
    created_at: datetime

    @classmethod
    def from_row(cls, row: AnyRow) -> ApiContract:
        return cls(
            request_id=row.request_id,
            version=row.version,
            request_example=_loaded(row.request_example),
            response_example=_loaded(row.response_example),
            response_status=row.response_status,
            notes=row.notes,
            author_id=row.author_id,
            created_at=row.created_at,
        )

    @property
    def request_schema(self) -> Schema | None:
        return None if self.request_example is None else derive_schema(self.request_example)

    @property
    def response_schema(self) -> Schema | None:
        return None if self.response_example is None else derive_schema(self.response_example)

    def same_terms(self, draft: ContractDraft) -> bool:
        return (
            self.request_example == draft.request_example
            and self.response_example == draft.response_example
            and self.response_status == draft.response_status
            and self.notes == draft.notes
        )


def _loaded(text: str | None) -> JsonValue | None:
    if text is None:
        return None
    value: JsonValue = json.loads(text)
    return value


@dataclass(frozen=True)
class ContractDraft:
    """A validated contract for one request, ready to be stored as its next version."""

    request_example: JsonValue | None
    response_example: JsonValue | None
    response_status: int
    notes: str | None

    @property
    def request_text(self) -> str | None:
        return None if self.request_example is None else canonical(self.request_example)

    @property
    def response_text(self) -> str | None:
        return None if self.response_example is None else canonical(self.response_example)


def default_status(method: HttpMethod, has_response_example: bool) -> int:
    if method is HttpMethod.DELETE and has_response_example:
        return 200
    return DEFAULT_STATUS.get(method, 200)


def draft_contract(
    request: ApiRequest, form: ContractForm, current: ApiContract | None, *, keep_unset: bool
) -> ContractDraft:
    """Check `form` for `request`; with `keep_unset`, what it leaves out is kept from
    `current`. Raises a `ValidationError` naming the first problem."""
    keep = keep_unset and current is not None
    request_example = _example(form.request_example, "The request example")
    if form.request_example is None and keep and current is not None:
        request_example = current.request_example
    if request_example is not None and request.method not in METHODS_WITH_BODY:
        raise ValidationError(
            f"`{request.method.value}` requests carry no body, so {request.label} takes no "
            "request example: describe query parameters in the notes instead."
        )
    response_example = _example(form.response_example, "The response example")
    if form.response_example is None and keep and current is not None:
        response_example = current.response_example
    status = _status(form.response_status)
    if status is None:
        status = (
            current.response_status
            if keep and current is not None and form.response_status is None
            else default_status(request.method, response_example is not None)
        )
    if response_example is not None and (status in BODYLESS_STATUSES or status < 200):
        raise ValidationError(
            f"A {status} response has no body: leave the response example out or pick another "
            "status."
        )
    notes = _notes(form.notes)
    if form.notes is None and keep and current is not None:
        notes = current.notes
    return ContractDraft(request_example, response_example, status, notes)


def _example(raw: str | None, what: str) -> JsonValue | None:
    if raw is None or not raw.strip():
        return None
    return parse_example(raw, what)


def _status(raw: int | str | None) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:
        status = int(raw)
    except ValueError:
        raise ValidationError(
            f"The response status must be a number such as 200 or 201, not `{str(raw)[:20]}`."
        ) from None
    if not 100 <= status <= 599:
        raise ValidationError(
            f"{status} is not an HTTP status: use one between 100 and 599 (e.g. 200, 201, 404)."
        )
    return status


def _notes(raw: str | None) -> str | None:
    notes = tidy_block(raw or "")
    if len(notes) > NOTES_MAX:
        raise ValidationError(
            f"Those notes are {len(notes):,} characters long; keep them to {NOTES_MAX:,}."
        )
    return notes or None


@dataclass(frozen=True)
class ContractChange:
    """A new contract version: `previous` is the version it replaced (None for the first)."""

    request: ApiRequest
    contract: ApiContract
    previous: ApiContract | None
    changes: tuple[FieldChange, ...] = field(default=())

    @property
    def breaking(self) -> bool:
        return any(change.breaking for change in self.changes)

    @property
    def status_changed(self) -> bool:
        return (
            self.previous is not None
            and self.previous.response_status != self.contract.response_status
        )


def contract_changes(
    previous: ApiContract | None, contract: ApiContract
) -> tuple[FieldChange, ...]:
    """The field changes from `previous` (none for a first version) to `contract`."""
    if previous is None:
        return ()
    return (
        *schema_changes("request", previous.request_schema, contract.request_schema),
        *schema_changes("response", previous.response_schema, contract.response_schema),
    )


@dataclass(frozen=True)
class ContractOutcome:
    change: ContractChange
    delivery: ThreadDelivery


class ContractThreads(Protocol):
    """The Discord side of contracts, implemented by the cog."""

    async def publish_contract(self, change: ContractChange) -> ThreadDelivery:
        """Post the new version (and what changed) in the request's thread; update the card."""
        ...
