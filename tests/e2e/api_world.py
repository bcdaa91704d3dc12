"""Acting on API requests in the simulated guild, and reading what Discord shows."""

from __future__ import annotations

from typing import Any

import discord

from bot.app import create_bot
from bot.config import Settings
from tests.conftest import World


async def ask(
    world: World,
    member: Any = None,
    path: str = "/listings",
    *,
    method: str = "GET",
    summary: str = "List listings",
    channel: Any = None,
    **options: Any,
) -> Any:
    """`/api request` by `member` (alice by default) in `channel` (#prodevprojectnexus)."""
    return await (member or world.alice).slash(
        channel or world.channel,
        "api request",
        method=method,
        path=path,
        summary=summary,
        **options,
    )


def answer(result: Any) -> str:
    """What the member read back: the reply, or the follow-up after a deferred click."""
    followups = result.followups
    return str(followups[-1].content if followups else result.response.content)


def request_thread(world: World, number: int = 1, channel: Any = None) -> Any:
    """The thread of API-<number> under `channel`."""
    parent = channel or world.channel
    prefix = f"API-{number} · "
    found = [t for t in parent.threads if (t.name or "").startswith(prefix)]
    assert len(found) == 1, f"expected one thread named {prefix}…, found {found}"
    return found[0]


def card(thread: Any) -> discord.Message:
    """The card: the first message of a request thread."""
    return thread.history()[0]


def field(embed: discord.Embed, name: str) -> str:
    return next(f.value or "" for f in embed.fields if f.name == name)


def buttons(message: discord.Message) -> dict[str, bool]:
    """Each button's label and whether it can be pressed."""
    return {
        child.label or "": not child.disabled
        for row in message.components
        for child in getattr(row, "children", [])
        if isinstance(child, discord.Button)
    }


def pings_of(world: World, channel: Any) -> list[dict[str, Any]]:
    """The allowed mentions the bot sent with each message it posted in `channel`."""
    return [
        request.json.get("allowed_mentions", {})
        for request in world.env.http_requests
        if request.method == "POST"
        and request.path == f"/channels/{channel.id}/messages"
        and isinstance(request.json, dict)
    ]


async def restart(world: World, settings: Settings) -> None:
    """Restart the bot as after a deploy; the old bot's database connections are closed
    (simcord detaches the old bot without closing it)."""
    old = world.env.bot
    await world.env.restart_bot(create_bot(settings))
    await old.db.dispose()
