"""`/api mock`: the server's mock base URL from NEXUS_WEB_URL and a curl line to try."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.app import NexusBot, create_bot
from bot.config import Settings
from tests.conftest import World
from tests.e2e.api_world import answer, ask


@pytest.fixture
def simcord_bot(settings: Settings) -> NexusBot:
    return create_bot(replace(settings, web_url="https://nexus.example.org"))


async def test_mock_gives_the_base_url_and_a_curl_line_for_a_contracted_request(
    world: World,
) -> None:
    await ask(world, path="/listings", method="POST", summary="Create a listing")
    await world.alice.slash(
        world.channel,
        "api contract",
        id=1,
        request_example='{"title": "Bob\'s loft"}',
        response_example='{"id": 1}',
    )

    reply = await world.bob.slash(world.channel, "api mock")

    base = f"https://nexus.example.org/g/{world.guild.id}/mock"
    content = answer(reply)
    assert reply.ephemeral
    assert content.startswith(f"This server's mock: `{base}`")
    assert (
        f"curl -i -X POST '{base}/listings' -H 'Content-Type: application/json' "
        """-d '{"title":"Bob'\\''s loft"}'"""
    ) in content
    # Until the web hub is wired in, no guild has turned it on.
    assert "hasn't turned the web hub on, so the mock answers 404" in content


async def test_mock_before_any_contract_says_how_to_set_one(world: World) -> None:
    reply = await world.bob.slash(world.channel, "api mock")

    assert "No request has a contract yet: set one with `/api contract`." in answer(reply)
