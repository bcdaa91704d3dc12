"""Which channels are public, and "Read on the web" link buttons (when NEXUS_WEB_URL is set)."""

from __future__ import annotations

from typing import Any, cast

import discord

WEB_LABEL = "Read on the web"
# Channels whose threads can hold questions; news channels are TextChannels too.
THREAD_PARENTS = (discord.TextChannel, discord.ForumChannel)


def everyone_can_read(channel: discord.abc.GuildChannel) -> bool:
    """Whether a member with no role at all can read the channel's threads and history."""
    allowed = channel.permissions_for(channel.guild.default_role)
    return allowed.view_channel and allowed.read_message_history


def channel_visibility(guild: discord.Guild) -> dict[int, bool]:
    return {c.id: everyone_can_read(c) for c in guild.channels if isinstance(c, THREAD_PARENTS)}


def web_url(interaction: discord.Interaction[Any]) -> str | None:
    from bot.app import NexusBot

    return cast(NexusBot, interaction.client).settings.web_url


def add_web_link(view: discord.ui.View, url: str) -> discord.ui.View:
    view.add_item(discord.ui.Button(style=discord.ButtonStyle.link, label=WEB_LABEL, url=url))
    return view


def topic_page_url(base: str, slug: str) -> str:
    return f"{base}/topics/{slug}"


def question_page_url(base: str, guild_id: int, thread_id: int) -> str:
    return f"{base}/g/{guild_id}/qa/{thread_id}"
