"""A member's reminders and time zone, deleted by `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuildNumber, MemberTimezone, Schedule
from bot.services.guild_numbers import reminder_scope
from bot.services.schedules.book import Kind


async def forget_member(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """Delete every reminder the member set (pending or delivered, their delivery records
    go by the foreign key's cascade), the counter that numbers them, and their time zone:
    (reminders, time zones)."""
    reminders: Any = await session.execute(
        delete(Schedule).where(Schedule.kind == Kind.REMINDER.value, Schedule.created_by == user_id)
    )
    zones: Any = await session.execute(
        delete(MemberTimezone).where(MemberTimezone.user_id == user_id)
    )
    # The counter's key names the member. With all their reminders gone, a number it hands
    # out again can only name a new reminder of this same member.
    await session.execute(delete(GuildNumber).where(GuildNumber.scope == reminder_scope(user_id)))
    return int(reminders.rowcount), int(zones.rowcount)
