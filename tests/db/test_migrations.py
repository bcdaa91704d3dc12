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


def _search_machinery(connection: Connection) -> set[str]:
    """The full-text objects of each backend that no model maps."""
    if connection.dialect.name == "sqlite":
        rows = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE name LIKE 'qa_%fts%'"
        )
        return {row[0] for row in rows}
    inspector = inspect(connection)
    return {
        f"{table}.{column['name']}"
        for table in inspector.get_table_names()
        for column in inspector.get_columns(table)
        if column["name"] == "search_vector"
    } | {
        index["name"] or ""
        for table in inspector.get_table_names()
        for index in inspector.get_indexes(table)
        if "search_vector" in (index["name"] or "")
    }


async def test_full_text_search_objects_come_and_go_with_the_migration(
    migrated: Database,
) -> None:
    async with migrated.engine.connect() as conn:
        made = await conn.run_sync(_search_machinery)
    if migrated.backend == "sqlite":
        assert {"qa_thread_fts", "qa_message_fts"} <= made
        assert {
            f"qa_{t}_fts_{e}"
            for t in ("threads", "messages")
            for e in ("insert", "delete", "update")
        } <= made
    else:
        assert made == {
            "qa_threads.search_vector",
            "qa_messages.search_vector",
            "ix_qa_threads_search_vector",
            "ix_qa_messages_search_vector",
        }

    await migrated.downgrade("base")

    async with migrated.engine.connect() as conn:
        assert await conn.run_sync(_search_machinery) == set()
