"""Who decides on suggestions, and telling a suggestion's author the outcome, once."""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.errors import Forbidden
from bot.services.guide.model import GuideNoteInfo, NoteStatus
from cogs.ui.checks import nexus
from cogs.ui.limits import MESSAGE, clip
from cogs.ui.mentions import pinging

MENTORS_ONLY = (
    "Deciding on guide suggestions needs the mentor role or the **Manage Server** permission."
)


async def require_mentor(interaction: discord.Interaction[Any]) -> None:
    """The guild's mentor role, or Manage Server (as `/nexus setup` needs)."""
    member = interaction.user
    if interaction.guild_id is None or not isinstance(member, discord.Member):
        raise Forbidden("The guide's queue is a server's: use it in the server.")
    if member.guild_permissions.manage_guild or member.guild_permissions.administrator:
        return
    config = await nexus(interaction).services.guild_settings.get(interaction.guild_id)
    if config.mentor_role_id is not None and member.get_role(config.mentor_role_id):
        return
    raise Forbidden(MENTORS_ONLY)


def outcome_text(note: GuideNoteInfo) -> str:
    about = f"**{note.title}**" + (f" ({note.topic_title})" if note.topic_title else "")
    if note.status is NoteStatus.APPROVED:
        where = f" `/topic {note.topic_slug}` now shows it." if note.topic_title else ""
        return f"your suggestion for the guide, {about}, was approved by a mentor.{where}"
    return (
        f"your suggestion for the guide, {about}, was not added. A mentor's reason: "
        f"{note.reject_reason or 'none given'}"
    )


async def tell_author(interaction: discord.Interaction[Any], note: GuideNoteInfo) -> None:
    """Tell the author once: in the channel they suggested in, pinging only them, or by DM.

    The told-once mark is claimed before sending, so two decisions' tellers (or a retry)
    never tell twice; a failed channel message falls back to a DM.
    """
    bot = nexus(interaction)
    if not await bot.services.guide.mark_told(note.id):
        return
    text = outcome_text(note)
    channel = bot.get_channel(note.suggested_in_channel_id or 0)
    if isinstance(channel, discord.TextChannel | discord.Thread | discord.VoiceChannel):
        with contextlib.suppress(discord.HTTPException):
            await channel.send(
                clip(f"<@{note.author_id}> {text}", MESSAGE),
                allowed_mentions=pinging([note.author_id]),
            )
            return
    with contextlib.suppress(discord.HTTPException):
        user = bot.get_user(note.author_id) or await bot.fetch_user(note.author_id)
        await user.send(
            clip(text[0].upper() + text[1:], MESSAGE),
            allowed_mentions=discord.AllowedMentions.none(),
        )
