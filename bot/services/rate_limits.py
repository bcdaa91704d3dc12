"""A per-member limit on commands that write, so one member cannot flood a channel."""

from __future__ import annotations

from collections import deque

from bot.clock import Clock
from bot.config import RateLimit
from bot.errors import RateLimited


class WriteRateLimiter:
    """Sliding window: at most `limit.count` writes per member in any `limit.seconds`."""

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self.limit = limit
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}

    def hit(self, user_id: int) -> None:
        """Record one write by `user_id`, or raise `RateLimited` and record nothing."""
        now = self._clock().timestamp()
        window = self._hits.setdefault(user_id, deque())
        while window and window[0] <= now - self.limit.seconds:
            window.popleft()
        if len(window) >= self.limit.count:
            raise RateLimited(retry_after=window[0] + self.limit.seconds - now)
        window.append(now)
