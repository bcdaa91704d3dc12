"""The web hub's records of a member who used `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MemberPrivacy, WebGuild
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID


async def forget_member(session: AsyncSession, user_id: int) -> tuple[int, int]:
    """Delete the member's public names; a server they put on the web stays on it (that is
    the server's choice), without their id. Returns (names, consents)."""
    names: Any = await session.execute(
        delete(MemberPrivacy).where(MemberPrivacy.user_id == user_id)
    )
    consents: Any = await session.execute(
        update(WebGuild)
        .where(WebGuild.enabled_by == user_id)
        .values(enabled_by=FORGOTTEN_MEMBER_ID)
    )
    return int(names.rowcount), int(consents.rowcount)
