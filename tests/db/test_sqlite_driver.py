"""SQLite statements through SQLAlchemy are one trip each to aiosqlite's thread, and still
behave as SQLAlchemy expects: rows, row counts, new ids, errors, streaming."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from bot.db.engine import Database

NOTES = Table(
    "notes",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("body", String, unique=True),
)


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    async with database.engine.begin() as conn:
        await conn.run_sync(NOTES.metadata.create_all)
    yield database
    await database.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of each function aiosqlite runs in its thread, in order."""
    names: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    yield names


async def test_a_transaction_of_two_statements_is_three_trips(
    db: Database, trips: list[str]
) -> None:
    async with db.engine.connect() as conn:  # a connection in the pool before counting
        await conn.execute(text("SELECT 1"))
    trips.clear()
    async with db.sessions.begin() as session:
        new_id = (
            await session.execute(insert(NOTES).values(body="a").returning(NOTES.c.id))
        ).scalar_one()
        await session.execute(update(NOTES).values(body="b"))
    # SQLAlchemy's own adapter made nine: cursor, execute, fetch and close each, commit.
    assert trips == ["_execute_in_thread", "_execute_in_thread", "commit"]
    assert new_id == 1


async def test_rows_counts_and_new_ids_come_back(db: Database) -> None:
    async with db.engine.begin() as conn:
        inserted = await conn.execute(insert(NOTES).values(body="first"))
        await conn.execute(insert(NOTES), [{"body": "second"}, {"body": "third"}])
        changed = await conn.execute(
            update(NOTES).where(NOTES.c.id > 1).values(body=NOTES.c.body + "!")
        )
        rows = (await conn.execute(select(NOTES).order_by(NOTES.c.id))).all()
    assert inserted.inserted_primary_key == (1,)
    assert changed.rowcount == 2
    assert [tuple(row) for row in rows] == [(1, "first"), (2, "second!"), (3, "third!")]


async def test_an_integrity_error_is_sqlalchemys_and_leaves_nothing(db: Database) -> None:
    async with db.sessions.begin() as session:
        await session.execute(insert(NOTES).values(body="taken"))
    with pytest.raises(IntegrityError):
        async with db.sessions.begin() as session:
            await session.execute(insert(NOTES).values(body="kept out"))
            await session.execute(insert(NOTES).values(body="taken"))
    async with db.sessions() as session:
        bodies = (await session.scalars(select(NOTES.c.body))).all()
    assert bodies == ["taken"]


async def test_streamed_results_still_come_row_by_row(db: Database) -> None:
    async with db.engine.begin() as conn:
        await conn.execute(insert(NOTES), [{"body": f"n{i}"} for i in range(5)])
    async with db.engine.connect() as conn:
        streamed = [row.body async for row in await conn.stream(select(NOTES).order_by(NOTES.c.id))]
    assert streamed == ["n0", "n1", "n2", "n3", "n4"]
