"""The knowledge base on the web: home, topics, search, sitemap, robots, health, errors."""

from __future__ import annotations

import re

from tests.conftest import ROOT
from tests.content_builders import shipped_counts
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld


async def test_the_home_page_lists_categories_and_topics(client: Client) -> None:
    response = await client.get("/")
    html = await response.text()
    assert response.status == 200
    assert response.content_type == "text/html"
    assert "Languages &amp; frameworks" in html
    assert '<a href="/topics/caching">Caching</a>' in html


async def test_every_page_has_title_description_canonical_and_open_graph(client: Client) -> None:
    html = await (await client.get("/topics/caching")).text()
    host = f"http://{client.host}:{client.port}"
    assert "<title>Caching · Nexus</title>" in html
    assert '<meta name="description" content="Keep results of expensive work' in html
    assert f'<link rel="canonical" href="{host}/topics/caching">' in html
    assert '<meta property="og:title" content="Caching">' in html
    assert '<meta property="og:type" content="article">' in html


async def test_a_topic_page_renders_markdown_highlights_code_and_links_related(
    client: Client,
) -> None:
    html = await (await client.get("/topics/caching")).text()
    assert "<h2>Key ideas</h2>" in html
    assert '<pre class="hl"><code><span' in html  # Pygments, server side
    assert '<a href="/topics/django-orm">' in html
    assert "<script" not in html


async def test_an_unknown_topic_gets_a_real_404_page(client: Client) -> None:
    response = await client.get("/topics/no-such-topic")
    assert response.status == 404
    assert "Page not found" in await response.text()


async def test_an_unknown_address_gets_the_404_page(client: Client) -> None:
    response = await client.get("/wp-admin.php")
    assert response.status == 404
    assert "<title>Page not found · Nexus</title>" in await response.text()


async def test_search_ranks_topics_with_snippets(client: Client) -> None:
    response = await client.get("/search", params={"q": "redis ttl"})
    html = await response.text()
    assert response.status == 200
    assert '<a href="/topics/caching">Caching</a>' in html
    assert "Results for “redis ttl”" in html


async def test_an_empty_search_shows_a_hint(client: Client) -> None:
    response = await client.get("/search")
    assert response.status == 200
    assert "Type a few words" in await response.text()


async def test_a_huge_search_is_a_400_not_a_traceback(client: Client) -> None:
    response = await client.get("/search", params={"q": "redis " * 2000})
    html = await response.text()
    assert response.status == 400
    assert "too long" in html
    assert "Traceback" not in html


async def test_a_search_of_100000_letters_gets_the_hubs_own_400_page(client: Client) -> None:
    response = await client.get("/search", params={"q": "a" * 100_000})
    html = await response.text()
    assert response.status == 400
    assert response.content_type == "text/html"
    assert "too long" in html and "<title>Bad request · Nexus</title>" in html
    assert "bytearray" not in html


async def test_a_big_header_is_still_served(client: Client) -> None:
    response = await client.get("/search", headers={"Cookie": "c=" + "x" * 20_000})
    assert response.status == 200


async def test_a_search_just_over_the_limit_is_a_400(client: Client) -> None:
    response = await client.get("/search", params={"q": "x" * 201})
    assert response.status == 400


async def test_search_echoes_the_query_escaped(client: Client) -> None:
    html = await (await client.get("/search", params={"q": "<script>alert(1)</script>"})).text()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


async def test_the_sitemap_lists_every_topic_with_its_last_change(client: Client) -> None:
    response = await client.get("/sitemap.xml")
    xml = await response.text()
    assert response.content_type == "application/xml"
    assert f"http://{client.host}:{client.port}/topics/caching</loc><lastmod>" in xml
    assert len(re.findall("/topics/", xml)) == shipped_counts(ROOT / "content")[0]


async def test_robots_txt_points_at_the_sitemap(client: Client) -> None:
    text = await (await client.get("/robots.txt")).text()
    assert "User-agent: *" in text
    assert f"Sitemap: http://{client.host}:{client.port}/sitemap.xml" in text


async def test_healthz_keeps_its_path_and_meaning(client: Client) -> None:
    response = await client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"database": "ok"}


async def test_the_public_url_is_used_for_canonical_links(
    hub: HubWorld, aiohttp_client: object
) -> None:
    client: Client = await aiohttp_client(hub.app("https://nexus.example.org"))  # type: ignore[operator]
    html = await (await client.get("/topics/caching")).text()
    assert '<link rel="canonical" href="https://nexus.example.org/topics/caching">' in html


async def test_a_repeated_request_with_the_etag_is_answered_304(client: Client) -> None:
    first = await client.get("/topics/caching")
    etag = first.headers["ETag"]
    again = await client.get("/topics/caching", headers={"If-None-Match": etag})
    assert again.status == 304
    assert await again.read() == b""


async def test_if_modified_since_gets_304_for_an_unchanged_topic(client: Client) -> None:
    first = await client.get("/topics/caching")
    since = first.headers["Last-Modified"]
    again = await client.get("/topics/caching", headers={"If-Modified-Since": since})
    assert again.status == 304


async def test_the_stylesheet_follows_the_readers_colour_scheme(client: Client) -> None:
    css = await (await client.get("/static/nexus.css")).text()
    assert "prefers-color-scheme: dark" in css
    assert ".hl .k" in css  # Pygments' classes


async def test_malformed_query_strings_get_a_page_never_a_traceback(client: Client) -> None:
    for query in ("q=%ff%fe", "q=%00", "q=%", "q=a&q=b", "q=" + "%20" * 300):
        response = await client.get(f"/search?{query}")
        html = await response.text()
        assert response.status in (200, 400), query
        assert "Traceback" not in html and "Something went wrong" not in html
