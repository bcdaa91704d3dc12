"""The mock's answers as a service: matching, examples, 422/404/405, CORS, the web gate."""

from __future__ import annotations

import asyncio
import json

import pytest

from bot.db.engine import Database
from bot.services.api.contract import ContractForm
from bot.services.api.contracts import ApiContractService
from bot.services.api.json_examples import JsonValue
from bot.services.api.mock import ApiMock, cors_headers
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, OTHER_GUILD, FakeThreads, arrange, form

LISTING = {"id": 42, "title": "Loft", "price": 120.5, "tags": ["city"]}


def problem(status: int, title: str, detail: str) -> dict[str, JsonValue]:
    """An RFC 9457 body as the mock writes it, `error` repeating `detail`."""
    return {"type": "about:blank", "title": title, "status": status, "detail": detail,
            "error": detail}  # fmt: skip


async def web_everywhere(guild_id: int) -> bool:
    return True


@pytest.fixture
def mock(migrated: Database) -> ApiMock:
    return ApiMock(migrated.sessions, web_everywhere, cache_seconds=0)


@pytest.fixture
async def listings(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    """GET /listings/{id} and POST /listings with contracts, GET /listings without."""
    await service.create(GUILD, ALICE, form("/listings/{id}"), threads)
    await service.create(GUILD, ALICE, form("/listings", HttpMethod.POST, "Create"), threads)
    await service.create(GUILD, ALICE, form("/listings"), threads)
    await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm(response_example=json.dumps(LISTING)),
        threads,
        keep_unset=True,
    )
    await contracts.set_contract(
        GUILD,
        2,
        ALICE,
        ContractForm('{"title": "Loft", "price": 120.5}', json.dumps(LISTING)),
        threads,
        keep_unset=True,
    )


@pytest.mark.usefixtures("listings")
async def test_a_call_matching_a_path_shape_answers_with_the_example_and_status(
    mock: ApiMock,
) -> None:
    answer = await mock.answer(GUILD, "GET", "/listings/7", None)

    assert (answer.status, answer.json_body) == (200, LISTING)
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["X-Nexus-Request"] == "API-1"
    assert answer.headers["X-Nexus-Contract-Version"] == "1"


@pytest.mark.usefixtures("listings")
async def test_a_body_matching_the_request_example_gets_the_contracts_status(
    mock: ApiMock,
) -> None:
    answer = await mock.answer(GUILD, "POST", "/listings/", b'{"title": "Hut", "price": 3}')

    assert (answer.status, answer.json_body) == (201, LISTING)


@pytest.mark.parametrize(
    ("body", "status", "message", "field"),
    [
        (
            b'{"title": "Hut", "price": "3"}',
            422,
            "`price` should be a number, not a string",
            "price",
        ),
        (b'{"title": "Hut"}', 422, "`price` is required", "price"),
        (b"[]", 422, "should be an object, not an array", ""),
        (None, 422, "needs a JSON body", None),
        (b'{"title": }', 400, "not valid JSON at line 1, column 11", None),
    ],
)
@pytest.mark.usefixtures("listings")
async def test_a_body_that_breaks_the_contract_is_refused_naming_the_field(
    mock: ApiMock, body: bytes | None, status: int, message: str, field: str | None
) -> None:
    answer = await mock.answer(GUILD, "POST", "/listings", body)

    assert answer.status == status
    assert isinstance(answer.json_body, dict)
    assert message in str(answer.json_body["error"])
    assert answer.json_body.get("field") == field


@pytest.mark.usefixtures("listings")
async def test_a_typed_path_parameter_must_fit_its_type(mock: ApiMock) -> None:
    answer = await mock.answer(GUILD, "GET", "/listings/abc", None)

    assert answer.status == 422
    assert answer.json_body == problem(
        422, "Unprocessable Entity", "Path parameter `id` should be an integer, not `abc`."
    ) | {"field": "id"}
    assert answer.headers["Content-Type"] == "application/problem+json"


@pytest.mark.usefixtures("listings")
async def test_an_unknown_path_is_a_404_listing_the_known_paths(mock: ApiMock) -> None:
    answer = await mock.answer(GUILD, "GET", "/hosts/1", None)

    assert answer.status == 404
    assert answer.json_body == problem(404, "Not Found", "No API request matches /hosts/1.") | {
        "known_paths": ["/listings", "/listings/{id}"],
        "known_operations": ["GET /listings", "GET /listings/{id}", "POST /listings"],
    }


@pytest.mark.usefixtures("listings")
async def test_a_wrong_method_is_a_405_with_allow(mock: ApiMock) -> None:
    answer = await mock.answer(GUILD, "DELETE", "/listings", None)

    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, POST, OPTIONS"


@pytest.mark.usefixtures("listings")
async def test_a_request_without_a_contract_says_how_to_set_one(mock: ApiMock) -> None:
    answer = await mock.answer(GUILD, "GET", "/listings", None)

    assert answer.status == 501
    assert answer.json_body == problem(
        501,
        "Not Implemented",
        "API-3 (GET /listings) has no contract yet: set one with `/api contract 3` to mock it.",
    )


async def test_rejected_requests_are_not_mocked(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    mock: ApiMock,
) -> None:
    await service.create(GUILD, ALICE, form("/keep"), threads)
    await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example="[]"), threads, keep_unset=True
    )
    await arrange(service, "rejected", threads, path="/gone")

    assert (await mock.answer(GUILD, "GET", "/keep", None)).status == 200
    gone = await mock.answer(GUILD, "GET", "/gone", None)
    assert gone.status == 404
    assert isinstance(gone.json_body, dict) and gone.json_body["known_paths"] == ["/keep"]


