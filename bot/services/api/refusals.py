"""Why an API request action was refused, written for the member who tried it."""

from __future__ import annotations

from bot.errors import Conflict, NexusError
from bot.services.api.model import Actor, ApiRequest
from bot.services.api.status import ApiStatus
from bot.services.api.workflow import Party, is_final, label, next_moves


def duplicate(existing: ApiRequest) -> Conflict:
    where = f": {existing.thread_url}" if existing.thread_url else "."
    return Conflict(
        f"{existing.label} already asks for `{existing.route}` ({label(existing.status)}); "
        f"follow it there instead of opening another{where}"
    )


def reopen_collision(request: ApiRequest, other: ApiRequest) -> Conflict:
    return Conflict(
        f"{request.label} can't be reopened: {other.label} already asks for "
        f"`{other.route}` ({label(other.status)})."
    )


def illegal_move(
    request: ApiRequest, target: ApiStatus, moves: dict[ApiStatus, frozenset[Party]]
) -> Conflict:
    """An illegal move, refused with the moves that are legal from here."""
    options = ", ".join(
        f"**{label(status)}**" + ("" if parties else " (mentors only)")
        for status, parties in moves.items()
    )
    state = label(request.status)
    if request.status is ApiStatus.BLOCKED and request.blocked_from is not None:
        state += f", was {label(request.blocked_from)}"
    final = ", which is final" if is_final(request.status) else ""
    return Conflict(
        f"{request.label} is **{state}**{final}, so it can't move to **{label(target)}**. "
        f"From there it can go to: {options or 'nowhere'}."
    )


def not_claimable(request: ApiRequest, actor: Actor) -> NexusError:
    """Why a claim of `request` (which is not open) found nothing to update."""
    if request.is_final or request.claimer_id is None:
        moves = next_moves(request.status, request.blocked_from)
        return illegal_move(request, ApiStatus.CLAIMED, moves)
    if request.claimer_id == actor.user_id:
        return Conflict(f"You already claimed {request.label} ({label(request.status)}).")
    return Conflict(
        f"{request.label} is already claimed by <@{request.claimer_id}> ({label(request.status)})."
    )


def not_claimed(request: ApiRequest) -> Conflict:
    return Conflict(f"{request.label} is {label(request.status)}: nobody has claimed it.")


def who_may(request: ApiRequest, target: ApiStatus, allowed: frozenset[Party]) -> str:
    people = []
    if Party.REQUESTER in allowed:
        people.append(f"the requester (<@{request.requester_id}>)")
    if Party.CLAIMER in allowed and request.claimer_id is not None:
        people.append(f"the claimer (<@{request.claimer_id}>)")
    who = " or ".join([*people, "a mentor"])
    return f"Only {who} can move {request.label} to **{label(target)}**."
