"""What OpenAPI tools read in the export: the mock as its server, the mock's errors, path
parameters typed once per path, facts kept through schema merges, readable operation ids."""

from __future__ import annotations

import json
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from bot.db.engine import Database
from bot.services.api.contract import ContractForm
from bot.services.api.contracts import ApiContractService
from bot.services.api.mock import ApiMock, base_url
from bot.services.api.requests import ApiRequestService
from bot.services.api.schema import derive_schema
from bot.services.api.status import HttpMethod
from cogs.ui.api.contracts import contract_reply
from tests.api_builders import ALICE, GUILD, FakeThreads, form

MOCK_URL = base_url("https://nexus.example.org", GUILD)
LISTING = '{"id": 1, "title": "Loft"}'
ENDPOINTS: list[tuple[str, HttpMethod, str | None, str | None]] = [
    ("/listings", HttpMethod.GET, None, f"[{LISTING}]"),
    ("/listings/{id}", HttpMethod.GET, None, LISTING),
    ("/listings", HttpMethod.POST, '{"title": "Loft"}', LISTING),
    ("/listings/{id}", HttpMethod.PUT, '{"title": "Loft"}', LISTING),
    ("/listings/{listing_id}", HttpMethod.PATCH, '{"title": "Hut"}', LISTING),
    ("/listings/{id}", HttpMethod.DELETE, None, None),
    ("/hosts/{slug}/reviews", HttpMethod.GET, None, '[{"stars": 5}]'),
    ("/bookings", HttpMethod.POST, None, None),  # no contract
]


