"""Endpoint paths: what is accepted, how it is normalised, and what each refusal says."""

from __future__ import annotations

import pytest

from bot.errors import ValidationError
from bot.services.api.paths import PATH_MAX, parse_path


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("/listings", "/listings"),
        ("/listings/{id}", "/listings/{id}"),
        ("  /listings  ", "/listings"),
        ("//listings//{id}///reviews", "/listings/{id}/reviews"),
        ("/listings/", "/listings"),
        ("/listings/{id}/", "/listings/{id}"),
        ("/", "/"),
        ("//", "/"),
        ("/v1/users/me/avatar.png", "/v1/users/me/avatar.png"),
        ("/a-b_c.d~e/{listing_id}", "/a-b_c.d~e/{listing_id}"),
        ("/Users/{userId}", "/Users/{userId}"),
        ("/" + "a" * (PATH_MAX - 1), "/" + "a" * (PATH_MAX - 1)),
        ("/" + "a" * (PATH_MAX - 1) + "//", "/" + "a" * (PATH_MAX - 1)),
    ],
)
def test_valid_paths_are_normalised(typed: str, stored: str) -> None:
    assert parse_path(typed).value == stored


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("listings", "starts with `/`: did you mean `/listings`?"),
        ("/a b", "can't contain spaces"),
        ("/a\tb", "can't contain spaces"),
        ("/x?y=1", "query string"),
        ("/x#top", "fragment"),
        ("/" + "a" * 299, "300 characters long; keep it to 200"),
        ("/" + "a" * PATH_MAX, "201 characters long"),
        ("/a/../b", "`.` or `..`"),
        ("/a/./b", "`.` or `..`"),
        ("/listings/{id", "not a valid parameter"),
        ("/listings/{1id}", "not a valid parameter"),
        ("/files/{name}.json", "not a valid parameter"),
        ("/listings/{}", "not a valid parameter"),
        ("/a/{id}/b/{id}", "`{id}` appears twice"),
        ("/caf\u00e9", "not URL-safe (`\u00e9`)"),
        ("/a@b", "not URL-safe (`@`)"),
        ("/users/%20", "not URL-safe (`%`)"),
        ("", "Please give a path"),
        ("   ", "Please give a path"),
    ],
)
def test_invalid_paths_are_refused_with_a_reason(typed: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_path(typed)
    assert says in str(refused.value)


def test_parameters_and_shape_come_from_brace_segments() -> None:
    path = parse_path("/listings/{listing_id}/reviews/{review_id}")
    assert path.parameters == ("listing_id", "review_id")
    assert path.shape == "/listings/{}/reviews/{}"
    assert parse_path("/").shape == "/"
    assert parse_path("/").parameters == ()


def test_a_refusal_quotes_long_user_text_briefly_and_without_backticks() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_path("`" + "x" * 500)
    message = str(refused.value)
    assert len(message) < 150
    assert "``" not in message
