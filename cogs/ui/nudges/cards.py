"""Replies of `/helpers` and `/nexus nudges`."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

import discord

from bot.knowledge.model import Category
from bot.services.nudges.delays import NudgeDelays
from bot.services.nudges.helpers import Roster
from bot.services.nudges.subjects import archives_thread, released_request_id
from bot.services.nudges.texts import duration_text
from cogs.ui.api.threads import refresh_card

if TYPE_CHECKING:
    from bot.app import NexusBot

NUDGE_COLOUR = discord.Colour.from_rgb(46, 204, 113)
log = logging.getLogger(__name__)


async def after_nudge(bot: NexusBot, thread_id: int, subject: str) -> None:
    """What a nudge's subject asks for once its message is posted. Best effort: the message
    is out, so a refusal is logged rather than retried (a retry would post it twice)."""
    if archives_thread(subject):
        try:
            # Asked of Discord, not the cache: the note just opened the thread again if
            # Discord had archived it, and the THREAD_UPDATE saying so comes later.
            thread = await bot.fetch_channel(thread_id)
            if isinstance(thread, discord.Thread):
                await thread.edit(archived=True)  # not locked: posting in it opens it again
        except discord.HTTPException as error:
            log.warning("could not archive quiet thread %s: %s", thread_id, error.status)
    request_id = released_request_id(subject)
    if request_id is not None:
        request = await bot.services.api_requests.by_id(request_id)
        if request is not None:
            await refresh_card(bot, request)


def joined(category: Category) -> str:
    return (
        f"You're a helper for **{category.label}**: when a question of that category has no "
        "reply for a while, Nexus may ping you in its thread. `/helpers leave` stops it."
    )


def left(categories: tuple[Category, ...]) -> str:
    return "You're no longer a helper for " + ", ".join(f"**{c.label}**" for c in categories) + "."


def roster_embed(roster: Roster) -> discord.Embed:
    embed = discord.Embed(title="Helpers", colour=NUDGE_COLOUR)
    embed.description = "\n".join(
        f"{'✅ ' if c in roster.mine else ''}**{c.label}** (`{c.value}`): "
        f"{roster.counts.get(c, 0)} helper(s)"
        for c in Category
    )
    embed.set_footer(text="✅ marks yours · /helpers join category · /helpers leave [category]")
    return embed


def _after(delay: timedelta | None) -> str:
    return "off" if delay is None else f"after {duration_text(delay)}"


def nudges_embed(delays: NudgeDelays, *, changed: bool) -> discord.Embed:
    title = "Nudges updated" if changed else "Nudges"
    embed = discord.Embed(title=title, colour=NUDGE_COLOUR)
    embed.add_field(
        name="Ping helpers on unanswered questions (unanswered_after)",
        value=_after(delays.unanswered_after),
        inline=False,
    )
    embed.add_field(
        name="Ask the asker to mark the answer (mark_after)",
        value=_after(delays.mark_after),
        inline=False,
    )
    embed.add_field(
        name="Nudge the claimer of a quiet API request (stale_after)",
        value=_after(delays.stale_after),
        inline=False,
    )
    embed.add_field(
        name="Archive a quiet Q&A thread with a note (archive_after)",
        value=_after(delays.archive_after),
        inline=False,
    )
    embed.add_field(name="Mention the requester when a request is ready", value="always")
    embed.set_footer(text="/nexus nudges <delay>:<minutes> (0 turns it off)")
    return embed
