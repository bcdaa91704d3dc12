"""What every page carries (favicon, link-preview image, charset) and the API request pages:
the board links each request to its page, with its contract and a mock to call."""

from __future__ import annotations

import json
import re

import pytest

from bot.services.api.contract import ContractForm
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.guild_settings import SettingsChange
from tests.api_builders import ALICE, BOB, GUILD, FakeThreads, form
from tests.web.conftest import Client
from tests.web.hub_world import PRIVATE_CHANNEL, HubWorld

LISTING = {"id": 42, "title": "Loft", "price": 120.5}
NEW_LISTING = {"title": "Loft", "price": 1.5}


@pytest.fixture
async def board(hub: HubWorld) -> None:
    """A published guild with a solved question, API-1 (GET, contracted), API-2 (POST,
    contracted twice) and API-3 (rejected)."""
    await hub.publish_guild(GUILD)
    await hub.services.privacy.make_public(GUILD, BOB.user_id, "Bob")
    await hub.solved(guild=GUILD)
    threads, services = FakeThreads(), hub.services
    await services.api_requests.create(GUILD, ALICE, form("/listings/{id}"), threads)
    await services.api_requests.create(
        GUILD, ALICE, form("/listings", HttpMethod.POST, f"Create one, ask <@{BOB.user_id}>"),
        threads,
    )  # fmt: skip
    await services.api_requests.create(GUILD, ALICE, form("/secret", summary="Gone"), threads)
    await services.api_requests.change_status(
        GUILD, 3, ALICE, ApiStatus.REJECTED, "not needed", threads
    )
    await services.api_contracts.set_contract(
        GUILD, 1, ALICE, ContractForm(response_example=json.dumps(LISTING)), threads,
        keep_unset=True,
    )  # fmt: skip
    await services.api_requests.claim(GUILD, 2, BOB, threads)
    for price in (1.5, 2.5):
        await services.api_contracts.set_contract(
            GUILD, 2, BOB, ContractForm(json.dumps({"title": "Loft", "price": price}),
            json.dumps(LISTING)), threads, keep_unset=True,
        )  # fmt: skip


async def question_path(hub: HubWorld) -> str:
    recent = await hub.services.published.recent()
    return f"/g/{GUILD}/qa/{recent[0].thread_id}"


EVERY_KIND = ("/", "/search?q=cache", "/topics/caching", f"/g/{GUILD}/", f"/g/{GUILD}/api",
              f"/g/{GUILD}/api/1", "/no-such-page")  # fmt: skip


@pytest.mark.usefixtures("board")
async def test_every_page_has_a_favicon_an_absolute_og_image_and_says_utf8(
    hub: HubWorld, client: Client
) -> None:
    for path in (*EVERY_KIND, await question_path(hub)):
        response = await client.get(path)
        html = await response.text()
        assert response.headers["Content-Type"] == "text/html; charset=utf-8", path
        assert '<link rel="icon" href="/favicon.ico"' in html, path
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert image is not None, path
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/static/og\.png", image[1]), path
    for path in ("/robots.txt", "/static/nexus.css", "/sitemap.xml"):
        assert "charset=utf-8" in (await client.get(path)).headers["Content-Type"], path


async def test_the_favicon_and_the_preview_image_are_real_images(client: Client) -> None:
    icon = await client.get("/favicon.ico")
    assert icon.status == 200 and icon.content_type == "image/x-icon"
    assert (await icon.read())[:4] == b"\x00\x00\x01\x00"  # an ICO header
    svg = await client.get("/static/favicon.svg")
    assert svg.content_type == "image/svg+xml" and b"<svg" in await svg.read()
    image = await client.get("/static/og.png")
    body = await image.read()
    assert image.content_type == "image/png" and body.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(body[16:20], "big") == 1200  # the width link previews want


async def test_og_image_uses_the_public_url_when_set(hub: HubWorld, aiohttp_client: object) -> None:
    client = await aiohttp_client(hub.app("https://nexus.example"))  # type: ignore[operator]
    html = await (await client.get("/")).text()
    assert '<meta property="og:image" content="https://nexus.example/static/og.png">' in html


@pytest.mark.usefixtures("board")
async def test_the_qapage_json_ld_dates_it_and_counts_the_answers_shown(
    hub: HubWorld, client: Client
) -> None:
    html = await (await client.get(await question_path(hub))).text()
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert found is not None
    question = json.loads(found[1])["mainEntity"]
    assert question["datePublished"]
    assert question["acceptedAnswer"]["datePublished"]
    # The accepted answer and one other reply ("Did you try Redis?") are on the page.
    shown = html.count('class="message"') + html.count('class="message answer"')
    assert question["answerCount"] == shown == 2
    assert len(question["suggestedAnswer"]) == 1


@pytest.mark.usefixtures("board")
async def test_the_board_links_each_request_and_offers_the_openapi_download(
    client: Client,
) -> None:
    html = await (await client.get(f"/g/{GUILD}/api")).text()
    assert f'href="/g/{GUILD}/api/1"' in html and f'href="/g/{GUILD}/api/2"' in html
    assert f'href="/g/{GUILD}/api/3"' not in html  # rejected: not on the board
    assert f'href="/g/{GUILD}/api/openapi.json" download' in html


@pytest.mark.usefixtures("board")
async def test_a_request_page_shows_its_contract_history_and_mock(client: Client) -> None:
    response = await client.get(f"/g/{GUILD}/api/2")
    html = await response.text()
    assert response.status == 200
    assert "Create one, ask @Bob" in html and "&lt;@" not in html
    assert "Version 2, by Bob" in html
    assert "&#34;price&#34;: 2.5" in html  # the current example
    assert "&#34;type&#34;: &#34;object&#34;" in html  # the derived schema
    assert "contract version 1" in html and "contract version 2" in html
    mock = re.search(r"Mock URL: <code>(http://[^<]+)</code>", html)
    assert mock is not None and mock[1].endswith(f"/g/{GUILD}/mock/listings")
    assert "curl -i -X POST" in html and "fetch(" in html


@pytest.mark.usefixtures("board")
async def test_the_mock_url_on_a_request_page_answers_with_its_example(client: Client) -> None:
    html = await (await client.get(f"/g/{GUILD}/api/1")).text()
    mock = re.search(r"Mock URL: <code>http://[^/]+(/[^<]+)</code>", html)
    assert mock is not None and mock[1] == f"/g/{GUILD}/mock/listings/1"
    assert await (await client.get(mock[1])).json() == LISTING


@pytest.mark.usefixtures("board")
async def test_request_pages_follow_the_boards_rules(hub: HubWorld, client: Client) -> None:
    assert (await client.get(f"/g/{GUILD}/api/3")).status == 404  # rejected
    assert (await client.get(f"/g/{GUILD}/api/99")).status == 404  # no such request
    await hub.services.guild_settings.update(GUILD, SettingsChange(api_channel_id=PRIVATE_CHANNEL))
    assert (await client.get(f"/g/{GUILD}/api/1")).status == 404
    assert f"/g/{GUILD}/api" not in await (await client.get("/")).text()


@pytest.mark.usefixtures("board")
async def test_home_links_every_published_board(hub: HubWorld, client: Client) -> None:
    await hub.services.web_consent.enable(
        GUILD + 1, "Second", by_user_id=ALICE.user_id, channels={3000: True}
    )
    html = await (await client.get("/")).text()
    assert f'href="/g/{GUILD}/api"' in html and f'href="/g/{GUILD + 1}/api"' in html
    await hub.services.web_consent.disable(GUILD + 1)
    assert f'href="/g/{GUILD + 1}/api"' not in await (await client.get("/")).text()
