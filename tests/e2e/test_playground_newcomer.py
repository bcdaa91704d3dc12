"""What a newcomer meets in the playground: forms, typos, voice, menus, a slow bot."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest

from bot.playground.completion import candidates
from bot.playground.lines import PlaygroundError
from bot.playground.patience import STILL_WORKING
from bot.playground.session import PlaygroundSession
from tests.e2e.test_playground import output, session

__all__ = ["session"]  # the fixture, shared with test_playground


async def ask_for_an_api(session: PlaygroundSession) -> None:
    await session.execute('/api request method:GET path:/listings/1 summary:"One listing"')


async def test_a_command_that_opens_a_form_shows_its_fields(session: PlaygroundSession) -> None:
    await ask_for_an_api(session)

    await session.execute("/api contract 1")

    shown = output(session)
    assert "📝 Form: Contract of API-1 · GET /listings/1" in shown
    assert "response_status  (Response status (empty: the usual one), optional, at most 3" in shown
    assert "e.g. 200" in shown
    assert "fill " in shown


async def test_fill_submits_the_form_by_field_name_or_label(session: PlaygroundSession) -> None:
    await ask_for_an_api(session)
    await session.execute("/api contract 1")

    await session.execute(
        """fill "response example (json)"='{"id": 1, "host_name": "Ada"}' RESPONSE_STATUS=200"""
    )
    await session.execute("fetch GET /listings/1")

    shown = output(session)
    assert "Saved contract v1 of API-1" in shown
    assert '"host_name": "Ada"' in shown
    assert session.form is None


async def test_a_button_that_opens_a_form_is_filled_the_same_way(
    session: PlaygroundSession,
) -> None:
    await session.execute('/session propose title:"Caching deep dive" topic:caching')
    await session.execute("as mentor")
    await session.execute("click Host it")
    assert "📝 Form:" in output(session)

    await session.execute('fill when="2026-01-05 18:00" minutes=30 where=study-room')

    assert "Session #1 scheduled: Caching deep dive" in output(session)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("fill notes=x", "no form is open"),
        ("/topc caching", "Did you mean /topic?"),
        ("/api clam 1", "Did you mean /api claim?"),
        ("menu Nope", "no message menu 'Nope'"),
        ("join nowhere", "no voice channel 'nowhere'; there is study-room"),
    ],
)
async def test_newcomer_mistakes_get_a_helpful_line(
    session: PlaygroundSession, line: str, message: str
) -> None:
    with pytest.raises(PlaygroundError) as caught:
        await session.execute(line)
    assert message in str(caught.value)


async def test_an_unknown_field_or_a_missing_required_one_is_named(
    session: PlaygroundSession,
) -> None:
    await session.execute('/session propose title:"Caching deep dive" topic:caching')
    await session.execute("as mentor")
    await session.execute("click Host it")

    with pytest.raises(PlaygroundError, match="no field 'colour'; its fields: when"):
        await session.execute("fill colour=red")
    with pytest.raises(PlaygroundError, match="fill in when, where too"):
        await session.execute("fill minutes=30")
    assert session.form is not None  # still open: fix the line and fill again


async def test_a_message_menu_runs_on_a_message(session: PlaygroundSession) -> None:
    await session.execute("say Read this later")

    await session.execute('menu "Remind me about this" on 1')

    assert "Reminder #1" in output(session)
    with pytest.raises(PlaygroundError, match='"Remind me about this"'):
        await session.execute("menu")


async def test_who_joined_the_voice_channel_shows_in_attendance(
    session: PlaygroundSession,
) -> None:
    await session.execute('/session propose title:"Caching deep dive" topic:caching')
    await session.execute("as mentor")
    await session.execute("click Host it")
    await session.execute('fill when="2026-01-01 01:00" minutes=60 where=study-room')
    await session.execute("time +1h")
    await session.execute("as bob")
    await session.execute("join study-room")
    await session.execute("time +30m")
    await session.execute("leave")
    await session.execute("time +1h")

    await session.execute("/session attendance 1")

    assert "bob" in output(session).split("/session attendance")[-1]


def test_tab_completes_choices_and_autocompleted_values(session: PlaygroundSession) -> None:
    assert candidates(session, "/topics category:infra") == ["/topics category:infrastructure"]
    assert "/topic name:caching" in candidates(session, "/topic name:cach")
    assert "join study-room" in candidates(session, "join st")
    assert "fill " in candidates(session, "fi")


async def test_a_slow_answer_says_still_working_and_the_session_goes_on(
    session: PlaygroundSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    env: Any = session.world.env
    monkeypatch.setattr(env, "settle_timeout", 0.5)
    search = session.world.bot.services.qa_search
    quick = search.related_threads

    async def slow(*args: Any, **kwargs: Any) -> Any:
        await asyncio.to_thread(time.sleep, 1.5)  # a database that takes its time
        return await quick(*args, **kwargs)

    monkeypatch.setattr(search, "related_threads", slow)

    await session.execute("/search query:ttl")
    monkeypatch.setattr(search, "related_threads", quick)
    await session.execute("/topic docker")

    shown = output(session)
    assert STILL_WORKING in shown
    assert "Search: ttl" in shown.rpartition(STILL_WORKING)[2]  # shown once it came
    assert "╭─ Docker" in shown
