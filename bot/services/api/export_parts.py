"""Pieces of the OpenAPI export that tools read: the mock as the server, the mock's error
answers (RFC 9457 problem documents), and readable operation ids for generated clients."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

MOCK_SERVER = (
    "Nexus's mock of this server: answers each operation with its contract's example "
    "(501 until the request has a contract)."
)
PROBLEM = "Problem"
PROBLEM_MEDIA_TYPE = "application/problem+json"
# Each error the mock answers, with why, as `components.responses` entries.
_ERRORS: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The body is not valid JSON."),
    404: ("NotFound", "No such path here, or the server has not turned the web hub on."),
    405: ("MethodNotAllowed", "The path does not answer this method (see `Allow`)."),
    413: ("PayloadTooLarge", "The body is over the mock's size limit."),
    422: (
        "UnprocessableContent",
        "A path parameter or the body does not fit the contract; `detail` names the field.",
    ),
    501: ("NoContract", "The request has no contract yet, so there is nothing to mock."),
}


def problem_components() -> dict[str, Any]:
    """The shared problem schema and one response per error status, for `$ref`s."""
    schema = {
        "type": "object",
        "description": "An RFC 9457 problem document; more members may follow.",
        "properties": {
            "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
            "title": {"type": "string", "description": "The status's short summary."},
            "status": {"type": "integer", "minimum": 100, "maximum": 599},
            "detail": {"type": "string", "description": "What went wrong with this call."},
            "instance": {"type": "string", "format": "uri-reference"},
        },
        "required": ["title", "status", "detail"],
        "additionalProperties": True,
    }
    responses = {
        name: {
            "description": why,
            "content": {
                PROBLEM_MEDIA_TYPE: {"schema": {"$ref": f"#/components/schemas/{PROBLEM}"}}
            },
        }
        for name, why in _ERRORS.values()
    }
    return {"schemas": {PROBLEM: schema}, "responses": responses}


def error_responses(*, has_parameters: bool, has_body: bool, contracted: bool) -> dict[str, Any]:
    """The errors the mock can answer for one operation, as references."""
    if not contracted:
        statuses = [404, 405, 501]
    else:
        statuses = [404, 405]
        if has_body:
            statuses += [400, 413]
        if has_body or has_parameters:
            statuses.append(422)
    return {
        str(status): {"$ref": f"#/components/responses/{_ERRORS[status][0]}"}
        for status in sorted(statuses)
    }


_VERBS = {"POST": "create", "PUT": "replace", "PATCH": "update", "DELETE": "delete"}


def operation_ids(operations: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """A readable, unique id per `(method, path)`: `GET /listings` -> `listListings`,
    `GET /listings/{id}` -> `getListing`, `POST /bookings` -> `createBooking`."""
    ids: dict[tuple[str, str], str] = {}
    taken: set[str] = set()
    for method, path in operations:
        base = _operation_id(method, path)
        chosen, suffix = base, 2
        while chosen in taken:  # two paths that read the same (`/a-b`, `/a_b`)
            chosen, suffix = f"{base}{suffix}", suffix + 1
        taken.add(chosen)
        ids[(method, path)] = chosen
    return ids


def _operation_id(method: str, path: str) -> str:
    segments = [s for s in path.split("/") if s]
    literals = [s for s in segments if not s.startswith("{")]
    if not literals:
        return f"{method.lower()}Root"
    one_item = segments[-1].startswith("{")
    # `/hosts/{slug}/reviews`: the owners read singular, the last literal is the resource.
    words = [_singular(_camel(s)) for s in literals[:-1]]
    last = _camel(literals[-1])
    if method == "GET" and not one_item:
        return "list" + "".join(words) + last
    verb = "get" if method == "GET" else _VERBS.get(method, method.lower())
    return verb + "".join(words) + _singular(last)


def _camel(segment: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^0-9A-Za-z]+", segment))


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def name_shared_schemas(paths: dict[str, Any], taken: set[str]) -> dict[str, Any]:
    """Give a response object that several operations return one name (`Listing`, after
    the path's resource) in `components.schemas`, and `$ref` it where it was inline; a
    list of them refers to it as its items. Returns the named schemas."""
    places: dict[str, list[tuple[str, dict[str, Any], str]]] = {}
    for path, operations in paths.items():
        for operation in operations.values():
            for response in operation["responses"].values():
                media = response.get("content", {}).get("application/json")
                if media is None:
                    continue
                holder, key = media, "schema"
                if media["schema"].get("type") == "array":
                    holder, key = media["schema"], "items"
                if holder.get(key, {}).get("type") == "object":
                    shape = json.dumps(holder[key], sort_keys=True)
                    places.setdefault(shape, []).append((path, holder, key))
    named: dict[str, Any] = {}
    for found in places.values():
        if len(found) < 2:
            continue
        name = base = _resource_name(found[0][0])
        suffix = 2
        while name in taken:
            name, suffix = f"{base}{suffix}", suffix + 1
        taken.add(name)
        named[name] = found[0][1][found[0][2]]
        for _, holder, key in found:
            holder[key] = {"$ref": f"#/components/schemas/{name}"}
    return named


def _resource_name(path: str) -> str:
    literals = [s for s in path.split("/") if s and not s.startswith("{")]
    return _singular(_camel(literals[-1])) if literals else "Root"
