"""A member's study-session records, for `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import SessionAttendance, SessionInterest, SessionReminderPart, StudySession
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID


async def forget_presence(session: AsyncSession, user_id: int) -> int:
    """Delete the member's Interested and attendance rows, and take them out of reminders
    not yet sent; how many interest and attendance rows went."""
    interest: Any = await session.execute(
        delete(SessionInterest).where(SessionInterest.user_id == user_id)
    )
    attended: Any = await session.execute(
        delete(SessionAttendance).where(SessionAttendance.user_id == user_id)
    )
    await _leave_unsent_reminders(session, user_id)
    return int(interest.rowcount) + int(attended.rowcount)


async def forget_hosting(session: AsyncSession, user_id: int) -> int:
    """Sessions the member scheduled stay (others are interested in them) without their id:
    how many."""
    result: Any = await session.execute(
        update(StudySession)
        .where(StudySession.created_by == user_id)
        .values(created_by=FORGOTTEN_MEMBER_ID)
    )
    return int(result.rowcount)


async def _leave_unsent_reminders(session: AsyncSession, user_id: int) -> None:
    """A reminder's parts still to send list the ids they will ping: drop the member's, and
    a part left pinging nobody (a message for no one)."""
    member = str(user_id)
    parts = (
        await session.execute(
            select(SessionReminderPart.id, SessionReminderPart.user_ids).where(
                or_(
                    SessionReminderPart.user_ids == member,
                    SessionReminderPart.user_ids.like(f"{member},%"),
                    SessionReminderPart.user_ids.like(f"%,{member}"),
                    SessionReminderPart.user_ids.like(f"%,{member},%"),
                )
            )
        )
    ).all()
    for part_id, user_ids in parts:
        others = [u for u in user_ids.split(",") if u and u != member]
        if others:
            await session.execute(
                update(SessionReminderPart)
                .where(SessionReminderPart.id == part_id)
                .values(user_ids=",".join(others))
            )
        else:
            await session.execute(
                delete(SessionReminderPart).where(SessionReminderPart.id == part_id)
            )
