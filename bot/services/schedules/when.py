"""One reader for a moment as members type it: `/remind me`, `/announce schedule` and
`/session schedule` take the same forms and answer the same messages.

The forms: `in 90m` / `in 1h 30min` (from now), `today 18:00`, `tomorrow 09:00`, `fri 17:30`
(the next such day), `17:30` (the next such time), and `2026-12-01 18:00`. Wall times are
in the member's or the schedule's zone; one skipped by a spring-forward lands just after
the gap, as schedule slots do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import ValidationError
from bot.services.schedules.recurrence import HORIZON

EXAMPLES = "`in 90m`, `tomorrow 09:00`, `fri 17:30` or YYYY-MM-DD HH:MM (`2026-12-01 18:00`)"
PAST = "That time is in the past; pick a moment still to come."
UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "w": 10080, "week": 10080, "weeks": 10080,
}  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RELATIVE = re.compile(r"in\s+((?:\d{1,6}\s*[a-z]+\s*)+)")
AMOUNT = re.compile(r"(\d{1,6})\s*([a-z]+)")
DAY_AND_CLOCK = re.compile(r"(?:([a-z]+)\s+)?([01]?\d|2[0-3]):([0-5]\d)")
DATE_AND_CLOCK = re.compile(r"\d{4}-\d{2}-\d{2} \d{1,2}:\d{2}")


@dataclass(frozen=True)
class Horizon:
    """How far ahead a moment may be, and how the refusal says it ("5 years")."""

    ahead: timedelta
    words: str


@dataclass(frozen=True)
class Moment:
    at: datetime  # UTC
    relative: bool  # `in 2h`: counted from now to the second, not a wall time


def unreadable(raw: str) -> ValidationError:
    shown = " ".join(raw.split())[:40]
    return ValidationError(f"I can't read '{shown}' as a time. Use {EXAMPLES}.")


def too_far(horizon: Horizon) -> ValidationError:
    return ValidationError(f"That time is too far ahead: pick one within the next {horizon.words}.")


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _amount(amounts: str, raw: str) -> timedelta:
    minutes = 0
    for number, unit in AMOUNT.findall(amounts):
        if unit not in UNITS:
            raise unreadable(raw)
        minutes += int(number) * UNITS[unit]
    return timedelta(minutes=minutes)


def _weekday(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and (name.startswith(word) or word.startswith(name)):
            return index
    return None


def _dated(
    text: str, zone: ZoneInfo, now: datetime, horizon: Horizon, past_by: timedelta, raw: str
) -> datetime:
    # The bounds are checked on the wall time, before converting: a date at the ends of
    # the calendar (year 1 or 9999) cannot be converted at all.
    try:
        local = datetime.strptime(text, "%Y-%m-%d %H:%M")
    except ValueError:
        raise unreadable(raw) from None
    local_now = now.astimezone(zone).replace(tzinfo=None)
    if local > local_now + horizon.ahead:
        raise too_far(horizon)
    if local < local_now - past_by:
        raise ValidationError(PAST)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _next_clock(text: str, zone: ZoneInfo, now: datetime, raw: str) -> datetime:
    match = DAY_AND_CLOCK.fullmatch(text)
    if not match:
        raise unreadable(raw)
    word, at = match[1], time(int(match[2]), int(match[3]))
    today = now.astimezone(zone).date()
    if word in {"today", "tomorrow"}:
        return _local(today + timedelta(days=word == "tomorrow"), at, zone)
    weekday = None if word is None else _weekday(word)
    if word is not None and weekday is None:
        raise unreadable(raw)
    for ahead in range(8):  # the next such time: later today, or the coming day that matches
        day = today + timedelta(days=ahead)
        if weekday is not None and day.weekday() != weekday:
            continue
        candidate = _local(day, at, zone)
        if candidate > now:
            return candidate
    raise unreadable(raw)  # pragma: no cover: a week always holds the next occurrence


def read_moment(
    raw: str,
    timezone: str,
    now: datetime,
    *,
    horizon: Horizon,
    may_be_past_by: timedelta = timedelta(0),
) -> Moment:
    """The UTC instant `raw` means in `timezone` at `now`, within `horizon`.

    Only a dated moment can be in the past (more than `may_be_past_by` before `now` is
    refused); the caller decides whether `now` itself is still to come.
    """
    text = " ".join(raw.lower().split())
    zone = ZoneInfo(timezone)
    relative = RELATIVE.fullmatch(text)
    if relative:
        distance = _amount(relative[1], raw)
        if distance > horizon.ahead:
            raise too_far(horizon)
        return Moment(now + distance, relative=True)
    if DATE_AND_CLOCK.fullmatch(text):
        return Moment(_dated(text, zone, now, horizon, may_be_past_by, raw), relative=False)
    return Moment(_next_clock(text, zone, now, raw), relative=False)


SCHEDULE_HORIZON = Horizon(HORIZON, "5 years")


def parse_when(
    raw: str, timezone: str, now: datetime, *, may_be_past_by: timedelta = timedelta(0)
) -> datetime:
    """The start of an announcement or a session, to the minute, within five years.

    A repeating one may start up to `may_be_past_by` ago ("daily from 09:00" at 10:00).
    """
    moment = read_moment(
        raw, timezone, now, horizon=SCHEDULE_HORIZON, may_be_past_by=may_be_past_by
    )
    return moment.at.replace(second=0, microsecond=0)
