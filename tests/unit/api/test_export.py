"""`/api export`'s document: valid OpenAPI 3.1, one operation per request, rejected left out."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from bot.db.engine import Database
from bot.errors import ValidationError
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus, HttpMethod
from tests.api_builders import ALICE, BOB, GUILD, FakeThreads, arrange, form
from tests.conftest import FixedClock


@pytest.fixture
def service(migrated: Database, clock: FixedClock) -> ApiRequestService:
    return ApiRequestService(migrated.sessions, clock)


def valid_document(text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    validate(document, cls=OpenAPIV31SpecValidator)
    return document


async def test_the_export_is_valid_openapi_31_with_one_operation_per_request(
    service: ApiRequestService,
) -> None:
    threads = FakeThreads()
    await service.create(
        GUILD, ALICE, form("/listings/{id}", details="Returns **one** listing."), threads
    )
    await service.create(GUILD, ALICE, form("/listings", HttpMethod.POST, "Create one"), threads)
    await service.create(GUILD, ALICE, form("/listings/{listing_id}", HttpMethod.DELETE), threads)
    await service.create(GUILD, ALICE, form("/", summary="API root"), threads)
    await service.claim(GUILD, 2, BOB, threads)

    export = await service.export_openapi(GUILD, "ALX ProDev")

    document = valid_document(export.json_text)
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"] == "ALX ProDev API requests"
    assert document["info"]["version"] == "2026-03-02"
    assert export.operations == 4
    # `{listing_id}` and `{id}` are the same OpenAPI path: both live under the first one.
    assert set(document["paths"]) == {"/listings/{id}", "/listings", "/"}
    one = document["paths"]["/listings/{id}"]["get"]
    assert one["summary"] == "List listings"
    assert one["description"] == "Returns **one** listing."
    assert one["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert one["x-nexus-id"] == "API-1"
    assert one["x-nexus-status"] == "open"
    assert one["x-nexus-thread"] == f"https://discord.com/channels/{GUILD}/900001"
    assert document["paths"]["/listings/{id}"]["delete"]["parameters"][0]["name"] == "id"
    assert document["paths"]["/listings"]["post"]["x-nexus-status"] == "claimed"
    assert "parameters" not in document["paths"]["/"]["get"]


async def test_rejected_requests_are_left_out(service: ApiRequestService) -> None:
    threads = FakeThreads()
    await arrange(service, "rejected", threads, path="/rejected")
    await arrange(service, "done", threads, path="/done")

    document = valid_document((await service.export_openapi(GUILD, "G")).json_text)

    assert list(document["paths"]) == ["/done"]
    with pytest.raises(ValidationError, match="never exported"):
        await service.export_openapi(GUILD, "G", ApiStatus.REJECTED)


async def test_a_status_filter_exports_only_that_status(service: ApiRequestService) -> None:
    threads = FakeThreads()
    await arrange(service, "done", threads, path="/done")
    await arrange(service, "in_progress", threads, path="/building")

    export = await service.export_openapi(GUILD, "G", ApiStatus.DONE)

    assert list(valid_document(export.json_text)["paths"]) == ["/done"]


async def test_a_reasked_endpoint_is_exported_once_as_its_newest_request(
    service: ApiRequestService,
) -> None:
    threads = FakeThreads()
    await arrange(service, "done", threads, path="/listings")
    await service.create(GUILD, BOB, form("/listings", summary="List them, paged"), threads)

    export = await service.export_openapi(GUILD, "G")

    get = valid_document(export.json_text)["paths"]["/listings"]["get"]
    assert (get["x-nexus-id"], get["summary"]) == ("API-2", "List them, paged")
    assert (export.operations, export.superseded) == (1, 1)


async def test_quotes_backslashes_and_accents_survive_the_export(
    service: ApiRequestService,
) -> None:
    await service.create(GUILD, ALICE, form(summary='He said "hi" \\ ü <@123>'), FakeThreads())

    document = valid_document((await service.export_openapi(GUILD, "G")).json_text)

    assert document["paths"]["/listings"]["get"]["summary"] == 'He said "hi" \\ ü <@123>'


async def test_an_empty_guild_exports_a_valid_document_with_no_paths(
    service: ApiRequestService,
) -> None:
    export = await service.export_openapi(GUILD, "G")
    assert valid_document(export.json_text)["paths"] == {}
    assert export.operations == 0
