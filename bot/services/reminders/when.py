"""`when` of a reminder as members type it, in their time zone, to a UTC instant.

The reader is the schedules' (`schedules/when.py`), so `/remind me` and `/announce
schedule` take the same forms; a reminder is at most a year ahead and strictly to come.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.errors import ValidationError
from bot.services.schedules.when import PAST, Horizon, read_moment

REMINDER_HORIZON = Horizon(timedelta(days=366), "year")


def parse_reminder_time(raw: str, timezone: str, now: datetime) -> datetime:
    """The UTC instant `raw` means for a member in `timezone` at `now`; it must be to come.

    `in 2h` is exact to the second; a wall time is to the minute."""
    moment = read_moment(raw, timezone, now, horizon=REMINDER_HORIZON)
    if moment.at <= now:
        raise ValidationError(PAST)
    return moment.at if moment.relative else moment.at.replace(second=0, microsecond=0)
