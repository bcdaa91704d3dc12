from __future__ import annotations

from datetime import timedelta

import pytest

from bot.config import RateLimit
from bot.errors import RateLimited
from bot.services.rate_limits import WriteRateLimiter
from tests.conftest import FixedClock


def test_the_limit_applies_per_member_and_frees_up_as_the_window_slides(
    clock: FixedClock,
) -> None:
    limiter = WriteRateLimiter(RateLimit(2, 10), clock)
    limiter.hit(1)
    clock.now += timedelta(seconds=4)
    limiter.hit(1)
    limiter.hit(2)  # another member is not affected

    with pytest.raises(RateLimited) as caught:
        limiter.hit(1)
    assert caught.value.retry_after == pytest.approx(6)
    assert "Try again in 6 seconds" in str(caught.value)

    clock.now += timedelta(seconds=6)
    limiter.hit(1)  # the first write has left the window


def test_a_refused_write_is_not_counted(clock: FixedClock) -> None:
    limiter = WriteRateLimiter(RateLimit(1, 10), clock)
    limiter.hit(1)
    for _ in range(3):
        with pytest.raises(RateLimited):
            limiter.hit(1)
    clock.now += timedelta(seconds=10)
    limiter.hit(1)


def test_a_write_given_back_no_longer_counts(clock: FixedClock) -> None:
    limiter = WriteRateLimiter(RateLimit(1, 10), clock)
    instant = limiter.hit(1)
    limiter.give_back(1, instant)
    limiter.hit(1)  # the slot is free again
    with pytest.raises(RateLimited):
        limiter.hit(1)
