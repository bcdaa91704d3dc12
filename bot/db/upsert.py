"""INSERT ... ON CONFLICT DO UPDATE for both supported backends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import Insert


def upsert_statement(
    dialect: str, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> Insert:
    """One atomic statement: insert `values`, or update the row that has the same `keys`."""
    module = postgresql if dialect == "postgresql" else sqlite
    statement = module.insert(table).values(**values)
    changes = {name: statement.excluded[name] for name in values if name not in keys}
    upserted: Insert = statement.on_conflict_do_update(index_elements=list(keys), set_=changes)
    return upserted


async def upsert(
    session: AsyncSession, table: Table, values: Mapping[str, Any], keys: Sequence[str]
) -> None:
    dialect = session.get_bind().dialect.name
    await session.execute(upsert_statement(dialect, table, values, keys))
