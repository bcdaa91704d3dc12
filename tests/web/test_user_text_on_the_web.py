"""Text from Discord on every page kind: mentions as names (by consent) or words, never
ids; snippets and descriptions as plain text cut at a word."""

from __future__ import annotations

import html as html_lib
import re

from bot.services.api.model import Actor
from tests.api_builders import FakeThreads, form
from tests.qa_builders import ASKER, GUILD, HELPER
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld

CAROL = 99  # mentioned, never in the thread, chose to be named
DAVE = 98  # mentioned, never chose
MENTIONS = f"<@{HELPER}> <@!{ASKER}> <@{CAROL}> <@!{DAVE}> <@&77> <#2000>"
RAW = re.compile(r"<@|<#|&lt;@|&lt;#|\\u003c@|\\u003c#|&#60;@")


def raw_markup_in(text: str) -> list[str]:
    """Every Discord token left in a response, in whatever escaping it wears."""
    return RAW.findall(text) + RAW.findall(html_lib.unescape(text))


async def seeded(hub: HubWorld) -> int:
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob")
    await hub.services.privacy.make_public(GUILD, CAROL, "Carol")
    thread = await hub.solved(
        title=f"Celery retries for <@{CAROL}> and <@{DAVE}>",
        question=f"Celery keeps retrying, {MENTIONS} any idea?",
        answer=f"Celery: {MENTIONS} @everyone @here use `autoretry_for`.",
    )
    await hub.services.api_requests.create(
        GUILD, Actor(HELPER), form("/listings", summary=f"Listings for {MENTIONS}"), FakeThreads()
    )
    return thread.thread_id


async def test_no_page_shows_a_raw_mention_and_names_follow_consent(
    hub: HubWorld, client: Client
) -> None:
    thread_id = await seeded(hub)
    pages = {}
    for path, params in (
        ("/", {}),
        (f"/g/{GUILD}/", {}),
        (f"/g/{GUILD}/qa/{thread_id}", {}),
        ("/search", {"q": "celery"}),
        (f"/g/{GUILD}/api", {}),
        ("/sitemap.xml", {}),
        (f"/g/{GUILD}/api/openapi.json", {}),
    ):
        response = await client.get(path, params=params)
        assert response.status == 200, path
        pages[path] = await response.text()
        assert raw_markup_in(pages[path]) == [], path

    question = pages[f"/g/{GUILD}/qa/{thread_id}"]
    assert "<h1>Celery retries for @Carol and @a learner " in question
    assert "<title>Celery retries for @Carol and @a learner · Nexus</title>" in question
    description = re.search(r'<meta name="description" content="([^"]*)"', question)
    og = re.search(r'<meta property="og:description" content="([^"]*)"', question)
    assert description is not None and og is not None
    expected = "Celery keeps retrying, @Bob @a learner @Carol @a learner @a role #a channel"
    assert description.group(1).startswith(expected)
    assert og.group(1) == description.group(1)
    assert "everyone here use" in question and "@everyone" not in question
    for page in (pages[f"/g/{GUILD}/"], pages["/search"]):
        assert "@Carol and @a learner" in page  # the title
        assert "@Bob @a learner @Carol" in page  # the excerpt / snippet
    assert "Listings for @Bob" in pages[f"/g/{GUILD}/api"]
    assert "Listings for @Bob @a learner" in pages[f"/g/{GUILD}/api/openapi.json"]


async def test_search_snippets_are_plain_text_cut_at_a_word(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    words = " ".join(f"filler{n}" for n in range(40))
    await hub.solved(
        title="Celery hot spot",
        question=f"{words} **A single hot spot** in `celery_app.conf` then the partner itself** "
        + words,
    )
    page = await (await client.get("/search", params={"q": "celery hot spot"})).text()
    questions = page.split('id="questions"', 1)[1]
    shown = re.findall(r'<div class="muted">([^<]*)</div>', questions)[0]
    assert "**" not in shown and "`" not in shown
    assert "A single hot spot in celery_app.conf" in shown
    assert shown.endswith("…") and shown.startswith("…")
    kept = shown.strip("…").split()
    source = words.split() + "A single hot spot in celery_app.conf then the partner itself".split()
    assert all(word in source for word in kept), kept


async def test_the_guild_page_excerpt_is_plain_and_cut_at_a_word(
    hub: HubWorld, client: Client
) -> None:
    await hub.publish_guild()
    await hub.solved(question="**Bold start** " + "wordy " * 60 + "tail")
    page = await (await client.get(f"/g/{GUILD}/")).text()
    excerpt = re.findall(r'<div class="muted">([^<]*)</div>', page)[0]
    assert excerpt.startswith("Bold start wordy") and excerpt.endswith("wordy…")
