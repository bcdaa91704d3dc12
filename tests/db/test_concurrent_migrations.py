"""Two migrators started together on a fresh database (compose's services, replicas): both
succeed, one after the other, and leave one schema at one head."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from bot.db.engine import Database, alembic_config
from tests.conftest import BACKENDS, POSTGRES_URL, postgres_schema

Migrators = tuple[Database, Database]


@pytest.fixture(params=BACKENDS)
async def two_migrators(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Migrators]:
    """Two engines on the same empty database, as two processes would hold."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'shared.db'}"
        pair = (Database(url), Database(url))
        yield pair
        for db in pair:
            await db.dispose()
        return
    async with postgres_schema() as in_schema:
        pair = (
            Database(POSTGRES_URL or "", connect_args=in_schema),
            Database(POSTGRES_URL or "", connect_args=in_schema),
        )
        try:
            yield pair
        finally:
            for db in pair:
                await db.dispose()


def _versions_and_tables(connection: Connection) -> tuple[list[str], set[str]]:
    versions = [
        row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))
    ]
    return versions, set(inspect(connection).get_table_names())


async def test_two_upgrades_at_once_both_succeed_and_leave_one_schema(
    two_migrators: Migrators,
) -> None:
    first, second = two_migrators

    outcomes = await asyncio.gather(first.upgrade(), second.upgrade(), return_exceptions=True)

    assert outcomes == [None, None]
    async with first.engine.connect() as conn:
        versions, tables = await conn.run_sync(_versions_and_tables)
    heads = ScriptDirectory.from_config(alembic_config(first.url)).get_heads()
    assert sorted(versions) == sorted(heads)
    assert {"guild_settings", "qa_threads"} <= tables
    assert not await second.pending_migrations()
