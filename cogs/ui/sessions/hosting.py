"""Scheduling a session from a command or from a proposal's **Host it** button."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Self

import discord

from bot.errors import Forbidden, ValidationError
from bot.services.sessions.model import StudySessionInfo
from bot.services.sessions.planning import plan_session
from bot.tree import answer_error
from cogs.ui.checks import count_write, nexus
from cogs.ui.components import PersistentButton
from cogs.ui.limits import clip
from cogs.ui.permissions import POST, Place, require_postable
from cogs.ui.sessions.cards import SESSION_COLOUR, created
from cogs.ui.sessions.events import event_channel_needs


@dataclass(frozen=True)
class SessionRequest:
    """What a mentor typed, before parsing."""

    title: str
    when: str
    minutes: int | None = None
    topic: str | None = None
    channel: discord.abc.GuildChannel | None = None
    location: str | None = None
    repeat: str | None = None
    timezone: str | None = None


async def require_host(
    interaction: discord.Interaction[Any], doing: str = "Hosting a session"
) -> None:
    """Mentors (the guild's mentor role) and members with Manage Events host sessions (and
    cancel or change them: `doing` names what was refused)."""
    member = interaction.user
    assert interaction.guild_id is not None and isinstance(member, discord.Member)
    config = await nexus(interaction).services.guild_settings.get(interaction.guild_id)
    if config.mentor_role_id is not None and member.get_role(config.mentor_role_id):
        return
    if member.guild_permissions.manage_events:
        return
    raise Forbidden(f"{doing} needs the mentor role or the **Manage Events** permission.")


async def announcement_channel(interaction: discord.Interaction[Any]) -> Place:
    """The guild's announcement channel, or the channel (or thread) the command was used
    in; in a thread posting needs **Send Messages in Threads**, which `require_postable`
    asks for there."""
    guild = interaction.guild
    assert guild is not None
    config = await nexus(interaction).services.guild_settings.get(guild.id)
    chosen = guild.get_channel(config.announcements_channel_id or 0) or interaction.channel
    if not isinstance(chosen, Place) or isinstance(chosen, discord.ForumChannel):
        raise ValidationError("Use this in a server channel, or set one with `/nexus setup`.")
    require_postable("announcements", chosen, guild.me, POST)
    return chosen


async def schedule_session(
    interaction: discord.Interaction[Any], request: SessionRequest
) -> StudySessionInfo:
    """Check, create the event, store and announce; answers the member ephemerally."""
    bot = nexus(interaction)
    assert interaction.guild is not None
    channel = request.channel
    if channel is not None and not isinstance(channel, discord.VoiceChannel | discord.StageChannel):
        raise ValidationError(
            f"{channel.mention} is not a voice or stage channel; pick one, or give a "
            "`location` instead for a session held elsewhere."
        )
    if channel is not None:
        # Discord asks more of the bot in the event's channel than Manage Events: say
        # exactly what is missing rather than relay its 403.
        require_postable("channel", channel, interaction.guild.me, event_channel_needs(channel))
    service = bot.services.sessions
    plan = plan_session(
        title=request.title,
        when=request.when,
        now=bot.clock(),
        timezone=await service.zone_for(interaction.guild.id, request.timezone),
        minutes=request.minutes,
        repeat=request.repeat,
        topic=request.topic,
        voice_channel_id=channel.id if channel else None,
        location=request.location,
    )
    post_in = await announcement_channel(interaction)
    # Creating the event and posting can outlast Discord's 3 s answer window.
    await interaction.response.defer(ephemeral=True, thinking=True)
    info = await service.schedule(interaction.guild.id, interaction.user.id, post_in.id, plan)
    await interaction.followup.send(embed=created(info), ephemeral=True)
    return info


def proposal(title: str, topic_title: str | None, by: discord.abc.User) -> discord.Embed:
    embed = discord.Embed(
        title=clip(title, 256),
        description=f"{by.mention} would like a study session on this. A mentor can host it.",
        colour=SESSION_COLOUR,
    )
    if topic_title is not None:
        embed.add_field(name="Topic", value=topic_title)
    embed.set_footer(text="Session proposal")
    return embed


class HostSessionModal(discord.ui.Modal, title="Host this session"):
    when: discord.ui.TextInput[HostSessionModal] = discord.ui.TextInput(
        custom_id="when",
        label="When (YYYY-MM-DD HH:MM)",
        placeholder="2026-01-05 18:00",
        max_length=20,
    )
    minutes: discord.ui.TextInput[HostSessionModal] = discord.ui.TextInput(
        custom_id="minutes", label="Length in minutes (default 60)", required=False, max_length=4
    )
    where: discord.ui.TextInput[HostSessionModal] = discord.ui.TextInput(
        custom_id="where",
        label="Voice channel name, or a location",
        placeholder="study-room or https://meet.example.org/abc",
        max_length=100,
    )
    timezone: discord.ui.TextInput[HostSessionModal] = discord.ui.TextInput(
        custom_id="timezone",
        label="Time zone (default: the server's)",
        required=False,
        max_length=64,
    )

    def __init__(self, title_text: str, topic: str | None) -> None:
        super().__init__()
        self.title_text = title_text
        self.topic = topic

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild is not None
        minutes = self.minutes.value.strip()
        if minutes and not minutes.isdigit():
            raise ValidationError(f"'{minutes[:10]}' is not a number of minutes.")
        where = self.where.value.strip()
        voice = discord.utils.find(
            lambda c: c.name.lower() == where.lstrip("#").lower(),
            [*interaction.guild.voice_channels, *interaction.guild.stage_channels],
        )
        request = SessionRequest(
            title=self.title_text,
            when=self.when.value,
            minutes=int(minutes) if minutes else None,
            topic=self.topic,
            channel=voice,
            location=None if voice else where,
            timezone=self.timezone.value.strip() or None,
        )
        await schedule_session(interaction, request)

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception
    ) -> None:
        await answer_error(interaction, error)


class HostItButton(PersistentButton, template=r"nexus:session:host:(?P<slug>[a-z0-9-]{1,60})"):
    """On a proposal: a mentor opens a form for the time and place, then it is scheduled."""

    def __init__(self, topic: str | None) -> None:
        super().__init__(
            f"nexus:session:host:{topic or '-'}", "Host it", style=discord.ButtonStyle.primary
        )
        self.topic = topic

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        slug = match["slug"] if match["slug"] != "-" else None
        return cls(slug)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        await require_host(interaction)
        count_write(interaction)
        message = interaction.message
        embeds = message.embeds if message is not None else []
        title = (embeds[0].title if embeds else None) or "Study session"
        await interaction.response.send_modal(HostSessionModal(title, self.topic))
