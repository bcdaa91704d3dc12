"""The content version: a number the bot moves each time it reloads CONTENT_DIR, so that a
hub in another process (`python -m bot web`: the bot's child, or replicas it never
signals) can tell that its own copy of the content is out of date, and reload it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.models import ContentVersion

# The one row's key: the content folder is the only thing versioned so far.
CONTENT = "content"


class ContentVersions:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def record_reload(self) -> int:
        """Move the version on by one (the first reload makes it 1) and return it."""
        table = ContentVersion.__table__
        async with self._sessions.begin() as session:
            dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
            insert = dialect.insert(table).values(
                name=CONTENT, version=1, reloaded_at=self._clock()
            )
            # One statement, so two reloads at once (two bots, a retry) each count.
            await session.execute(
                insert.on_conflict_do_update(
                    index_elements=["name"],
                    set_={
                        "version": table.c.version + 1,
                        "reloaded_at": insert.excluded.reloaded_at,
                    },
                )
            )
            version = await session.scalar(
                select(ContentVersion.version).where(ContentVersion.name == CONTENT)
            )
        assert version is not None
        return version

    async def current(self) -> int:
        """The version now: 0 until the first reload. One primary-key read, cheap to poll."""
        async with self._sessions() as session:
            version = await session.scalar(
                select(ContentVersion.version).where(ContentVersion.name == CONTENT)
            )
        return version or 0