@pytest.mark.usefixtures("listings")
async def test_a_guild_without_the_web_hub_gets_no_mock(migrated: Database) -> None:
    async def only_other_guild(guild_id: int) -> bool:
        return guild_id == OTHER_GUILD

    gated = ApiMock(migrated.sessions, only_other_guild, cache_seconds=0)

    answer = await gated.answer(GUILD, "GET", "/listings/7", None)

    assert answer.status == 404
    assert answer.json_body == problem(
        404, "Not Found", "This server has not turned the web hub on, so it has no mock."
    )


@pytest.mark.usefixtures("listings")
async def test_a_preflight_lists_the_methods_of_the_path(mock: ApiMock) -> None:
    answer = await mock.answer(GUILD, "OPTIONS", "/listings", None)

    assert (answer.status, answer.headers["Allow"]) == (204, "GET, POST, OPTIONS")


@pytest.mark.parametrize(
    "origin",
    ["http://localhost:5173", "http://127.0.0.1:3000", "https://localhost", "http://[::1]:8080"],
)
def test_a_frontend_on_localhost_may_call_the_mock(origin: str) -> None:
    headers = cors_headers(origin)

    assert headers["Access-Control-Allow-Origin"] == origin
    assert "POST" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Allow-Headers"] == "Content-Type, Authorization"
    assert headers["Access-Control-Allow-Credentials"] == "true"
    assert headers["Vary"] == "Origin"


def test_a_preflight_gets_the_headers_it_asks_for() -> None:
    headers = cors_headers("http://localhost:5173", "content-type, x-trace-id")

    assert headers["Access-Control-Allow-Headers"] == "content-type, x-trace-id"


@pytest.mark.usefixtures("listings")
@pytest.mark.parametrize("path", ["/hosts/1", "/", "/listings/7/photos"])
async def test_a_preflight_to_an_unknown_path_is_a_204_all_the_same(
    mock: ApiMock, path: str
) -> None:
    answer = await mock.answer(GUILD, "OPTIONS", path, None)

    assert (answer.status, answer.json_body) == (204, None)
    assert "DELETE" in answer.headers["Allow"]


async def test_a_preflight_to_a_guild_without_the_web_hub_is_a_204(migrated: Database) -> None:
    async def nowhere(guild_id: int) -> bool:
        return False

    answer = await ApiMock(migrated.sessions, nowhere, cache_seconds=0).answer(
        GUILD, "OPTIONS", "/listings", None
    )

    assert answer.status == 204


@pytest.mark.usefixtures("listings")
@pytest.mark.parametrize("value", ["7074587468973252608", "-3", "1" * 60])
async def test_an_integer_parameter_takes_any_integer(mock: ApiMock, value: str) -> None:
    answer = await mock.answer(GUILD, "GET", f"/listings/{value}", None)

    assert answer.status == 200


@pytest.mark.usefixtures("listings")
@pytest.mark.parametrize("value", ["%D9%A3", "1.0", "%2B1", "1%0A"])
async def test_an_integer_parameter_takes_only_ascii_digits(mock: ApiMock, value: str) -> None:
    answer = await mock.answer(GUILD, "GET", f"/listings/{value}", None)

    assert answer.status == 422


@pytest.mark.parametrize(
    "origin", [None, "https://evil.example", "http://localhost.evil.example", "null"]
)
def test_other_origins_get_no_cors_permission(origin: str | None) -> None:
    assert cors_headers(origin) == {"Vary": "Origin"}


@pytest.mark.usefixtures("listings")
async def test_the_example_call_fills_path_parameters_from_the_example(mock: ApiMock) -> None:
    call = await mock.example_call(GUILD)

    assert call is not None
    assert (call.label, call.method, call.path, call.body) == ("API-1", "GET", "/listings/42", None)


async def test_a_new_contract_reaches_a_caching_mock_after_its_cache_time(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    now = [0.0]
    cached = ApiMock(migrated.sessions, web_everywhere, cache_seconds=1.0, monotonic=lambda: now[0])
    await service.create(GUILD, ALICE, form("/a"), threads)
    assert (await cached.answer(GUILD, "GET", "/a", None)).status == 501
    await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example="[]"), threads, keep_unset=True
    )

    still = await cached.answer(GUILD, "GET", "/a", None)
    now[0] = 1.5
    later = await cached.answer(GUILD, "GET", "/a", None)

    assert (still.status, later.status) == (501, 200)


async def test_a_stale_consent_is_read_once_while_concurrent_calls_answer_from_the_last(
    migrated: Database,
) -> None:
    now, reads, allowed = [0.0], [], [True]
    release = asyncio.Event()

    async def slow_gate(guild_id: int) -> bool:
        reads.append(guild_id)
        if len(reads) > 1:
            await release.wait()  # the refresh is under way while the others call
        return allowed[0]

    gated = ApiMock(migrated.sessions, slow_gate, cache_seconds=1.0, monotonic=lambda: now[0])
    assert await gated.enabled(GUILD)
    now[0], allowed[0] = 1.5, False
    refresh = asyncio.create_task(gated.enabled(GUILD))
    await asyncio.sleep(0)
    meanwhile = [await asyncio.wait_for(gated.enabled(GUILD), 1) for _ in range(50)]
    release.set()

    assert (meanwhile, await refresh, reads) == ([True] * 50, False, [GUILD, GUILD])
    assert not await gated.enabled(GUILD)
