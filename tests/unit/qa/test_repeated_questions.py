"""The rule for `/ask` twice: the same member, the same question, within a minute, still open."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.db.engine import Database
from bot.services.qa.questions import question_draft
from tests.conftest import FixedClock
from tests.qa_builders import ASKER, GUILD, HELPER, QAWorld


@pytest.fixture
def qa(migrated: Database, clock: FixedClock) -> QAWorld:
    return QAWorld(migrated, clock)


async def repeated(qa: QAWorld, title: str, question: str, *, asker: int = ASKER) -> int | None:
    found = await qa.qa.repeated_question(GUILD, asker, question_draft(title, question))
    return found.thread_id if found else None


async def test_the_same_question_again_within_a_minute_is_the_first_thread(qa: QAWorld) -> None:
    first = await qa.thread("Redis TTL ignored", "My keys never expire.")
    qa.clock.now += timedelta(seconds=50)

    assert await repeated(qa, "redis  ttl ignored?", "My keys never  expire") == first.thread_id


async def test_a_repeat_is_only_the_same_member_and_the_same_words(qa: QAWorld) -> None:
    await qa.thread("Redis TTL ignored", "My keys never expire.")

    assert await repeated(qa, "Redis TTL ignored", "My keys never expire.", asker=HELPER) is None
    assert await repeated(qa, "Redis TTL ignored", "They expire too soon.") is None
    assert await repeated(qa, "Redis TTL too short", "My keys never expire.") is None


async def test_after_a_minute_or_once_closed_a_question_may_be_asked_again(qa: QAWorld) -> None:
    first = await qa.thread("Redis TTL ignored", "My keys never expire.")
    qa.clock.now += timedelta(seconds=61)
    assert await repeated(qa, "Redis TTL ignored", "My keys never expire.") is None

    qa.clock.now -= timedelta(seconds=30)
    await qa.qa.close(first.thread_id, by_user_id=ASKER, by_mentor=False)
    assert await repeated(qa, "Redis TTL ignored", "My keys never expire.") is None
