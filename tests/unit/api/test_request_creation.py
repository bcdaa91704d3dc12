"""Creating API requests on SQLite and PostgreSQL: validation, duplicates, failed threads."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.db.models.api_requests import ApiRequestEventRow, ApiRequestRow
from bot.errors import Conflict, ValidationError
from bot.services.api import queries
from bot.services.api.model import (
    ApiRequest,
    RequestNotSaved,
    ThreadRef,
    ThreadUnavailable,
)
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.guild_settings import GuildSettingsService, SettingsChange
from tests.api_builders import (
    ALICE,
    BOB,
    CAROL,
    GUILD,
    OTHER_GUILD,
    FakeThreads,
    arrange,
    count_rows,
    form,
)
from tests.conftest import FixedClock

S = ApiStatus


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
    assert await count_rows(migrated, ApiRequestRow) == 0
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
    assert await count_rows(migrated, ApiRequestRow) == 0
    assert await count_rows(migrated, ApiRequestEventRow) == 0
    retried = await service.create(GUILD, ALICE, form(), FakeThreads())
    assert (retried.label, retried.route) == ("API-1", "GET /listings")


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
    assert (
        await count_rows(migrated, ApiRequestRow)
        == await count_rows(migrated, ApiRequestEventRow)
        == 0
    )


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


async def test_a_number_whose_thread_may_exist_is_never_given_to_another_request(
    service: ApiRequestService,
) -> None:
    class MaybeOpened(FakeThreads):
        async def open_thread(self, request: ApiRequest, channel_id: int | None) -> ThreadRef:
            raise ThreadUnavailable("Discord did not answer in time.", nothing_made=False)

    with pytest.raises(RequestNotSaved):
        await service.create(GUILD, ALICE, form(), MaybeOpened())
    retried = await service.create(GUILD, ALICE, form(), FakeThreads())

    assert retried.label == "API-2"  # API-1's buttons may be out there: they find nothing
