"""The async engine, its sessions, and migrations applied from code."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.errors import StartupError

log = logging.getLogger(__name__)
SQLITE_BUSY_TIMEOUT_MS = 5000
# The package holding Alembic's env.py and versions/: the checkout's top-level folder, or
# its copy in site-packages when Nexus is installed from a wheel.
MIGRATIONS_PACKAGE = "migrations"
# Any fixed number works; every migrator must use the same one. Its bytes spell "NexusMig".
MIGRATION_LOCK_KEY = 0x4E65_7875_734D_6967


def migrations_dir() -> Path:
    """The folder of the installed `migrations` package, or a one-line `StartupError`."""
    try:
        location = resources.files(MIGRATIONS_PACKAGE)
    except ModuleNotFoundError:
        raise StartupError(
            "the migrations package is missing: reinstall Nexus (pip install .)"
        ) from None
    # Alembic reads env.py and the revisions from disk; a zipped install would have none.
    if not isinstance(location, Path):
        raise StartupError(f"the migrations package is not a folder on disk ({location})")
    return location


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


SQLITE_MMAP_BYTES = 256 * 2**20
# A PostgreSQL connection unused for longer than this is pinged before it is handed out.
PING_AFTER_IDLE_SECONDS = 1.0
_LAST_USED = "nexus_last_used"


def _enable_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while the bot writes; the busy timeout makes a second
    # process wait for the lock instead of failing at once.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # Reads through memory-mapped pages that every connection shares, instead of each
    # copying pages into its own 2 MiB cache: a common word's search reads ~500 rows.
    cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
    cursor.close()


def _stamp_use(_dbapi_connection: Any, record: ConnectionPoolEntry, *_: Any) -> None:
    record.info[_LAST_USED] = time.monotonic()


def _ping_if_idle(dialect: Dialect) -> Callable[[Any, ConnectionPoolEntry, Any], None]:
    """A checkout listener: SQLAlchemy's pre-ping costs three round trips on asyncpg
    (BEGIN, a query, ROLLBACK) on every checkout, more than a search's own statement. A
    connection given back to the pool moments ago was alive then; one idle for longer (a
    database restart, a dropped socket) is pinged, and a dead one is replaced (the pool
    retries on `DisconnectionError`) before anyone uses it."""

    def ping(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: Any) -> None:
        if time.monotonic() - record.info.get(_LAST_USED, 0.0) < PING_AFTER_IDLE_SECONDS:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError(f"stale connection: {error}") from error

    return ping


class Database:
    """One engine and session factory for the whole bot."""

    def __init__(self, url: str, *, connect_args: dict[str, Any] | None = None) -> None:
        self.url = url
        self.connect_args = connect_args or {}
        self.backend = make_url(url).get_backend_name()
        # The pool rolls back every connection it takes back (its default reset): a
        # transaction left open by mistake never reaches the next user.
        self.engine: AsyncEngine = create_async_engine(url, connect_args=self.connect_args)
        if self.backend == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _enable_sqlite_pragmas)
        else:
            # Liveness is checked by `_ping_if_idle`, not by `pool_pre_ping` (see there).
            pool = self.engine.sync_engine.pool
            event.listen(pool, "connect", _stamp_use)
            event.listen(pool, "checkin", _stamp_use)
            event.listen(pool, "checkout", _ping_if_idle(self.engine.dialect))
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            self.engine, expire_on_commit=False
        )

    async def ping(self) -> None:
        """Open one connection, or raise `StartupError` with a one-line reason."""
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception as error:  # any driver error means the same thing to an operator
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error)
            raise StartupError(f"database unreachable ({self.backend}): {reason}") from None

    async def is_healthy(self) -> bool:
        try:
            async with self.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
        except Exception:
            return False
        return True

    async def upgrade(self, revision: str = "heads") -> None:
        """Apply pending migrations on this engine's own connection. Migrators started
        together (compose's services, replicas) take turns: the later ones find nothing to do.
        """
        async with self.engine.begin() as conn:
            await _wait_for_migration_turn(conn, self.backend)
            await conn.run_sync(_run_alembic, "upgrade", revision, self.url)

    async def downgrade(self, revision: str = "base") -> None:
        async with self.engine.begin() as conn:
            await conn.run_sync(_run_alembic, "downgrade", revision, self.url)

    async def pending_migrations(self) -> bool:
        async with self.engine.connect() as conn:
            return await conn.run_sync(_has_pending, self.url)

    async def dispose(self) -> None:
        await self.engine.dispose()


async def _wait_for_migration_turn(conn: AsyncConnection, backend: str) -> None:
    """Make `conn`'s transaction the only migrator until it ends; others wait their turn.

    Taken before Alembic reads the version table in the same transaction, so the next
    migrator reads the committed version and finds nothing left to do."""
    if backend == "postgresql":
        # PostgreSQL runs the DDL in this transaction too; the lock goes with its end.
        await conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
    elif backend == "sqlite":
        # The database file's write lock is enough, held from the start: Python's sqlite3
        # opens a transaction only before a data change, so DDL would otherwise commit
        # statement by statement and two migrators would both create the first table. An
        # immediate transaction takes the lock now; a second migrator waits (busy_timeout).
        await conn.exec_driver_sql("BEGIN IMMEDIATE")


def _run_alembic(connection: Connection, verb: str, revision: str, url: str) -> None:
    config = alembic_config(url)
    config.attributes["connection"] = connection
    if verb == "upgrade":
        command.upgrade(config, revision)
    else:
        command.downgrade(config, revision)


def _has_pending(connection: Connection, url: str) -> bool:
    heads = set(ScriptDirectory.from_config(alembic_config(url)).get_heads())
    current = set(MigrationContext.configure(connection).get_current_heads())
    return heads != current
