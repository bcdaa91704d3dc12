"""The web hub's records of a member who used `/qa forget-me`."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import MemberPrivacy, WebGuild
from bot.services.privacy.placeholder import FORGOTTEN_MEMBER_ID
from bot.services.publishing.versions import bump_all_published


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
    # Their names and words may be on any guild's pages, the pages across guilds included.
    await bump_all_published(session)
    return int(names.rowcount), int(consents.rowcount)
