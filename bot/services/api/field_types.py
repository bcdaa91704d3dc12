"""One type per field across a server's contracts, as a generated client needs it.

Each contract's schemas are derived from its own examples (`schema.py`), so the same field
can come out differently in two contracts: `price` an `integer` where an example had `12`
and a `number` where another had `12.5`, and a field whose only example is `null` typed
`"null"`, so it could never hold a value. Before the schemas reach the OpenAPI export or
the mock (both use `ServerSchemas`, so they agree), a field that is a whole number in some
contracts and a number in others becomes a `number` everywhere, and a field only ever
seen as null accepts any value, with a description saying why.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.services.api.contract import ApiContract
from bot.services.api.schema import Schema, types_of

NULL_ONLY: Schema = {
    "description": "Only null in the examples so far: its type is not agreed yet.",
}
_NUMERIC = ({"integer"}, {"number"})


def _children(schema: Schema) -> Iterable[tuple[str | None, Schema]]:
    """(field name, schema) of each property, and (None, schema) of an array's items."""
    yield from schema.get("properties", {}).items()
    if schema.get("items"):
        yield None, schema["items"]


def _numeric_kinds(schema: Schema, found: dict[str, set[str]]) -> None:
    for key, child in _children(schema):
        kinds = set(types_of(child)) - {"null"}
        if key is not None and kinds in _NUMERIC:
            found.setdefault(key, set()).update(kinds)
        _numeric_kinds(child, found)


def _settled(schema: Schema, numbers: frozenset[str], key: str | None = None) -> Schema:
    """`schema` with null-only fields opened and the fields in `numbers` made numbers."""
    if types_of(schema) == ("null",):
        return dict(NULL_ONLY)
    settled: dict[str, Any] = dict(schema)
    if key in numbers and "integer" in types_of(schema):
        kinds = ["number" if t == "integer" else t for t in types_of(schema)]
        settled["type"] = kinds[0] if len(kinds) == 1 else kinds
    if "properties" in schema:
        settled["properties"] = {
            name: _settled(child, numbers, name) for name, child in schema["properties"].items()
        }
    if schema.get("items"):
        settled["items"] = _settled(schema["items"], numbers)
    return settled


class ServerSchemas:
    """The schemas of one server's contracts, each field given one type across them."""

    def __init__(self, contracts: Iterable[ApiContract | None]) -> None:
        kinds: dict[str, set[str]] = {}
        self._contracts = [c for c in contracts if c is not None]
        for contract in self._contracts:
            for schema in (contract.request_schema, contract.response_schema):
                if schema is not None:
                    _numeric_kinds(schema, kinds)
        # Only where the examples agree it is a number of some kind.
        self.numbers = frozenset(name for name, seen in kinds.items() if len(seen) == 2)

    def request(self, contract: ApiContract) -> Schema | None:
        schema = contract.request_schema
        return None if schema is None else _settled(schema, self.numbers)

    def response(self, contract: ApiContract) -> Schema | None:
        schema = contract.response_schema
        return None if schema is None else _settled(schema, self.numbers)
