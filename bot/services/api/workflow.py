"""The API request workflow: which status may follow which, and who may move it there.

```
open -> claimed -> in_progress -> ready -> done
ready -> in_progress                      (changes requested)
any non-final -> blocked -> back to where it was      (note required)
open | claimed -> rejected                             (note required)
claimed | in_progress | ready -> open                  (unclaim)
done | rejected -> open                                (mentors only: reopen)
```
Mentors (the guild's mentor role, or Manage Threads) may make any legal move.
"""

from __future__ import annotations

from enum import Enum

from bot.services.api.status import FINAL_STATUSES, ApiStatus


class Party(Enum):
    """Who, besides mentors, may make a move."""

    ANYONE = "anyone"
    REQUESTER = "the requester"
    CLAIMER = "the claimer"


ANYONE = frozenset({Party.ANYONE})
REQUESTER = frozenset({Party.REQUESTER})
CLAIMER = frozenset({Party.CLAIMER})
PARTICIPANTS = REQUESTER | CLAIMER
MENTORS_ONLY: frozenset[Party] = frozenset()

S = ApiStatus
_MOVES: dict[ApiStatus, dict[ApiStatus, frozenset[Party]]] = {
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

NOTE_REQUIRED = frozenset({ApiStatus.BLOCKED, ApiStatus.REJECTED})

STATUS_LABELS = {
    ApiStatus.OPEN: "open",
    ApiStatus.CLAIMED: "claimed",
    ApiStatus.IN_PROGRESS: "in progress",
    ApiStatus.READY: "ready for review",
    ApiStatus.DONE: "done",
    ApiStatus.BLOCKED: "blocked",
    ApiStatus.REJECTED: "rejected",
}


def label(status: ApiStatus) -> str:
    return STATUS_LABELS[status]


def is_final(status: ApiStatus) -> bool:
    return status in FINAL_STATUSES


def next_moves(
    status: ApiStatus, blocked_from: ApiStatus | None
) -> dict[ApiStatus, frozenset[Party]]:
    """Every status `status` may move to, with who (besides mentors) may make each move."""
    if status is not ApiStatus.BLOCKED:
        return dict(_MOVES[status])
    back = blocked_from or ApiStatus.OPEN
    moves = {back: PARTICIPANTS}
    if back is not ApiStatus.OPEN:
        moves[ApiStatus.OPEN] = CLAIMER  # unclaiming a blocked request frees it
    return moves


def parties_of(user_id: int, requester_id: int, claimer_id: int | None) -> frozenset[Party]:
    """The parties `user_id` belongs to for one request."""
    parties = {Party.ANYONE}
    if user_id == requester_id:
        parties.add(Party.REQUESTER)
    if claimer_id is not None and user_id == claimer_id:
        parties.add(Party.CLAIMER)
    return frozenset(parties)
