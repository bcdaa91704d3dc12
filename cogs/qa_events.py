"""Storing Q&A threads as they happen: every message, edit and delete, posts members make
in the Q&A forum, and deleted threads. Raw events, so uncached messages count too."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord.ext import commands

from bot.app import NexusBot
from bot.services.qa.questions import NewThread
from cogs.ui.qa.catch_up import CallBudget, GuildCatchUp, Unauthorized
from cogs.ui.qa.threads import CONVERSATION, incoming

log = logging.getLogger(__name__)


class QAEvents(commands.Cog):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.services = bot.services
        self._catch_up: asyncio.Task[None] | None = None

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

        Returns once the catch-up is done or has made its first `BURST` REST calls; the
        rest goes on in the background at a polite pace (cogs/ui/qa/catch_up.py). A READY
        that comes while a catch-up still runs starts no second one: the running one
        reads the threads as they are anyway.
        """
        if self._catch_up is not None and not self._catch_up.done():
            return
        budget = CallBudget()
        self._catch_up = asyncio.create_task(self._catch_up_all(budget))
        spent = asyncio.create_task(budget.burst_spent.wait())
        try:
            await asyncio.wait({self._catch_up, spent}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            spent.cancel()

    async def cog_unload(self) -> None:
        if self._catch_up is not None:
            self._catch_up.cancel()

    async def _catch_up_all(self, budget: CallBudget) -> None:
        try:
            for guild in self.bot.guilds:
                config = await self.services.guild_settings.get(guild.id)
                forum_id = config.qa_channel_id

                async def track(thread: discord.Thread, forum_id: int | None = forum_id) -> None:
                    await self._track_member_post(thread, forum_id)

                catch_up = GuildCatchUp(
                    self.services.qa_backfill, budget, self._stored, self.bot.clock
                )
                await catch_up.run(guild, forum_id, track)
        except Unauthorized:
            log.error("Discord answered 401 while catching up on Q&A threads: stopped")
        except Exception:
            log.exception("catching up on Q&A threads failed; live events still store")

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
