"""The frontend category as a frontend learner meets it: /topics, /topic and its footer."""

from __future__ import annotations

from cogs.ui.limits import fits
from tests.conftest import World


async def test_topics_filtered_to_frontend_lists_only_frontend_topics(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topics", category="frontend")

    assert reply.ephemeral
    description = reply.response.embeds[0].description or ""
    assert "**Frontend**" in description
    assert "Calling a REST API with fetch" in description
    assert "CORS from the browser's side" in description
    assert "Race conditions" not in description and "**Challenges**" not in description


async def test_a_browser_error_message_finds_the_cors_topic(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topic", name="blocked by cors policy")

    embed = reply.response.embeds[0]
    assert embed.title == "CORS from the browser's side"
    assert embed.footer.text == "Frontend · beginner"
    assert fits(embed)
