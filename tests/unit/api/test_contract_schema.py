"""Schemas derived from examples, bodies checked against them, and diffs between versions."""

from __future__ import annotations

import pytest

from bot.services.api.contract_diff import FieldChangeKind, schema_changes
from bot.services.api.json_examples import JsonValue
from bot.services.api.schema import derive_schema, first_mismatch

ADDED, REMOVED, RETYPED = (
    FieldChangeKind.ADDED,
    FieldChangeKind.REMOVED,
    FieldChangeKind.TYPE_CHANGED,
)


def test_an_object_gives_its_keys_types_and_requires_every_key() -> None:
    schema = derive_schema({"id": 1, "price": 9.5, "title": "Loft", "live": True, "host": None})

    assert schema == {
        "type": "object",
        "properties": {
            "id": {"type": "integer"},
            "price": {"type": "number"},
            "title": {"type": "string"},
            "live": {"type": "boolean"},
            "host": {"type": "null"},
        },
        "required": ["id", "price", "title", "live", "host"],
    }


def test_array_items_are_merged_from_every_element() -> None:
    schema = derive_schema(
        [
            {"id": 1, "note": None, "score": 1},
            {"id": 2, "note": "hi", "score": 2.5, "extra": [1]},
        ]
    )

    assert schema == {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "id": {"type": "integer"},
                "note": {"type": ["string", "null"]},
                "score": {"type": "number"},
                "extra": {"type": "array", "items": {"type": "integer"}},
            },
            "required": ["id", "note", "score"],
        },
    }


def test_an_empty_array_allows_any_items() -> None:
    assert derive_schema({"tags": []})["properties"]["tags"] == {"type": "array", "items": {}}


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ({"title": "x"}, "price", "is required"),
        ({"title": 3, "price": 1}, "title", "should be a string, not a number"),
        ({"title": "x", "price": "1"}, "price", "should be a number, not a string"),
        ({"title": "x", "price": 1, "tags": [1]}, "tags[0]", "should be a string, not a number"),
        (
            {"title": "x", "price": 1, "owner": {"name": None}},
            "owner.name",
            "should be a string, not null",
        ),
        ([], "", "should be an object, not an array"),
    ],
)
def test_a_body_that_breaks_the_schema_names_the_field(
    body: JsonValue, field: str, problem: str
) -> None:
    schema = derive_schema(
        {"title": "Loft", "price": 10.5, "tags": ["a"], "owner": {"name": "Ada"}}
    )
    schema["required"] = ["title", "price"]

    mismatch = first_mismatch(body, schema)

    assert mismatch is not None
    assert (mismatch.field, mismatch.problem) == (field, problem)


def test_a_matching_body_has_no_mismatch_and_extra_keys_are_allowed() -> None:
    schema = derive_schema({"title": "Loft", "price": 10.5})

    assert first_mismatch({"title": "Other", "price": 3, "extra": True}, schema) is None


def changes(before: JsonValue, after: JsonValue) -> list[tuple[str, FieldChangeKind]]:
    diff = schema_changes("response", derive_schema(before), derive_schema(after))
    return [(c.field, c.kind) for c in diff]


def test_same_shape_with_other_values_is_no_change() -> None:
    assert changes({"id": 1, "tags": ["a"]}, {"id": 2, "tags": ["b", "c"]}) == []


def test_added_removed_and_retyped_fields_are_found_breaking_only_when_lost_or_retyped() -> None:
    diff = schema_changes(
        "response",
        derive_schema({"id": 1, "price": 10}),
        derive_schema({"id": "a", "rating": 4}),
    )

    assert [(c.field, c.kind, c.breaking) for c in diff] == [
        ("id", RETYPED, True),
        ("price", REMOVED, True),
        ("rating", ADDED, False),
    ]


def test_nested_objects_and_array_items_are_compared_by_path() -> None:
    before = {"owner": {"name": "Ada", "age": 3}, "items": [{"sku": 1}]}
    after = {"owner": {"name": "Ada", "email": "a@b.c"}, "items": [{"sku": "1"}]}

    assert changes(before, after) == [
        ("owner.age", REMOVED),
        ("owner.email", ADDED),
        ("items[].sku", RETYPED),
    ]


def test_an_object_turned_into_an_array_is_a_type_change_of_the_body() -> None:
    assert changes({"id": 1}, [{"id": 1}]) == [("(body)", RETYPED)]


def test_a_body_appearing_or_disappearing_is_an_addition_or_a_removal() -> None:
    added = schema_changes("request", None, derive_schema({"a": 1}))
    removed = schema_changes("request", derive_schema({"a": 1}), None)

    assert [(c.field, c.kind) for c in added] == [("(body)", ADDED)]
    assert [(c.field, c.kind, c.breaking) for c in removed] == [("(body)", REMOVED, True)]
