"""`/session ...`: study sessions and office hours as Discord scheduled events.

The listeners keep Nexus in step with Discord: Interested clicks (RSVP), events deleted,
cancelled or completed there, and who is in a session's voice channel while it runs; after a
fresh READY (events or clicks missed while away) every upcoming session is reconciled.
"""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.app import NexusBot
from bot.services.sessions.planning import check_title
from cogs.takeaways import timezone_autocomplete
from cogs.ui.checks import writes
from cogs.ui.limits import clip
from cogs.ui.sessions.cards import attendance, created
from cogs.ui.sessions.events import DiscordSessionEvents
from cogs.ui.sessions.hosting import (
    HostItButton,
    SessionRequest,
    proposal,
    require_host,
    schedule_session,
)
from cogs.ui.sessions.interest_events import RawInterest, dispatch_raw_interest
from cogs.ui.sessions.listing import SessionListPageButton, session_list
from cogs.ui.text import Line
from cogs.ui.topics.pages import topic_choices

log = logging.getLogger(__name__)


@app_commands.guild_only()
class Sessions(commands.GroupCog, group_name="session", group_description="Study sessions"):
    def __init__(self, bot: NexusBot) -> None:
        self.bot = bot
        self.service = bot.services.sessions
        self.presence = bot.services.session_presence
        self.runs = bot.services.session_runs

    async def cog_load(self) -> None:
        self.service.discord = DiscordSessionEvents(self.bot)
        self.bot.add_dynamic_items(HostItButton, SessionListPageButton)
        dispatch_raw_interest(self.bot)

    async def topic_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return topic_choices(self.bot.services.topics, current)

    @app_commands.command(description="Schedule a study session (mentors, Manage Events)")
    @app_commands.describe(
        title="What the session is about (up to 100 characters)",
        when="Start: tomorrow 18:00, fri 17:30, in 2h or 2026-12-01 18:00",
        duration="Length in minutes (default 60, at most 720)",
        topic="A topic to prepare: its summary and takeaways go in the announcement",
        channel="A voice or stage channel to hold it in",
        location="Where else it happens, e.g. a meeting link (when there is no channel)",
        repeat="Repeat: daily, weekdays, weekends, weekly, or e.g. mon,wed,fri (default: once)",
        timezone="IANA time zone, e.g. Africa/Lagos (default: the server's, see /nexus setup)",
    )
    @app_commands.autocomplete(timezone=timezone_autocomplete)
    @app_commands.check(writes)
    async def schedule(
        self,
        interaction: discord.Interaction,
        title: Line,
        when: Line,
        duration: int | None = None,
        topic: Line | None = None,
        channel: discord.abc.GuildChannel | None = None,
        location: Line | None = None,
        repeat: Line | None = None,
        timezone: Line | None = None,
    ) -> None:
        await require_host(interaction)
        request = SessionRequest(title, when, duration, topic, channel, location, repeat, timezone)
        await schedule_session(interaction, request)

    @schedule.autocomplete("topic")
    async def schedule_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.topic_autocomplete(interaction, current)

    @app_commands.command(name="list", description="Upcoming sessions and who is interested")
    async def list_sessions(self, interaction: discord.Interaction) -> None:
        assert interaction.guild_id is not None
        infos = await self.service.upcoming(interaction.guild_id)
        embed, view = session_list(infos)
        await interaction.response.send_message(embed=embed, view=view, ephemeral=True)

    @app_commands.command(description="Cancel a session and its Discord event (mentors)")
    @app_commands.rename(session_id="id")
    async def cancel(self, interaction: discord.Interaction, session_id: int) -> None:
        assert interaction.guild_id is not None
        await require_host(interaction, "Cancelling a session")
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.service.cancel(interaction.guild_id, session_id)
        await interaction.followup.send(
            f"Session #{info.number} ({clip(info.title, 100)}) is cancelled, and its event too.",
            ephemeral=True,
        )

    @app_commands.command(description="Change a session's time, title or length (mentors)")
    @app_commands.rename(session_id="id")
    @app_commands.describe(
        when="New start: tomorrow 18:00, fri 17:30 or 2026-12-01 18:00 (the session's time zone)",
        title="New title",
        duration="New length in minutes",
    )
    async def edit(
        self,
        interaction: discord.Interaction,
        session_id: int,
        when: Line | None = None,
        title: Line | None = None,
        duration: int | None = None,
    ) -> None:
        assert interaction.guild_id is not None
        await require_host(interaction, "Changing a session")
        await interaction.response.defer(ephemeral=True, thinking=True)
        info = await self.service.edit(
            interaction.guild_id, session_id, when=when, title=title, minutes=duration
        )
        embed = created(info)
        embed.title = clip(f"Session #{info.number} updated: {info.title}", 256)
        await interaction.followup.send(embed=embed, ephemeral=True)

    @app_commands.command(description="Who came to a voice or stage session, after it")
    @app_commands.rename(session_id="id")
    async def attendance(self, interaction: discord.Interaction, session_id: int) -> None:
        assert interaction.guild_id is not None
        info = await self.service.get(interaction.guild_id, session_id)
        report = await self.presence.attendance(info, self.bot.clock())
        await interaction.response.send_message(embed=attendance(report), ephemeral=True)

    @app_commands.command(description="Propose a session; a mentor can host it")
    @app_commands.describe(title="What you'd like a session on", topic="A topic it covers")
    @app_commands.check(writes)
    async def propose(
        self, interaction: discord.Interaction, title: Line, topic: Line | None = None
    ) -> None:
        topics = self.bot.services.topics
        slug = topics.resolve_slug(topic) if topic else None
        clean = check_title(title)
        embed = proposal(clean, topics.title_of(slug) if slug else None, interaction.user)
        view = discord.ui.View(timeout=None)
        view.add_item(HostItButton(slug))
        await interaction.response.send_message(embed=embed, view=view)

    @propose.autocomplete("topic")
    async def propose_topic(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return await self.topic_autocomplete(interaction, current)

    # ------------------------------------------------------------ Discord's side

    @commands.Cog.listener()
    async def on_scheduled_event_delete(self, event: discord.ScheduledEvent) -> None:
        await self.service.event_gone(event.id)

    @commands.Cog.listener()
    async def on_scheduled_event_update(
        self, before: discord.ScheduledEvent, after: discord.ScheduledEvent
    ) -> None:
        if after.status is discord.EventStatus.cancelled:
            await self.service.event_gone(after.id)
        elif after.status is discord.EventStatus.completed:
            await self.runs.event_completed(after.id, self.bot.clock())
        elif after.status is discord.EventStatus.active and isinstance(
            after.channel, discord.VoiceChannel | discord.StageChannel
        ):
            # Members already in the channel when it starts count as attending.
            members = [m.id for m in after.channel.members if not m.bot]
            await self.presence.seen_in_voice(
                after.guild_id, after.channel.id, members, self.bot.clock()
            )

    @commands.Cog.listener()
    async def on_ready(self) -> None:
        """Every READY that is not a resume: what changed in Discord meanwhile is caught up."""
        try:
            report = await self.runs.reconcile([g.id for g in self.bot.guilds], self.bot.clock())
        except Exception:
            log.exception("sessions were not reconciled after READY")
            return
        if report.cancelled or report.ended or report.interest_changes:
            log.info(
                "sessions reconciled: %d checked, cancelled %s, ended %s, interest %s",
                report.checked, report.cancelled, report.ended, report.interest_changes,
            )  # fmt: skip

    @commands.Cog.listener()
    async def on_raw_scheduled_event_interest(self, raw: RawInterest) -> None:
        if raw.interested:
            await self.presence.interested(raw.event_id, raw.user_id, self.bot.clock())
        else:
            await self.presence.not_interested(raw.event_id, raw.user_id)

    @commands.Cog.listener()
    async def on_voice_state_update(
        self, member: discord.Member, before: discord.VoiceState, after: discord.VoiceState
    ) -> None:
        if member.bot or after.channel is None or after.channel == before.channel:
            return
        await self.presence.seen_in_voice(
            member.guild.id, after.channel.id, [member.id], self.bot.clock()
        )


async def setup(bot: NexusBot) -> None:
    await bot.add_cog(Sessions(bot))
