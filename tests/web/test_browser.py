"""The hub in a real headless Chromium (Debian's package, driven by Playwright).

Set NEXUS_SCREENSHOTS=1 to save the screenshots shown in the README under docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.async_api import Page, async_playwright

from bot.config import Settings
from bot.db.engine import Database
from bot.services.api.contract import ContractForm
from bot.services.api.model import Actor
from bot.web.server import WebServer
from tests.api_builders import FakeThreads, form
from tests.conftest import ROOT, FixedClock
from tests.qa_builders import ASKER, GUILD, HELPER
from tests.web.hub_world import hub_world

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "docs" / "screenshots"
ASKER_ACTOR = Actor(ASKER)
XSS = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="no /usr/bin/chromium: `apt-get install chromium` to run these"
)


@dataclass
class Site:
    url: str
    solved: int
    xss: int


@pytest.fixture
async def site(settings: Settings, tmp_path: Path, clock: FixedClock) -> AsyncIterator[Site]:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'web.db'}")
    await db.upgrade()
    hub = hub_world(settings, db, clock)
    await hub.publish_guild()
    await hub.services.privacy.make_public(GUILD, HELPER, "Bob")
    solved = await hub.solved(
        "How do I cache a Django view?",
        "Wrap it with `cache_page`:\n```python\n@cache_page(60 * 15)\ndef menu(request):\n"
        "    return render(request, 'menu.html')\n```\nSee the caching topic.",
        question="My menu view runs the same queries on every request. How do I cache it?",
    )
    xss = await hub.solved("Why does my HTML show as text?", XSS, question=XSS)
    threads = FakeThreads()
    await hub.services.api_requests.create(GUILD, ASKER_ACTOR, form("/listings/{id}"), threads)
    await hub.services.api_contracts.set_contract(
        GUILD, 1, ASKER_ACTOR, ContractForm(response_example='{"id": 1, "title": "Loft"}'),
        threads, keep_unset=True,
    )  # fmt: skip
    server = WebServer(hub.app())
    await server.start()
    try:
        yield Site(server.url, solved.thread_id, xss.thread_id)
    finally:
        await server.stop()
        await db.dispose()


@dataclass
class Reader:
    page: Page
    dialogs: list[str]


@pytest.fixture
async def reader() -> AsyncIterator[Reader]:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = await browser.new_page(viewport={"width": 1000, "height": 900})
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: dialogs.append(dialog.message))
        try:
            yield Reader(page, dialogs)
        finally:
            await browser.close()


async def screenshot(page: Page, name: str) -> None:
    if os.environ.get("NEXUS_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        await page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


async def test_a_reader_opens_home_searches_reads_a_topic_and_follows_a_related_link(
    site: Site, reader: Reader
) -> None:
    page = reader.page
    await page.goto(site.url + "/")
    assert await page.title() == (
        "Nexus: the ProDev reference guide for backend and frontend learners · Nexus"
    )
    await screenshot(page, "home")

    await page.fill("input[name=q]", "redis ttl")
    await page.click("form.search button")
    await page.wait_for_url("**/search?q=redis+ttl")
    await page.click("text=Caching")
    await page.wait_for_url("**/topics/caching")
    assert await page.inner_text("h1") == "Caching"
    await screenshot(page, "topic")

    await page.click("#related ~ ul >> text=Slow queries")
    await page.wait_for_url("**/topics/slow-queries")
    assert "Slow queries" in await page.inner_text("h1")


async def test_a_reader_opens_a_published_solved_question(site: Site, reader: Reader) -> None:
    page = reader.page
    await page.goto(site.url + "/")
    await page.click("text=How do I cache a Django view?")
    await page.wait_for_url(f"**/g/{GUILD}/qa/{site.solved}")
    answer = await page.inner_text("#answer")
    assert "Accepted answer" in answer and "by Bob" in answer
    assert await page.locator("#answer pre.hl").count() == 1
    await screenshot(page, "question")


async def test_an_xss_payload_in_a_thread_shows_as_text_and_fires_nothing(
    site: Site, reader: Reader
) -> None:
    page = reader.page
    await page.goto(f"{site.url}/g/{GUILD}/qa/{site.xss}")
    text = await page.inner_text("#answer")
    assert "<script>alert(1)</script>" in text
    assert "<img src=x onerror=alert(1)>" in text
    assert "[x](javascript:alert(1))" in text
    assert await page.locator("main img").count() == 0
    assert await page.locator("main script").count() == 0
    assert await page.locator("a[href^='javascript']").count() == 0
    await page.wait_for_timeout(300)
    assert reader.dialogs == []


# axe-core comes from the npm registry at test time, into a cache outside the repository
# (nothing vendored): installed once, reused by later runs.
AXE_HOME = Path.home() / ".cache" / "nexus-tests" / "axe-core"
AXE_SCRIPT = AXE_HOME / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        if shutil.which("npm") is None:
            pytest.skip("no npm: `apt-get install npm` to run the axe accessibility checks")
        AXE_HOME.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(AXE_HOME), "axe-core@4"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode != 0 or not AXE_SCRIPT.exists():
            pytest.skip(f"npm could not install axe-core: {done.stderr.strip()[-300:]}")
    return AXE_SCRIPT


async def axe_violations(page: Page, script: Path) -> list[str]:
    await page.add_script_tag(path=str(script))
    found = await page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    return [str(line) for line in found]


async def test_every_page_kind_passes_axe_in_light_and_dark(
    site: Site, reader: Reader, axe_script: Path
) -> None:
    page = reader.page
    paths = ("/", "/topics/caching", "/search?q=cache", f"/g/{GUILD}/",
             f"/g/{GUILD}/qa/{site.solved}", f"/g/{GUILD}/api", f"/g/{GUILD}/api/1",
             "/no-such-page")  # fmt: skip
    for scheme in ("light", "dark"):
        await page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        for path in paths:
            await page.goto(site.url + path)
            assert await axe_violations(page, axe_script) == [], f"{path} ({scheme})"
