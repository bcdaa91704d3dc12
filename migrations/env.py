"""Alembic environment: async engines, or the connection the bot hands over."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from bot.db.models import Base
from bot.db.search_schema import include_object
from bot.db.types import UTCDateTime

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from bot.config import Settings

    return Settings.from_env().database_url


def _render_item(kind: str, item: Any, autogen_context: Any) -> str | Literal[False]:
    """Autogenerate writes our UTC column type as `UTCDateTime()`, imported from bot.db."""
    if kind == "type" and isinstance(item, UTCDateTime):
        autogen_context.imports.add("from bot.db.types import UTCDateTime")
        return "UTCDateTime()"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_async_engine(_url())
    async with engine.begin() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    handed_over = config.attributes.get("connection")
    if handed_over is not None:
        _configure(handed_over)
    else:
        asyncio.run(_run_async())
