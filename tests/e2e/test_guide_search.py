"""`/search` shows this server's approved community notes that match, named by consent."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.simulation import World
from cogs.ui.limits import fits
from tests.web.guide_world import add_note

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def test_search_lists_this_servers_matching_notes_only(world: World) -> None:
    guild = world.guild.id
    await add_note(world.bot.db, NOW, guild=guild, title="Jitter", text="Jitter the TTL.")
    await add_note(world.bot.db, NOW, guild=guild + 1, title="Other server TTL jitter")
    await add_note(world.bot.db, NOW, guild=guild, title="Pending TTL jitter", status="pending")

    reply = await world.alice.slash(world.channel, "search", query="ttl jitter")
    embed = reply.response.embeds[0]
    notes = next(f.value or "" for f in embed.fields if f.name == "From the community")
    assert "**Jitter** · Caching (`/topic caching`)" in notes
    assert "— a learner" in notes
    assert "Other server" not in notes and "Pending" not in notes
    assert fits(embed)


async def test_a_note_alone_is_a_match(world: World) -> None:
    guild = world.guild.id
    await add_note(world.bot.db, NOW, guild=guild, title="Zorblax", text="Zorblax quux frobnicate.")
    reply = await world.alice.slash(world.channel, "search", query="zorblax")
    embed = reply.response.embeds[0]
    assert embed.description is None
    assert [f.name for f in embed.fields] == ["From the community"]
