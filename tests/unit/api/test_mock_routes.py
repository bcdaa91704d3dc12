"""The mock's routing table finds the same routes, in the same order, as a scan of them all."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from bot.services.api.mock_routes import MockRoute, RouteTable, split_path
from bot.services.api.model import ApiRequest
from bot.services.api.paths import EndpointPath
from bot.services.api.status import ApiStatus, HttpMethod

WORDS = ("listings", "users", "new", "me", "42", "a b")
METHODS = (HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE)
WHEN = datetime(2026, 3, 2, tzinfo=UTC)


def request(number: int, method: HttpMethod, path: str) -> ApiRequest:
    return ApiRequest(
        id=number, guild_id=1, number=number, method=method, path=EndpointPath(path),
        summary="s", details=None, requester_id=1, claimer_id=None, status=ApiStatus.OPEN,
        blocked_from=None, revision=1, thread_id=None, card_message_id=None,
        created_at=WHEN, updated_at=WHEN,
    )  # fmt: skip


def scanned(table: RouteTable, path: str) -> list[MockRoute]:
    segments = split_path(path)
    return [route for route in table.routes if route.matches(segments)]


def test_literal_segments_win_over_parameters() -> None:
    table = RouteTable.build(
        [
            request(1, HttpMethod.GET, "/listings/{id}"),
            request(2, HttpMethod.GET, "/listings/new"),
            request(3, HttpMethod.GET, "/{kind}/new"),
        ],
        {},
    )
    _, found = table.matching("/listings/new")
    assert [route.request.number for route in found] == [2, 1, 3]
    assert [r.request.number for r in table.matching("/users/new")[1]] == [3]
    assert table.matching("/")[1] == []


def test_the_table_matches_as_a_scan_of_every_route_does() -> None:
    rng = random.Random(17)

    def path(parameters: bool) -> str:
        segments = [
            f"{{p{i}}}" if parameters and rng.random() < 0.4 else rng.choice(WORDS)
            for i in range(rng.randint(0, 3))
        ]
        return "/" + "/".join(segments)

    for _ in range(50):
        requests = [request(n, rng.choice(METHODS), path(parameters=True)) for n in range(1, 30)]
        table = RouteTable.build(requests, {})
        for _ in range(40):
            called = path(parameters=False) + rng.choice(("", "/", "?q=1"))
            assert table.matching(called)[1] == scanned(table, called), called


@pytest.mark.parametrize(
    ("path", "segments"),
    [
        ("/bookings/%3F1", ["bookings", "?1"]),
        ("/hosts/a%2Fb/reviews", ["hosts", "a/b", "reviews"]),
        ("/listings/%231/photos?q=%2F#x", ["listings", "#1", "photos"]),
        ("/listings/%3F1%F2/photos", ["listings", "?1\ufffd", "photos"]),
        ("/a%252F", ["a%2F"]),
        ("//a//b/", ["a", "b"]),
    ],
)
def test_a_path_is_split_at_its_slashes_before_each_segment_is_decoded_once(
    path: str, segments: list[str]
) -> None:
    assert split_path(path) == segments


def test_an_encoded_question_mark_never_reaches_another_operation() -> None:
    table = RouteTable.build(
        [
            request(1, HttpMethod.GET, "/listings"),
            request(2, HttpMethod.GET, "/listings/{id}/photos"),
        ],
        {},
    )

    assert [r.request.number for r in table.matching("/listings/%3F1%F2/photos")[1]] == [2]
    assert table.matching("/listings/%3F")[1] == []
