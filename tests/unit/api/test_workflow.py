"""The workflow table: every status's next steps, and who besides mentors may take them."""

from __future__ import annotations

import pytest

from bot.services.api.status import ApiStatus
from bot.services.api.workflow import (
    ANYONE,
    CLAIMER,
    MENTORS_ONLY,
    PARTICIPANTS,
    REQUESTER,
    Party,
    next_moves,
    parties_of,
)

S = ApiStatus

EXPECTED = {
    S.OPEN: {S.CLAIMED: ANYONE, S.BLOCKED: REQUESTER, S.REJECTED: REQUESTER},
    S.CLAIMED: {
        S.IN_PROGRESS: CLAIMER,
        S.OPEN: CLAIMER,
        S.BLOCKED: PARTICIPANTS,
        S.REJECTED: REQUESTER,
    },
    S.IN_PROGRESS: {S.READY: CLAIMER, S.OPEN: CLAIMER, S.BLOCKED: PARTICIPANTS},
    S.READY: {
        S.DONE: REQUESTER,
        S.IN_PROGRESS: PARTICIPANTS,
        S.OPEN: CLAIMER,
        S.BLOCKED: PARTICIPANTS,
    },
    S.DONE: {S.OPEN: MENTORS_ONLY},
    S.REJECTED: {S.OPEN: MENTORS_ONLY},
}


@pytest.mark.parametrize("status", list(EXPECTED))
def test_each_status_has_exactly_its_next_steps(status: ApiStatus) -> None:
    assert next_moves(status, None) == EXPECTED[status]


@pytest.mark.parametrize(
    ("was", "expected"),
    [
        (S.OPEN, {S.OPEN: PARTICIPANTS}),
        (S.CLAIMED, {S.CLAIMED: PARTICIPANTS, S.OPEN: CLAIMER}),
        (S.IN_PROGRESS, {S.IN_PROGRESS: PARTICIPANTS, S.OPEN: CLAIMER}),
        (S.READY, {S.READY: PARTICIPANTS, S.OPEN: CLAIMER}),
    ],
)
def test_blocked_goes_back_to_where_it_was_or_is_unclaimed(
    was: ApiStatus, expected: dict[ApiStatus, frozenset[Party]]
) -> None:
    assert next_moves(S.BLOCKED, was) == expected


def test_every_non_final_status_can_be_blocked_and_final_ones_only_reopened() -> None:
    for status in (S.OPEN, S.CLAIMED, S.IN_PROGRESS, S.READY):
        assert S.BLOCKED in next_moves(status, None)
    for status in (S.DONE, S.REJECTED):
        assert next_moves(status, None) == {S.OPEN: MENTORS_ONLY}


def test_parties_of_a_member_for_one_request() -> None:
    assert parties_of(1, requester_id=1, claimer_id=2) == {Party.ANYONE, Party.REQUESTER}
    assert parties_of(2, requester_id=1, claimer_id=2) == {Party.ANYONE, Party.CLAIMER}
    assert parties_of(3, requester_id=1, claimer_id=None) == {Party.ANYONE}
    assert parties_of(1, requester_id=1, claimer_id=1) == {
        Party.ANYONE,
        Party.REQUESTER,
        Party.CLAIMER,
    }
