"""The guide service on SQLite and PostgreSQL: decisions race once, Helpful counts once, a
duplicate pending suggestion is refused by the index, and each write bumps the web's version."""

from __future__ import annotations

import asyncio

import pytest

from bot.config import Settings
from bot.db.engine import Database
from bot.errors import Conflict, ValidationError
from bot.services.guide.model import SourceMessage
from bot.services.guide.service import GuideService
from bot.services.publishing.versions import guild_version
from bot.services.topics.lookup import TopicService
from tests.conftest import FixedClock

GUILD = 10
SOURCE = SourceMessage(channel_id=20, message_id=30, visibility_channel_id=20)


@pytest.fixture
def guide(migrated: Database, clock: FixedClock, settings: Settings) -> GuideService:
    topics = TopicService(settings.content_dir, clock)
    topics.load()
    return GuideService(migrated.sessions, clock, topics)


async def suggest(guide: GuideService, author: int = 1, **kw: object) -> int:
    made = await guide.suggest(
        GUILD,
        author,
        topic="caching",
        title="TTL",
        text="Set one",
        channel_id=5,
        **kw,  # type: ignore[arg-type]
    )
    return made.id


async def test_two_mentors_at_once_decide_once(guide: GuideService) -> None:
    note = await suggest(guide)
    outcomes = await asyncio.gather(
        guide.approve(GUILD, note, 100),
        guide.reject(GUILD, note, 101, "no"),
        guide.approve(GUILD, note, 102),
        return_exceptions=True,
    )
    assert sum(isinstance(o, Conflict) for o in outcomes) == 2
    told = await asyncio.gather(*(guide.mark_told(note) for _ in range(3)))
    assert sorted(told) == [False, False, True]


async def test_one_pending_suggestion_per_source_message(guide: GuideService) -> None:
    first = await suggest(guide, source=SOURCE)
    results = await asyncio.gather(
        suggest(guide, 2, source=SOURCE), suggest(guide, 3, source=SOURCE), return_exceptions=True
    )
    assert all(isinstance(r, Conflict) and f"#{first}" in str(r) for r in results)
    await guide.reject(GUILD, first, 100, "elsewhere")
    assert await suggest(guide, 2, source=SOURCE) > first  # decided: a new one may come


async def test_helpful_counts_once_and_bumps_the_version(
    guide: GuideService, migrated: Database
) -> None:
    note = await suggest(guide)
    await guide.approve(GUILD, note, 100)
    async with migrated.sessions() as session:
        before = await guild_version(session, GUILD)
    outcomes = await asyncio.gather(*(guide.helpful(GUILD, note, 7) for _ in range(3)))
    assert sorted(o.counted for o in outcomes) == [False, False, True]
    assert (await guide.note(GUILD, note)).helpful_count == 1
    async with migrated.sessions() as session:
        assert await guild_version(session, GUILD) == before + 1


async def test_bad_input_is_refused(guide: GuideService) -> None:
    with pytest.raises(ValidationError, match="Did you mean"):
        await guide.suggest(GUILD, 1, topic="cachng", title="T", text="N", channel_id=None)
    with pytest.raises(ValidationError, match="under 100"):
        await guide.suggest(GUILD, 1, topic="caching", title="t" * 101, text="N", channel_id=None)
    with pytest.raises(ValidationError, match="give a note"):
        await guide.suggest(GUILD, 1, topic="caching", title="T", text="\u200b", channel_id=None)
    assert (await guide.pending(GUILD)).total == 0


async def test_notes_are_ordered_most_helpful_first(guide: GuideService) -> None:
    ids = [await suggest(guide, author) for author in (1, 2, 3)]
    for note in ids:
        await guide.approve(GUILD, note, 100)
    await guide.helpful(GUILD, ids[2], 9)
    shown = await guide.for_topic(GUILD, "caching")
    assert [n.id for n in shown] == [ids[2], ids[0], ids[1]]
    assert [n.id for n in (await guide.pending(GUILD)).notes] == []
