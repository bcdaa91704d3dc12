"""A per-member limit on commands that write, so one member cannot flood a channel."""

from __future__ import annotations

from collections import deque

from bot.clock import Clock
from bot.config import RateLimit
from bot.errors import RateLimited


class WriteRateLimiter:
    """Sliding window: at most `limit.count` writes per member in any `limit.seconds`.

    Only writes that went through count: a command that refused (bad input, not allowed)
    gives its hit back with `give_back`, so fixing a typo never locks a member out."""

    def __init__(self, limit: RateLimit, clock: Clock) -> None:
        self.limit = limit
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}

    def follow(self, clock: Clock) -> None:
        """Count with another clock from now on (the playground's bot clock jumps by hours,
        while a member waits in real seconds)."""
        self._clock = clock
        self._hits.clear()

    def hit(self, user_id: int) -> float:
        """Record one write by `user_id` and return its instant, or raise `RateLimited` and
        record nothing."""
        now = self._clock().timestamp()
        window = self._hits.setdefault(user_id, deque())
        while window and window[0] <= now - self.limit.seconds:
            window.popleft()
        if len(window) >= self.limit.count:
            raise RateLimited(retry_after=window[0] + self.limit.seconds - now)
        window.append(now)
        return now

    def give_back(self, user_id: int, instant: float) -> None:
        """Forget the write recorded at `instant`: it did not go through."""
        window = self._hits.get(user_id)
        if window is not None and instant in window:
            window.remove(instant)
