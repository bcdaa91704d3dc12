"""Hot read-only queries as plain SQL, in as few round trips to the database as possible.

On SQLite, `fetch_all` hands the statement to aiosqlite in one trip to its thread, as
every statement through SQLAlchemy now is too (`bot/db/sqlite_driver.py`), without
SQLAlchemy's statement and result handling around it. On PostgreSQL it goes to asyncpg
directly, outside a transaction, which saves the BEGIN and ROLLBACK that SQLAlchemy sends
around it (asyncpg keeps the statement prepared); on a session's connection that has not
sent anything yet, no transaction is begun either. `reading` opens a plain connection
rather than a session: closing a session rolls back once more than returning a connection
does, another trip.

Only for reads whose columns need no conversion on that backend (numbers and text, and on
PostgreSQL timestamptz, which asyncpg gives as aware UTC datetimes): rows come back as the
driver gives them, each passed to the caller's `row` (e.g. a `NamedTuple`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, TypeVar, cast

from sqlalchemy import Select
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker

R = TypeVar("R")
# An empty list: `x IN` nothing (plain `()` is a syntax error in SQLite).
_NOTHING = "(SELECT NULL WHERE 0)"
# A `:name` parameter; `::type` is a cast.
_NAMED = re.compile(r"(?<!:):([A-Za-z_]\w*)")


def reading(
    sessions: async_sessionmaker[AsyncSession],
) -> AbstractAsyncContextManager[AsyncConnection]:
    """A connection of the engine that `sessions` are bound to, for `fetch_all`."""
    engine = sessions.kw["bind"]
    assert isinstance(engine, AsyncEngine)
    return engine.connect()


async def fetch_all(
    connection: AsyncConnection,
    sql: str,
    params: Mapping[str, Any],
    row: Callable[..., R],
    *,
    expanding: Collection[str] = (),
) -> list[R]:
    """The rows of `sql` (named `:params`), each as `row(*values)`, the statement's columns
    in order. Each parameter named in `expanding` holds a list of values, for
    `IN :name` (any other list is passed as one value, e.g. a PostgreSQL array)."""
    lists = [name for name in expanding if name in params]
    params = {**params, **{name: sorted(params[name]) for name in lists}}
    if connection.dialect.name == "sqlite":
        return [row(*values) for values in await _sqlite_fetch(connection, sql, params, lists)]
    # The other supported driver (bot.config.SUPPORTED_DRIVERS).
    assert connection.dialect.driver == "asyncpg"
    numbered, names = _numbered(sql, tuple(lists))
    driver = await _driver(connection)
    return [row(*values) for values in await driver.fetch(numbered, *map(params.get, names))]


async def fetch_statement(
    session: AsyncSession, statement: Select[Any], params: Mapping[str, Any]
) -> Sequence[Any]:
    """The rows of a Core `statement` built once with bind parameters, read by column name.

    On PostgreSQL it goes to asyncpg like `fetch_all` (compiled once): only for statements
    whose columns need no conversion there (numbers, text, timestamptz). On SQLite, where
    dates are text, SQLAlchemy runs it and converts them."""
    if session.get_bind().dialect.name != "postgresql":
        converted: Sequence[Any] = (await session.execute(statement, params)).all()
        return converted
    sql, columns = _for_asyncpg(statement)

    def by_name(*values: Any) -> SimpleNamespace:
        return SimpleNamespace(**dict(zip(columns, values, strict=True)))

    return await fetch_all(await session.connection(), sql, params, by_name)


# (SQLAlchemy's dialect classes carry no annotations, hence the cast.)
_NAMED_POSTGRESQL = cast("Callable[..., Dialect]", PGDialect)(paramstyle="named")


@lru_cache(maxsize=64)
def _for_asyncpg(statement: Select[Any]) -> tuple[str, tuple[str, ...]]:
    """`statement` as PostgreSQL SQL with `:name` parameters, and its column names."""
    sql = str(statement.compile(dialect=_NAMED_POSTGRESQL))
    return sql, tuple(column.name for column in statement.selected_columns)


async def _driver(connection: AsyncConnection) -> Any:
    driver = (await connection.get_raw_connection()).driver_connection
    assert driver is not None
    return driver


async def _sqlite_fetch(
    connection: AsyncConnection, sql: str, params: dict[str, Any], lists: list[str]
) -> Iterable[Sequence[Any]]:
    flat = {name: value for name, value in params.items() if name not in lists}
    for name in lists:
        values = params[name]
        names = [f"{name}__{n}" for n in range(len(values))]
        flat.update(zip(names, values, strict=True))
        listed = "(" + ", ".join(f":{n}" for n in names) + ")" if names else _NOTHING
        sql = re.sub(rf":{name}\b", listed, sql)
    driver = await _driver(connection)
    return cast(Iterable[Sequence[Any]], await driver.execute_fetchall(sql, flat))


@lru_cache(maxsize=256)
def _numbered(sql: str, lists: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """`sql` with asyncpg's numbered placeholders, `IN :list` as `= ANY($n)`, and the
    parameter name of each number."""
    for name in lists:
        sql = re.sub(rf"\bIN\s+:{name}\b", f"= ANY(:{name})", sql)
    names: list[str] = []

    def numbered(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in names:
            names.append(name)
        return f"${names.index(name) + 1}"

    return _NAMED.sub(numbered, sql), tuple(names)
