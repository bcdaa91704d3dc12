"""Takeaway and announcement schedules of a member who used `/qa forget-me`.

They belong to the server (other mentors pause, edit and rely on them), so they stay; only
the id of the member who made them is replaced.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Schedule
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID
from bot.services.schedules.book import MENTOR_KINDS


async def forget_member(session: AsyncSession, user_id: int) -> int:
    """How many of the member's takeaway and announcement schedules no longer name them."""
    result: Any = await session.execute(
        update(Schedule)
        .where(Schedule.kind.in_(MENTOR_KINDS), Schedule.created_by == user_id)
        .values(created_by=FORGOTTEN_MEMBER_ID)
    )
    return int(result.rowcount)
