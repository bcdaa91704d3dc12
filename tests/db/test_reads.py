"""`fetch_all` and `fetch_statement`: reads in one trip to the database, lists expanded for `IN`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import NamedTuple, cast

from sqlalchemy import Table, bindparam, select

from bot.db.engine import Database
from bot.db.models import GuildSettings
from bot.db.reads import fetch_all, fetch_statement, reading

NUMBERS = """
SELECT n, label FROM (
    SELECT 1 AS n, 'one' AS label UNION ALL SELECT 2, 'two' UNION ALL SELECT 3, 'three'
) AS numbers
WHERE n IN :wanted AND label <> :skipped
ORDER BY n
"""


class Numbered(NamedTuple):
    n: int
    label: str


async def test_rows_come_back_as_the_named_tuple_with_the_list_expanded(
    migrated: Database,
) -> None:
    async with reading(migrated.sessions) as connection:
        rows = await fetch_all(
            connection, NUMBERS, {"wanted": [3, 1, 2], "skipped": "two"}, Numbered,
            expanding=("wanted",),
        )  # fmt: skip
    assert rows == [Numbered(1, "one"), Numbered(3, "three")]
    assert rows[1].label == "three"


async def test_an_empty_list_matches_nothing(migrated: Database) -> None:
    async with reading(migrated.sessions) as connection:
        rows = await fetch_all(
            connection, NUMBERS, {"wanted": [], "skipped": "x"}, Numbered, expanding=("wanted",)
        )
    assert rows == []


async def test_a_name_that_starts_another_is_left_alone(migrated: Database) -> None:
    sql = "SELECT CAST(:ids_count AS integer) AS n, 'x' AS label WHERE 1 IN :ids"
    async with reading(migrated.sessions) as connection:
        rows = await fetch_all(
            connection, sql, {"ids": {1, 5}, "ids_count": 2}, Numbered, expanding=("ids", "absent")
        )
    assert rows == [Numbered(2, "x")]


async def test_casts_and_a_parameter_used_twice(migrated: Database) -> None:
    # `::` is a cast on PostgreSQL, not a parameter; SQLite has no `::`.
    cast = "CAST(:n AS integer)" if migrated.backend == "sqlite" else ":n::integer"
    sql = f"SELECT {cast} + CAST(:n AS integer) AS n, :label AS label"
    async with reading(migrated.sessions) as connection:
        rows = await fetch_all(connection, sql, {"n": 4, "label": "twice"}, Numbered)
    assert rows == [Numbered(8, "twice")]


SETTINGS = cast(Table, GuildSettings.__table__)
SETTINGS_OF = select(SETTINGS.c.guild_id, SETTINGS.c.updated_at).where(
    SETTINGS.c.guild_id == bindparam("guild_id")
)


async def test_a_core_statement_reads_by_column_name_with_dates_in_utc(
    migrated: Database,
) -> None:
    # PostgreSQL: through asyncpg directly; SQLite: through SQLAlchemy, which converts.
    written = datetime(2026, 7, 1, 12, 30, tzinfo=timezone(timedelta(hours=1)))
    async with migrated.sessions.begin() as session:
        session.add(GuildSettings(guild_id=7, updated_at=written))
    async with migrated.sessions() as session:
        rows = await fetch_statement(session, SETTINGS_OF, {"guild_id": 7})
        none = await fetch_statement(session, SETTINGS_OF, {"guild_id": 8})
    assert [(row.guild_id, row.updated_at) for row in rows] == [(7, written)]
    assert rows[0].updated_at.tzinfo == UTC
    assert none == []
