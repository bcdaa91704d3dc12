"""Path parameters typed from a contract: `{id}` is an integer when the examples say so."""

from __future__ import annotations

from collections.abc import Sequence

from bot.services.api.contract import ApiContract
from bot.services.api.json_examples import JsonValue
from bot.services.api.model import ApiRequest

STRING = "string"


def parameter_types(request: ApiRequest, contract: ApiContract | None) -> tuple[str, ...]:
    """The JSON Schema type of each `{name}` of the request's path, in order.

    A parameter takes the type of the example key with its name (`{id}` -> `"id": 42`), or,
    for `{listing_id}`-style names, of the example's `id`; the response example is read
    before the request example. Anything else is a string, as in every URL."""
    return tuple(known or STRING for known in _known_types(request, contract))


def shared_parameter_types(
    operations: Sequence[tuple[ApiRequest, ApiContract | None]],
) -> tuple[str, ...]:
    """One type per parameter position for the operations of one path (one shape), so
    `DELETE /listings/{id}` without an example takes GET's integer: per position, the most
    specific type every known example fits (integer, then number), else a string."""
    if not operations:
        return ()
    per_operation = [_known_types(request, contract) for request, contract in operations]
    shared = []
    for known in zip(*per_operation, strict=True):
        found = {type_ for type_ in known if type_ is not None}
        if not found or STRING in found:
            shared.append(STRING)
        else:
            shared.append("number" if "number" in found else "integer")
    return tuple(shared)


def _known_types(request: ApiRequest, contract: ApiContract | None) -> tuple[str | None, ...]:
    """Each parameter's type as the contract's examples tell it; None where they do not."""
    examples = [] if contract is None else [contract.response_example, contract.request_example]
    records = [record for example in examples if (record := _first_record(example)) is not None]
    return tuple(_type_of(name, records) for name in request.path.parameters)


def _first_record(example: JsonValue | None) -> dict[str, JsonValue] | None:
    """The object the example describes: itself, or the first element of a list of them."""
    if isinstance(example, list) and example:
        example = example[0]
    return example if isinstance(example, dict) else None


def _type_of(name: str, records: list[dict[str, JsonValue]]) -> str | None:
    keys = [name]
    if name.endswith("_id") or (name.endswith("Id") and len(name) > 2):
        keys.append("id")
    for record in records:
        for key in keys:
            if key in record:
                return _scalar_type(record[key])
    return None


def _scalar_type(value: JsonValue) -> str:
    if isinstance(value, bool):
        return STRING
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return STRING
