"""Moving API requests on SQLite and PostgreSQL: the workflow table, claims, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import Conflict, Forbidden, NexusError, NotFound, ValidationError
from bot.services.api.model import (
    Actor,
    ThreadDelivery,
)
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus
from tests.api_builders import (
    ALICE,
    BOB,
    CAROL,
    GUILD,
    MANAGER,
    OTHER_GUILD,
    ROLE_MENTOR,
    FakeThreads,
    arrange,
    form,
)
from tests.conftest import FixedClock

S = ApiStatus


@pytest.mark.parametrize("number", [0, -1, 99, 2**31, 2**53])
async def test_an_unknown_number_is_not_found(
    service: ApiRequestService, threads: FakeThreads, number: int
) -> None:
    await service.create(GUILD, ALICE, form(), threads)
    for act in (
        service.get(GUILD, number),
        service.claim(GUILD, number, BOB, threads),
        service.unclaim(GUILD, number, BOB, threads),
        service.change_status(GUILD, number, MANAGER, S.DONE, None, threads),
    ):
        with pytest.raises(NotFound, match=f"There's no API-{number} in this server"):
            await act


async def test_a_number_from_another_guild_is_not_found_there(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await service.create(OTHER_GUILD, ALICE, form(), threads)

    with pytest.raises(NotFound):
        await service.claim(GUILD, 1, BOB, threads)
    assert (await service.get(OTHER_GUILD, 1)).status is S.OPEN


# (starting state, actor, target, note, expected: None for success or the error type)


WORKFLOW = [
    ("open", CAROL, S.CLAIMED, None, None),
    ("open", ALICE, S.REJECTED, "duplicate of another", None),
    ("open", ALICE, S.REJECTED, None, ValidationError),
    ("open", CAROL, S.REJECTED, "spam", Forbidden),
    ("open", MANAGER, S.REJECTED, "out of scope", None),
    ("open", ALICE, S.IN_PROGRESS, None, Conflict),
    ("open", ALICE, S.BLOCKED, "waiting on design", None),
    ("open", ALICE, S.OPEN, None, Conflict),
    ("claimed", BOB, S.IN_PROGRESS, None, None),
    ("claimed", ALICE, S.IN_PROGRESS, None, Forbidden),
    ("claimed", ROLE_MENTOR, S.IN_PROGRESS, None, None),
    ("claimed", BOB, S.READY, None, Conflict),
    ("claimed", BOB, S.OPEN, None, None),
    ("claimed", CAROL, S.OPEN, None, Forbidden),
    ("claimed", ALICE, S.REJECTED, "changed plans", None),
    ("claimed", BOB, S.REJECTED, "too hard", Forbidden),
    ("claimed", CAROL, S.CLAIMED, None, Conflict),
    ("in_progress", BOB, S.READY, None, None),
    ("in_progress", ALICE, S.READY, None, Forbidden),
    ("in_progress", BOB, S.REJECTED, "nope", Conflict),
    ("in_progress", ALICE, S.BLOCKED, "the spec changed", None),
    ("in_progress", BOB, S.IN_PROGRESS, None, Conflict),
    ("ready", ALICE, S.DONE, None, None),
    ("ready", BOB, S.DONE, None, Forbidden),
    ("ready", ROLE_MENTOR, S.DONE, None, None),
    ("ready", ALICE, S.IN_PROGRESS, "the date format is wrong", None),
    ("ready", BOB, S.IN_PROGRESS, None, None),
    ("ready", CAROL, S.IN_PROGRESS, None, Forbidden),
    ("done", ALICE, S.OPEN, None, Forbidden),
    ("done", MANAGER, S.OPEN, None, None),
    ("done", MANAGER, S.IN_PROGRESS, None, Conflict),
    ("done", BOB, S.CLAIMED, None, Conflict),
    ("rejected", ROLE_MENTOR, S.OPEN, None, None),
    ("rejected", ALICE, S.BLOCKED, "why", Conflict),
    ("blocked<-open", ALICE, S.OPEN, None, None),
    ("blocked<-open", CAROL, S.CLAIMED, None, Conflict),
    ("blocked<-claimed", BOB, S.CLAIMED, None, None),
    ("blocked<-in_progress", ALICE, S.IN_PROGRESS, None, None),
    ("blocked<-in_progress", BOB, S.READY, None, Conflict),
    ("blocked<-in_progress", CAROL, S.IN_PROGRESS, None, Forbidden),
    ("blocked<-in_progress", BOB, S.OPEN, None, None),
]


@pytest.mark.parametrize(("state", "actor", "target", "note", "expected"), WORKFLOW)
async def test_the_workflow_table(
    service: ApiRequestService,
    threads: FakeThreads,
    state: str,
    actor: Actor,
    target: ApiStatus,
    note: str | None,
    expected: type[NexusError] | None,
) -> None:
    before = await arrange(service, state, threads)
    published = len(threads.published)

    if expected is not None:
        with pytest.raises(expected):
            await service.change_status(GUILD, 1, actor, target, note, threads)
        assert await service.get(GUILD, 1) == before
        assert len(threads.published) == published
        return
    outcome = await service.change_status(GUILD, 1, actor, target, note, threads)

    after = outcome.request
    assert after.status is target
    assert after.revision == before.revision + 1
    assert outcome.delivery is ThreadDelivery.POSTED
    assert threads.published[-1] == outcome.change
    assert outcome.change.from_status is before.status and outcome.change.note == note
    if target is S.OPEN:
        assert after.claimer_id is None
    history = (await service.detail(GUILD, 1)).history
    assert (history[-1].from_status, history[-1].to_status, history[-1].note) == (
        before.status,
        target,
        note,
    )


async def test_an_illegal_move_lists_the_allowed_next_states(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await arrange(service, "in_progress", threads)

    with pytest.raises(Conflict) as refused:
        await service.change_status(GUILD, 1, BOB, S.DONE, None, threads)

    assert str(refused.value) == (
        "API-1 is **in progress**, so it can't move to **done**. From there it can go to: "
        "**ready for review**, **open**, **blocked**."
    )


async def test_a_move_by_the_wrong_member_names_who_may(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await arrange(service, "ready", threads)

    with pytest.raises(Forbidden) as refused:
        await service.change_status(GUILD, 1, BOB, S.DONE, None, threads)

    assert str(refused.value) == (
        f"Only the requester (<@{ALICE.user_id}>) or a mentor can move API-1 to **done**."
    )


async def test_a_blocked_request_remembers_where_it_goes_back_to(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    blocked = await arrange(service, "blocked<-in_progress", threads)
    assert (blocked.status, blocked.blocked_from) == (S.BLOCKED, S.IN_PROGRESS)

    with pytest.raises(Conflict, match=r"\*\*blocked, was in progress\*\*"):
        await service.change_status(GUILD, 1, BOB, S.READY, None, threads)
    back = await service.change_status(GUILD, 1, BOB, S.IN_PROGRESS, None, threads)
    assert (back.request.status, back.request.blocked_from) == (S.IN_PROGRESS, None)
    assert back.request.claimer_id == BOB.user_id


async def test_claim_and_unclaim(service: ApiRequestService, threads: FakeThreads) -> None:
    await service.create(GUILD, ALICE, form(), threads)

    claimed = await service.claim(GUILD, 1, BOB, threads)
    assert (claimed.request.status, claimed.request.claimer_id) == (S.CLAIMED, BOB.user_id)
    with pytest.raises(Conflict, match="You already claimed API-1"):
        await service.claim(GUILD, 1, BOB, threads)
    with pytest.raises(Conflict, match=f"already claimed by <@{BOB.user_id}>"):
        await service.claim(GUILD, 1, CAROL, threads)
    with pytest.raises(Forbidden):
        await service.unclaim(GUILD, 1, CAROL, threads)

    unclaimed = await service.unclaim(GUILD, 1, BOB, threads)
    assert (unclaimed.request.status, unclaimed.request.claimer_id) == (S.OPEN, None)
    assert unclaimed.change.previous_claimer_id == BOB.user_id
    with pytest.raises(Conflict, match="nobody has claimed it"):
        await service.unclaim(GUILD, 1, BOB, threads)


async def test_a_mentor_can_unclaim_someone_elses_claim(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await arrange(service, "in_progress", threads)

    outcome = await service.unclaim(GUILD, 1, ROLE_MENTOR, threads)

    assert outcome.request.status is S.OPEN


async def test_a_role_is_only_a_mentor_role_in_its_own_guild(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await service.create(OTHER_GUILD, ALICE, form(), threads)
    await service.claim(OTHER_GUILD, 1, BOB, threads)

    with pytest.raises(Forbidden):
        await service.unclaim(OTHER_GUILD, 1, ROLE_MENTOR, threads)


async def test_reopening_is_refused_when_the_endpoint_was_asked_for_again(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await arrange(service, "done", threads)
    await service.create(GUILD, CAROL, form(), threads)

    with pytest.raises(Conflict, match="API-1 can't be reopened: API-2 already asks for"):
        await service.change_status(GUILD, 1, MANAGER, S.OPEN, None, threads)
    assert (await service.get(GUILD, 1)).status is S.DONE


async def test_notes_are_tidied_and_bounded(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await service.create(GUILD, ALICE, form(), threads)

    with pytest.raises(ValidationError, match="501 characters long; keep it to 500"):
        await service.change_status(GUILD, 1, ALICE, S.BLOCKED, "n" * 501, threads)
    with pytest.raises(ValidationError, match="needs a note"):
        await service.change_status(GUILD, 1, ALICE, S.BLOCKED, "   ", threads)
    outcome = await service.change_status(GUILD, 1, ALICE, S.BLOCKED, " wait\n for  it ", threads)
    assert outcome.change.note == "wait for it"


async def test_a_change_on_a_request_whose_thread_is_gone_still_applies(
    service: ApiRequestService,
) -> None:
    await service.create(GUILD, ALICE, form(), FakeThreads())

    outcome = await service.claim(GUILD, 1, BOB, FakeThreads(delivery=ThreadDelivery.THREAD_GONE))

    assert outcome.delivery is ThreadDelivery.THREAD_GONE
    assert (await service.get(GUILD, 1)).status is S.CLAIMED


async def test_changes_record_who_and_when(
    service: ApiRequestService, threads: FakeThreads, clock: FixedClock
) -> None:
    await service.create(GUILD, ALICE, form(), threads)
    clock.now += timedelta(hours=1)
    await service.claim(GUILD, 1, BOB, threads)

    detail = await service.detail(GUILD, 1)

    assert [(e.actor_id, e.from_status, e.to_status) for e in detail.history] == [
        (ALICE.user_id, None, S.OPEN),
        (BOB.user_id, S.OPEN, S.CLAIMED),
    ]
    assert detail.history[1].at == clock.now == detail.request.updated_at
