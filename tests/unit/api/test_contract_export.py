"""`/api export` with contracts: bodies, responses, schemas, typed parameters, still 3.1."""

from __future__ import annotations

import json
from typing import Any

from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from bot.services.api.contract import ContractForm
from bot.services.api.contracts import ApiContractService
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import HttpMethod
from tests.api_builders import ALICE, GUILD, FakeThreads, form


async def contracted(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> dict[str, Any]:
    await service.create(GUILD, ALICE, form("/listings", HttpMethod.POST, "Create"), threads)
    await service.create(GUILD, ALICE, form("/listings/{listing_id}"), threads)
    await service.create(GUILD, ALICE, form("/hosts/{slug}"), threads)
    await service.create(GUILD, ALICE, form("/listings/{id}", HttpMethod.DELETE), threads)
    await contracts.set_contract(
        GUILD,
        1,
        ALICE,
        ContractForm('{"title": "Loft", "tags": ["city"]}', '{"id": 7, "title": "Loft"}'),
        threads,
        keep_unset=True,
    )
    for response in ('{"id": 7, "host": null}', '{"id": 7, "host": {"name": "Ada"}}'):
        await contracts.set_contract(
            GUILD, 2, ALICE, ContractForm(response_example=response), threads, keep_unset=True
        )
    await contracts.set_contract(
        GUILD,
        3,
        ALICE,
        ContractForm(response_example='[{"slug": "ada"}]'),
        threads,
        keep_unset=True,
    )
    await contracts.set_contract(
        GUILD, 4, ALICE, ContractForm(notes="Hosts only."), threads, keep_unset=True
    )
    export = await service.export_openapi(GUILD, "ALX ProDev")
    document: dict[str, Any] = json.loads(export.json_text)
    validate(document, cls=OpenAPIV31SpecValidator)
    return document


async def test_a_contract_gives_the_operation_its_body_response_schema_and_version(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await contracted(service, contracts, threads)

    create = document["paths"]["/listings"]["post"]
    assert create["requestBody"] == {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "title": {"type": "string"},
                        "tags": {"type": "array", "items": {"type": "string"}},
                    },
                    "required": ["title", "tags"],
                },
                "example": {"title": "Loft", "tags": ["city"]},
            }
        },
    }
    created = create["responses"]["201"]
    assert created["description"] == "Created"
    assert created["content"]["application/json"]["example"] == {"id": 7, "title": "Loft"}
    assert create["x-nexus-contract-version"] == 1


async def test_the_export_has_the_current_version_and_typed_path_parameters(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await contracted(service, contracts, threads)

    one = document["paths"]["/listings/{listing_id}"]["get"]
    assert one["x-nexus-contract-version"] == 2
    assert one["parameters"][0]["schema"] == {"type": "integer"}  # `id` of the example
    schema = one["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["properties"]["host"]["type"] == "object"
    host = document["paths"]["/hosts/{slug}"]["get"]
    assert host["parameters"][0]["schema"] == {"type": "string"}
    assert host["responses"]["200"]["content"]["application/json"]["schema"]["type"] == "array"


async def test_a_contract_without_examples_has_its_status_and_no_body(
    service: ApiRequestService, contracts: ApiContractService, threads: FakeThreads
) -> None:
    document = await contracted(service, contracts, threads)

    delete = document["paths"]["/listings/{listing_id}"]["delete"]
    assert delete["responses"]["204"] == {"description": "No Content"}
    assert "requestBody" not in delete
    assert delete["description"].endswith("Contract notes: Hosts only.")
    # No example of its own: the path's GET types `{listing_id}` for every method.
    assert delete["parameters"][0]["schema"] == {"type": "integer"}
