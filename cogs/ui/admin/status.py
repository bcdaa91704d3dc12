"""Embeds of `/nexus status` and `/nexus setup`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import discord

from bot.services.guild_settings import GuildConfig
from bot.services.topics.lookup import ReloadOutcome
from cogs.ui.limits import MESSAGE, clip

NEXUS_COLOUR = discord.Colour.from_rgb(88, 101, 242)


@dataclass(frozen=True)
class StatusReport:
    version: str
    database_backend: str
    uptime_seconds: float
    latency_ms: float | None
    record_counts: dict[str, int]
    scheduled_jobs: int
    topics_loaded: int
    warnings: tuple[str, ...] = ()


def status_embed(report: StatusReport) -> discord.Embed:
    embed = discord.Embed(title="Nexus status", colour=NEXUS_COLOUR)
    embed.add_field(name="Version", value=report.version)
    embed.add_field(name="Database", value=report.database_backend)
    embed.add_field(name="Uptime", value=str(timedelta(seconds=int(report.uptime_seconds))))
    latency = "n/a" if report.latency_ms is None else f"{report.latency_ms:.0f} ms"
    embed.add_field(name="Gateway latency", value=latency)
    embed.add_field(name="Scheduled jobs", value=str(report.scheduled_jobs))
    embed.add_field(name="Topics loaded", value=str(report.topics_loaded))
    counts = "\n".join(f"`{name}`: {n}" for name, n in sorted(report.record_counts.items()))
    embed.add_field(name="Stored records", value=counts or "none", inline=False)
    if report.warnings:
        embed.add_field(name="Needs attention", value="\n".join(report.warnings)[:1024])
    return embed


def _channel(channel_id: int | None) -> str:
    return f"<#{channel_id}>" if channel_id else "not set"


def settings_embed(config: GuildConfig, *, changed: bool, default_zone: str) -> discord.Embed:
    """The server's settings; `default_zone` is NEXUS_TIMEZONE's value, shown by name to
    admins who never saw the bot's environment."""
    title = "Nexus settings updated" if changed else "Nexus settings"
    embed = discord.Embed(title=title, colour=NEXUS_COLOUR)
    embed.add_field(name="Announcements", value=_channel(config.announcements_channel_id))
    embed.add_field(name="API requests", value=_channel(config.api_channel_id))
    embed.add_field(name="Q&A", value=_channel(config.qa_channel_id))
    role = f"<@&{config.mentor_role_id}>" if config.mentor_role_id else "not set"
    embed.add_field(name="Mentor role", value=role)
    zone = config.timezone or f"{default_zone} (the bot's default)"
    embed.add_field(name="Time zone", value=zone)
    embed.set_footer(text="Change with /nexus setup (Manage Server).")
    return embed


def reload_message(outcome: ReloadOutcome) -> str:
    if outcome.loaded:
        return f"Reloaded: {outcome.topics} topics and {outcome.takeaways} takeaways."
    lines = [
        f"Not reloaded: {len(outcome.problems)} problem(s). The previous content "
        f"({outcome.topics} topics) stays in service.",
        "```",
        *(str(p) for p in outcome.problems[:15]),
        "```",
    ]
    return clip("\n".join(lines), MESSAGE - 10) + ("\n```" if len(outcome.problems) > 15 else "")
