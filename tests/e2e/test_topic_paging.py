"""Long topics are paged; /nexus reload swaps content only when all of it is valid."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import NexusBot, create_bot
from bot.config import Settings
from bot.knowledge.library import LoadResult
from bot.services.topics import lookup
from cogs.ui.limits import fits
from tests.conftest import ROOT, World
from tests.content_builders import shipped_counts, takeaways_text, topic_text
from tests.e2e.test_topics import button_labels

# A content folder with one topic long enough to need two pages.
LONG = (
    "## Key ideas\n" + "\n".join(f"- Idea {i}: " + "word " * 45 for i in range(6)) + "\n\n"
    "## Example\n```python\n" + "\n".join(f"x_{i} = {i}" for i in range(110)) + "\n```\n\n"
    "## Pitfalls\n" + "\n".join(f"- Pitfall {i}: " + "care " * 45 for i in range(6)) + "\n\n"
    "## In practice\n" + "Practice well. " * 60 + "\n"
)


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "topics" / "long-read.md").write_text(topic_text("long-read", body=LONG))
    (content / "takeaways" / "long-read.md").write_text(takeaways_text("long-read"))
    return content


@pytest.fixture
def simcord_bot(settings: Settings, content_dir: Path) -> NexusBot:
    return create_bot(replace(settings, content_dir=content_dir))


async def test_a_long_topic_is_paged_with_previous_and_next(world: World) -> None:
    posted = await world.alice.slash(world.channel, "topic", name="long read")
    first = posted.response.embeds[0]
    assert first.footer.text == "Data · beginner · page 1/2"
    assert button_labels(posted.response.message)[:2] == ["◀ Previous", "Next ▶"]

    await world.bob.click(posted.response.message, label="Next ▶")

    message = world.channel.last_message
    assert message.embeds[0].footer.text == "Data · beginner · page 2/2"
    assert all(fits(e) for e in message.embeds)


async def test_reload_keeps_old_content_and_lists_errors(world: World, content_dir: Path) -> None:
    (content_dir / "topics" / "docker.md").write_text("---\ntitle: [broken\n---\n")

    reply = await world.mentor.slash(world.channel, "nexus reload")

    assert reply.ephemeral
    assert reply.response.content.startswith("Not reloaded: ")
    assert "docker.md:" in reply.response.content
    still = await world.alice.slash(world.channel, "topic", name="docker")
    assert still.response.embeds[0].title == "Docker"


async def test_reload_picks_up_new_content(world: World, content_dir: Path) -> None:
    (content_dir / "topics" / "long-read.md").unlink()
    (content_dir / "takeaways" / "long-read.md").unlink()

    reply = await world.mentor.slash(world.channel, "nexus reload")

    topics, takeaways = shipped_counts(ROOT / "content")
    assert reply.response.content == f"Reloaded: {topics} topics and {takeaways} takeaways."
    gone = await world.alice.slash(world.channel, "topic", name="long read")
    assert gone.ephemeral


async def test_a_reload_slower_than_discords_deadline_is_acknowledged_then_answered(
    world: World, content_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = lookup.load_library

    def slow_load(folder: Path, **options: bool) -> LoadResult:
        # Discord's deadline runs on the simulated clock: 3.5 s pass while the folder is read.
        world.env.backend.advance_clock(3.5)
        return real(folder, **options)

    monkeypatch.setattr(lookup, "load_library", slow_load)
    calls = len(world.env.http_requests)

    reply = await world.mentor.slash(world.channel, "nexus reload")

    topics, takeaways = shipped_counts(content_dir)
    assert reply.ephemeral
    assert reply.response.content == f"Reloaded: {topics} topics and {takeaways} takeaways."
    sent = world.env.http_requests[calls:]
    callbacks = [r for r in sent if r.path.endswith("/callback")]
    assert [r.json["type"] for r in callbacks] == [5]  # deferred ("thinking"), then edited
    edit = next(i for i, r in enumerate(sent) if r.method == "PATCH" and "@original" in r.path)
    assert sent.index(callbacks[0]) < edit
