"""A member's helper sign-ups and the nudges that name them, for `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import HelperSignup, Schedule
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_TEXT, mention
from bot.services.schedules.book import Kind


async def forget_member(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """Delete the member's helper sign-ups, and take them out of every nudge: a nudge that
    pinged only them goes (with its delivery record), one that also pinged others keeps
    pinging those, and its text names "a former member" instead. (sign-ups, nudges)"""
    signups: Any = await session.execute(
        delete(HelperSignup).where(HelperSignup.user_id == user_id)
    )
    member, tag = str(user_id), mention(user_id)
    nudges = (
        await session.execute(
            select(Schedule.id, Schedule.ping_user_ids, Schedule.message).where(
                Schedule.kind == Kind.NUDGE.value,
                or_(
                    Schedule.ping_user_ids.like(f"%{member}%"),
                    Schedule.message.like(f"%{tag}%"),
                ),
            )
        )
    ).all()
    changed = 0
    for schedule_id, ping_user_ids, message in nudges:
        pinged = [u for u in (ping_user_ids or "").split(",") if u]
        others = [u for u in pinged if u != member]
        text = message.replace(tag, FORGOTTEN_MEMBER_TEXT) if message is not None else None
        if pinged == others and text == message:
            continue  # the id only matched inside a longer one
        changed += 1
        if pinged and not others:
            await session.execute(delete(Schedule).where(Schedule.id == schedule_id))
            continue
        await session.execute(
            update(Schedule)
            .where(Schedule.id == schedule_id)
            .values(ping_user_ids=",".join(others) if pinged else ping_user_ids, message=text)
        )
    return int(signups.rowcount), changed
