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
from bot.services.qa.search import QASearch
from tests.conftest import FixedClock


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
    return (
        {
            f"{table}.{column['name']}"
            for table in inspector.get_table_names()
            for column in inspector.get_columns(table)
            if column["name"] == "search_vector"
        }
        | {
            index["name"] or ""
            for table in inspector.get_table_names()
            for index in inspector.get_indexes(table)
            if "search_vector" in (index["name"] or "")
        }
        | {table for table in inspector.get_table_names() if table == "qa_thread_words"}
    )


async def test_full_text_search_objects_come_and_go_with_the_migration(
    migrated: Database,
) -> None:
    async with migrated.engine.connect() as conn:
        made = await conn.run_sync(_search_machinery)
    if migrated.backend == "sqlite":
        assert "qa_thread_fts" in made
        assert "qa_message_fts" not in made  # replies are in their thread's document
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
            "qa_thread_words",
        }

    await migrated.downgrade("base")

    async with migrated.engine.connect() as conn:
        assert await conn.run_sync(_search_machinery) == set()


async def test_thread_search_migration_indexes_the_replies_already_stored(
    migrated: Database,
) -> None:
    await migrated.downgrade("0010_api_contracts")
    async with migrated.engine.begin() as conn:
        await conn.exec_driver_sql(
            "INSERT INTO qa_threads (thread_id, guild_id, parent_channel_id, starter_message_id,"
            " asker_id, asker_name, title, created_at, question)"
            " VALUES (7, 1, 2, 7, 3, 'asker', 'Container trouble', '2026-01-01 00:00:00',"
            " 'my redis container restarts')"
        )
        for message_id, content in ((8, "look at the logs"), (9, "add a healthcheck")):
            await conn.exec_driver_sql(
                "INSERT INTO qa_messages (message_id, thread_id, author_id, author_name,"
                f" created_at, content) VALUES ({message_id}, 7, 4, 'helper',"
                f" '2026-01-01 00:0{message_id}:00', '{content}')"
            )

    await migrated.upgrade()

    search = QASearch(migrated.sessions, FixedClock())
    page = await search.search(1, "redis healthcheck")
    assert [hit.thread_id for hit in page.hits] == [7]
    if migrated.backend == "sqlite":
        async with migrated.engine.connect() as conn:
            document = await conn.exec_driver_sql("SELECT replies FROM qa_thread_fts")
            assert document.scalar_one() == "look at the logs\nadd a healthcheck"
