"""The message archive: store, edit, delete, thread deletion, forget-me, and retries."""

from __future__ import annotations

import asyncio
from dataclasses import replace

import pytest
from sqlalchemy.exc import OperationalError

from bot.db.engine import Database
from bot.services.qa.archive import ForgetReport, MessageArchive
from bot.services.qa.questions import question_draft
from bot.services.qa.search import QASearch
from bot.services.retry import RetryPolicy
from tests.conftest import FixedClock
from tests.qa_builders import ASKER, CHANNEL, GUILD, HELPER, MENTOR, FlakySessions, QAWorld


@pytest.fixture
def qa(migrated: Database, clock: FixedClock) -> QAWorld:
    return QAWorld(migrated, clock)


async def test_messages_of_untracked_threads_are_not_stored(qa: QAWorld) -> None:
    message = qa.message(999, "hello")

    assert not await qa.archive.store(message)
    assert await qa.archive.messages(999) == []


async def test_a_message_is_stored_once_with_everything_about_it(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    first = await qa.reply(thread, "Because")
    reply = replace(qa.message(thread, "Thanks"), reply_to_id=first.message_id)

    assert await qa.archive.store(reply)
    assert not await qa.archive.store(reply)  # a replayed event changes nothing

    assert await qa.archive.messages(thread.thread_id) == [first, reply]


async def test_an_edit_updates_the_text_and_the_time(qa: QAWorld, clock: FixedClock) -> None:
    thread = await qa.thread("Why?")
    sent = await qa.reply(thread, "Becuase")
    edited = replace(sent, content="Because", edited_at=clock.now)

    await qa.archive.edit(edited)

    assert await qa.archive.messages(thread.thread_id) == [edited]


async def test_an_edit_of_a_missed_message_stores_it(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    missed = qa.message(thread, "sent while offline")

    assert await qa.archive.edit(missed)
    assert await qa.archive.messages(thread.thread_id) == [missed]


async def test_a_forum_starter_is_the_question(qa: QAWorld) -> None:
    thread = await qa.thread("Why?", "old text")
    starter = replace(qa.message(thread, "new text", author=ASKER), message_id=thread.thread_id)

    await qa.archive.edit(starter)
    await qa.archive.store(replace(starter, author_id=HELPER, content="not the asker"))

    stored = await qa.qa.thread(thread.thread_id)
    assert stored is not None and stored.question == "new text"
    assert await qa.archive.messages(thread.thread_id) == []

    await qa.archive.delete([thread.thread_id])
    stored = await qa.qa.thread(thread.thread_id)
    assert stored is not None and stored.question == ""


async def test_deleting_the_answer_unlinks_it_but_the_thread_stays_solved(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    answer = await qa.solve(thread, "Because")

    assert await qa.archive.delete([answer.message_id]) == 1

    stored = await qa.qa.thread(thread.thread_id)
    assert stored is not None and stored.solved and stored.answer_message_id is None
    assert await qa.archive.messages(thread.thread_id) == []


async def test_a_deleted_thread_takes_its_messages_and_search_entries(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Celery beat", "schedule")
    await qa.reply(thread, "use celery beat")
    kept = await qa.thread("Celery worker", "stuck")

    assert await qa.archive.forget_threads(thread_id=thread.thread_id) == 1

    assert await qa.qa.thread(thread.thread_id) is None
    assert await qa.archive.messages(thread.thread_id) == []
    hits = (await QASearch(migrated.sessions, clock).search(GUILD, "celery")).hits
    assert [h.thread_id for h in hits] == [kept.thread_id]


async def test_a_deleted_channel_takes_its_threads(qa: QAWorld) -> None:
    gone = await qa.thread("A", channel=CHANNEL + 5)
    await qa.reply(gone, "reply")
    kept = await qa.thread("B")

    assert await qa.archive.forget_threads(parent_id=CHANNEL + 5) == 1

    assert await qa.qa.thread(gone.thread_id) is None
    assert await qa.qa.thread(kept.thread_id) is not None


async def test_forget_me_deletes_everything_from_one_member(qa: QAWorld) -> None:
    own = await qa.thread("Mine", asker=HELPER)
    await qa.reply(own, "a reply from someone else", author=MENTOR)
    other = await qa.thread("Someone else's")
    await qa.solve(other, "my answer")
    kept = await qa.reply(other, "not mine", author=MENTOR)
    await qa.qa.save_draft(1, 2, HELPER, question_draft("T", "Q"))

    assert await qa.archive.user_data(HELPER) == ForgetReport(messages=1, questions=1, drafts=1)
    report = await qa.archive.forget_user(HELPER)

    assert report == ForgetReport(messages=1, questions=1, drafts=1)
    assert await qa.archive.user_data(HELPER) == ForgetReport(0, 0, 0)
    assert await qa.qa.thread(own.thread_id) is None
    assert await qa.archive.messages(other.thread_id) == [kept]
    stored = await qa.qa.thread(other.thread_id)
    assert stored is not None and stored.answer_author_id is None


async def test_a_busy_database_is_retried_until_the_message_is_stored(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Why?")
    archive = MessageArchive(
        FlakySessions(migrated.sessions, 3), clock, retry=RetryPolicy(attempts=5, first_delay=0.001)
    )  # type: ignore[arg-type]

    assert await archive.store(qa.message(thread, "stored at last"))

    assert [m.content for m in await qa.archive.messages(thread.thread_id)] == ["stored at last"]


async def test_a_database_that_stays_busy_raises_instead_of_dropping(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Why?")
    archive = MessageArchive(
        FlakySessions(migrated.sessions, 99),
        clock,
        retry=RetryPolicy(attempts=3, first_delay=0.001),
    )  # type: ignore[arg-type]

    with pytest.raises(OperationalError):
        await archive.store(qa.message(thread, "never"))


async def test_writes_arriving_together_share_transactions_in_order(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Why?")
    counting = FlakySessions(migrated.sessions, failures=0)
    archive = MessageArchive(counting, clock)  # type: ignore[arg-type]
    sent = [qa.message(thread, f"message {n}", after=n) for n in range(50)]
    edited = replace(sent[3], content="edited", edited_at=clock.now)

    results = await asyncio.gather(
        *(archive.store(m) for m in sent),
        archive.edit(edited),
        archive.delete([sent[7].message_id]),
    )

    assert all(results[:50]) and results[51] == 1
    contents = [m.content for m in await qa.archive.messages(thread.thread_id)]
    assert contents == [
        m.content if m is not sent[3] else "edited" for m in sent if m is not sent[7]
    ]
    assert counting.attempts < 10


async def test_one_bad_write_does_not_sink_the_others(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Why?")
    good = qa.message(thread, "good")
    bad = replace(qa.message(thread, "bad"), author_name=None)  # type: ignore[arg-type]

    outcome = await asyncio.gather(
        qa.archive.store(bad), qa.archive.store(good), return_exceptions=True
    )

    assert isinstance(outcome[0], Exception) and outcome[1] is True
    assert [m.content for m in await qa.archive.messages(thread.thread_id)] == ["good"]


async def test_replies_arriving_together_are_stored_as_one_by_one_would(
    qa: QAWorld, migrated: Database, clock: FixedClock
) -> None:
    thread = await qa.thread("Redis keeps restarting")
    other = await qa.thread("Celery beat", asker=MENTOR)
    earlier = await qa.reply(thread, "check the logs")
    burst = [qa.message(thread, f"try a healthcheck {n}", after=100 + n) for n in range(5)]
    burst += [qa.message(999, "untracked thread"), earlier, burst[1], qa.message(other, "pin it")]

    outcomes = await asyncio.gather(*(qa.archive.store(m) for m in burst))

    assert outcomes == [True] * 5 + [False, False, False, True]
    stored = [m.content for m in await qa.archive.messages(thread.thread_id)]
    assert stored == ["check the logs"] + [f"try a healthcheck {n}" for n in range(5)]
    hits = (await QASearch(migrated.sessions, clock).search(GUILD, "redis healthcheck")).hits
    assert [hit.thread_id for hit in hits] == [thread.thread_id]
