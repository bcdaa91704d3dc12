"""Who is interested in a session (Discord's Interested) and who came (voice presence)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import SessionAttendance, SessionInterest, StudySession
from bot.db.models.base import Base
from bot.errors import ValidationError
from bot.services.sessions.forget import forget_presence
from bot.services.sessions.model import SessionStatus, StudySessionInfo


@dataclass(frozen=True)
class Attendance:
    session: StudySessionInfo
    user_ids: tuple[int, ...]  # in the order they arrived


def _insert_if_absent(session: AsyncSession, model: type[Base], values: dict[str, Any]) -> Any:
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model).values(**values).on_conflict_do_nothing()


async def interested_in(session: AsyncSession, session_id: int) -> list[int]:
    """The members interested in a session, in the order they pressed Interested."""
    ids = await session.scalars(
        select(SessionInterest.user_id)
        .where(SessionInterest.session_id == session_id)
        .order_by(SessionInterest.added_at, SessionInterest.user_id)
    )
    return list(ids)


class SessionPresence:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def _session_id(self, session: AsyncSession, event_id: int) -> int | None:
        return await session.scalar(
            select(StudySession.id).where(StudySession.event_id == event_id)
        )

    async def interested(self, event_id: int, user_id: int, now: datetime) -> bool:
        """Record a member's Interested; False when the event is not a session."""
        async with self._sessions.begin() as session:
            session_id = await self._session_id(session, event_id)
            if session_id is None:
                return False
            values = {"session_id": session_id, "user_id": user_id, "added_at": now}
            await session.execute(_insert_if_absent(session, SessionInterest, values))
        return True

    async def not_interested(self, event_id: int, user_id: int) -> None:
        async with self._sessions.begin() as session:
            session_id = await self._session_id(session, event_id)
            if session_id is None:
                return
            await session.execute(
                delete(SessionInterest).where(
                    SessionInterest.session_id == session_id, SessionInterest.user_id == user_id
                )
            )

    async def replace_interested(
        self, session_id: int, user_ids: Iterable[int], since: datetime
    ) -> tuple[int, int]:
        """Make the session's interested members exactly `user_ids`, as Discord listed them
        at `since` (clicks recorded later stay); how many were (added, removed)."""
        wanted = set(user_ids)
        async with self._sessions.begin() as session:
            rows = await session.execute(
                select(SessionInterest.user_id, SessionInterest.added_at).where(
                    SessionInterest.session_id == session_id
                )
            )
            stored = {user_id: added_at for user_id, added_at in rows.all()}
            gone = [u for u, added_at in stored.items() if u not in wanted and added_at <= since]
            if gone:
                await session.execute(
                    delete(SessionInterest).where(
                        SessionInterest.session_id == session_id,
                        SessionInterest.user_id.in_(gone),
                    )
                )
            new = sorted(wanted - stored.keys())
            if new:
                dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
                rows_in = [{"session_id": session_id, "user_id": u, "added_at": since} for u in new]
                await session.execute(
                    dialect.insert(SessionInterest).values(rows_in).on_conflict_do_nothing()
                )
        return len(new), len(gone)

    async def interested_ids(self, session_id: int) -> list[int]:
        async with self._sessions() as session:
            return await interested_in(session, session_id)

    async def seen_in_voice(
        self, guild_id: int, channel_id: int, user_ids: list[int], now: datetime
    ) -> int:
        """Members in `channel_id` at `now`: attendees of the session running there, if any."""
        async with self._sessions.begin() as session:
            running = (
                await session.scalars(
                    select(StudySession.id).where(
                        StudySession.guild_id == guild_id,
                        StudySession.voice_channel_id == channel_id,
                        StudySession.status == SessionStatus.SCHEDULED.value,
                        StudySession.starts_at <= now,
                        StudySession.ends_at > now,
                    )
                )
            ).all()
            for session_id in running:
                for user_id in user_ids:
                    values = {"session_id": session_id, "user_id": user_id, "first_seen_at": now}
                    await session.execute(_insert_if_absent(session, SessionAttendance, values))
        return len(running)

    async def attendance(self, info: StudySessionInfo, now: datetime) -> Attendance:
        """Who came, once the session is over."""
        starts = f"<t:{int(info.starts_at.timestamp())}:R>"
        if info.voice_channel_id is None:
            where = info.location or "an outside location"
            when = f"was held at {where}"
            if now < info.starts_at:
                when = f"starts {starts}, at {where}"
            elif now < info.ends_at:
                when = f"is under way at {where}"
            raise ValidationError(
                f"Session #{info.number} {when}; "
                "attendance is only recorded for voice and stage sessions."
            )
        if now < info.starts_at and info.status is SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Session #{info.number} hasn't started yet: it starts {starts}, and attendance "
                "is shown after it ends."
            )
        if now < info.ends_at and info.status is SessionStatus.SCHEDULED:
            raise ValidationError(
                f"Session #{info.number} ends <t:{int(info.ends_at.timestamp())}:R>; "
                "attendance is shown after it."
            )
        async with self._sessions() as session:
            ids = await session.scalars(
                select(SessionAttendance.user_id)
                .where(SessionAttendance.session_id == info.id)
                .order_by(SessionAttendance.first_seen_at, SessionAttendance.user_id)
            )
            return Attendance(info, tuple(ids))

    async def records_of(self, user_id: int) -> int:
        """How many interest and attendance rows are stored for a member (for forget-me)."""
        async with self._sessions() as session:
            interest = await session.scalar(
                select(func.count())
                .select_from(SessionInterest)
                .where(SessionInterest.user_id == user_id)
            )
            attended = await session.scalar(
                select(func.count())
                .select_from(SessionAttendance)
                .where(SessionAttendance.user_id == user_id)
            )
        return int(interest or 0) + int(attended or 0)

    async def forget_user(self, user_id: int) -> int:
        """Delete a member's interest and attendance records; how many rows went. (The
        whole of `/qa forget-me` is `bot/services/privacy/forget.py`.)"""
        async with self._sessions.begin() as session:
            return await forget_presence(session, user_id)
