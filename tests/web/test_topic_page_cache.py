"""Topic pages are rendered once per loaded library, and a reload shows at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.db.engine import Database
from bot.knowledge.model import Library
from bot.web.routes.topics import BASES_KEPT, RenderedTopic, RenderedTopics
from tests.conftest import FixedClock, make_settings
from tests.content_builders import topic_text, valid_pair
from tests.web.conftest import Client
from tests.web.hub_world import hub_world

AioClient = Callable[[web.Application], Awaitable[Any]]


async def test_a_reloaded_topic_is_served_anew_and_an_unchanged_one_from_memory(
    tmp_path: Path, migrated: Database, clock: FixedClock, aiohttp_client: AioClient
) -> None:
    content = valid_pair(tmp_path / "content", summary="Caches hold copies.")
    hub = hub_world(make_settings(tmp_path, content_dir=content), migrated, clock)
    client: Client = await aiohttp_client(hub.app())
    first = await client.get("/topics/alpha")
    assert "Caches hold copies." in await first.text()

    (content / "topics" / "alpha.md").write_text(
        topic_text("alpha", summary="Queues carry work to workers.")
    )
    unchanged = await client.get("/topics/alpha")  # the file changed, the library did not
    assert unchanged.headers["ETag"] == first.headers["ETag"]
    outcome = await hub.services.topics.reload()
    assert outcome.loaded

    after = await client.get("/topics/alpha", headers={"If-None-Match": first.headers["ETag"]})
    assert after.status == 200
    html = await after.text()
    assert "Queues carry work to workers." in html
    assert "Caches hold copies." not in html


async def test_each_host_gets_its_own_canonical_link(client: Client) -> None:
    for host in ("nexus.example.org", "hub.example.net"):
        html = await (await client.get("/topics/caching", headers={"Host": host})).text()
        assert f'<link rel="canonical" href="http://{host}/topics/caching">' in html


def test_the_kept_pages_start_again_on_a_new_library_and_past_a_few_addresses() -> None:
    first, second = Library(topics={}), Library(topics={})
    kept = RenderedTopics()
    pages = kept.of(first, "http://a")
    pages["alpha"] = RenderedTopic(b"<p>alpha</p>", '"tag"', None)
    assert kept.of(first, "http://a") is pages
    assert kept.of(second, "http://a") == {}

    for n in range(BASES_KEPT - 1):  # beside http://a
        kept.of(second, f"http://{n}")["alpha"] = RenderedTopic(b"", '""', None)
    assert len(kept.by_base) == BASES_KEPT
    assert kept.of(second, "http://one-more") == {}
    assert list(kept.by_base) == ["http://one-more"]
