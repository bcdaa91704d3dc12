"""The write limit counts writes that went through, not refused or invalid attempts."""

from __future__ import annotations

from tests.conftest import World


async def test_refused_attempts_do_not_use_up_the_write_limit(world: World) -> None:
    limit = world.bot.settings.write_rate.count
    for _ in range(limit + 2):  # a member retrying a typo'd number
        refused = await world.bob.slash(world.channel, "api claim", id=99)
        assert "Try again in" not in refused.response.content

    done = await world.bob.slash(world.channel, "qa privacy", setting="public")

    assert "Try again in" not in done.response.content
    assert "names you **bob**" in done.response.content


async def test_writes_that_went_through_still_count(world: World) -> None:
    limit = world.bot.settings.write_rate.count
    for _ in range(limit):
        await world.bob.slash(world.channel, "qa privacy", setting="public")

    refused = await world.bob.slash(world.channel, "qa privacy", setting="private")

    assert "Try again in" in refused.response.content
