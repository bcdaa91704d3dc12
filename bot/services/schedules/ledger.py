"""The exactly-once slot ledger shared by scheduled posts and session reminders.

A slot is claimed by inserting its row under a unique constraint before anything is posted:
whichever process inserts first owns it, every other one finds the row and does nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models.base import Base

ON_TIME = timedelta(minutes=2)  # later than this is recorded as "late"
INTERRUPTED_AFTER = timedelta(minutes=10)


async def claim_slot(
    session: AsyncSession, table: type[Base], unique: Sequence[str], values: Mapping[str, Any]
) -> int | None:
    """Insert the slot row; its id when this call won it, None when it was already there."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    statement = (
        dialect.insert(table)
        .values(**values)
        .on_conflict_do_nothing(index_elements=list(unique))
        .returning(table.id)  # type: ignore[attr-defined]
    )
    slot_id = await session.scalar(statement)
    return int(slot_id) if slot_id is not None else None
