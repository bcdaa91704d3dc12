"""When Discord's answer is lost: a 5xx or a timeout may come after the work was done.

discord.py retries a POST after 500, 502, 504 and 524, and the error that finally reaches
Nexus says nothing about whether Discord created the thread or message first. Before
reporting a failure (and before anything is tried again), Nexus looks for what it made.
"""

from __future__ import annotations

from datetime import datetime

import discord


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
