"""`/qa forget-me` forgets a member in every table: the mentor makes one record of every kind,
confirms forget-me, and a walk of `Base.metadata` finds them nowhere.

The walk goes over every column marked `MEMBER_ID` or `MEMBER_NAME` in `bot/db/models`. Before
forget-me each marked column must hold the member somewhere (so a new marked column fails
here until this scene makes one and forget-me handles it); after, none may, and a column in
`KEPT_WITH_PLACEHOLDER` must hold the placeholder instead. A column named like a member's
(`user_id`, `*_by`, `author_name`, ...) must be marked, or listed in `NOT_A_MEMBER`.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Column, String, Text, func, select

from bot.app import NexusBot, create_bot
from bot.config import RateLimit, Settings
from bot.db.engine import Database
from bot.db.models import (
    ApiContractRow,
    ApiRequestEventRow,
    ApiRequestRow,
    ApiRequestTally,
    Base,
    Schedule,
    SessionReminder,
    SessionReminderPart,
)
from bot.db.models.api_requests import tally_column
from bot.services.api.status import ApiStatus
from bot.services.privacy.forget import KEPT_WITH_PLACEHOLDER
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID
from bot.services.qa.drafts import QuestionDraft
from tests.conftest import BACKENDS, POSTGRES_URL, World, make_settings, postgres_schema
from tests.e2e import api_world
from tests.e2e.qa_support import ask, posted_thread
from tests.e2e.session_world import furnish

WEB = "https://nexus.example.org"
MEMBER_LIKE = re.compile(
    r"(^|_)(user|member|author|asker|requester|claimer|actor)(_ids?|_name)?$|_by$|display_name"
)
# Columns named like a member's that hold none (none yet).
NOT_A_MEMBER: dict[str, str] = {}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # The mentor makes more records than the write limit lets one member make in 30 s.
    return make_settings(tmp_path, web_url=WEB, write_rate=RateLimit(1000, 1))


@pytest.fixture(params=BACKENDS)
async def simcord_bot(
    request: pytest.FixtureRequest, settings: Settings
) -> AsyncIterator[NexusBot]:
    """The bot on SQLite, and on PostgreSQL in a schema of its own."""
    if request.param == "sqlite":
        yield create_bot(settings)
        return
    async with postgres_schema() as in_schema:
        bot = create_bot(replace(settings, database_url=POSTGRES_URL or ""))
        await bot.db.dispose()
        bot.db = Database(POSTGRES_URL or "", connect_args=in_schema)
        yield bot


def marked_columns() -> list[Column[Any]]:
    return [c for t in Base.metadata.sorted_tables for c in t.columns if c.info.get("member")]


def name_of(column: Column[Any]) -> str:
    return f"{column.table.name}.{column.name}"


def holds(column: Column[Any], value: Any, user_id: int, display_name: str) -> bool:
    """Whether one stored value is the member: their id (in a text: among ids or mentions)
    or, in a name column, their name."""
    if value is None:
        return False
    if column.info["member"] == "name":
        return bool(value == display_name)
    if isinstance(column.type, String | Text):
        return str(user_id) in re.findall(r"\d+", value)
    return bool(value == user_id)


async def values_of(bot: NexusBot, column: Column[Any]) -> list[Any]:
    async with bot.db.engine.connect() as conn:
        return list((await conn.execute(select(column))).scalars())


async def tick(world: World, after: timedelta) -> None:
    await world.env.advance_time(after.total_seconds())
    await world.bot.run_due_now()


async def make_one_of_everything(world: World) -> None:
    """The mentor (a member with Manage Server) makes a record of every kind."""
    sw = await furnish(world)
    guild, channel, mentor, bot = world.guild, world.channel, world.mentor, world.bot
    services = bot.services
    await mentor.slash(channel, "nexus web enable")
    await mentor.slash(channel, "qa privacy", setting="public")

    # Q&A: a question of theirs (bob replies under it), an accepted answer in alice's.
    own = posted_thread(world, await ask(world, mentor, "How do I paginate a queryset?"))
    await world.bob.send(own, "Use Paginator")
    alices = posted_thread(world, await ask(world, world.alice, "Why is my Celery task stuck?"))
    answer = await mentor.send(alices, "Your broker URL points at the wrong Redis")
    await world.alice.context_menu(alices, "Mark as answer", answer)
    await services.qa.save_draft(
        guild.id, channel.id, mentor.id, QuestionDraft("Django signals", "When to use?", None)
    )

    # A study session they scheduled, pressed Interested on and attended (00:30 to 01:30).
    await sw.schedule(when="2026-01-01 00:30")
    [event] = sw.events()
    await mentor.subscribe_event(event.id)
    await world.env.advance_time(40 * 60)
    await mentor.join_voice(sw.room)

    # Helpers: the unanswered-question nudge pings them and bob.
    await mentor.slash(channel, "helpers join", category="data")
    await world.bob.slash(channel, "helpers join", category="data")
    await ask(world, world.alice, "Redis keys never expire", "TTL ignored", topic="caching")

    # API: their request (bob builds it to ready: the ready nudge pings only them), a claim
    # they are building (with a note and a contract), and one they made ready.
    await api_world.ask(world, mentor, "/listings")
    await world.bob.slash(channel, "api claim", id=1)
    await world.bob.slash(channel, "api status", id=1, status="in_progress")
    await world.bob.slash(channel, "api status", id=1, status="ready")
    await api_world.ask(world, world.alice, "/bookings", summary="List bookings")
    await mentor.slash(channel, "api claim", id=2)
    await mentor.slash(channel, "api status", id=2, status="in_progress", note="on it, mentor")
    await mentor.slash(
        channel, "api contract", id=2, response_example='{"id": 1}', notes="Mentor's auth notes"
    )
    await api_world.ask(world, world.alice, "/hosts", summary="List hosts")
    await mentor.slash(channel, "api claim", id=3)
    await mentor.slash(channel, "api status", id=3, status="in_progress")
    await mentor.slash(channel, "api status", id=3, status="ready")
    await tick(world, timedelta(hours=2, minutes=1))
    await tick(world, timedelta(minutes=5))

    # The guide: their own suggestion, alice's that they edited and approved, and Helpful
    # on hers.
    guide = services.guide
    await guide.suggest(
        guild.id, mentor.id, topic="caching", title="Mine", text="A TTL", channel_id=channel.id
    )
    hers = await guide.suggest(
        guild.id, world.alice.id, topic="caching", title="Hers", text="B", channel_id=channel.id
    )
    await guide.edit(guild.id, hers.id, mentor.id, title="Hers", text="Better", approve=True)
    await guide.helpful(guild.id, hers.id, mentor.id)

    # Their own reminder (still to come), time zone and announcement.
    await mentor.slash(channel, "remind timezone", zone="Africa/Lagos")
    await mentor.slash(channel, "remind me", when="in 2d", text="Review the mentor backlog")
    await mentor.slash(
        channel, "announce schedule", channel=channel, message="Demo day", when="2026-02-01 10:00"
    )

    # A session reminder's parts not sent yet list the ids they will ping. Discord answering
    # leaves none behind, so two are written as a lost answer would leave them.
    async with bot.db.sessions.begin() as session:
        reminder = await session.scalar(select(SessionReminder.id).limit(1))
        assert reminder is not None
        for part, ids in enumerate([f"{world.bob.id},{mentor.id}", str(mentor.id)], start=90):
            session.add(
                SessionReminderPart(reminder_id=reminder, part=part, user_ids=ids, status="pending")
            )


def test_every_column_named_like_a_member_is_marked() -> None:
    unmarked = [
        name_of(c)
        for t in Base.metadata.sorted_tables
        for c in t.columns
        if MEMBER_LIKE.search(c.name) and not c.info.get("member")
    ]
    assert sorted(set(unmarked) - set(NOT_A_MEMBER)) == []
    assert set(KEPT_WITH_PLACEHOLDER) <= {name_of(c) for c in marked_columns()}


async def test_forget_me_leaves_the_member_in_no_table(world: World) -> None:
    mentor, bot = world.mentor, world.bot
    await make_one_of_everything(world)
    missing = [
        name_of(c)
        for c in marked_columns()
        if not any(holds(c, v, mentor.id, mentor.name) for v in await values_of(bot, c))
    ]
    assert missing == [], "the scene makes no record of these: extend it"

    prompt = await mentor.slash(world.channel, "qa forget-me")
    text = prompt.response.content
    assert prompt.ephemeral
    assert "1 reminder(s) with their text, 1 time zone setting(s), 1 helper sign-up(s)" in text
    assert "2 study-session record(s)" in text and "1 public name(s)" in text
    assert "your id on 3 API request(s)" in text
    assert "1 guide suggestion(s) and note(s) you wrote" in text and "1 **Helpful**" in text
    assert "still **claimed** or **in progress** goes back to **open**" in text
    await mentor.click(prompt.response, label="Delete my data")

    done = prompt.response.content
    assert done.startswith("Done: deleted 1 message(s), 1 question(s), 1 draft(s), 1 reminder(s)")
    assert "1 claim(s) went back to open" in done
    for column in marked_columns():
        values = await values_of(bot, column)
        left = [v for v in values if holds(column, v, mentor.id, mentor.name)]
        assert left == [], f"{name_of(column)} still holds the member"
        if name_of(column) in KEPT_WITH_PLACEHOLDER:
            assert FORGOTTEN_MEMBER_ID in values, f"{name_of(column)} lost the record"


async def test_what_stays_still_works_for_the_others(world: World) -> None:
    mentor, bot = world.mentor, world.bot
    await make_one_of_everything(world)
    prompt = await mentor.slash(world.channel, "qa forget-me")
    await mentor.click(prompt.response, label="Delete my data")

    async with bot.db.sessions() as session:
        building = await session.get_one(ApiRequestRow, 2)
        assert (building.status, building.claimer_id) == (ApiStatus.OPEN, None)
        notes = await session.scalars(select(ApiContractRow.notes))
        assert list(notes) == [None]
        event_notes = await session.scalars(select(ApiRequestEventRow.note))
        assert "on it, mentor" not in list(event_notes)
        # The tallies still count the requests.
        tally = await session.get_one(ApiRequestTally, world.guild.id)
        for status in ApiStatus:
            count = await session.scalar(
                select(func.count()).where(ApiRequestRow.status == status.value)
            )
            assert getattr(tally, tally_column(status)) == count
        # The helpers' nudge still pings bob; the reminder part to bob alone stays.
        pings = await session.scalars(
            select(Schedule.ping_user_ids).where(Schedule.kind == "nudge")
        )
        assert str(world.bob.id) in list(pings)
        parts = await session.scalars(select(SessionReminderPart.user_ids))
        assert list(parts) == [str(world.bob.id)]

    # Alice's note they approved stays in the guide, without their Helpful; theirs is gone.
    [hers] = (await bot.services.guide.approved(world.guild.id)).notes
    assert (hers.title, hers.helpful_count, hers.decided_by) == ("Hers", 0, FORGOTTEN_MEMBER_ID)

    # Someone else can take the released claim.
    claimed = await world.bob.slash(world.channel, "api claim", id=2)
    assert "claimed" in api_world.answer(claimed).lower()
    again = await mentor.slash(world.channel, "qa forget-me")
    assert again.response.content == "Nexus stores nothing from you."

    # The request they made names them in words, not as Discord's "unknown user".
    shown = await world.bob.slash(world.channel, "api show", id=1)
    card = shown.response.embeds[0]
    assert api_world.field(card, "Requester") == "a former member"
    everything = " ".join(f"{f.name} {f.value}" for f in card.fields)
    assert str(FORGOTTEN_MEMBER_ID) not in everything
