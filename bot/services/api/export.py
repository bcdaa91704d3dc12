"""API requests as an OpenAPI 3.1 document the frontend can mock against."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from bot.services.api.contract import ApiContract
from bot.services.api.export_parts import (
    MOCK_SERVER,
    error_responses,
    name_shared_schemas,
    operation_ids,
    problem_components,
)
from bot.services.api.field_types import ServerSchemas
from bot.services.api.json_examples import JsonValue
from bot.services.api.model import ApiRequest
from bot.services.api.parameters import shared_parameter_types
from bot.services.api.schema import Schema

OPENAPI_VERSION = "3.1.0"
PENDING_RESPONSE = "Not agreed yet: settle the response in the request's thread."


@dataclass(frozen=True)
class OpenApiExport:
    json_text: str
    operations: int
    # Older requests for an endpoint that a newer request also covers (kept out: an
    # OpenAPI document has one operation per method and path).
    superseded: int


def export_document(
    requests: Sequence[ApiRequest],
    *,
    title: str,
    version: str,
    description: str,
    contracts: Mapping[int, ApiContract] | None = None,
    mock_url: str | None = None,
) -> OpenApiExport:
    """One operation per request; `requests` must not contain rejected ones. `contracts`
    (by request id) give operations their bodies, examples, schemas and typed parameters;
    `mock_url` (the guild's mock, when the hub's address is known) becomes the server."""
    contracts = contracts or {}
    # OpenAPI treats `/a/{id}` and `/a/{name}` as the same path, so requests are grouped by
    # shape; the group's path is its oldest request's, and the newest request per method wins.
    groups: dict[str, dict[str, ApiRequest]] = {}
    keys: dict[str, str] = {}
    superseded = 0
    for request in sorted(requests, key=lambda r: r.number):
        shape = request.path.shape
        keys.setdefault(shape, request.path.value)
        methods = groups.setdefault(shape, {})
        if request.method.value in methods:
            superseded += 1
        methods[request.method.value] = request
    ids = operation_ids(
        [
            (request.method.value, keys[shape])
            for shape, m in groups.items()
            for request in m.values()
        ]
    )
    # One type per field across the server's contracts (the mock validates with the same).
    schemas = ServerSchemas(contracts.get(r.id) for m in groups.values() for r in m.values())
    paths: dict[str, Any] = {}
    for shape, methods in groups.items():
        key = keys[shape]
        # One name and one type per parameter position for the whole path (the mock agrees).
        names = _parameter_names(key)
        types = shared_parameter_types([(r, contracts.get(r.id)) for r in methods.values()])
        parameters = tuple(zip(names, types, strict=True))
        paths[key] = {
            method.lower(): _operation(
                request, parameters, contracts.get(request.id), ids[(method, key)], schemas
            )
            for method, request in sorted(methods.items(), key=lambda item: item[1].number)
        }
    document: dict[str, Any] = {
        "openapi": OPENAPI_VERSION,
        "info": {"title": title, "version": version, "description": description},
    }
    if mock_url is not None:
        document["servers"] = [{"url": mock_url, "description": MOCK_SERVER}]
    document["paths"] = paths
    components = problem_components()
    components["schemas"] |= name_shared_schemas(paths, set(components["schemas"]))
    document["components"] = components
    operations = sum(len(methods) for methods in groups.values())
    return OpenApiExport(json.dumps(document, indent=2, ensure_ascii=False), operations, superseded)


def _parameter_names(path: str) -> tuple[str, ...]:
    return tuple(s[1:-1] for s in path.split("/") if s.startswith("{") and s.endswith("}"))


def _operation(
    request: ApiRequest,
    parameters: tuple[tuple[str, str], ...],
    contract: ApiContract | None,
    operation_id: str,
    schemas: ServerSchemas,
) -> dict[str, Any]:
    description = request.details or request.summary
    if contract is not None and contract.notes:
        description += f"\n\nContract notes: {contract.notes}"
    operation: dict[str, Any] = {
        "operationId": operation_id,
        "summary": request.summary,
        "description": description,
        "tags": [_tag(request)],
    }
    if parameters:
        # The group's path may name its parameters differently: they match by position.
        operation["parameters"] = [
            {"name": name, "in": "path", "required": True, "schema": {"type": type_}}
            for name, type_ in parameters
        ]
    if contract is None:
        operation["responses"] = {
            "default": {"description": PENDING_RESPONSE},
            **error_responses(has_parameters=False, has_body=False, contracted=False),
        }
    else:
        request_schema, response_schema = schemas.request(contract), schemas.response(contract)
        if contract.request_example is not None and request_schema is not None:
            operation["requestBody"] = {
                "required": True,
                "content": _json_content(request_schema, contract.request_example),
            }
        response: dict[str, Any] = {"description": _reason(contract.response_status)}
        if contract.response_example is not None and response_schema is not None:
            response["content"] = _json_content(response_schema, contract.response_example)
        has_body = contract.request_example is not None
        operation["responses"] = {
            str(contract.response_status): response,
            **error_responses(has_parameters=bool(parameters), has_body=has_body, contracted=True),
        }
        operation["x-nexus-contract-version"] = contract.version
    operation["x-nexus-id"] = request.label
    operation["x-nexus-status"] = request.status.value
    operation["x-nexus-thread"] = request.thread_url
    return operation


def _json_content(schema: Schema, example: JsonValue) -> dict[str, Any]:
    return {"application/json": {"schema": schema, "example": example}}


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _tag(request: ApiRequest) -> str:
    """The first literal segment (`/listings/{id}` -> `listings`): groups related operations."""
    literal = next((s for s in request.path.segments if not s.startswith("{")), None)
    return literal or "root"
