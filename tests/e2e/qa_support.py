"""Arranging Q&A scenes in the simulated guild: the Q&A channel, questions, forum posts."""

from __future__ import annotations

import re
from typing import Any

from bot.services.qa.questions import QAThreadInfo
from tests.conftest import World

JUMP = re.compile(r"https://discord\.com/channels/\d+/(\d+)")


async def use_qa_channel(world: World, channel: Any) -> None:
    reply = await world.mentor.slash(world.channel, "nexus setup", qa_channel=channel)
    assert reply.response.embeds[0].title == "Nexus settings updated"


async def use_forum(world: World) -> Any:
    forum = world.guild.create_forum_channel("questions")
    await use_qa_channel(world, forum)
    return forum


async def ask(
    world: World,
    member: Any,
    title: str,
    question: str = "",
    *,
    channel: Any = None,
    **options: Any,
) -> Any:
    return await member.slash(
        channel or world.channel, "ask", title=title, question=question or title, **options
    )


def posted_thread(world: World, reply: Any) -> Any:
    """The thread an `/ask` reply links to, as a channel members can act in."""
    messages = [reply.response, *reply.followups] if reply.response else reply.followups
    for message in messages:
        found = JUMP.search(message.content or "")
        if found:
            return thread_handle(world, int(found[1]))
    raise AssertionError(f"no thread link in {[m.content for m in messages]}")


def thread_handle(world: World, thread_id: int) -> Any:
    from simcord.builders import ChannelHandle

    return ChannelHandle(world.env, world.guild, world.env.backend.get_channel(thread_id))


def thread_state(world: World, thread: Any) -> Any:
    """The thread as Discord holds it (name, tags, archived, locked)."""
    return world.env.backend.get_channel(thread.id)


def tag_names(world: World, forum: Any, thread: Any) -> list[str]:
    tags = {int(t["id"]): t["name"] for t in world.env.backend.get_channel(forum.id).available_tags}
    return [tags[t] for t in thread_state(world, thread).applied_tags]


async def stored_thread(world: World, thread: Any) -> QAThreadInfo | None:
    return await world.bot.services.qa.thread(thread.id)


async def stored_contents(world: World, thread: Any) -> list[str]:
    return [m.content for m in await world.bot.services.qa_archive.messages(thread.id)]


async def member_forum_post(world: World, member: Any, forum: Any, title: str, text: str) -> Any:
    """A member creates a post in a forum, as the Discord client does (no actor verb exists).

    Like Discord, the starter message shares the thread's id, and the thread is announced
    before its starter message.
    """
    backend = world.env.backend
    thread = backend.create_thread(forum.id, title, member.id, broadcast=False)
    starter = backend.prepare_message(thread.id, member.id, text)
    starter.id = thread.id
    backend.commit_message(starter, broadcast=False)
    backend.announce_thread_create(thread)
    backend.announce_message_create(starter)
    await world.env.settle()
    return thread_handle(world, thread.id)


async def delete_channel(world: World, channel: Any) -> None:
    """A moderator deletes a thread or channel in the Discord client."""
    world.env.backend.delete_channel(channel.id)
    await world.env.settle()


def pinged(world: World, message: Any) -> set[int]:
    """Who Discord notified: users, roles and everyone (0), per the message's allowed mentions."""
    stored = world.env.backend.get_message(message.channel.id, message.id)
    everyone = {0} if stored.mention_everyone else set()
    return {*stored.ping_user_ids, *stored.ping_role_ids, *everyone}
