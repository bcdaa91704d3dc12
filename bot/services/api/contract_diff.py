"""What changed between two versions of a contract, field by field.

Fields are compared on the schemas derived from the examples, so `{"price": 10}` and
`{"price": 12}` are the same contract, while `{"price": "10"}` changes a type. A removed
field or a changed type breaks whoever relies on the old version: such a change is breaking.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.services.api.schema import Schema, types_of


class FieldChangeKind(Enum):
    ADDED = "added"
    REMOVED = "removed"
    TYPE_CHANGED = "type changed"


@dataclass(frozen=True)
class FieldChange:
    """One field's change; `field` is a path (`owner.name`, `items[].price`, or `(body)`)."""

    body: str  # "request" or "response"
    kind: FieldChangeKind
    field: str
    before: tuple[str, ...]  # the field's types before (empty when added)
    after: tuple[str, ...]  # and after (empty when removed)

    @property
    def breaking(self) -> bool:
        return self.kind is not FieldChangeKind.ADDED


ROOT = "(body)"


def schema_changes(body: str, before: Schema | None, after: Schema | None) -> list[FieldChange]:
    """Every field added, removed or changed in type from `before` to `after` (None: no
    body in that version), outermost first."""
    if before is None and after is None:
        return []
    if before is None:
        return [FieldChange(body, FieldChangeKind.ADDED, ROOT, (), types_of(after or {}))]
    if after is None:
        return [FieldChange(body, FieldChangeKind.REMOVED, ROOT, types_of(before), ())]
    changes: list[FieldChange] = []
    _compare(body, "", before, after, changes)
    return changes


def _compare(body: str, where: str, before: Schema, after: Schema, out: list[FieldChange]) -> None:
    old_types, new_types = types_of(before), types_of(after)
    if old_types != new_types and old_types and new_types:
        out.append(
            FieldChange(body, FieldChangeKind.TYPE_CHANGED, where or ROOT, old_types, new_types)
        )
    if "object" in old_types and "object" in new_types:
        old_props: dict[str, Schema] = before.get("properties", {})
        new_props: dict[str, Schema] = after.get("properties", {})
        for key, schema in old_props.items():
            path = f"{where}.{key}" if where else key
            if key not in new_props:
                out.append(FieldChange(body, FieldChangeKind.REMOVED, path, types_of(schema), ()))
            else:
                _compare(body, path, schema, new_props[key], out)
        for key, schema in new_props.items():
            if key not in old_props:
                path = f"{where}.{key}" if where else key
                out.append(FieldChange(body, FieldChangeKind.ADDED, path, (), types_of(schema)))
    if "array" in old_types and "array" in new_types:
        old_items, new_items = before.get("items", {}), after.get("items", {})
        # An empty array's items say nothing; only compare what both examples show.
        if old_items and new_items:
            _compare(body, f"{where}[]" if where else "[]", old_items, new_items, out)
