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


Place = discord.abc.GuildChannel | discord.Thread


def in_place(needed: tuple[str, ...], *, thread: bool) -> tuple[str, ...]:
    """`needed` as Discord asks for it there: in a thread, posting is **Send Messages in
    Threads** (Send Messages is the parent channel's own)."""
    if not thread:
        return needed
    swapped = ("send_messages_in_threads" if n == "send_messages" else n for n in needed)
    return tuple(dict.fromkeys(swapped))


def missing_from(
    granted: discord.Permissions, needed: tuple[str, ...], *, thread: bool
) -> list[str]:
    """What of `needed` the permissions `granted` in a channel (or thread) lack."""
    return [name for name in in_place(needed, thread=thread) if not getattr(granted, name)]


def permission_names(missing: list[str]) -> str:
    return ", ".join(f"**{name.replace('_', ' ').title()}**" for name in missing)


def missing_permissions(
    channel: Place, member: discord.Member, needed: tuple[str, ...]
) -> list[str]:
    thread = isinstance(channel, discord.Thread)
    return missing_from(channel.permissions_for(member), needed, thread=thread)


def require_postable(
    option: str, channel: Place, me: discord.Member, needed: tuple[str, ...]
) -> None:
    missing = missing_permissions(channel, me, needed)
    if missing:
        names = permission_names(missing)
        raise Forbidden(f"I can't use {channel.mention} for `{option}`: I'm missing {names} there.")
