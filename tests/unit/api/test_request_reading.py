"""Reading API requests on SQLite and PostgreSQL: pages, the board, the tally."""

from __future__ import annotations

import pytest

from bot.db.engine import Database
from bot.errors import Conflict
from bot.services.api import queries
from bot.services.api.model import RequestNotSaved
from bot.services.api.queries import RequestQuery
from bot.services.api.requests import ApiRequestService
from bot.services.api.status import ApiStatus, HttpMethod
from tests.api_builders import (
    ALICE,
    BOB,
    CAROL,
    GUILD,
    MANAGER,
    OTHER_GUILD,
    STARTING_STATES,
    FakeThreads,
    arrange,
    form,
)

S = ApiStatus


async def alices_requests(
    service: ApiRequestService, threads: FakeThreads, count: int, *, claimed_by_bob: int
) -> None:
    """Requests 1 to `count` by Alice, one of them claimed by Bob."""
    for i in range(count):
        await service.create(GUILD, ALICE, form(f"/r{i}"), threads)
    await service.claim(GUILD, claimed_by_bob, BOB, threads)


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


async def test_the_tallied_page_holds_the_same_requests_as_one_read_by_one(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    # An unfiltered list reads its tally and its page in one statement: what it builds
    # from that row must be what reading each request alone gives, dates in UTC included.
    await alices_requests(service, threads, 4, claimed_by_bob=2)

    for query in (RequestQuery(), RequestQuery(S.CLAIMED), RequestQuery(S.DONE)):
        page = await service.page(GUILD, query)
        alone = [await service.get(GUILD, request.number) for request in page.items]
        assert list(page.items) == alone
        assert all(r.created_at.utcoffset() is not None for r in page.items)


async def test_the_board_groups_the_newest_by_status(
    service: ApiRequestService, threads: FakeThreads
) -> None:
    await alices_requests(service, threads, 7, claimed_by_bob=3)

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
