"""Posting a question on Discord: where it goes, and all of it or nothing.

- the guild's Q&A channel is a forum: a forum post tagged `unanswered` and with its topic;
- it is a text channel: a message there, and a public thread on that message;
- none is set: a public thread in the channel `/ask` was used in, the question inside.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Coroutine
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import discord

from bot.errors import NexusError, ValidationError
from bot.knowledge.model import Topic
from bot.services.guild_settings import GuildConfig
from bot.services.qa.drafts import QuestionDraft
from bot.services.qa.questions import NewThread
from cogs.ui.limits import THREAD_NAME, clip
from cogs.ui.outcomes import find_made_thread, new_nonce, outcome_unknown, send_once
from cogs.ui.qa.cards import question_embed, question_header
from cogs.ui.qa.threads import UNANSWERED, forum_tags, topic_tag_name

if TYPE_CHECKING:
    from bot.app import NexusBot

log = logging.getLogger(__name__)
Made = TypeVar("Made", discord.Thread, discord.channel.ThreadWithMessage)


class DiscordRefused(NexusError):
    """Discord would not create or change a thread; the message says what was left as it was."""


class Layout(enum.Enum):
    FORUM_POST = "forum post"
    MESSAGE_AND_THREAD = "message and thread"
    THREAD_ONLY = "thread"


@dataclass(frozen=True)
class Destination:
    channel: discord.ForumChannel | discord.TextChannel
    layout: Layout


@dataclass(frozen=True)
class PostedQuestion:
    thread: discord.Thread
    starter: discord.Message
    layout: Layout


def destination_for(guild: discord.Guild, config: GuildConfig, current: object) -> Destination:
    """The guild's Q&A channel (text or forum), else the channel `/ask` was used in."""
    if config.qa_channel_id is not None:
        channel = guild.get_channel(config.qa_channel_id)
        if isinstance(channel, discord.ForumChannel):
            return Destination(channel, Layout.FORUM_POST)
        if isinstance(channel, discord.TextChannel):
            return Destination(channel, Layout.MESSAGE_AND_THREAD)
        raise ValidationError(
            "The Q&A channel chosen with `/nexus setup` is gone. Ask a mentor to pick another."
        )
    if isinstance(current, discord.TextChannel):
        return Destination(current, Layout.THREAD_ONLY)
    raise ValidationError("Use `/ask` in a text channel: each question gets a thread of its own.")


async def publish_question(
    bot: NexusBot,
    destination: Destination,
    draft: QuestionDraft,
    asker: discord.Member,
) -> discord.Thread:
    """Post the question and start tracking its thread; if either fails, neither remains."""
    topic = bot.services.topics.get(draft.topic_slug) if draft.topic_slug else None
    posted = await _post(bot, destination, draft, asker, topic)
    try:
        await bot.services.qa.record_thread(
            NewThread(
                thread_id=posted.thread.id,
                guild_id=asker.guild.id,
                parent_channel_id=destination.channel.id,
                starter_message_id=posted.starter.id,
                asker_id=asker.id,
                asker_name=asker.display_name,
                title=draft.title,
                question=draft.question,
                topic_slug=draft.topic_slug,
            )
        )
    except BaseException:
        await _remove([posted.thread, posted.starter])
        raise
    try:
        # The bot owns the thread; adding the asker makes Discord notify them of replies.
        await posted.thread.add_user(asker)
    except discord.HTTPException as error:
        log.warning("could not add the asker to thread %s: %s", posted.thread.id, error)
    return posted.thread


async def _post(
    bot: NexusBot,
    destination: Destination,
    draft: QuestionDraft,
    asker: discord.Member,
    topic: Topic | None,
) -> PostedQuestion:
    embed = question_embed(draft, asker, topic)
    header = question_header(asker)
    name = clip(draft.title, THREAD_NAME)
    channel, layout = destination.channel, destination.layout
    made: list[discord.Message | discord.Thread] = []
    try:
        if isinstance(channel, discord.ForumChannel):
            wanted = [UNANSWERED, *([topic_tag_name(topic)] if topic else [])]
            tags = await forum_tags(bot, channel, wanted)
            post = await _or_found(
                channel.create_thread(name=name, content=header, embed=embed, applied_tags=tags),
                channel,
                name,
            )
            if isinstance(post, discord.Thread):  # found: its starter is its first message
                starter = await anext(aiter(post.history(limit=1, oldest_first=True)))
                return PostedQuestion(post, starter, layout)
            return PostedQuestion(post.thread, post.message, layout)
        if layout is Layout.MESSAGE_AND_THREAD:
            starter = await send_once(channel, new_nonce("q"), header, embed=embed)
            made.append(starter)
            thread = await _or_found(starter.create_thread(name=name), channel, name)
            return PostedQuestion(thread, starter, layout)
        thread = await _or_found(
            channel.create_thread(name=name, type=discord.ChannelType.public_thread),
            channel,
            name,
        )
        made.append(thread)
        starter = await send_once(thread, new_nonce("q"), header, embed=embed)
        return PostedQuestion(thread, starter, layout)
    except discord.HTTPException as error:
        left = await _remove(made)
        raise DiscordRefused(_refusal(error, channel, left)) from error


async def _or_found(
    creating: Coroutine[Any, Any, Made],
    parent: discord.ForumChannel | discord.TextChannel,
    name: str,
) -> Made | discord.Thread:
    """Create a thread; when Discord's answer is lost, the thread it made after all."""
    asked_at = discord.utils.utcnow()
    try:
        return await creating
    except (discord.HTTPException, TimeoutError) as error:
        if not outcome_unknown(error):
            raise
        found = await find_made_thread(parent, name, asked_at)  # may raise: refused then
        if found is None:
            raise
        log.info("a thread whose creation went unanswered exists: %s", found.id)
        return found


async def _remove(made: list[discord.Message | discord.Thread]) -> list[str]:
    """Delete what was made, newest first; returns what Discord would not let go."""
    left: list[str] = []
    for thing in reversed(made):  # a thread goes before the message it hangs from
        try:
            await thing.delete()
        except discord.NotFound:
            pass  # a forum post's starter goes with its thread
        except discord.HTTPException as error:
            # Deleting a thread needs Manage Threads, even for the bot that made it.
            log.warning("could not remove half-made question part %s: %s", thing.id, error)
            left.append(
                f"an empty thread {thing.mention}"
                if isinstance(thing, discord.Thread)
                else f"a message without its thread ({thing.jump_url})"
            )
    return left


def left_behind(left: list[str]) -> str:
    if not left:
        return "Nothing was left half-made."
    return (
        f"I couldn't remove {' and '.join(left)} (I need **Manage Threads** for that): "
        "a moderator can delete it."
    )


def _refusal(
    error: discord.HTTPException,
    channel: discord.ForumChannel | discord.TextChannel,
    left: list[str],
) -> str:
    if isinstance(error, discord.Forbidden):
        why = f"I'm not allowed to create threads in {channel.mention}; a mentor can fix that."
    else:
        why = f"Discord had a problem (error {error.status}). Please try again in a moment."
    return f"Your question was not posted: {why} {left_behind(left)}"
