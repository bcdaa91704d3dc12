"""Q&A threads as Discord sees them: forum tags, the solved mark, messages as the archive
stores them, and what a member may see or do."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import discord

from bot.knowledge.model import Topic
from bot.services.guild_settings import GuildConfig
from bot.services.qa.archive import IncomingMessage
from cogs.ui.limits import THREAD_NAME, clip

if TYPE_CHECKING:
    from bot.app import NexusBot

log = logging.getLogger(__name__)

UNANSWERED, SOLVED = "unanswered", "solved"
SOLVED_MARK = "✅"
TAG_NAME_MAX, TAGS_PER_POST, TAGS_PER_FORUM = 20, 5, 20
# Joins, pins and other system messages are not part of the conversation.
CONVERSATION = (discord.MessageType.default, discord.MessageType.reply)


def topic_tag_name(topic: Topic) -> str:
    return topic.title if len(topic.title) <= TAG_NAME_MAX else clip(topic.slug, TAG_NAME_MAX)


async def forum_tags(
    bot: NexusBot, forum: discord.ForumChannel, names: list[str]
) -> list[discord.ForumTag]:
    """The forum's tags with these names, creating the missing ones when Nexus may.

    An edit replaces the forum's whole tag list, so edits are made one at a time per forum
    and from the forum as Discord holds it now: the cache may miss a tag another `/ask` or
    a moderator added a moment ago, and an edit from it would delete that tag.
    A forum where Nexus can't add tags still gets the question, just without them.
    """
    async with bot.channel_lock(forum.id):
        known = {tag.name.casefold(): tag for tag in forum.available_tags}
        missing = [name for name in names if name.casefold() not in known]
        if not missing:
            return _named(known, names)
        try:
            fresh = await forum.guild.fetch_channel(forum.id)
            current = fresh.available_tags if isinstance(fresh, discord.ForumChannel) else []
            known = {tag.name.casefold(): tag for tag in current}
            missing = [name for name in names if name.casefold() not in known]
            if missing and len(known) + len(missing) <= TAGS_PER_FORUM:
                new_tags = [discord.ForumTag(name=name) for name in missing]
                # One edit for all new tags: edits made one by one would overwrite each other.
                edited = await forum.edit(available_tags=[*current, *new_tags])
                tags = edited.available_tags if edited else []
                known.update({tag.name.casefold(): tag for tag in tags})
        except discord.HTTPException as error:
            log.warning("could not create tags %s in forum %s: %s", missing, forum.id, error)
        return _named(known, names)


def _named(known: dict[str, discord.ForumTag], names: list[str]) -> list[discord.ForumTag]:
    return [known[n.casefold()] for n in names if n.casefold() in known][:TAGS_PER_POST]


async def show_solved(bot: NexusBot, thread: discord.Thread) -> str | None:
    """Mark the thread solved where members look: the forum's tags or the thread's name.

    Returns a note for the member when Discord refused (the answer is recorded anyway).
    """
    try:
        if isinstance(thread.parent, discord.ForumChannel):
            solved = await forum_tags(bot, thread.parent, [SOLVED])
            # The post's tags as they are now (a moderator may have just changed them).
            fresh = await thread.guild.fetch_channel(thread.id)
            applied = fresh.applied_tags if isinstance(fresh, discord.Thread) else []
            kept = [t for t in applied if t.name.casefold() != UNANSWERED]
            tags = [*solved, *[t for t in kept if t not in solved]][:TAGS_PER_POST]
            if tags != applied:
                await thread.edit(applied_tags=tags)
        elif not thread.name.startswith(SOLVED_MARK):
            await thread.edit(name=clip(f"{SOLVED_MARK} {thread.name}", THREAD_NAME))
    except discord.HTTPException as error:
        log.warning("could not mark thread %s solved: %s", thread.id, error)
        return "The answer is recorded, but I couldn't mark the thread as solved on Discord."
    return None


NOT_LOCKED = (
    "The thread is closed and archived but not locked: I'm missing **Manage Threads** here, "
    "so a new message reopens it. A server admin can grant it."
)


async def archive(thread: discord.Thread) -> bool:
    """Archive and lock the thread; True when it is locked.

    Discord lets only members with Manage Threads lock a thread, even the thread's creator,
    while its creator may archive it: without the permission the thread is archived only.
    """
    if thread.permissions_for(thread.guild.me).manage_threads:
        try:
            await thread.edit(archived=True, locked=True)
            return True
        except discord.Forbidden:
            log.info("not allowed to lock thread %s; archiving it only", thread.id)
    await thread.edit(archived=True)
    return False


def incoming(message: discord.Message) -> IncomingMessage:
    """A Discord message as the archive stores it."""
    # A forward also carries a reference, to another channel's message: not a reply.
    reference = message.reference if message.type is discord.MessageType.reply else None
    return IncomingMessage(
        message_id=message.id,
        thread_id=message.channel.id,
        author_id=message.author.id,
        author_name=message.author.display_name,
        content=message.content,
        created_at=message.created_at,
        reply_to_id=reference.message_id if reference else None,
        edited_at=message.edited_at,
    )


def is_mentor(member: discord.Member, config: GuildConfig, thread: discord.Thread) -> bool:
    """Members with the guild's mentor role, and moderators (Manage Threads) of the thread."""
    if config.mentor_role_id is not None and member.get_role(config.mentor_role_id):
        return True
    return thread.permissions_for(member).manage_threads


def visible_channel_ids(member: discord.Member) -> frozenset[int]:
    """Channels the member can read: search never shows threads from elsewhere."""
    return frozenset(
        channel.id
        for channel in member.guild.channels
        if channel.permissions_for(member).read_messages
    )
