"""The hub's home as a guide: jump links to every category, a "start here" path for each
side of the channel, and each recently solved question with its topic."""

from __future__ import annotations

import re

from sqlalchemy import update

from bot.db.models import QAThread
from tests.web.conftest import Client
from tests.web.hub_world import HubWorld


async def test_home_has_jump_links_and_both_start_here_paths_in_order(client: Client) -> None:
    html = await (await client.get("/")).text()

    nav = html[html.index('<nav aria-label="Categories"') : html.index("</nav>")]
    assert '<a href="#c-frontend">Frontend</a>' in nav and '<a href="#c-data">' in nav
    for jump in re.findall(r'href="#([\w-]+)"', nav):
        assert f'id="{jump}"' in html  # every jump lands somewhere
    backend = html[
        html.index('">Start here: backend</h2>') : html.index('">Start here: frontend</h2>')
    ]
    steps = re.findall(r'<li><a href="/topics/([\w-]+)">', backend)
    assert steps[:3] == ["python", "django", "django-orm"]
    frontend = html[html.index('">Start here: frontend</h2>') :].split("</ol>")[0]
    assert re.findall(r'<li><a href="/topics/([\w-]+)">', frontend)[0] == "fetch-rest-client"


async def test_a_recently_solved_question_shows_its_topic(hub: HubWorld, client: Client) -> None:
    await hub.publish_guild()
    thread = await hub.solved("Cache a view for ten minutes?")
    async with hub.qa.db.sessions.begin() as session:
        await session.execute(
            update(QAThread)
            .where(QAThread.thread_id == thread.thread_id)
            .values(topic_slug="caching")
        )

    html = await (await client.get("/")).text()

    recent = html[html.index('id="recent"') :].split("</section>")[0]
    assert "Cache a view for ten minutes?" in recent
    assert '<a href="/topics/caching">Caching</a>' in recent
