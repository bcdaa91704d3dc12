"""The scheduled work that fires while a cohort is in (bench/load.py), and memory read.

Each job is timed as it runs mid-crowd; a job that fails (a busy SQLite file, say) is
reported in its row, not raised, so that the crowd's own figures are still reported.
"""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.app import NexusBot
from bot.simulation import World


async def a_session_everyone_awaits(bot: NexusBot, world: World, members: list[Any]) -> datetime:
    """A study session two days ahead with every member interested: its reminder pings all."""
    room = world.guild.create_voice_channel("study-room")
    await world.mentor.slash(
        world.channel, "nexus setup", announcements=world.channel, mentor_role=world.mentor_role
    )
    starts = (bot.clock() + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    await world.mentor.slash(
        world.channel, "session schedule", title="Cohort kick-off",
        when=starts.strftime("%Y-%m-%d %H:%M"), channel=room,
    )  # fmt: skip
    events = world.env.backend.get_guild(world.guild.id).scheduled_events
    assert len(events) == 1, "the session is scheduled as a Discord event"
    event_id = next(iter(events))
    for member in members:
        await member.subscribe_event(event_id)
    return starts


async def scheduled_post(bot: NexusBot, after: float) -> tuple[float, int]:
    """The scheduler's job firing mid-crowd: (its duration in ms, slots posted)."""
    await asyncio.sleep(after)
    schedule = (await bot.services.takeaways.book.all_running())[0]
    assert schedule.recurrence is not None
    slot = schedule.recurrence.next_runs(bot.clock(), 1)[0]
    started = time.perf_counter()
    report = await bot.services.takeaways.run_due(slot + timedelta(seconds=1))
    return (time.perf_counter() - started) * 1000, len(report.posted)


async def session_reminder(bot: NexusBot, starts: datetime, after: float) -> tuple[float, int]:
    """The session reminders' job firing mid-crowd, 15 minutes before the session: (its
    duration in ms, reminders sent)."""
    await asyncio.sleep(after)
    due = starts - timedelta(minutes=15) + timedelta(seconds=1)
    started = time.perf_counter()
    report = await bot.services.session_reminders.run_due(due)
    return (time.perf_counter() - started) * 1000, len(report.reminded)


def rss_mib() -> tuple[float, float]:
    """This process's resident memory now and at its peak, MiB (Linux's /proc)."""
    status = Path("/proc/self/status").read_text().splitlines()
    kib = {k: float(v.split()[0]) for k, _, v in (line.partition(":") for line in status)
           if k in ("VmRSS", "VmHWM")}  # fmt: skip
    return kib.get("VmRSS", 0.0) / 1024, kib.get("VmHWM", 0.0) / 1024


async def fired(job: Any) -> str:
    """A job's row: its duration in ms and how many it sent, or how it failed."""
    try:
        took_ms, sent = await job
    except Exception as error:  # reported in the table: the bot's failure is the finding
        return f"failed: {type(error).__name__}: {str(error).splitlines()[0][:80]}"
    return f"{took_ms:,.0f} ({sent})"
