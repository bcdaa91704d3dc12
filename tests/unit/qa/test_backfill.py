"""Catching up a thread from its history never undoes what live events stored meanwhile."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.services.qa.backfill import QABackfill
from tests.conftest import FixedClock
from tests.qa_builders import QAWorld


@pytest.fixture
def qa(migrated: Database, clock: FixedClock) -> QAWorld:
    return QAWorld(migrated, clock)


def backfill(qa: QAWorld) -> QABackfill:
    return QABackfill(qa.db.sessions, qa.archive)


async def contents(qa: QAWorld, thread_id: int) -> list[str]:
    return [m.content for m in await qa.archive.messages(thread_id)]


async def test_missed_edited_and_deleted_messages_are_caught_up(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    kept = await qa.reply(thread, "first")
    await qa.reply(thread, "deleted meanwhile")
    edited = replace(kept, content="first, edited", edited_at=qa.clock.now + timedelta(hours=1))
    missed = qa.message(thread, "missed", after=120)

    report = await backfill(qa).catch_up(thread.thread_id, [edited, missed], complete=True)

    assert await contents(qa, thread.thread_id) == ["first, edited", "missed"]
    assert (report.stored_or_edited, report.deleted) == (2, 1)


async def test_a_message_stored_live_after_the_history_was_read_is_kept(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    seen = [await qa.reply(thread, "seen")]
    await qa.reply(thread, "arrived live after the read", after=300)

    await backfill(qa).catch_up(thread.thread_id, seen, complete=True)

    assert await contents(qa, thread.thread_id) == ["seen", "arrived live after the read"]


async def test_an_older_view_of_a_message_never_overwrites_a_newer_edit(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    message = await qa.reply(thread, "original")
    await qa.archive.edit(
        replace(message, content="edited live", edited_at=qa.clock.now + timedelta(hours=2))
    )
    read_earlier = replace(message, content="edit one", edited_at=qa.clock.now + timedelta(hours=1))

    await backfill(qa).catch_up(thread.thread_id, [read_earlier], complete=True)

    assert await contents(qa, thread.thread_id) == ["edited live"]


async def test_only_open_threads_are_caught_up(qa: QAWorld) -> None:
    open_thread = await qa.thread("Open")
    closed = await qa.thread("Closed")
    await qa.qa.close(closed.thread_id, by_user_id=closed.asker_id, by_mentor=False)

    open_threads = await backfill(qa).open_threads(open_thread.guild_id, None)

    assert list(open_threads) == [open_thread.thread_id]


async def test_a_thread_is_seen_up_to_its_newest_message_or_the_guilds_mark(
    qa: QAWorld,
) -> None:
    thread = await qa.thread("Why?")
    reply = await qa.reply(thread, "because")
    service = backfill(qa)

    mark = await service.mark(thread.guild_id)  # none recorded: the last event stored
    seen = (await service.open_threads(thread.guild_id, mark))[thread.thread_id]

    assert mark == reply.message_id and seen.seen_up_to == reply.message_id
    assert not seen.changed(reply.message_id) and seen.changed(reply.message_id + 1)
    later = reply.message_id + 10**9
    await service.record_mark(thread.guild_id, later, qa.clock.now)
    assert await service.mark(thread.guild_id) == later
    moved = (await service.open_threads(thread.guild_id, later))[thread.thread_id]
    assert not moved.changed(later)


async def test_a_guild_without_tracked_threads_has_no_mark(qa: QAWorld) -> None:
    assert await backfill(qa).mark(424242) is None
