"""What real tools send the mock: encoded paths, control characters, big ids, CORS with
credentials, and RFC 9457 problem details for every error."""

from __future__ import annotations

import json

import pytest

from bot.services.api.contract import ContractForm
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, FakeThreads, form
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld

LOCAL_FRONTEND = "http://localhost:5173"
BIG_ID = 7074587468973252608
PROBLEM = "application/problem+json"
# (method, path, request example, response example)
ENDPOINTS = [
    (HttpMethod.GET, "/listings", None, [{"title": "Loft"}]),
    (HttpMethod.GET, "/listings/{listing_id}/photos", None, {"photos": ["a.png"]}),
    (HttpMethod.GET, "/hosts/{host}/reviews", None, {"reviews": []}),
    (HttpMethod.POST, "/bookings", '{"night": 1}', {"night": 1}),
    (HttpMethod.GET, "/bookings/{id}", None, {"id": BIG_ID}),
]


@pytest.fixture
async def contracted(hub: HubWorld) -> None:
    await hub.publish_guild(GUILD)
    threads, services = FakeThreads(), hub.services
    for number, (method, path, request, response) in enumerate(ENDPOINTS, start=1):
        await services.api_requests.create(GUILD, ALICE, form(path, method, f"E{number}"), threads)
        await services.api_contracts.set_contract(
            GUILD, number, ALICE, ContractForm(request, json.dumps(response)), threads,
            keep_unset=True,
        )  # fmt: skip


def mock(path: str) -> str:
    return f"/g/{GUILD}/mock{path}"


@pytest.mark.usefixtures("contracted")
@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/hosts/a%2Fb/reviews", {"reviews": []}),
        ("/listings/a%3Fb/photos", {"photos": ["a.png"]}),
        ("/listings/%3F1%F2/photos", {"photos": ["a.png"]}),
        ("/listings/%231/photos?x=%2F", {"photos": ["a.png"]}),
    ],
)
async def test_an_encoded_delimiter_stays_inside_its_segment(
    client: Client, path: str, expected: object
) -> None:
    response = await client.get(mock(path))

    assert response.status == 200, await response.text()
    assert await response.json() == expected


@pytest.mark.usefixtures("contracted")
async def test_an_encoded_question_mark_is_a_parameter_not_a_query(client: Client) -> None:
    response = await client.get(mock("/bookings/%3F1"))

    assert response.status == 422
    body = await response.json()
    assert body["detail"] == "Path parameter `id` should be an integer, not `?1`."


@pytest.mark.usefixtures("contracted")
async def test_a_segment_that_is_not_utf8_is_still_one_segment(client: Client) -> None:
    response = await client.get(mock("/listings/%F2%28/photos"))
    wrong = await client.get(mock("/listings/%F2/photos/%3F"))

    assert response.status == 200
    assert wrong.status == 404 and wrong.content_type == PROBLEM


@pytest.mark.usefixtures("contracted")
@pytest.mark.parametrize("value", ["%0A", "a%0Db", "%00", "%0A%0A"])
async def test_control_characters_in_a_parameter_get_the_mocks_json(
    client: Client, value: str
) -> None:
    response = await client.get(mock(f"/hosts/{value}/reviews"), headers={"Origin": LOCAL_FRONTEND})

    assert response.status == 200
    assert await response.json() == {"reviews": []}
    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND


@pytest.mark.usefixtures("contracted")
@pytest.mark.parametrize("value", [str(BIG_ID), "-1", "9" * 40])
async def test_any_integer_fits_an_integer_parameter(client: Client, value: str) -> None:
    response = await client.get(mock(f"/bookings/{value}"))

    assert response.status == 200
    assert await response.json() == {"id": BIG_ID}


@pytest.mark.usefixtures("contracted")
async def test_errors_are_problem_details(client: Client) -> None:
    response = await client.get(mock("/nowhere"), headers={"Origin": LOCAL_FRONTEND})

    assert response.status == 404
    assert response.content_type == PROBLEM
    body = await response.json()
    assert (body["status"], body["title"]) == (404, "Not Found")
    assert body["detail"] == body["error"] == "No API request matches /nowhere."
    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND


@pytest.mark.usefixtures("contracted")
async def test_a_router_error_under_the_mock_is_a_problem_too(client: Client) -> None:
    response = await client.get("/g/0/mock/x")

    assert response.status == 404 and response.content_type == PROBLEM
    assert (await response.json())["status"] == 404


@pytest.mark.usefixtures("contracted")
async def test_a_call_with_credentials_from_localhost_is_allowed(client: Client) -> None:
    response = await client.get(mock("/listings"), headers={"Origin": LOCAL_FRONTEND})

    assert response.headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND
    assert response.headers["Access-Control-Allow-Credentials"] == "true"
    assert "Origin" in response.headers["Vary"]


@pytest.mark.usefixtures("contracted")
@pytest.mark.parametrize(
    "path", ["/listings", "/nowhere/at/all", "/hosts/%0A/x", "", "/g/0/mock/x"]
)
async def test_every_preflight_under_the_mock_is_a_204_with_cors(client: Client, path: str) -> None:
    url = path if path.startswith("/g/") else mock(path)
    response = await client.options(
        url,
        headers={
            "Origin": LOCAL_FRONTEND,
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "content-type, x-trace-id",
        },
    )

    assert response.status == 204, path
    headers = response.headers
    assert headers["Access-Control-Allow-Origin"] == LOCAL_FRONTEND
    assert headers["Access-Control-Allow-Credentials"] == "true"
    assert "PATCH" in headers["Access-Control-Allow-Methods"]
    assert headers["Access-Control-Allow-Headers"] == "content-type, x-trace-id"
    assert headers["Access-Control-Max-Age"] == "600"
    assert "Origin" in headers["Vary"]


@pytest.mark.usefixtures("contracted")
async def test_a_preflight_from_another_origin_gets_no_permission(client: Client) -> None:
    response = await client.options(
        mock("/listings"),
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )

    assert response.status == 204
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Access-Control-Allow-Credentials" not in response.headers
