"""JSON Schemas derived from a contract's examples, and checking a body against one.

The schemas use the JSON Schema 2020-12 vocabulary that OpenAPI 3.1 adopts: a `type` (a list
when the example mixes types, `"null"` among them where the example has null), the keys of
an object as `properties`, all of them `required`, and an array's `items` merged from every
element (a key missing from some elements is not required; a value null in some is nullable).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.services.api.json_examples import JsonValue, kind_of

# A derived schema: a JSON Schema object (plain data, as it goes into the OpenAPI export).
Schema = dict[str, Any]
# Order in which mixed types are listed, so the same example always gives the same schema.
_TYPE_ORDER = ("object", "array", "string", "integer", "number", "boolean", "null")


def derive_schema(example: JsonValue) -> Schema:
    """The schema `example` is an instance of, as strict as one example allows."""
    if example is None:
        return {"type": "null"}
    if isinstance(example, bool):
        return {"type": "boolean"}
    if isinstance(example, int):
        return {"type": "integer"}
    if isinstance(example, float):
        return {"type": "number"}
    if isinstance(example, str):
        return {"type": "string"}
    if isinstance(example, list):
        items: Schema = {}
        for index, element in enumerate(example):
            element_schema = derive_schema(element)
            items = element_schema if index == 0 else merge_schemas(items, element_schema)
        return {"type": "array", "items": items}
    return {
        "type": "object",
        "properties": {key: derive_schema(value) for key, value in example.items()},
        "required": list(example),
    }


def types_of(schema: Schema) -> tuple[str, ...]:
    """The schema's types in a fixed order; empty for "anything" (an empty array's items)."""
    declared = schema.get("type")
    if declared is None:
        return ()
    listed = [declared] if isinstance(declared, str) else list(declared)
    return tuple(t for t in _TYPE_ORDER if t in listed)


def merge_schemas(first: Schema, second: Schema) -> Schema:
    """A schema both values satisfy: the union of their types, objects and items merged."""
    if not first or not second:
        return {}
    types = set(types_of(first)) | set(types_of(second))
    if {"integer", "number"} <= types:
        types.discard("integer")  # every integer is a number
    merged: Schema = {"type": _type_value(types)}
    if "object" in types:
        props_a, props_b = first.get("properties", {}), second.get("properties", {})
        merged["properties"] = {
            key: (
                merge_schemas(props_a[key], props_b[key])
                if key in props_a and key in props_b
                else props_a.get(key) or props_b[key]
            )
            for key in [*props_a, *(k for k in props_b if k not in props_a)]
        }
        # A key is required where every object has it; a null (or other non-object) value
        # says nothing about the keys, so an object merged with null keeps its own.
        objects = [s for s in (first, second) if "object" in types_of(s)]
        required = [set(s.get("required", [])) for s in objects]
        merged["required"] = [
            k for k in objects[0].get("required", []) if all(k in r for r in required)
        ]
    if "array" in types:
        # An empty array's `{}` items say nothing: the other example's items are kept.
        items = [s["items"] for s in (first, second) if s.get("items")]
        merged["items"] = (
            {} if not items else items[0] if len(items) == 1 else merge_schemas(*items)
        )
    return merged


def _type_value(types: set[str]) -> str | list[str]:
    ordered = [t for t in _TYPE_ORDER if t in types]
    return ordered[0] if len(ordered) == 1 else ordered


@dataclass(frozen=True)
class SchemaMismatch:
    """Where a value breaks a schema: `field` is a path such as `items[0].price`."""

    field: str
    problem: str

    def __str__(self) -> str:
        return f"`{self.field}` {self.problem}" if self.field else self.problem


def first_mismatch(value: JsonValue, schema: Schema, where: str = "") -> SchemaMismatch | None:
    """The first place `value` breaks `schema`, or None when it matches."""
    types = types_of(schema)
    if types and not any(_is_type(value, t) for t in types):
        expected = " or ".join(_TYPE_NAMES[t] for t in types)
        return SchemaMismatch(where, f"should be {expected}, not {kind_of(value)}")
    if isinstance(value, dict) and "object" in types:
        for key in schema.get("required", []):
            if key not in value:
                return SchemaMismatch(_join(where, key), "is required")
        properties: dict[str, Schema] = schema.get("properties", {})
        for key, child in value.items():
            if key in properties:
                found = first_mismatch(child, properties[key], _join(where, key))
                if found is not None:
                    return found
    if isinstance(value, list) and "array" in types and "items" in schema:
        for index, element in enumerate(value):
            found = first_mismatch(element, schema["items"], f"{where}[{index}]")
            if found is not None:
                return found
    return None


_TYPE_NAMES = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean",
    "null": "null",
}


def _is_type(value: JsonValue, name: str) -> bool:
    if name == "integer":
        if isinstance(value, float):
            return value.is_integer()
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    checks: dict[str, Any] = {
        "object": dict,
        "array": list,
        "string": str,
        "boolean": bool,
        "null": type(None),
    }
    return isinstance(value, checks[name])


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def example_warnings(example: JsonValue, body: str) -> list[str]:
    """What a member may not mean in `example` (the `body`'s, "request" or "response"): a
    field only ever null gets no type, and a whole number is typed `integer` (`10` refuses
    `10.5`; `10.0` would be a number)."""
    nulls: list[str] = []
    wholes: list[str] = []
    _collect(example, "", nulls, wholes)
    warnings = []
    if nulls:
        warnings.append(
            f"In the {body} example, {_listed(nulls)} only null: "
            "any value is accepted there; give a non-null example to type it."
        )
    if wholes:
        warnings.append(
            f"In the {body} example, {_listed(wholes)} a whole number, so typed integer: "
            "write `10.0` where decimals are allowed."
        )
    return warnings


def _collect(value: JsonValue, where: str, nulls: list[str], wholes: list[str]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _collect(child, _join(where, key), nulls, wholes)
    elif isinstance(value, list):
        for element in value:
            _collect(element, f"{where}[]", nulls, wholes)
    elif value is None and where and where not in nulls:
        nulls.append(where)
    elif _is_whole(value) and where not in wholes and not _is_identifier(where):
        wholes.append(where or "the body")  # ids are left out: whole numbers on purpose


def _is_whole(value: JsonValue) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_identifier(where: str) -> bool:
    name = where.rsplit(".", 1)[-1].removesuffix("[]")
    return name == "id" or name.endswith(("_id", "Id"))


def _listed(fields: list[str]) -> str:
    shown = [f"`{field}`" for field in fields[:5]]
    more = f" and {len(fields) - 5} more" if len(fields) > 5 else ""
    return ", ".join(shown) + more + (" is" if len(fields) == 1 else " are")
