"""Q&A thread rules: question validation, drafts, marking and moving answers, closing."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.errors import Conflict, Forbidden, NotFound, ValidationError
from bot.services.qa.questions import NewThread, question_draft, resolve_topic
from bot.services.topics.lookup import TopicService
from tests.conftest import ROOT, FixedClock
from tests.qa_builders import ASKER, HELPER, MENTOR, QAWorld


@pytest.fixture
def qa(migrated: Database, clock: FixedClock) -> QAWorld:
    return QAWorld(migrated, clock)


@pytest.mark.parametrize(
    ("title", "question", "expected"),
    [
        ("   ", "fine", "title: it can't be empty"),
        ("t" * 91, "fine", "91 characters"),
        ("Fine", " \n ", "can't be empty"),
        ("Fine", "q" * 1801, "1801 characters"),
        ("@everyone help", "fine", "@everyone"),
        ("Fine", "ping @here please", "@here"),
        ("Fine", "cc <@&123456>", "role"),
    ],
)
def test_bad_questions_are_refused_with_the_reason(
    title: str, question: str, expected: str
) -> None:
    with pytest.raises(ValidationError, match=expected):
        question_draft(title, question)


def test_a_question_keeps_its_line_breaks_but_not_the_padding() -> None:
    draft = question_draft("  Why   so slow?  ", "  line one  \n\n\n\nline two\n")
    assert (draft.title, draft.question) == ("Why so slow?", "line one\n\nline two")


def test_a_topic_can_be_a_slug_or_a_name_and_must_exist(clock: FixedClock) -> None:
    topics = TopicService(ROOT / "content", clock)
    topics.load()
    assert resolve_topic(topics, "caching") == topics.get("caching")
    assert resolve_topic(topics, "Caching") == topics.get("caching")
    assert resolve_topic(topics, None) is None
    with pytest.raises(ValidationError, match="no topic named"):
        resolve_topic(topics, "basket weaving")


async def test_a_draft_is_claimed_once_and_only_by_its_asker(qa: QAWorld) -> None:
    draft = await qa.qa.save_draft(1, 2, ASKER, question_draft("Title", "Question"))

    with pytest.raises(NotFound):
        await qa.qa.claim_draft(draft.draft_id, HELPER)
    claimed = await qa.qa.claim_draft(draft.draft_id, ASKER)
    assert claimed.question_draft == question_draft("Title", "Question")
    with pytest.raises(NotFound, match="already posted"):
        await qa.qa.claim_draft(draft.draft_id, ASKER)

    await qa.qa.restore_draft(claimed)
    assert (await qa.qa.claim_draft(draft.draft_id, ASKER)).title == "Title"


@pytest.mark.parametrize("draft_id", [0, 2**31, 10**18 - 1])
async def test_a_draft_number_that_cannot_exist_is_not_found(qa: QAWorld, draft_id: int) -> None:
    with pytest.raises(NotFound, match="already posted or has expired"):
        await qa.qa.claim_draft(draft_id, ASKER)


async def test_drafts_expire_after_a_day(qa: QAWorld, clock: FixedClock) -> None:
    draft = await qa.qa.save_draft(1, 2, ASKER, question_draft("Title", "Question"))
    clock.now += timedelta(days=1, seconds=1)

    with pytest.raises(NotFound):
        await qa.qa.claim_draft(draft.draft_id, ASKER)


async def test_the_asker_marks_an_answer_and_the_thread_is_solved(
    qa: QAWorld, clock: FixedClock
) -> None:
    thread = await qa.thread("Why?")
    answer = await qa.reply(thread, "Because")

    marked = await qa.qa.mark_answer(
        thread.thread_id, answer, author_is_bot=False, by_user_id=ASKER, by_mentor=False
    )

    assert marked.thread.solved and not marked.moved
    assert marked.thread.answer_message_id == answer.message_id
    assert marked.thread.answer_author_id == HELPER
    assert marked.thread.solved_at == clock.now


async def test_marking_another_reply_moves_the_answer(qa: QAWorld, clock: FixedClock) -> None:
    thread = await qa.thread("Why?")
    first = await qa.solve(thread, "Maybe this")
    solved_at = clock.now
    clock.now += timedelta(hours=1)
    better = await qa.reply(thread, "Actually this", author=MENTOR)

    marked = await qa.qa.mark_answer(
        thread.thread_id, better, author_is_bot=False, by_user_id=MENTOR, by_mentor=True
    )

    assert marked.moved and marked.previous_answer_id == first.message_id
    assert marked.thread.answer_author_id == MENTOR
    assert marked.thread.solved_at == solved_at


async def test_an_unstored_answer_is_stored_when_marked(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    missed = qa.message(thread, "I was sent while the bot was offline")

    await qa.qa.mark_answer(
        thread.thread_id, missed, author_is_bot=False, by_user_id=ASKER, by_mentor=False
    )

    assert [m.content for m in await qa.archive.messages(thread.thread_id)] == [missed.content]


async def test_who_and_what_may_be_marked(qa: QAWorld) -> None:
    thread = await qa.thread("Why?")
    answer = await qa.reply(thread, "Because")
    mark = qa.qa.mark_answer

    with pytest.raises(Forbidden, match="asked or a mentor"):
        await mark(
            thread.thread_id, answer, author_is_bot=False, by_user_id=HELPER, by_mentor=False
        )
    with pytest.raises(NotFound, match="Q&A thread"):
        await mark(123, answer, author_is_bot=False, by_user_id=ASKER, by_mentor=False)
    starter = replace(qa.message(thread, "q"), message_id=thread.thread_id)
    with pytest.raises(ValidationError, match="question itself"):
        await mark(
            thread.thread_id, starter, author_is_bot=False, by_user_id=ASKER, by_mentor=False
        )
    with pytest.raises(ValidationError, match="bot"):
        await mark(thread.thread_id, answer, author_is_bot=True, by_user_id=ASKER, by_mentor=False)
    await mark(thread.thread_id, answer, author_is_bot=False, by_user_id=ASKER, by_mentor=False)
    with pytest.raises(Conflict, match="already the accepted answer"):
        await mark(thread.thread_id, answer, author_is_bot=False, by_user_id=MENTOR, by_mentor=True)


async def test_close_by_asker_or_mentor_once(qa: QAWorld, clock: FixedClock) -> None:
    thread = await qa.thread("Why?")

    with pytest.raises(Forbidden):
        await qa.qa.close(thread.thread_id, by_user_id=HELPER, by_mentor=False)
    closed = await qa.qa.close(thread.thread_id, by_user_id=MENTOR, by_mentor=True)
    assert closed.closed_at == clock.now
    with pytest.raises(Conflict, match="already closed"):
        await qa.qa.close(thread.thread_id, by_user_id=ASKER, by_mentor=False)

    await qa.qa.reopen(thread.thread_id)
    assert (await qa.qa.close(thread.thread_id, by_user_id=ASKER, by_mentor=False)).closed_at


async def test_a_forum_post_is_tracked_once(qa: QAWorld) -> None:
    post = NewThread(77, 1, 2, 77, ASKER, "alice", "Member post", "Body")

    assert await qa.qa.track_forum_post(post)
    assert not await qa.qa.track_forum_post(post)
    stored = await qa.qa.thread(77)
    assert stored is not None and stored.question == "Body"
