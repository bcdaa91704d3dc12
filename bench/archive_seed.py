"""Seeding a Q&A archive of up to 1,000,000 messages fast, into the real schema.

The schema is the bot's own (`alembic upgrade`), full-text tables included, and what is
seeded is what the archive service would have left there:

- SQLite: a thread's FTS5 document (`qa_thread_fts`, migration 0011) holds its title,
  question, answer and replies. Inserted one by one, each message's trigger would rewrite
  its thread's document; instead the two insert triggers are set aside, the rows are
  inserted in bulk, every document is written once by the migration's own backfill
  statement, and the triggers are put back as they were.
- PostgreSQL: rows go in by COPY. The `search_vector` columns are generated, and the
  statement triggers of migration 0012 fill `qa_thread_words` from each COPY's rows, as
  they do for any insert.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

from sqlalchemy import insert, text

from bench.harness import ROOT
from bench.qa_seed import Archive, TextMaker, archive_rows
from bot.db.engine import Database
from bot.db.models import QAMessage, QAThread

PER_THREAD = 10  # messages per thread, as in bench/qa.py
CHUNK_THREADS = 2_000  # threads (and their messages) written per transaction
SQLITE_INSERT_TRIGGERS = ("qa_threads_fts_insert", "qa_messages_fts_insert")


@cache
def _thread_search_migration() -> ModuleType:
    path = next((ROOT / "migrations" / "versions").glob("0011_*.py"))
    spec = importlib.util.spec_from_file_location("thread_search_migration", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fts_backfill() -> str:
    """Migration 0011's statement writing every thread's document from the rows there."""
    statements: list[str] = _thread_search_migration().UP
    return next(s for s in statements if s.lstrip().startswith("INSERT INTO qa_thread_fts"))


def chunks(archive: Archive, maker: TextMaker) -> Iterator[tuple[list[Any], list[Any]]]:
    """The archive's thread and message rows, CHUNK_THREADS threads at a time."""
    per_thread = archive.messages // archive.threads
    for first in range(0, archive.threads, CHUNK_THREADS):
        count = min(CHUNK_THREADS, archive.threads - first)
        part = Archive(archive.guild_id, archive.channel_id, count, count * per_thread)
        yield archive_rows(part, maker, first)


async def seed(db: Database, archive: Archive, maker: TextMaker) -> None:
    if db.backend == "sqlite":
        await _seed_sqlite(db, archive, maker)
    else:
        await _seed_postgresql(db, archive, maker)


async def _seed_sqlite(db: Database, archive: Archive, maker: TextMaker) -> None:
    async with db.engine.begin() as conn:
        names = ", ".join(f"'{name}'" for name in SQLITE_INSERT_TRIGGERS)
        triggers = (
            await conn.execute(
                text(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                    f"AND name IN ({names})"
                )
            )
        ).all()
        assert len(triggers) == len(SQLITE_INSERT_TRIGGERS), "the schema has changed: see here"
        for name, _ in triggers:
            await conn.execute(text(f"DROP TRIGGER {name}"))
    try:
        for threads, messages in chunks(archive, maker):
            async with db.engine.begin() as conn:
                await conn.execute(insert(QAThread), threads)
                await conn.execute(insert(QAMessage), messages)
        async with db.engine.begin() as conn:
            await conn.execute(text(fts_backfill()))
    finally:
        async with db.engine.begin() as conn:
            for _, sql in triggers:
                await conn.execute(text(sql))


async def _seed_postgresql(db: Database, archive: Archive, maker: TextMaker) -> None:
    for threads, messages in chunks(archive, maker):
        async with db.engine.begin() as conn:
            raw = (await conn.get_raw_connection()).driver_connection
            assert raw is not None
            for table, rows in (("qa_threads", threads), ("qa_messages", messages)):
                columns = list(rows[0])
                await raw.copy_records_to_table(
                    table,
                    records=[tuple(row[c] for c in columns) for row in rows],
                    columns=columns,
                    schema_name=None,
                )


async def after_bulk_load(db: Database) -> None:
    """What autovacuum would do after a while: the planner's statistics, the visibility map
    (index-only scans), and on SQLite the write-ahead log folded back into the file."""
    async with db.engine.connect() as conn:
        if db.backend == "postgresql":
            autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
        else:
            await conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


async def size_on_disk(db: Database, path: Path | None) -> int:
    """Bytes the database takes: the SQLite file and its log, or PostgreSQL's database."""
    async with db.engine.connect() as conn:
        if db.backend == "postgresql":
            size = await conn.execute(text("SELECT pg_database_size(current_database())"))
            return int(size.scalar_one())
        await conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    assert path is not None
    return sum(p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists())
