"""Topic lookups as members use them: /topic, its buttons, autocomplete, /topics, /search."""

from __future__ import annotations

import discord
import pytest

from bot.app import create_bot
from bot.config import Settings
from cogs.ui.limits import fits
from tests.conftest import ROOT, World
from tests.content_builders import shipped_counts
from tests.e2e.test_command_permissions import open_command_to

SHIPPED_TOPICS = shipped_counts(ROOT / "content")[0]


def button_labels(message: discord.Message) -> list[str]:
    return [
        child.label or ""
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    ]


async def test_topic_posts_a_public_embed_with_its_sections(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topic", name="caching")

    assert not reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.title == "Caching"
    for section in ("**Key ideas**", "**Example**", "**Pitfalls**", "**In practice**"):
        assert section in (embed.description or "")
    assert embed.footer.text == "Data · intermediate"
    assert {f.name for f in embed.fields} == {"Related", "Resources"}
    assert fits(embed)
    assert "Django ORM and query optimisation" in button_labels(reply.response.message)


async def test_every_shipped_topic_renders_within_discords_limits(world: World) -> None:
    service = world.bot.services.topics
    for slug in service.library.topics:
        reply = await world.alice.slash(world.channel, "topic", name=slug)
        assert fits(reply.response.embeds[0]), slug


async def test_a_related_button_opens_that_topic_only_for_the_clicker(world: World) -> None:
    posted = await world.alice.slash(world.channel, "topic", name="caching")

    opened = await world.bob.click(posted.response.message, label="Slow queries")

    assert opened.ephemeral
    assert opened.response.embeds[0].title == "Slow queries"
    assert world.channel.last_message.id == posted.response.message.id


async def test_a_misspelt_name_gets_suggestions_that_post_the_topic(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topic", name="cachng")

    assert reply.ephemeral
    assert reply.response.content == "No topic named 'cachng'. Did you mean ...?"
    assert button_labels(reply.response.message)[0] == "Caching"

    shown = await world.alice.click(reply.response, label="Caching")

    assert not shown.ephemeral
    assert shown.response.embeds[0].title == "Caching"


async def test_mentions_and_markdown_in_a_name_are_shown_escaped_and_ping_nobody(
    world: World,
) -> None:
    reply = await world.alice.slash(world.channel, "topic", name="@everyone **<@123>**")

    assert reply.ephemeral
    content = reply.response.content
    assert "@everyone" not in content.replace("@\u200beveryone", "")
    assert "**<@123>**" not in content
    assert not reply.response.message.mentions
    assert not reply.response.message.mention_everyone


@pytest.mark.parametrize(("name", "expected"), [("   ", "can't be empty"), ("x" * 1000, "1000")])
async def test_empty_or_huge_names_get_a_clear_ephemeral_answer(
    world: World, name: str, expected: str
) -> None:
    reply = await world.alice.slash(world.channel, "topic", name=name)
    assert reply.ephemeral
    assert expected in reply.response.content


async def test_the_same_topic_twice_within_30_seconds_links_the_first_post(world: World) -> None:
    first = await world.alice.slash(world.channel, "topic", name="docker")
    second = await world.bob.slash(world.channel, "topic", name="Docker")

    assert second.ephemeral
    assert first.response.message.jump_url in second.response.content

    await world.env.advance_time(31)
    third = await world.bob.slash(world.channel, "topic", name="docker")
    assert not third.ephemeral


async def test_autocomplete_answers_with_at_most_25_fuzzy_prefix_choices(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "topic", "name", "dock")
    assert [c["value"] for c in choices][:4] == [
        "docker",
        "docker-bridge-networks",
        "docker-compose",
        "docker-networking",
    ]

    assert len(await world.alice.autocomplete(world.channel, "topic", "name", "")) == 25
    alias = await world.alice.autocomplete(world.channel, "topic", "name", "n+1")
    assert alias[0] == {"name": "Django ORM and query optimisation", "value": "django-orm"}


async def test_topics_lists_every_topic_by_category(world: World) -> None:
    reply = await world.alice.slash(world.channel, "topics")

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert "**Challenges**" in (embed.description or "")
    assert embed.footer.text is not None and embed.footer.text.startswith(
        f"{SHIPPED_TOPICS} topics"
    )

    only = await world.alice.slash(world.channel, "topics", category="challenges")
    description = only.response.embeds[0].description or ""
    assert "Race conditions" in description and "**Data**" not in description


async def test_search_shows_the_best_five_with_snippets(world: World) -> None:
    reply = await world.alice.slash(world.channel, "search", query="redis ttl invalidation")

    assert reply.ephemeral
    embed = reply.response.embeds[0]
    assert embed.fields[0].name == "Caching · Data"
    assert "`/topic caching`" in (embed.fields[0].value or "")
    assert len(embed.fields) <= 5
    assert fits(embed)


async def test_an_empty_search_is_answered_ephemerally(world: World) -> None:
    reply = await world.alice.slash(world.channel, "search", query="   ")
    assert reply.ephemeral
    assert "can't be empty" in reply.response.content


async def test_status_counts_the_topics_loaded(world: World) -> None:
    reply = await world.mentor.slash(world.channel, "nexus status")
    topics = next(f.value for f in reply.response.embeds[0].fields if f.name == "Topics loaded")
    assert topics == str(SHIPPED_TOPICS)


async def test_related_buttons_keep_working_after_a_restart(
    world: World, settings: Settings
) -> None:
    posted = await world.alice.slash(world.channel, "topic", name="caching")
    await world.env.restart_bot(create_bot(settings))

    opened = await world.bob.click(posted.response.message, label="Slow queries")

    assert opened.response.embeds[0].title == "Slow queries"


async def test_reload_needs_manage_server(world: World) -> None:
    open_command_to(world, "nexus", world.alice)  # seen, but Manage Server is still checked
    reply = await world.alice.slash(world.channel, "nexus reload")
    assert "Manage Server" in reply.response.content
