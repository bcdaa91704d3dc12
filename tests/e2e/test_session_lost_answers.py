"""Sessions when Discord's answer is lost (tests/strict/writes.py): an event Discord made
before answering 500 is found, not made again or reported as "nothing was saved"; the
announcement and each reminder part exist once, even when a later run sends a part again
after Discord has forgotten its nonce."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatch
from typing import Any

import pytest
from simcord.backend.errors import BackendError

from tests.conftest import World
from tests.e2e.session_world import SessionWorld, furnish, posts
from tests.e2e.test_session_reminder_parts import pinged, reminders
from tests.strict.routing import wrap_dispatch
from tests.strict.writes import NONCE_WINDOW, applied_anyway

EVENTS = "/guilds/*/scheduled-events"
DAY_BEFORE = datetime(2026, 1, 1, 18, 0, tzinfo=UTC)


@pytest.fixture
async def sw(world: World) -> SessionWorld:
    return await furnish(world)


def answer_of(reply: Any) -> str:
    embeds = reply.response.embeds
    return f"{reply.response.content or ''} {embeds[0].title if embeds else ''}"


def made_twice_then_500(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The event POST is carried out twice (discord.py sent it again after a 5xx), and
    neither answer arrives."""
    made: list[Any] = []

    def rule(call: Callable[[], Any], backend: Any, method: str, path: str, body: Any) -> Any:
        if method == "POST" and fnmatch(path, EVENTS) and not made:
            made.extend([call(), call()])
            raise BackendError(502, 0, "Bad Gateway")
        return call()

    wrap_dispatch(monkeypatch, rule)
    return made


def refuse(monkeypatch: pytest.MonkeyPatch, method: str, pattern: str) -> None:
    def rule(call: Callable[[], Any], backend: Any, verb: str, path: str, body: Any) -> Any:
        if verb == method and fnmatch(path, pattern):
            raise BackendError(500, 0, "Server Error")
        return call()

    wrap_dispatch(monkeypatch, rule)


async def test_an_event_made_before_a_500_is_found_and_the_session_kept(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = applied_anyway(monkeypatch, EVENTS)

    reply = await sw.schedule()

    assert len(lost.results) == 1
    [event] = sw.events()
    assert "Session #1 scheduled" in answer_of(reply)
    [stored] = await sw.bot.services.sessions.upcoming(sw.base.guild.id)
    assert stored.event_id == int(event.id)
    assert len([m for m in posts(sw.base) if m.embeds]) == 1  # announced once


async def test_an_event_made_twice_by_a_retry_is_kept_once(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = made_twice_then_500(monkeypatch)

    reply = await sw.schedule()

    assert len(made) == 2
    [event] = sw.events()  # the second is taken back
    assert int(event.id) == min(int(m["id"]) for m in made)
    assert "Session #1 scheduled" in answer_of(reply)


async def test_when_discord_cant_say_whether_it_made_the_event_the_mentor_is_told_so(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    applied_anyway(monkeypatch, EVENTS)
    refuse(monkeypatch, "GET", EVENTS)

    reply = await sw.schedule()

    assert reply.ephemeral and "look in the server's events" in reply.response.content
    assert await sw.bot.services.sessions.upcoming(sw.base.guild.id) == []


async def test_an_event_refused_with_a_500_and_not_made_is_reported_as_refused(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    refuse(monkeypatch, "POST", EVENTS)

    reply = await sw.schedule()

    assert reply.ephemeral and "nothing was saved" in reply.response.content
    assert sw.events() == []


async def test_an_announcement_answered_500_is_posted_once(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    lost = applied_anyway(monkeypatch, "/channels/*/messages", when=lambda body: "embeds" in body)

    await sw.schedule()

    assert len(lost.results) == 1
    [announcement] = [m for m in posts(sw.base) if m.embeds]
    [stored] = await sw.bot.services.sessions.upcoming(sw.base.guild.id)
    assert stored.message_id == announcement.id


def is_reminder(body: Any) -> bool:
    return isinstance(body, dict) and str(body.get("content", "")).startswith("⏰")


async def test_a_reminder_answered_500_pings_once(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    await sw.schedule()
    await sw.base.alice.subscribe_event(sw.events()[0].id)
    lost = applied_anyway(monkeypatch, "/channels/*/messages", when=is_reminder)

    await sw.run_due(DAY_BEFORE)

    assert len(lost.results) == 1
    assert pinged(reminders(sw)) == [sw.base.alice.id]
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "posted"}


async def test_a_reminder_lost_twice_is_found_by_its_marker_on_a_later_run(
    sw: SessionWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both sends of the first run are made and answered 500; the next run comes after
    Discord forgot the nonce, so only the message's marker can tell it was posted."""
    await sw.schedule()
    await sw.base.alice.subscribe_event(sw.events()[0].id)
    lost = applied_anyway(monkeypatch, "/channels/*/messages", when=is_reminder, times=2)

    await sw.run_due(DAY_BEFORE)
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "failed"}
    await sw.base.env.advance_time((NONCE_WINDOW + timedelta(minutes=1)).total_seconds())
    await sw.run_due(DAY_BEFORE + timedelta(minutes=3))

    # The nonce rule made the second send return the first message: one message.
    assert len(lost.results) == 2 and len({r["id"] for r in lost.results}) == 1
    assert pinged(reminders(sw)) == [sw.base.alice.id]
    # 3 minutes after its time: late, once
    assert await sw.bot.services.session_reminders.outcomes(1) == {"24h": "late"}
