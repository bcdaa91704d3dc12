"""A guild ready for study sessions: settings made, a voice room, helpers to schedule."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import discord

from bot.simulation import World


@dataclass
class SessionWorld:
    base: World
    room: Any  # a voice channel

    @property
    def bot(self) -> Any:
        return self.base.bot

    def event(self, event_id: int) -> Any:
        """The scheduled event as simcord's Discord holds it (None when deleted)."""
        return self.base.env.backend.get_guild(self.base.guild.id).scheduled_events.get(event_id)

    def events(self) -> list[Any]:
        return list(self.base.env.backend.get_guild(self.base.guild.id).scheduled_events.values())

    async def schedule(self, **options: object) -> Any:
        options.setdefault("title", "Django ORM office hours")
        options.setdefault("when", "2026-01-02 18:00")
        if "location" not in options:
            options.setdefault("channel", self.room)
        return await self.base.mentor.slash(self.base.channel, "session schedule", **options)

    async def run_due(self, now: datetime) -> Any:
        return await self.bot.services.session_reminders.run_due(now)


async def furnish(world: World) -> SessionWorld:
    room = world.guild.create_voice_channel("study-room")
    await world.mentor.slash(
        world.channel,
        "nexus setup",
        announcements=world.channel,
        mentor_role=world.mentor_role,
    )
    return SessionWorld(world, room)


def start_of(event: Any) -> datetime:
    return datetime.fromisoformat(event.scheduled_start_time)


def end_of(event: Any) -> datetime:
    return datetime.fromisoformat(event.scheduled_end_time)


def posts(world: World) -> list[discord.Message]:
    return [m for m in world.channel.history() if m.author.id == world.bot.user.id]
