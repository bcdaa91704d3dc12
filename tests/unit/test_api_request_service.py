"""The API request service on SQLite and PostgreSQL: creating, refusing, and the workflow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.db.engine import Database
from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow, ApiStatus, HttpMethod
from bot.errors import Conflict, Forbidden, NexusError, NotFound, ValidationError
from bot.services import api_queries as queries
from bot.services.api_model import (
    Actor,
    ApiRequest,
    RequestNotSaved,
    ThreadDelivery,
    ThreadRef,
    ThreadUnavailable,
)
from bot.services.api_queries import RequestQuery
from bot.services.api_requests import ApiRequestService
from bot.services.guild_settings import GuildSettingsService, SettingsChange
from tests.api_builders import (
    ALICE,
    BOB,
    CAROL,
    GUILD,
    MANAGER,
    MENTOR_ROLE,
    OTHER_GUILD,
    ROLE_MENTOR,
    STARTING_STATES,
    FakeThreads,
    arrange,
    form,
)
from tests.conftest import FixedClock

S = ApiStatus


@pytest.fixture
async def service(migrated: Database, clock: FixedClock) -> ApiRequestService:
    settings = GuildSettingsService(migrated.sessions, clock)
    await settings.update(GUILD, SettingsChange(mentor_role_id=MENTOR_ROLE))
    return ApiRequestService(migrated.sessions, clock)


@pytest.fixture
def threads() -> FakeThreads:
    return FakeThreads()


async def count(db: Database, model: type[ApiRequestRow] | type[ApiRequestEventRow]) -> int:
    async with db.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_request_is_stored_normalised_with_its_thread(
    service: ApiRequestService, threads: FakeThreads, clock: FixedClock
) -> None:
    request = await service.create(
        GUILD, ALICE, form("//listings/{id}/", summary="  One   listing "), threads
    )

    assert (request.label, request.route, request.summary) == (
        "API-1",
        "GET /listings/{id}",
        "One listing",
    )
    assert request.status is S.OPEN and request.claimer_id is None
    assert request.thread_id == threads.opened[0].id + 900_000
    assert request.created_at == clock.now
    assert (await service.get(GUILD, 1)) == request


async def test_numbers_count_per_guild(service: ApiRequestService, threads: FakeThreads) -> None:
    first = await service.create(GUILD, ALICE, form("/a"), threads)
    second = await service.create(GUILD, ALICE, form("/b"), threads)
    elsewhere = await service.create(OTHER_GUILD, ALICE, form("/a"), threads)

    assert [first.number, second.number, elsewhere.number] == [1, 2, 1]


@pytest.mark.parametrize(
    ("request_form", "says"),
    [
        (form("listings"), "starts with `/`"),
        (form(summary="x" * 101), "101 characters long; keep it to 100"),
        (form(summary="   "), "Please give a summary"),
        (form(details="d" * 1501), "1501 characters long; keep them to 1500"),
    ],
)
async def test_bad_input_is_refused_and_nothing_is_stored(
    service: ApiRequestService,
    threads: FakeThreads,
    migrated: Database,
    request_form: object,
    says: str,
) -> None:
    with pytest.raises(ValidationError, match=says.replace("(", r"\(")):
        await service.create(GUILD, ALICE, request_form, threads)  # type: ignore[arg-type]
    assert await count(migrated, ApiRequestRow) == 0
    assert threads.opened == []


async def test_an_open_request_for_the_same_endpoint_is_refused_with_a_link(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    first = await service.create(GUILD, ALICE, form("/listings/{id}"), threads)

    with pytest.raises(Conflict) as refused:
        await service.create(GUILD, BOB, form("/listings/{listing_id}/"), threads)

    assert "API-1 already asks for `GET /listings/{id}`" in str(refused.value)
    assert str(first.thread_url) in str(refused.value)
    other_method = await service.create(GUILD, BOB, form("/listings/{id}", HttpMethod.PUT), threads)
    assert other_method.number == 2


async def test_a_done_or_rejected_request_does_not_block_asking_again(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await arrange(service, "done", threads, path="/a")
    await arrange(service, "rejected", threads, path="/b")

    again = [await service.create(GUILD, CAROL, form(p), threads) for p in ("/a", "/b")]

    assert [r.status for r in again] == [S.OPEN, S.OPEN]


async def test_a_failed_thread_leaves_no_request_behind(
    service: ApiRequestService, migrated: Database
) -> None:
    failing = FakeThreads(failure="Discord is having trouble (HTTP 503).")

    with pytest.raises(RequestNotSaved) as refused:
        await service.create(GUILD, ALICE, form(), failing)

    assert str(refused.value) == (
        "Discord is having trouble (HTTP 503). Nothing was saved, so you can try again."
    )
    assert await count(migrated, ApiRequestRow) == 0
    assert await count(migrated, ApiRequestEventRow) == 0
    retried = await service.create(GUILD, ALICE, form(), FakeThreads())
    assert (retried.label, retried.route) == ("API-1", "GET /listings")


async def test_requests_left_without_a_thread_are_discarded_at_start_up(
    service: ApiRequestService, threads: FakeThreads, migrated: Database
) -> None:
    kept = await service.create(GUILD, ALICE, form("/kept"), threads)
    async with migrated.sessions.begin() as session:
        row = await session.get(ApiRequestRow, kept.id)
        assert row is not None
        session.add(
            ApiRequestRow(
                **{c: getattr(row, c) for c in ("guild_id", "method", "summary", "status")},
                number=99,
                path="/cut-short",
                path_shape="/cut-short",
                requester_id=ALICE.user_id,
                revision=0,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
        )

    assert await service.discard_unthreaded() == 1
    assert (await service.get(GUILD, kept.number)) == kept


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


async def test_list_pages_newest_first_with_counts_and_filters(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    for i in range(12):
        await service.create(GUILD, ALICE if i % 2 else CAROL, form(f"/r{i}"), threads)
    await service.claim(GUILD, 12, BOB, threads)
    await service.create(GUILD, ALICE, form("/r/{id}", HttpMethod.DELETE), threads)

    first = await service.page(GUILD, RequestQuery())
    assert [r.number for r in first.items] == list(range(13, 3, -1))
    assert (first.page, first.pages, first.matching) == (1, 2, 13)
    assert (first.counts[S.OPEN], first.counts[S.CLAIMED], first.counts[S.DONE]) == (12, 1, 0)
    assert [r.number for r in (await service.page(GUILD, RequestQuery(), 9)).items] == [3, 2, 1]

    bobs = await service.page(GUILD, RequestQuery(involving=BOB.user_id))
    assert [r.number for r in bobs.items] == [12]
    open_deletes = await service.page(GUILD, RequestQuery(S.OPEN, method=HttpMethod.DELETE))
    assert [r.route for r in open_deletes.items] == ["DELETE /r/{id}"]
    assert open_deletes.counts[S.OPEN] == 1 and open_deletes.matching == 1
    nothing = await service.page(GUILD, RequestQuery(S.DONE))
    assert (nothing.items, nothing.pages, nothing.matching) == ((), 1, 0)


async def test_the_board_groups_the_newest_by_status(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    for i in range(7):
        await service.create(GUILD, ALICE, form(f"/r{i}"), threads)
    await service.claim(GUILD, 3, BOB, threads)

    board = await service.board(GUILD)

    columns = {c.status: c for c in board.columns}
    assert list(columns) == list(ApiStatus)
    assert columns[S.OPEN].count == 6
    assert [r.number for r in columns[S.OPEN].newest] == [7, 6, 5, 4, 2]
    assert [r.number for r in columns[S.CLAIMED].newest] == [3]
    assert board.total == 7


async def test_a_page_past_the_end_shows_the_last_page(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    for i in range(3):
        await service.create(GUILD, ALICE, form(f"/r{i}"), threads)

    for query in (RequestQuery(), RequestQuery(involving=ALICE.user_id)):
        page = await service.page(GUILD, query, 99)
        assert (page.page, page.pages, [r.number for r in page.items]) == (1, 1, [3, 2, 1])
    empty = await service.page(OTHER_GUILD, RequestQuery(), 5)
    assert (empty.items, empty.page, empty.matching) == ((), 1, 0)


async def test_the_status_tally_always_equals_a_count_of_the_requests(
    service: ApiRequestService, threads: FakeThreads, migrated: Database
) -> None:
    for state in STARTING_STATES:
        await arrange(service, state, threads, path=f"/{state.replace('<-', '-from-')}")
    await service.unclaim(GUILD, 2, BOB, threads)  # the claimed one
    await service.change_status(GUILD, 5, MANAGER, S.OPEN, None, threads)  # the done one
    with pytest.raises(RequestNotSaved):
        await service.create(GUILD, ALICE, form("/failed"), FakeThreads(failure="down"))
    with pytest.raises(Conflict):
        await service.create(GUILD, ALICE, form("/claimed"), threads)

    async with migrated.sessions() as session:
        tallied = await queries.tally(session, GUILD)
        counted = await queries.status_counts(session, [queries.REQUESTS.c.guild_id == GUILD])
    assert tallied == counted
    assert sum(tallied.values()) == len(STARTING_STATES)


async def test_a_claim_made_while_the_thread_was_opening_goes_with_the_failed_request(
    service: ApiRequestService, migrated: Database
) -> None:
    class ClaimedThenRefused(FakeThreads):
        async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
            await service.claim(GUILD, request.number, BOB, FakeThreads())
            raise ThreadUnavailable("Discord said no.")

    with pytest.raises(RequestNotSaved):
        await service.create(GUILD, ALICE, form(), ClaimedThenRefused())

    async with migrated.sessions() as session:
        assert await queries.tally(session, GUILD) == dict.fromkeys(ApiStatus, 0)
    assert await count(migrated, ApiRequestRow) == await count(migrated, ApiRequestEventRow) == 0


async def test_the_thread_opens_in_the_guilds_api_channel_when_one_is_set(
    service: ApiRequestService, clock: FixedClock, migrated: Database
) -> None:
    threads = FakeThreads()
    await service.create(OTHER_GUILD, ALICE, form(), threads)
    await GuildSettingsService(migrated.sessions, clock).update(
        OTHER_GUILD, SettingsChange(api_channel_id=555)
    )
    await service.create(OTHER_GUILD, ALICE, form("/b"), threads)

    assert threads.channels == [None, 555]
