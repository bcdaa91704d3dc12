"""Alembic's head is exactly the models' schema, on SQLite and PostgreSQL, and reverses."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.engine import Database
from bot.db.models import Base
from bot.db.search_schema import include_object


def _schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_object": include_object}
    )
    return list(compare_metadata(context, Base.metadata))


def _tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def test_upgrade_to_head_yields_exactly_the_models_schema(migrated: Database) -> None:
    async with migrated.engine.connect() as conn:
        diff = await conn.run_sync(_schema_diff)
    assert diff == []


async def test_upgrade_is_idempotent_and_nothing_is_pending(migrated: Database) -> None:
    await migrated.upgrade()
    assert not await migrated.pending_migrations()


async def test_downgrade_to_base_removes_every_table(migrated: Database) -> None:
    await migrated.downgrade("base")

    async with migrated.engine.connect() as conn:
        assert await conn.run_sync(_tables) == set()
    assert await migrated.pending_migrations()
