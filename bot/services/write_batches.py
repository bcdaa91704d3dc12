"""Ordered, batched database writes (group commit).

Writes are applied in the order they were submitted. Those submitted while a transaction
is in flight are collected into the next one, so a burst of Discord events costs a few
commits instead of one each. Writes of one kind that follow each other in a batch can be
applied together, as one statement (`together`). A transaction that fails for a passing
reason (a busy SQLite file, a dropped connection) is retried whole; if one write fails for
good, the others of its batch are committed without it, each alone.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.retry import RetryPolicy, is_transient, with_retries

log = logging.getLogger(__name__)

Apply = Callable[[AsyncSession], Awaitable[Any]]
# Applies several writes of one kind at once: their items in order, one outcome each.
ApplyTogether = Callable[[AsyncSession, list[Any]], Awaitable[list[Any]]]
MAX_BATCH = 200


@dataclass(frozen=True)
class _Write:
    what: str
    apply: Apply
    together: ApplyTogether | None = None
    item: Any = None


@dataclass(frozen=True)
class _Failed:
    error: Exception


@dataclass
class _Batch:
    writes: list[_Write] = field(default_factory=list)
    # Set right after creation; runs once the batch before it has finished.
    task: asyncio.Task[list[Any]] | None = None


class WriteBatcher:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        retry: RetryPolicy,
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._sessions = sessions
        self._retry = retry
        self._max_batch = max_batch
        self._collecting: _Batch | None = None
        self._last: asyncio.Task[list[Any]] | None = None

    async def write(
        self,
        what: str,
        apply: Apply,
        *,
        together: ApplyTogether | None = None,
        item: Any = None,
    ) -> Any:
        """Apply `apply` in a transaction, after every write submitted before it.

        With `together`, this write and its neighbours in the batch that share the same
        `together` are applied by one call of it with their `item`s instead; alone (or
        retried alone after a failure), `apply` runs."""
        batch = self._collecting
        if batch is None or len(batch.writes) >= self._max_batch:
            batch = self._collecting = _Batch()
            batch.task = asyncio.create_task(self._run(batch, self._last), name="nexus-writes")
            self._last = batch.task
        position = len(batch.writes)
        batch.writes.append(_Write(what, apply, together, item))
        assert batch.task is not None
        # Shielded: a caller that gives up must not cancel the others' writes.
        outcome = (await asyncio.shield(batch.task))[position]
        if isinstance(outcome, _Failed):
            raise outcome.error
        return outcome

    async def _run(self, batch: _Batch, previous: asyncio.Task[list[Any]] | None) -> list[Any]:
        if previous is not None:
            await asyncio.wait([previous])  # its outcome belongs to its own callers
        if self._collecting is batch:
            self._collecting = None  # writes from now on go into the next batch
        return await self._commit(batch.writes)

    async def _commit(self, writes: list[_Write]) -> list[Any]:
        what = writes[0].what if len(writes) == 1 else f"{len(writes)} writes"
        try:
            return await with_retries(lambda: self._apply(writes), what=what, policy=self._retry)
        except Exception as error:
            if len(writes) > 1 and not is_transient(error):
                return [(await self._commit([write]))[0] for write in writes]
            log.error("could not write %s", what, exc_info=error)
            return [_Failed(error)] * len(writes)

    async def _apply(self, writes: list[_Write]) -> list[Any]:
        async with self._sessions.begin() as session:
            outcomes: list[Any] = []
            for run in _runs(writes):
                if len(run) == 1 or run[0].together is None:
                    outcomes.extend([await write.apply(session) for write in run])
                else:
                    outcomes.extend(await run[0].together(session, [w.item for w in run]))
            return outcomes


def _runs(writes: list[_Write]) -> list[list[_Write]]:
    """The writes cut where `together` changes: each run is applied in one go."""
    runs: list[list[_Write]] = []
    for write in writes:
        if runs and write.together is not None and runs[-1][-1].together == write.together:
            runs[-1].append(write)
        else:
            runs.append([write])
    return runs
