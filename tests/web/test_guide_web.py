"""Community notes on the hub: a topic page's "From the community" and the hub's search show
approved notes of servers on the web, from channels @everyone can read, named by consent,
and a note that goes (forgotten, server off the web) is gone from the very next page."""

from __future__ import annotations

import re

from bot.db.engine import Database
from tests.conftest import FixedClock
from tests.qa_builders import GUILD
from tests.web.conftest import Client
from tests.web.guide_world import AUTHOR, Source, add_note, delete_notes_of
from tests.web.hub_world import OTHER_GUILD, PRIVATE_CHANNEL, HubWorld
from tests.web.test_user_text_on_the_web import raw_markup_in

TOPIC = "/topics/caching"
PRIVATE = Source(PRIVATE_CHANNEL, 9002, PRIVATE_CHANNEL)


def community(html: str) -> str:
    """The page's "From the community" section ('' when it has none)."""
    found = re.search(r'<section aria-labelledby="community">.*?</section>', html, re.S)
    return found.group(0) if found else ""


async def test_an_approved_note_appears_on_its_topic_page(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, source=Source())

    shown = community(await (await client.get(TOPIC)).text())
    assert '<h2 id="community">From the community</h2>' in shown
    assert "<h3>Cache a view for a minute</h3>" in shown
    assert "<code>cache_page(60)</code>" in shown
    assert "by a learner on" in shown and ">ALX ProDev</a>" in shown
    assert f'href="https://discord.com/channels/{GUILD}/2000/9001"' in shown
    assert community(await (await client.get("/topics/docker")).text()) == ""


async def test_a_note_typed_without_a_source_shows_without_a_link(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now)
    shown = community(await (await client.get(TOPIC)).text())
    assert "Cache a view for a minute" in shown
    assert "discord.com/channels" not in shown


async def test_pending_and_rejected_suggestions_stay_off_the_web(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, title="Waiting for a mentor", status="pending")
    await add_note(migrated, clock.now, title="Turned down", status="rejected")
    assert community(await (await client.get(TOPIC)).text()) == ""


async def test_no_note_from_a_server_that_has_not_turned_the_web_on(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, guild=OTHER_GUILD, title="From a closed server")
    html = await (await client.get(TOPIC)).text()
    assert "From a closed server" not in html


async def test_a_server_that_turns_the_web_off_takes_its_notes_with_it(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now)
    first = await client.get(TOPIC)
    assert "Cache a view for a minute" in await first.text()

    await hub.services.web_consent.disable(GUILD)
    after = await client.get(TOPIC, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status == 200
    assert community(await after.text()) == ""


async def test_no_note_whose_source_is_in_a_private_or_unknown_channel(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, title="From the mentors room", source=PRIVATE)
    unseen = Source(3333, 9003, 3333)  # a channel the bot never reported on
    await add_note(migrated, clock.now, title="From somewhere unknown", source=unseen)
    in_public_thread = Source(4444, 9004, 2000)  # a thread of the public channel
    await add_note(migrated, clock.now, title="From a thread", source=in_public_thread)

    shown = community(await (await client.get(TOPIC)).text())
    assert "From the mentors room" not in shown and "From somewhere unknown" not in shown
    assert "From a thread" in shown
    assert f"https://discord.com/channels/{GUILD}/4444/9004" in shown


async def test_a_forgotten_members_notes_are_gone_from_the_next_page(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, source=Source())
    first = await client.get(TOPIC)
    assert "Cache a view for a minute" in await first.text()
    assert "Last-Modified" not in first.headers  # only the ETag may revalidate this page

    await delete_notes_of(migrated, AUTHOR)
    after = await client.get(TOPIC, headers={"If-None-Match": first.headers["ETag"]})
    assert after.status == 200
    assert community(await after.text()) == ""


async def test_the_author_is_named_only_after_choosing_privacy_public_there(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now)
    await hub.services.privacy.make_public(OTHER_GUILD, AUTHOR, "Carol elsewhere")
    assert "by a learner" in community(await (await client.get(TOPIC)).text())

    await hub.services.privacy.make_public(GUILD, AUTHOR, "Carol")
    shown = community(await (await client.get(TOPIC)).text())
    assert "by Carol on" in shown and "Carol elsewhere" not in shown

    await hub.services.privacy.make_private(GUILD, AUTHOR)
    assert "by a learner" in community(await (await client.get(TOPIC)).text())


async def test_the_most_helpful_note_comes_first(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, title="Quite useful", helpful=1)
    await add_note(migrated, clock.now, title="Most useful", helpful=4)
    await add_note(migrated, clock.now, title="Not yet voted")
    titles = re.findall(r"<h3>([^<]*)</h3>", community(await (await client.get(TOPIC)).text()))
    assert titles == ["Most useful", "Quite useful", "Not yet voted"]
    assert "4 found it helpful" in await (await client.get(TOPIC)).text()


async def test_mentions_in_a_note_become_names_by_consent_never_raw_markup(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, 77, "Dana")
    await add_note(
        migrated,
        clock.now,
        title="Ask <@77> about Redis eviction",
        text="Thanks <@77> and <@!78>, see <#2000> and <@&5>; @everyone: Redis evicts LRU.",
    )
    for path, params in ((TOPIC, {}), ("/search", {"q": "redis eviction"})):
        html = await (await client.get(path, params=params)).text()
        assert raw_markup_in(html) == [], path
        assert "Ask @Dana about Redis eviction" in html, path
    topic = community(await (await client.get(TOPIC)).text())
    assert "Thanks @Dana and @a learner, see #a channel and @a role" in topic


async def test_the_hubs_search_finds_notes_like_topic_text(
    hub: HubWorld, client: Client, migrated: Database, clock: FixedClock
) -> None:
    await hub.publish_guild()
    await add_note(migrated, clock.now, title="Stampedes", text="Jitter the TTL of hot keys.")
    await add_note(migrated, clock.now, title="Secret TTL trick", source=PRIVATE)
    await add_note(migrated, clock.now, guild=OTHER_GUILD, title="Closed server TTL tip")

    html = await (await client.get("/search", params={"q": "ttl jitter"})).text()
    found = html.split('id="notes"', 1)[1]
    assert '<a href="/topics/caching#note-' in found and ">Stampedes</a>" in found
    assert "Jitter the TTL of hot keys." in found
    assert "Secret TTL trick" not in html and "Closed server TTL tip" not in html
    none = await (await client.get("/search", params={"q": "kubernetes"})).text()
    assert 'id="notes"' not in none
