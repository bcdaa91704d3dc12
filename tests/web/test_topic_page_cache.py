"""Topic pages are rendered once per loaded library, and a reload shows at once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

from bot.db.engine import Database
from bot.knowledge.model import Library
from bot.web.kept import KeptPage, KeptPages
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


def test_kept_pages_are_bounded_by_bytes_and_least_recently_used_go_first() -> None:
    kept = KeptPages(max_bytes=1600)
    stamp = (1, 1)
    for n in range(16):
        kept.put(("http://a", f"/p{n}"), KeptPage(stamp, b"x" * 100, "text/html", None))
    assert kept.get(("http://a", "/p0"), stamp) is not None  # now the most recently used
    kept.put(("http://a", "/p16"), KeptPage(stamp, b"x" * 100, "text/html", None))
    assert kept.get(("http://a", "/p1"), stamp) is None
    assert kept.get(("http://a", "/p0"), stamp) is not None
    assert kept.bytes <= 1600
    kept.put(("http://a", "/big"), KeptPage(stamp, b"x" * 101, "text/html", None))
    assert kept.get(("http://a", "/big"), stamp) is None  # above a sixteenth: not kept
    assert kept.get(("http://a", "/p0"), (2, 1)) is None  # another version: rendered anew


def test_a_new_library_changes_the_stamp() -> None:
    kept = KeptPages()
    first, second = Library(topics={}), Library(topics={})
    assert kept.library_serial(first) == kept.library_serial(first)
    assert kept.library_serial(second) != kept.library_serial(first)
