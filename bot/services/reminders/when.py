"""`when` of a reminder as members type it, in their time zone, to a UTC instant."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import ValidationError

EXAMPLES = "`in 90m`, `in 2h`, `tomorrow 09:00`, `2026-12-01 18:00` or `fri 17:30`"
HORIZON = timedelta(days=366)
UNITS = {
    "m": 1, "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "w": 10080, "week": 10080, "weeks": 10080,
}  # fmt: skip
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
RELATIVE = re.compile(r"in\s+((?:\d{1,6}\s*[a-z]+\s*)+)")
AMOUNT = re.compile(r"(\d{1,6})\s*([a-z]+)")
CLOCK = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
DAY_AND_CLOCK = re.compile(r"(?:([a-z]+)\s+)?([01]?\d|2[0-3]):([0-5]\d)")


def _unparseable(raw: str) -> ValidationError:
    shown = " ".join(raw.split())[:40]
    return ValidationError(f"I can't read '{shown}' as a time. Use {EXAMPLES}.")


def _local(day: date, at: time, zone: ZoneInfo) -> datetime:
    # A wall time skipped by a spring-forward lands just after the gap, as schedules do.
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def _relative(amounts: str, raw: str) -> timedelta:
    minutes = 0
    for number, unit in AMOUNT.findall(amounts):
        if unit not in UNITS:
            raise _unparseable(raw)
        minutes += int(number) * UNITS[unit]
    return timedelta(minutes=minutes)


def _weekday(word: str) -> int | None:
    for index, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and (name.startswith(word) or word.startswith(name)):
            return index
    return None


def _absolute(text: str, zone: ZoneInfo, now: datetime, raw: str) -> datetime:
    try:
        return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone).astimezone(UTC)
    except ValueError:
        pass
    match = DAY_AND_CLOCK.fullmatch(text)
    if not match:
        raise _unparseable(raw)
    word, at = match[1], time(int(match[2]), int(match[3]))
    today = now.astimezone(zone).date()
    if word in {"today", "tomorrow"}:
        return _local(today + timedelta(days=word == "tomorrow"), at, zone)
    weekday = None if word is None else _weekday(word)
    if word is not None and weekday is None:
        raise _unparseable(raw)
    for ahead in range(8):  # the next such time: later today, or the coming day that matches
        day = today + timedelta(days=ahead)
        if weekday is not None and day.weekday() != weekday:
            continue
        candidate = _local(day, at, zone)
        if candidate > now:
            return candidate
    raise _unparseable(raw)  # pragma: no cover: a week always holds the next occurrence


def parse_reminder_time(raw: str, timezone: str, now: datetime) -> datetime:
    """The UTC instant `raw` means for a member in `timezone` at `now`; it must be to come."""
    text = " ".join(raw.lower().split())
    relative = RELATIVE.fullmatch(text)
    if relative:
        due = now + _relative(relative[1], raw)
    else:
        due = _absolute(text, ZoneInfo(timezone), now, raw)
    if due <= now:
        raise ValidationError("That time has already passed; pick a moment still to come.")
    if due - now > HORIZON:
        raise ValidationError("Reminders can be set at most a year ahead.")
    return due.replace(second=0, microsecond=0) if relative is None else due
