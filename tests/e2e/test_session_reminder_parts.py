"""A reminder to many members: several messages of at most 100 mentions (Discord refuses
more in `allowed_mentions`), each member pinged once, a refused part sent again alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatch
from typing import Any

import discord
import pytest
from simcord.backend.errors import BackendError

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish, posts
from tests.strict.routing import wrap_dispatch

DAY_BEFORE = datetime(2026, 1, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


def reminders(sw: SessionWorld) -> list[Any]:
    stored = sw.base.env.backend
    return [
        stored.get_message(sw.base.channel.id, m.id)
        for m in reversed(posts(sw.base))
        if m.content.startswith("⏰")
    ]


async def interested_crowd(sw: SessionWorld, size: int) -> list[int]:
    [event] = sw.events()
    ids = []
    for number in range(size):
        member = sw.base.guild.add_member(sw.base.env.create_user(f"learner{number}"))
        await member.subscribe_event(event.id)
        ids.append(member.id)
    return ids


def refuse_posts(
    monkeypatch: pytest.MonkeyPatch, error: Callable[[], Exception], *, skip: int = 0
) -> list[int]:
    """The first reminder message after `skip` of them is refused with `error()`."""
    seen: list[int] = []

    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        reminder = isinstance(body, dict) and str(body.get("content", "")).startswith("⏰")
        if method == "POST" and fnmatch(path, "/channels/*/messages") and reminder:
            seen.append(1)
            if len(seen) == skip + 1:
                raise error()
        return call()

    wrap_dispatch(monkeypatch, rule)
    return seen


def pinged(messages: list[Any]) -> list[int]:
    return [user_id for message in messages for user_id in message.allowed_mentions.users]


async def test_150_interested_members_are_each_reminded_once_in_messages_of_at_most_100(
    sw: SessionWorld,
) -> None:
    await sw.schedule()
    crowd = await interested_crowd(sw, 150)

    await sw.run_due(DAY_BEFORE)
    await sw.run_due(DAY_BEFORE + timedelta(minutes=1))  # the ledger: nothing again

    sent = reminders(sw)
    assert len(sent) >= 2
    assert sorted(pinged(sent)) == sorted(crowd)  # everyone, exactly once
    for message in sent:
        assert len(message.allowed_mentions.users) <= 100 and len(message.content) <= 2000
        named = {int(i) for i in re.findall(r"<@(\d+)>", message.content)}
        assert named == set(message.allowed_mentions.users)  # whole mentions, none cut
        assert "Django ORM office hours" in message.content
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "posted"}


async def test_a_refused_part_is_sent_again_alone_on_the_next_run(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sw.schedule()
    crowd = await interested_crowd(sw, 120)
    # A 403 (a permission taken away a moment): a 5xx would be sent again at once.
    refuse_posts(monkeypatch, lambda: BackendError(403, 50013, "Missing Permissions"), skip=1)

    await sw.run_due(DAY_BEFORE)
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "failed"}
    late_comer = sw.base.alice
    await late_comer.subscribe_event(sw.events()[0].id)  # after the reminder was claimed
    await sw.run_due(DAY_BEFORE + timedelta(minutes=1))

    assert sorted(pinged(reminders(sw))) == sorted(crowd)
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "posted"}


async def test_a_429_longer_than_the_bots_wait_leaves_the_reminder_to_be_retried(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """discord.py raises `RateLimited` (not an HTTPException) when Discord asks to wait more
    than `max_ratelimit_timeout`: nothing was sent, so the slot must not stay "claimed"."""
    await sw.schedule()
    await sw.base.alice.subscribe_event(sw.events()[0].id)
    refuse_posts(monkeypatch, lambda: discord.RateLimited(120.0))

    await sw.run_due(DAY_BEFORE)
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "failed"}
    await sw.run_due(DAY_BEFORE + timedelta(minutes=1))

    assert pinged(reminders(sw)) == [sw.base.alice.id]
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "posted"}