async def _exported(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> dict[str, Any]:
    for number, (path, method, request, response) in enumerate(ENDPOINTS, start=1):
        await service.create(GUILD, ALICE, form(path, method, f"Endpoint {number}"), threads)
        if request is not None or response is not None or method is HttpMethod.DELETE:
            await contracts.set_contract(
                GUILD, number, ALICE, ContractForm(request, response, None), threads,
                keep_unset=True,
            )  # fmt: skip
    export = await service.export_openapi(GUILD, "ALX ProDev", mock_url=MOCK_URL)
    document: dict[str, Any] = json.loads(export.json_text)
    validate(document, cls=OpenAPIV31SpecValidator)
    return document


async def test_the_mock_is_the_documents_server(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await _exported(service, contracts, threads)

    [server] = document["servers"]
    assert server["url"] == f"https://nexus.example.org/g/{GUILD}/mock"
    assert "mock" in server["description"]


async def test_every_operation_refers_to_one_shared_problem_schema(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await _exported(service, contracts, threads)

    problem = document["components"]["schemas"]["Problem"]
    assert problem["required"] == ["title", "status", "detail"]
    assert {"type", "title", "status", "detail", "instance"} <= set(problem["properties"])
    for name, response in document["components"]["responses"].items():
        content = response["content"]
        assert list(content) == ["application/problem+json"], name
        assert content["application/problem+json"]["schema"] == {
            "$ref": "#/components/schemas/Problem"
        }
    paths = document["paths"]
    for operations in paths.values():
        for operation in operations.values():
            assert operation["responses"]["404"]["$ref"].startswith("#/components/responses/")
    create = paths["/listings"]["post"]["responses"]
    assert {"400", "413", "422"} <= set(create)
    assert "501" in paths["/bookings"]["post"]["responses"]
    assert "501" not in create


async def test_a_path_parameter_has_one_name_and_type_in_the_export_and_the_mock(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    document = await _exported(service, contracts, threads)

    one = document["paths"]["/listings/{id}"]
    for method in ("get", "put", "patch", "delete"):
        assert one[method]["parameters"] == [
            {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
        ], method

    async def web_on(guild_id: int) -> bool:
        return True

    mock = ApiMock(migrated.sessions, web_on, cache_seconds=0)
    refused = await mock.answer(GUILD, "DELETE", "/listings/abc", None)
    assert refused.status == 422
    assert (await mock.answer(GUILD, "DELETE", "/listings/7", None)).status == 204
    patched = await mock.answer(GUILD, "PATCH", "/listings/abc", b'{"title": "Hut"}')
    assert "`id`" in json.dumps(patched.json_body)  # the path's one name, not `listing_id`
    unknown = await mock.answer(GUILD, "GET", "/nowhere", None)
    assert isinstance(unknown.json_body, dict)
    assert unknown.json_body["known_paths"] == sorted(document["paths"])
    assert "PATCH /listings/{id}" in json.dumps(unknown.json_body["known_operations"])


async def test_operation_ids_read_as_method_and_resource(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await _exported(service, contracts, threads)

    ids = {
        f"{method.upper()} {path}": operation["operationId"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert ids == {
        "GET /listings": "listListings",
        "POST /listings": "createListing",
        "GET /listings/{id}": "getListing",
        "PUT /listings/{id}": "replaceListing",
        "PATCH /listings/{id}": "updateListing",
        "DELETE /listings/{id}": "deleteListing",
        "GET /hosts/{slug}/reviews": "listHostReviews",
        "POST /bookings": "createBooking",
    }


def test_an_object_null_in_one_element_keeps_its_required_keys() -> None:
    schema = derive_schema([{"host": None}, {"host": {"name": "Ada", "rating": 4}}])

    host = schema["items"]["properties"]["host"]
    assert host["type"] == ["object", "null"]
    assert host["required"] == ["name", "rating"]


def test_an_empty_array_keeps_the_other_elements_item_schema() -> None:
    schema = derive_schema([{"tags": ["sea"]}, {"tags": []}])
    reversed_ = derive_schema([{"tags": []}, {"tags": ["sea"]}])

    assert schema["items"]["properties"]["tags"] == {"type": "array", "items": {"type": "string"}}
    assert reversed_["items"]["properties"]["tags"]["items"] == {"type": "string"}


async def test_a_response_shape_several_operations_return_is_named_once(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await _exported(service, contracts, threads)

    listing = {"$ref": "#/components/schemas/Listing"}
    assert document["components"]["schemas"]["Listing"]["required"] == ["id", "title"]
    paths = document["paths"]
    assert (
        paths["/listings/{id}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        == listing
    )
    listed = paths["/listings"]["get"]["responses"]["200"]["content"]["application/json"]
    assert listed["schema"] == {"type": "array", "items": listing}
    reviews = paths["/hosts/{slug}/reviews"]["get"]["responses"]["200"]["content"]
    assert reviews["application/json"]["schema"]["items"]["type"] == "object"  # used once


async def test_the_contract_reply_warns_of_null_only_fields_and_whole_numbers(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    await service.create(GUILD, ALICE, form("/listings", HttpMethod.POST), threads)
    body = '{"title": "Loft", "price": 10, "host": null}'
    outcome = await contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(body, '{"id": 3}', None), threads, keep_unset=True
    )

    reply = contract_reply(outcome)

    assert reply.startswith("Saved **contract v1** of **API-1**.")
    assert "⚠️ In the request example, `host` is only null" in reply
    assert "`price` is a whole number, so typed integer" in reply
    assert "`id`" not in reply  # an id is whole on purpose


async def test_a_field_has_one_type_across_contracts_in_the_export_and_the_mock(
    service: ApiRequestService,
    contracts: ApiContractService,
    threads: FakeThreads,
    migrated: Database,
) -> None:
    """`price` whole in one contract and not in another is a number in both; `next`, only
    ever null, is left open instead of typed "null" (a cursor could never fit)."""
    shapes = [
        ("/rooms", HttpMethod.POST, '{"price": 12}', '{"price": 12, "next": null}'),
        ("/suites", HttpMethod.POST, '{"price": 12.5}', '{"price": 12.5}'),
    ]
    for number, (path, method, request, response) in enumerate(shapes, start=1):
        await service.create(GUILD, ALICE, form(path, method, f"Endpoint {number}"), threads)
        await contracts.set_contract(
            GUILD, number, ALICE, ContractForm(request, response, None), threads, keep_unset=True
        )
    export = await service.export_openapi(GUILD, "ALX ProDev", mock_url=MOCK_URL)
    document = json.loads(export.json_text)
    validate(document, cls=OpenAPIV31SpecValidator)

    def body(path: str) -> dict[str, Any]:
        schema = document["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        return dict(schema["schema"])

    assert body("/rooms")["properties"]["price"] == {"type": "number"}
    assert body("/suites")["properties"]["price"] == {"type": "number"}
    answer = document["paths"]["/rooms"]["post"]["responses"]["201"]["content"]
    next_field = json.dumps(answer["application/json"]["schema"])
    assert '"null"' not in next_field and "not agreed" in next_field

    async def web_on(guild_id: int) -> bool:
        return True

    mock = ApiMock(migrated.sessions, web_on, cache_seconds=0)
    # What the document allows, the mock takes: a price with cents where the example was whole.
    assert (await mock.answer(GUILD, "POST", "/rooms", b'{"price": 9.99}')).status == 201
