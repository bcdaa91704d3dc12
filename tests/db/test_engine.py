"""The engine's guarantees: aware UTC datetimes only, SQLite pragmas, clear start-up errors."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db import engine as engine_module
from bot.db.engine import Database
from bot.db.models import GuildSettings
from bot.errors import StartupError


async def test_a_naive_datetime_is_refused(migrated: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        async with migrated.sessions.begin() as session:
            session.add(GuildSettings(guild_id=1, updated_at=datetime(2026, 1, 1)))
    async with migrated.sessions() as session:
        assert await session.get(GuildSettings, 1) is None


async def test_datetimes_come_back_as_the_same_utc_instant(migrated: Database) -> None:
    lagos = timezone(timedelta(hours=1))
    written = datetime(2026, 7, 1, 12, 30, tzinfo=lagos)
    async with migrated.sessions.begin() as session:
        session.add(GuildSettings(guild_id=2, updated_at=written))

    async with migrated.sessions() as session:
        row = await session.get(GuildSettings, 2)
    assert row is not None
    assert row.updated_at == written
    assert row.updated_at.tzinfo == UTC


async def test_sqlite_runs_with_wal_busy_timeout_and_foreign_keys(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'p.db'}")
    async with db.engine.connect() as conn:
        journal = (await conn.execute(text("PRAGMA journal_mode"))).scalar()
        busy = (await conn.execute(text("PRAGMA busy_timeout"))).scalar()
        fks = (await conn.execute(text("PRAGMA foreign_keys"))).scalar()
    await db.dispose()
    assert (journal, busy, fks) == ("wal", 5000, 1)


async def test_an_unreachable_database_is_one_line_reason() -> None:
    db = Database("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    with pytest.raises(StartupError) as caught:
        await db.ping()
    await db.dispose()
    assert str(caught.value).startswith("database unreachable (postgresql):")
    assert "\n" not in str(caught.value)


async def test_a_sqlite_connection_given_back_inside_a_transaction_is_rolled_back(
    tmp_path: Path,
) -> None:
    # Written on the driver's own connection, past SQLAlchemy's transaction: only the pool's
    # rollback on return keeps it from the next user.
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'r.db'}")
    async with db.engine.begin() as conn:
        await conn.execute(text("CREATE TABLE notes (body TEXT)"))
    async with db.engine.connect() as conn:
        driver = (await conn.get_raw_connection()).driver_connection
        await driver.execute("INSERT INTO notes VALUES ('left open')")
        assert driver.in_transaction
    assert not driver.in_transaction
    async with db.sessions.begin() as session:
        await session.execute(text("INSERT INTO notes VALUES ('committed')"))
    async with db.engine.connect() as conn:
        notes = (await conn.execute(text("SELECT body FROM notes"))).scalars().all()
    await db.dispose()
    assert notes == ["committed"]


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
async def test_a_postgresql_connection_that_died_while_idle_is_replaced_unseen(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)  # every one is idle
    async with database.engine.connect() as conn:
        first = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    admin = create_async_engine(database.url)  # the server drops the pooled one
    async with admin.connect() as other:
        await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first})
    await admin.dispose()
    async with database.engine.connect() as conn:
        second = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
    assert second != first


@pytest.mark.parametrize("database", ["postgresql"], indirect=True)
async def test_a_postgresql_connection_used_moments_ago_is_not_pinged(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings: list[object] = []
    real_ping = database.engine.dialect.do_ping

    def counted(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)

    monkeypatch.setattr(database.engine.dialect, "do_ping", counted)
    for _ in range(3):
        async with database.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
    assert pings == []
    monkeypatch.setattr(engine_module, "PING_AFTER_IDLE_SECONDS", 0.0)
    async with database.engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    assert len(pings) == 1
