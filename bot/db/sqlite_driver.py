"""SQLAlchemy's aiosqlite adapter, with each statement one trip to the connection's thread.

aiosqlite runs every call in a thread of its own and hands the result back to the event
loop: about 0.15-0.3 ms a trip on this machine, more than most of Nexus's statements
take in SQLite. SQLAlchemy's adapter makes three or four trips a statement (open a cursor,
execute, fetch, close), so the busiest write, `/api request`, spent most of its database
time travelling. This cursor does all four in the thread at once and keeps what SQLAlchemy
reads afterwards (the rows, `description`, `rowcount`, `lastrowid`).

It reaches the thread through `aiosqlite.Connection._execute`, the call every aiosqlite
method is built on (SQLAlchemy's own adapter reaches into the same object for its
isolation level). `tests/db/test_sqlite_driver.py` fails if that ever changes.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.connectors.asyncio import AsyncAdapt_dbapi_connection
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT

# (description, rowcount, lastrowid, rows): what a finished sqlite3 cursor tells SQLAlchemy.
_Outcome = tuple[Any, int, int | None, list[Any]]


def _execute_in_thread(
    connection: sqlite3.Connection, operation: str, parameters: Sequence[Any] | None
) -> _Outcome:
    cursor = connection.cursor()
    try:
        cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, cursor.rowcount, cursor.lastrowid, rows
    finally:
        cursor.close()


def _execute_many_in_thread(
    connection: sqlite3.Connection, operation: str, parameters: Sequence[Sequence[Any]]
) -> _Outcome:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.description, cursor.rowcount, cursor.lastrowid, []
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A client-side cursor whose rows are all fetched by the one trip that executes."""

    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: AsyncAdapt_dbapi_connection) -> None:
        # No driver cursor is opened here (that would be a trip of its own).
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: _Outcome = (None, -1, None, [])

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[1]

    @property
    def lastrowid(self) -> int:
        return self._outcome[2]  # type: ignore[return-value]

    async def _async_soft_close(self) -> None:
        return None  # nothing is held in the thread between trips

    def close(self) -> None:
        self._rows.clear()

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        return await self._run(_execute_in_thread, operation, parameters)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        return await self._run(_execute_many_in_thread, operation, seq_of_parameters)

    async def _run(self, work: Any, operation: Any, parameters: Any) -> None:
        driver = cast(aiosqlite.Connection, self._connection)
        in_thread = cast(Callable[..., Awaitable[_Outcome]], driver._execute)
        async with self._adapt_connection._execute_mutex:
            self._outcome = await in_thread(work, driver._conn, operation, parameters)
        self._rows = collections.deque(self._outcome[3])

    def nextset(self) -> None:
        raise NotImplementedError("SQLite returns one result set per statement")

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The module SQLAlchemy's aiosqlite dialect is given (`create_engine(module=...)`)."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    return OneTripDBAPI(aiosqlite, sqlite3)
