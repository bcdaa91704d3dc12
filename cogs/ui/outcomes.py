"""When Discord's answer is lost: a 5xx or a timeout may come after the work was done.

discord.py retries a POST after 500, 502, 504 and 524, and the error that finally reaches
Nexus says nothing about whether Discord created the thread or message first. Before
reporting a failure (and before anything is tried again), Nexus looks for what it made.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime
from typing import Any

import discord

log = logging.getLogger(__name__)


def outcome_unknown(error: BaseException) -> bool:
    """A server error or no answer at all: the request may have succeeded."""
    if isinstance(error, TimeoutError):
        return True
    return isinstance(error, discord.HTTPException) and error.status >= 500


async def find_made_thread(
    parent: discord.TextChannel | discord.ForumChannel, name: str, since: datetime
) -> discord.Thread | None:
    """The newest thread Nexus opened in `parent` under `name` since `since`, if any.

    Raises `discord.HTTPException` when Discord can't be asked: then nobody knows.
    """
    me = parent.guild.me
    oldest = discord.utils.time_snowflake(since, high=False)
    active = await parent.guild.active_threads()
    made = [
        thread
        for thread in active
        if thread.parent_id == parent.id
        and thread.owner_id == me.id
        and thread.name == name
        and thread.id >= oldest
    ]
    return max(made, key=lambda thread: thread.id, default=None)


def new_nonce(kind: str) -> str:
    """A nonce for one post (Discord takes at most 25 characters)."""
    return f"nexus-{kind}-{secrets.token_hex(8)}"[:25]


async def send_once(
    target: discord.abc.Messageable,
    nonce: str,
    content: str | None = None,
    *,
    embed: discord.Embed | None = None,
    view: discord.ui.View | None = None,
    allowed_mentions: discord.AllowedMentions | None = None,
) -> discord.Message:
    """Send a message that exists once, whatever happens to Discord's answer.

    It carries `nonce`, which discord.py sends with `enforce_nonce`: when the answer is
    lost (a 5xx or a timeout) it is sent again with the same nonce, and Discord answers a
    nonce it saw in the past few minutes with the message it made then, instead of a second.
    """
    # discord.py takes None for each of these; its overloads only say so one at a time.
    message: dict[str, Any] = {"embed": embed, "view": view, "allowed_mentions": allowed_mentions}
    for attempt in (1, 2):
        try:
            return await target.send(content, nonce=nonce, **message)
        except (discord.HTTPException, TimeoutError) as error:
            if attempt == 2 or not outcome_unknown(error):
                raise
            log.info("a post went unanswered (%s): sent again with its nonce", error)
    raise AssertionError("unreachable")


# How far back a post whose outcome was unknown is looked for (retries come within minutes).
RECENT_MESSAGES = 50


async def find_marked(
    channel: discord.abc.Messageable, author_id: int, carries: Callable[[discord.Message], bool]
) -> int | None:
    """The id of the newest of the channel's recent messages by `author_id` that `carries`
    accepts (a post's invisible marker), if any.

    Raises `discord.HTTPException` or `TimeoutError` when the channel can't be read: unable
    to look is not proof of absence.
    """
    async for message in channel.history(limit=RECENT_MESSAGES):
        if message.author.id == author_id and carries(message):
            return message.id
    return None
