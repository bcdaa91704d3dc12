"""Per-server numbers of what members type in commands: schedules, reminders, sessions.

A number is taken inside the transaction that inserts its row, by one atomic upsert of
the guild's counter, so two commands at once never get the same number and a rolled back
insert gives its number back.
"""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import Insert, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import GuildNumber

COUNTERS = GuildNumber.__table__
SESSION_SCOPE = "session"


def reminder_scope(member_id: int) -> str:
    """A member's reminders are numbered on their own: their first one is #1."""
    return f"reminder:{member_id}"


@lru_cache(maxsize=2)
def _take_statement(dialect_name: str) -> Insert:
    dialect = postgresql if dialect_name == "postgresql" else sqlite
    statement: Insert = (
        dialect.insert(COUNTERS)
        .values(guild_id=bindparam("guild_id"), scope=bindparam("scope"), last_number=1)
        .on_conflict_do_update(
            index_elements=["guild_id", "scope"],
            set_={"last_number": COUNTERS.c.last_number + 1},
        )
        .returning(COUNTERS.c.last_number)
    )
    return statement


async def take_number(session: AsyncSession, guild_id: int, scope: str) -> int:
    """The guild's next number in `scope`, within the caller's transaction."""
    statement = _take_statement(session.get_bind().dialect.name)
    number = await session.scalar(statement, {"guild_id": guild_id, "scope": scope})
    assert number is not None  # an upsert with RETURNING always returns its row
    return int(number)
