"""Retrying a database write that failed for a passing reason (a busy SQLite file, a dropped
PostgreSQL connection), so that what members wrote is stored late rather than lost."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 10
    first_delay: float = 0.05
    max_delay: float = 5.0

    def delays(self) -> list[float]:
        return [
            min(self.max_delay, self.first_delay * 2**attempt)
            for attempt in range(self.attempts - 1)
        ]


def is_transient(error: BaseException) -> bool:
    """True for failures that the same statement may survive a moment later."""
    if isinstance(error, OperationalError | InterfaceError):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


async def with_retries(
    operation: Callable[[], Awaitable[T]], *, what: str, policy: RetryPolicy
) -> T:
    """Run `operation`, again after a growing pause while it fails transiently.

    The last failure is raised (and so logged by the caller's handler): a write is never
    dropped without a trace.
    """
    for attempt, delay in enumerate(policy.delays(), start=1):
        try:
            return await operation()
        except Exception as error:
            if not is_transient(error):
                raise
            log.warning(
                "%s failed (attempt %d of %d), retrying in %.2fs: %s",
                what,
                attempt,
                policy.attempts,
                delay,
                str(error).splitlines()[0] if str(error) else type(error).__name__,
            )
            await asyncio.sleep(delay)
    return await operation()
