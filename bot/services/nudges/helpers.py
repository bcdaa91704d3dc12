"""Members who opted in to be pinged for unanswered questions of a category."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import HelperSignup
from bot.errors import NotFound, ValidationError
from bot.knowledge.model import Category


def parse_category(raw: str) -> Category:
    wanted = raw.strip().lower()
    for category in Category:
        if wanted in {category.value, category.label.lower()}:
            return category
    names = ", ".join(c.value for c in Category)
    raise ValidationError(f"'{raw.strip()[:40]}' is not a category; use one of: {names}.")


@dataclass(frozen=True)
class Roster:
    mine: tuple[Category, ...]
    counts: dict[Category, int]


class HelperRoster:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def join(self, guild_id: int, user_id: int, raw: str, now: datetime) -> Category:
        """Sign the member up for a category; joining twice changes nothing."""
        category = parse_category(raw)
        async with self._sessions.begin() as session:
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            await session.execute(
                dialect.insert(HelperSignup)
                .values(guild_id=guild_id, user_id=user_id, category=category.value, joined_at=now)
                .on_conflict_do_nothing()
            )
        return category

    async def leave(self, guild_id: int, user_id: int, raw: str | None) -> tuple[Category, ...]:
        """Leave one category, or all when none is given; NotFound when there was none."""
        category = parse_category(raw) if raw else None
        condition = (HelperSignup.guild_id == guild_id) & (HelperSignup.user_id == user_id)
        if category is not None:
            condition &= HelperSignup.category == category.value
        async with self._sessions.begin() as session:
            left = (
                await session.scalars(delete(HelperSignup).where(condition).returning(
                    HelperSignup.category))
            ).all()  # fmt: skip
        if not left:
            where = f" for {category.label}" if category else ""
            raise NotFound(f"You are not signed up as a helper{where}. See /helpers list.")
        return tuple(Category(c) for c in sorted(left))

    async def roster(self, guild_id: int, user_id: int) -> Roster:
        async with self._sessions() as session:
            counts = (
                await session.execute(
                    select(HelperSignup.category, func.count())
                    .where(HelperSignup.guild_id == guild_id)
                    .group_by(HelperSignup.category)
                )
            ).all()
            mine = (
                await session.scalars(
                    select(HelperSignup.category).where(
                        HelperSignup.guild_id == guild_id, HelperSignup.user_id == user_id
                    )
                )
            ).all()
        return Roster(
            mine=tuple(c for c in Category if c.value in mine),
            counts={Category(name): int(n) for name, n in counts},
        )
