"""Whether the bot may post where a mentor points it, with the missing permission named."""

from __future__ import annotations

import discord

from bot.errors import Forbidden

# What Discord enforces, not only what it answers 403 to:
# - Embed Links: without it Discord posts the message and silently drops its embeds, and
#   takeaways, questions and request cards live in embeds;
# - Read Message History: finding a post whose outcome was unknown (a 5xx or a timeout)
#   before posting it again, and threads started on a message;
# - Manage Threads: locking a thread and deleting one (the clean-up after a failed
#   `/api request` or `/ask`), even a thread the bot created; tagging others' forum posts.
POST = ("view_channel", "send_messages", "embed_links", "read_message_history")
THREADS = (*POST, "create_public_threads", "send_messages_in_threads", "manage_threads")
FORUM = (*POST, "send_messages_in_threads", "manage_threads")


def missing_permissions(
    channel: discord.abc.GuildChannel, member: discord.Member, needed: tuple[str, ...]
) -> list[str]:
    granted = channel.permissions_for(member)
    return [name for name in needed if not getattr(granted, name)]


def require_postable(
    option: str, channel: discord.abc.GuildChannel, me: discord.Member, needed: tuple[str, ...]
) -> None:
    missing = missing_permissions(channel, me, needed)
    if missing:
        names = ", ".join(f"**{name.replace('_', ' ').title()}**" for name in missing)
        raise Forbidden(f"I can't use {channel.mention} for `{option}`: I'm missing {names} there.")
