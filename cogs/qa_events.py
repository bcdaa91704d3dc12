"""Storing Q&A threads as they happen: every message, edit and delete, posts members make
in the Q&A forum, and deleted threads. Raw events, so uncached messages count too."""

from __future__ import annotations

import logging

import discord
from discord.ext import commands

from bot.app import NexusBot
from bot.services.qa.questions import NewThread
from cogs.ui.qa.threads import CONVERSATION, incoming

log = logging.getLogger(__name__)
# Each open thread's latest messages read on ready; older edits and deletes are not seen.
CATCH_UP_MESSAGES = 500


class QAEvents(commands.Cog):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self._catching_up = False

    def _maybe_thread(self, channel_id: int) -> bool:
        """False only for channels known not to be threads (uncached threads may be tracked)."""
        channel = self.bot.get_channel(channel_id)
        return channel is None or isinstance(channel, discord.Thread)

    def _stored(self, message: discord.Message) -> bool:
        own = self.bot.user is not None and message.author.id == self.bot.user.id
        return message.guild is not None and not own and message.type in CONVERSATION

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if isinstance(message.channel, discord.Thread) and self._stored(message):
            await self.services.qa_archive.store(incoming(message))

    @commands.Cog.listener()
    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        if self._maybe_thread(payload.channel_id) and self._stored(payload.message):
            await self.services.qa_archive.edit(incoming(payload.message))

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        if payload.guild_id is not None and self._maybe_thread(payload.channel_id):
            await self.services.qa_archive.delete([payload.message_id])

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        if payload.guild_id is not None and self._maybe_thread(payload.channel_id):
            await self.services.qa_archive.delete(sorted(payload.message_ids))

    @commands.Cog.listener()
    async def on_thread_create(self, thread: discord.Thread) -> None:
        """A post a member makes directly in the Q&A forum is tracked like an `/ask`."""
        # Threads Nexus opens itself (every API request, every /ask) need no database read.
        if self._member_forum_post(thread):
            config = await self.services.guild_settings.get(thread.guild.id)
            await self._track_member_post(thread, config.qa_channel_id)

    def _member_forum_post(self, thread: discord.Thread) -> bool:
        mine = self.bot.user is not None and thread.owner_id == self.bot.user.id
        return not mine and isinstance(thread.parent, discord.ForumChannel)

    async def _track_member_post(self, thread: discord.Thread, qa_channel_id: int | None) -> None:
        if not self._member_forum_post(thread) or thread.parent_id != qa_channel_id:
            return
        starter = thread.starter_message
        if starter is None:
            try:
                starter = await thread.fetch_message(thread.id)
            except discord.HTTPException:
                starter = None  # its message event will still fill the question in
        owner = thread.owner or (starter.author if starter else None)
        await self.services.qa.track_forum_post(
            NewThread(
                thread_id=thread.id,
                guild_id=thread.guild.id,
                parent_channel_id=thread.parent_id,
                starter_message_id=thread.id,
                asker_id=thread.owner_id,
                asker_name=owner.display_name if owner else str(thread.owner_id),
                title=thread.name,
                question=starter.content if starter else "",
            )
        )

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Catch up on what happened while disconnected (a new session replays nothing).

        A READY that comes while a catch-up still runs starts no second one: the running
        one reads the threads as they are anyway.
        """
        if self._catching_up:
            return
        self._catching_up = True
        try:
            for guild in self.bot.guilds:
                await self._catch_up(guild)
        except Exception:
            log.exception("catching up on Q&A threads failed; live events still store")
        finally:
            self._catching_up = False

    async def _catch_up(self, guild: discord.Guild) -> None:
        config = await self.services.guild_settings.get(guild.id)
        forum = guild.get_channel(config.qa_channel_id) if config.qa_channel_id else None
        if isinstance(forum, discord.ForumChannel):
            # Posts members made in the Q&A forum meanwhile.
            for thread in await guild.active_threads():
                if thread.parent_id == forum.id:
                    await self._track_member_post(thread, forum.id)
        for thread_id in await self.services.qa_backfill.open_thread_ids(guild.id):
            await self._catch_up_thread(guild, thread_id)

    async def _catch_up_thread(self, guild: discord.Guild, thread_id: int) -> None:
        try:
            thread = guild.get_thread(thread_id) or await guild.fetch_channel(thread_id)
            if not isinstance(thread, discord.Thread):
                return
            latest = [m async for m in thread.history(limit=CATCH_UP_MESSAGES)]
        except discord.NotFound:  # deleted while the bot was away
            await self.services.qa_archive.forget_threads(thread_id=thread_id)
            return
        except discord.HTTPException as error:
            log.warning("could not read Q&A thread %s to catch up: %s", thread_id, error)
            return
        # Oldest first, the order they were written in.
        seen = [incoming(m) for m in reversed(latest) if self._stored(m)]
        complete = len(latest) < CATCH_UP_MESSAGES
        await self.services.qa_backfill.catch_up(thread_id, seen, complete=complete)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        await self.services.qa_archive.forget_threads(thread_id=payload.thread_id)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        # Discord sends no thread events for the threads of a deleted channel.
        if isinstance(channel, discord.ForumChannel | discord.TextChannel):
            await self.services.qa_archive.forget_threads(parent_id=channel.id)


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(QAEvents(bot))
