"""The playground's simulated server: the real bot in a guild set up like the real one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from simcord import Env
from simcord.enums import VOICE_CHANNEL_TYPES as VOICE_TYPES

from bot.app import NexusBot, create_bot
from bot.clock import system_clock
from bot.config import Settings
from bot.simulation import World, build_world

DEFAULT_DATABASE = Path("data/playground.db")
VOICE_ROOM = "study-room"
JUMP = re.compile(r"https://discord\.com/channels/\d+/(\d+)")


@dataclass
class PlaygroundWorld:
    """Who and where: the members, the channels by name, and the bot."""

    env: Env
    bot: NexusBot
    base: World
    members: dict[str, Any]
    channels: dict[str, Any] = field(default_factory=dict)
    # The solved question the playground starts with, published on the web hub.
    example_thread_id: int | None = None

    @property
    def guild(self) -> Any:
        return self.base.guild

    def channel_named(self, name: str) -> Any | None:
        return self.channels.get(name.lstrip("#").lower())

    def voice_channels(self) -> list[Any]:
        backend = self.env.backend
        return [c for c in self.channels.values() if backend.get_channel(c.id).type in VOICE_TYPES]

    def refresh_channels(self) -> None:
        """Pick up threads and forum posts created since the last look."""
        for channel in list(self.guild.channels.values()):
            self.channels.setdefault((channel.name or "").lower(), channel)
            for thread in channel.threads:
                self.channels.setdefault((thread.name or "").lower(), thread)


def playground_settings(database: Path, base: Settings | None = None) -> Settings:
    settings = base or Settings.from_env()
    return replace(
        settings,
        database_url=f"sqlite+aiosqlite:///{database}",
        # The simulated Discord is new on every run, so commands are always synced to it.
        force_command_sync=True,
        # The runner starts the hub itself (a child process, on a free port unless one is
        # set), after the server is furnished; the bot serves no port of its own.
        web_port=None,
        http_port=None,
    )


def playground_hub_settings(database: Path, base: Settings | None = None) -> Settings:
    """The playground's hub: its database, on NEXUS_WEB_PORT if set, else a free port."""
    chosen = (base or Settings.from_env()).web_port
    # Only its errors reach the terminal, as with the bot's (the conversation is the output).
    return replace(playground_settings(database, base), web_port=chosen or 0, log_level="ERROR")


def make_bot(database: Path, *, keep: bool, base: Settings | None = None) -> NexusBot:
    if not keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{database}{suffix}").unlink(missing_ok=True)
    return create_bot(playground_settings(database, base))


async def furnish(env: Env) -> PlaygroundWorld:
    """The guild "ALX ProDev", its channels and members, set up with `/nexus setup`."""
    base = build_world(env)
    guild = base.guild
    api = guild.create_text_channel("api-requests")
    forum = guild.create_forum_channel("q-and-a")
    # Somewhere to hold a study session, so that `join` shows who came (/session attendance).
    guild.create_voice_channel(VOICE_ROOM)
    world = PlaygroundWorld(
        env=env,
        bot=cast(NexusBot, env.bot),
        base=base,
        members={"alice": base.alice, "bob": base.bob, "mentor": base.mentor},
    )
    await base.mentor.slash(
        base.channel,
        "nexus setup",
        announcements=base.channel,
        api_channel=api,
        qa_channel=forum,
        mentor_role=base.mentor_role,
    )
    world.example_thread_id = await publish_example(env, base)
    world.refresh_channels()
    # `time +2h` jumps the bot's clock; a member kept waiting on the write limit waits in
    # real seconds, so the limit counts those (and the set-up above never counts).
    world.bot.services.rate_limits.follow(system_clock)
    # The scheduler's real-time minute sweep would fire with whatever line comes after a
    # pause at the prompt (the loop sleeps while you type) and make that line wait for it;
    # here `time` runs what is due itself, at each slot, so the sweep has nothing to add.
    world.bot.scheduler.pause()
    return world


EXAMPLE_QUESTION = (
    "How long should a cached API response live?",
    "My listings endpoint is cached in Redis, but hosts see their old prices for an hour "
    "after editing them. What TTL should I use?",
)
EXAMPLE_ANSWER = (
    "Pick the TTL from how stale the data may be, and delete the key when a host edits:\n"
    '```python\ncache.set(f"listing:{listing.id}", data, timeout=300)\n'
    '# after saving an edit\ncache.delete(f"listing:{listing.id}")\n```'
)


async def publish_example(env: Env, base: World) -> int | None:
    """Put the server on the web hub with one solved question, so both sides can be read."""
    from simcord.builders import ChannelHandle

    await base.mentor.slash(base.channel, "nexus web enable")
    await base.bob.slash(base.channel, "qa privacy", setting="public")
    title, question = EXAMPLE_QUESTION
    reply = await base.alice.slash(
        base.channel, "ask", title=title, question=question, topic="caching"
    )
    messages = [reply.response, *reply.followups] if reply.response else reply.followups
    found = next(
        (JUMP.search(m.content or "") for m in messages if JUMP.search(m.content or "")), None
    )
    if found is None:
        return None
    thread = ChannelHandle(env, base.guild, env.backend.get_channel(int(found[1])))
    answer = await base.bob.send(thread, EXAMPLE_ANSWER)
    await base.alice.context_menu(thread, "Mark as answer", answer)
    return int(found[1])
