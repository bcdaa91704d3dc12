"""The mock's answers checked by an independent OpenAPI consumer (openapi-core) against
the document `/api export` gives: what the mock serves is what the export promises."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest
from openapi_core.testing import MockResponse as ConsumerResponse

from bot.db.engine import Database
from bot.services.api.contract import ContractForm
from bot.services.api.contracts import ApiContractService
from bot.services.api.mock import ApiMock
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, FakeThreads, form

HOST = "http://localhost"
CONTRACTS: list[tuple[str, HttpMethod, str | None, str | None, int | None]] = [
    (
        "/listings",
        HttpMethod.GET,
        None,
        '[{"id": 1, "title": "Loft", "host": null}, '
        '{"id": 2, "title": "Hut", "host": {"name": "Ada"}}]',
        None,
    ),
    ("/listings/{id}", HttpMethod.GET, None, '{"id": 1, "title": "Loft", "tags": []}', None),
    (
        "/listings",
        HttpMethod.POST,
        '{"title": "Loft", "price": 9.5, "tags": ["a"]}',
        '{"id": 3, "title": "Loft"}',
        None,
    ),
    ("/listings/{listing_id}", HttpMethod.PATCH, '{"price": 10}', '{"id": 1, "price": 10}', 200),
    ("/listings/{id}", HttpMethod.DELETE, None, None, None),
    (
        "/hosts/{slug}/reviews",
        HttpMethod.GET,
        None,
        '{"items": [{"stars": 5}], "next": null}',
        None,
    ),
]
CALLS = [
    ("GET", "/listings", None),
    ("GET", "/listings/7", None),
    ("POST", "/listings", {"title": "Hut", "price": 3, "tags": []}),
    ("PATCH", "/listings/7", {"price": 12}),
    ("DELETE", "/listings/7", None),
    ("GET", "/hosts/ada/reviews", None),
]


@pytest.fixture
async def consumer_and_mock(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> tuple[OpenAPI, ApiMock]:
    for number, (path, method, request, response, status) in enumerate(CONTRACTS, start=1):
        await service.create(GUILD, ALICE, form(path, method, f"Endpoint {number}"), threads)
        await contracts.set_contract(
            GUILD,
            number,
            ALICE,
            ContractForm(request, response, status),
            threads,
            keep_unset=True,
        )
    export = await service.export_openapi(GUILD, "ALX ProDev")
    document: dict[str, Any] = json.loads(export.json_text)

    async def web_on(guild_id: int) -> bool:
        return True

    return OpenAPI.from_dict(document), ApiMock(migrated.sessions, web_on, cache_seconds=0)


@pytest.mark.parametrize(("method", "path", "body"), CALLS)
async def test_every_mock_answer_is_valid_for_the_exported_document(
    consumer_and_mock: tuple[OpenAPI, ApiMock], method: str, path: str, body: Any
) -> None:
    consumer, mock = consumer_and_mock
    data = None if body is None else json.dumps(body).encode()

    answer = await mock.answer(GUILD, method, path, data)

    request = MockRequest(HOST, method, path, data=data)
    consumer.validate_request(request)  # the call itself is one the document allows
    payload = b"" if answer.json_body is None else json.dumps(answer.json_body).encode()
    response = ConsumerResponse(
        payload,
        status_code=answer.status,
        headers=answer.headers,
        content_type=answer.headers.get("Content-Type", "application/json"),
    )
    consumer.validate_response(request, response)
    assert 200 <= answer.status < 300


@pytest.mark.parametrize(
    "body", [{"title": "Hut", "price": "3", "tags": []}, {"title": "Hut", "tags": []}]
)
async def test_a_body_the_mock_refuses_is_one_the_document_refuses_too(
    consumer_and_mock: tuple[OpenAPI, ApiMock], body: dict[str, Any]
) -> None:
    consumer, mock = consumer_and_mock
    data = json.dumps(body).encode()

    answer = await mock.answer(GUILD, "POST", "/listings", data)

    assert answer.status == 422
    with pytest.raises(Exception, match="validat"):
        consumer.validate_request(MockRequest(HOST, "POST", "/listings", data=data))
