"""JSON examples members type into a contract: parsed strictly, refused with line and column."""

from __future__ import annotations

import json
from typing import Any, TypeAlias

from bot.errors import ValidationError

# A recursive alias: what `json.loads` can return.
JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"

EXAMPLE_MAX = 4000
# Deeper nesting is never a realistic API body, and derivation recurses once per level.
DEPTH_MAX = 32


def parse_example(raw: str, what: str) -> JsonValue:
    """The JSON value of `raw` (an object or an array at the top), or a `ValidationError`
    naming `what` ("The request example") and where the problem is."""
    text = raw.strip()
    if len(text) > EXAMPLE_MAX:
        raise ValidationError(
            f"{what} is {len(text):,} characters long; keep it to {EXAMPLE_MAX:,}."
        )
    try:
        value: JsonValue = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        raise ValidationError(
            f"{what} is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    except _NotJson as error:
        raise ValidationError(f"{what} is not valid JSON: {error}.") from None
    except RecursionError:
        raise _too_deep(what) from None
    if not isinstance(value, dict | list):
        raise ValidationError(
            f"{what} must be a JSON object (`{{...}}`) or array (`[...]`) at the top, "
            f"not {kind_of(value)}."
        )
    if depth_of(value) > DEPTH_MAX:
        raise _too_deep(what)
    return value


def canonical(value: JsonValue) -> str:
    """The stored form: indented, keys in the member's order, non-ASCII kept readable."""
    return json.dumps(value, indent=2, ensure_ascii=False)


def compact(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def kind_of(value: Any) -> str:
    """A JSON type name for messages: `a string`, `a number`..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def depth_of(value: JsonValue) -> int:
    """How deeply arrays and objects nest (a scalar is 0), counted without recursion."""
    deepest = 0
    pending: list[tuple[JsonValue, int]] = [(value, 0)]
    while pending:
        item, depth = pending.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict):
            pending.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            pending.extend((child, depth + 1) for child in item)
    return deepest


class _NotJson(ValueError):
    pass


def _refuse_constant(name: str) -> None:
    # Python accepts NaN and Infinity; JSON (and every browser's JSON.parse) does not.
    raise _NotJson(f"`{name}` is not a JSON value")


def _too_deep(what: str) -> ValidationError:
    return ValidationError(f"{what} nests arrays and objects too deeply (at most {DEPTH_MAX}).")
