"""The API mock over real HTTP on 127.0.0.1: what a frontend learner's code sees."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest as ConsumerRequest
from openapi_core.testing import MockResponse as ConsumerResponse

from bot.services.api.contract import ContractForm
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, FakeThreads, form
from tests.unit.api.test_mock_against_openapi import CALLS, CONTRACTS, HOST
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld

LISTING = {"id": 42, "title": "Loft", "price": 120.5}
LOCAL_FRONTEND = "http://localhost:5173"


@pytest.fixture
async def contracted(hub: HubWorld) -> None:
    """GET /listings/{id} and POST /listings with contracts, in a guild on the web."""
    await hub.publish_guild(GUILD)
    threads, services = FakeThreads(), hub.services
    await services.api_requests.create(GUILD, ALICE, form("/listings/{id}"), threads)
    await services.api_requests.create(
        GUILD, ALICE, form("/listings", HttpMethod.POST, "Create a listing"), threads
    )
    await services.api_contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example=json.dumps(LISTING)), threads,
        keep_unset=True,
    )  # fmt: skip
    await services.api_contracts.set_contract(
        GUILD, 2, ALICE, ContractForm('{"title": "Loft", "price": 1.5}', json.dumps(LISTING)),
        threads, keep_unset=True,
    )  # fmt: skip


@pytest.mark.usefixtures("contracted")
async def test_a_get_matching_a_path_shape_answers_with_the_example(client: Client) -> None:
    response = await client.get(f"/g/{GUILD}/mock/listings/7", headers={"Origin": LOCAL_FRONTEND})

    assert response.status == 200
    assert await response.json() == LISTING
    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND


@pytest.mark.usefixtures("contracted")
async def test_a_post_breaking_the_schema_is_a_422_naming_the_field(client: Client) -> None:
    response = await client.post(f"/g/{GUILD}/mock/listings", json={"title": 7, "price": 2.0})

    assert response.status == 422
    assert (await response.json())["field"] == "title"


@pytest.mark.usefixtures("contracted")
async def test_a_good_post_gets_the_contracts_status(client: Client) -> None:
    response = await client.post(f"/g/{GUILD}/mock/listings", json={"title": "A", "price": 2.0})
    assert response.status == 201


@pytest.mark.usefixtures("contracted")
async def test_unknown_paths_and_wrong_methods_are_404_and_405(client: Client) -> None:
    unknown = await client.get(f"/g/{GUILD}/mock/bookings")
    wrong = await client.delete(f"/g/{GUILD}/mock/listings/7")

    assert unknown.status == 404 and "/listings" in await unknown.text()
    assert wrong.status == 405 and "GET" in wrong.headers["Allow"]


async def test_a_guild_that_did_not_enable_the_web_has_no_mock(client: Client) -> None:
    response = await client.get(f"/g/{GUILD}/mock/listings/7")
    assert response.status == 404
    assert response.content_type == "application/problem+json"


@pytest.fixture
async def consumer(hub: HubWorld) -> OpenAPI:
    """The contracts of the service-level check, in a guild on the web; the consumer reads
    the document `/api export` gives."""
    await hub.publish_guild(GUILD)
    threads, services = FakeThreads(), hub.services
    for number, (path, method, request, response, status) in enumerate(CONTRACTS, start=1):
        await services.api_requests.create(GUILD, ALICE, form(path, method, f"E{number}"), threads)
        await services.api_contracts.set_contract(
            GUILD, number, ALICE, ContractForm(request, response, status), threads,
            keep_unset=True,
        )  # fmt: skip
    export = await services.api_requests.export_openapi(GUILD, "ALX ProDev")
    return OpenAPI.from_dict(json.loads(export.json_text))


@pytest.mark.parametrize(("method", "path", "body"), CALLS)
async def test_every_answer_over_http_is_valid_for_the_exported_document(
    client: Client, consumer: OpenAPI, method: str, path: str, body: Any
) -> None:
    data = None if body is None else json.dumps(body).encode()
    headers = {} if data is None else {"Content-Type": "application/json"}

    response = await client.request(method, f"/g/{GUILD}/mock{path}", data=data, headers=headers)
    payload = await response.read()

    request = ConsumerRequest(HOST, method, path, data=data)
    consumer.validate_request(request)
    consumer.validate_response(
        request,
        ConsumerResponse(
            payload,
            status_code=response.status,
            content_type=response.headers.get("Content-Type", "application/json").split(";")[0],
        ),
    )
    assert 200 <= response.status < 300


async def ten_megabytes() -> AsyncIterator[bytes]:
    for _ in range(160):
        yield b"x" * 65536


@pytest.mark.usefixtures("contracted")
async def test_a_huge_chunked_body_is_a_json_413_with_cors(client: Client) -> None:
    response = await client.post(
        f"/g/{GUILD}/mock/listings",
        data=ten_megabytes(),
        headers={"Origin": LOCAL_FRONTEND, "Content-Type": "application/json"},
    )

    assert response.status == 413
    assert response.content_type == "application/problem+json"
    assert "64 KB" in (await response.json())["error"]
    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND


@pytest.mark.usefixtures("contracted")
@pytest.mark.parametrize(
    "guild", ["0", "99999999999999999999999", "abc", "9223372036854775808", ""]
)
async def test_a_mock_address_with_a_bad_guild_id_is_a_json_404_with_cors(
    client: Client, guild: str
) -> None:
    for path in (f"/g/{guild}/mock", f"/g/{guild}/mock/listings/7"):
        response = await client.get(path, headers={"Origin": LOCAL_FRONTEND})

        assert response.status == 404, path
        assert response.content_type == "application/problem+json", path
        assert "error" in await response.json()
        assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND
