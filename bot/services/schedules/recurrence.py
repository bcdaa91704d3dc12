"""When schedules fire: parsing mentors' rules and computing slots across time zones and DST.

A slot is one (local date, wall time) of a schedule, stored as its UTC instant. A wall time
that does not exist on a spring-forward day (02:30 in New York) runs at the same offset as
before the gap, which lands just after it (03:30); a wall time that happens twice on a
fall-back day runs at its first occurrence. Either way a day has exactly one slot.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import ValidationError
from bot.services.text_rules import optional_line

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_ALIASES = {
    "monday": "mon", "tuesday": "tue", "tues": "tue", "wednesday": "wed", "thursday": "thu",
    "thur": "thu", "thurs": "thu", "friday": "fri", "saturday": "sat", "sunday": "sun",
}  # fmt: skip
NAMED_RULES = {
    "daily": frozenset(range(7)),
    "weekdays": frozenset(range(5)),
    "weekends": frozenset({5, 6}),
}
HH_MM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
# How far ahead a schedule may start: five years (of 365 days, plus one leap day).
HORIZON = timedelta(days=5 * 365 + 1)
CALENDAR_END = datetime.max.replace(tzinfo=UTC)
WINDOW = timedelta(days=8)  # next_runs looks this far at a time: more than a week


@dataclass(frozen=True)
class DaysRule:
    weekdays: frozenset[int]  # Monday is 0

    @property
    def text(self) -> str:
        for name, days in NAMED_RULES.items():
            if days == self.weekdays:
                return name
        return ",".join(DAY_NAMES[d] for d in sorted(self.weekdays))


def parse_days(raw: str | None) -> DaysRule:
    """`daily` (default), `weekdays`, `weekends`, or a list such as `mon,wed,fri`."""
    text = (optional_line(raw) or "daily").lower()
    if text in NAMED_RULES:
        return DaysRule(NAMED_RULES[text])
    days = set()
    for part in re.split(r"[,\s]+", text):
        if not part:
            continue
        name = _ALIASES.get(part, part)
        if name not in DAY_NAMES:
            raise ValidationError(
                f"'{part[:20]}' is not a day. Use daily, weekdays, weekends, or a list like "
                "mon,wed,fri."
            )
        days.add(DAY_NAMES.index(name))
    if not days:
        raise ValidationError("Give at least one day, e.g. mon,wed,fri.")
    return DaysRule(frozenset(days))


def parse_repeat(raw: str, first: datetime, timezone: str) -> DaysRule:
    """A repeat rule of something that first happens at `first`: `weekly` means the
    weekday of that first time in `timezone`; anything else as `parse_days`."""
    if (optional_line(raw) or "").lower() == "weekly":
        return DaysRule(frozenset({first.astimezone(ZoneInfo(timezone)).weekday()}))
    try:
        return parse_days(raw)
    except ValidationError as refused:
        raise ValidationError(f"{refused} Or weekly: each week on the first one's day.") from None


def parse_time(raw: str) -> time:
    match = HH_MM.match(raw.strip())
    if not match:
        raise ValidationError(f"'{raw.strip()[:20]}' is not a time; use 24-hour HH:MM, e.g. 09:30.")
    return time(int(match[1]), int(match[2]))


def parse_timezone(raw: str) -> str:
    name = raw.strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"'{name[:40]}' is not a time zone; use an IANA name such as Africa/Lagos."
        ) from None
    return name


def wall_time(instant: datetime, timezone: str) -> time:
    """The local clock time of `instant` in `timezone`."""
    return instant.astimezone(ZoneInfo(timezone)).time().replace(second=0, microsecond=0)


def timezone_names(typed: str, limit: int = 25) -> list[str]:
    """IANA names containing the typed text, prefix matches first."""
    needle = typed.strip().lower().replace(" ", "_")
    names = sorted(available_timezones())
    starts = [n for n in names if n.lower().startswith(needle)]
    contains = [n for n in names if needle in n.lower() and n not in starts]
    return (starts + contains)[:limit]


@dataclass(frozen=True)
class Recurrence:
    """A wall time on some weekdays in one time zone."""

    at: time
    days: DaysRule
    timezone: str

    def _slot_on(self, day: date) -> datetime:
        local = datetime.combine(day, self.at, tzinfo=ZoneInfo(self.timezone))
        return local.astimezone(UTC)

    def slots_between(self, start: datetime, end: datetime) -> Iterator[datetime]:
        """UTC instants of slots in (start, end], oldest first.

        At the ends of the calendar (years 1 and 9999) the slots simply stop: a row stored
        with such a date must never break a list or a scheduler run.
        """
        zone = ZoneInfo(self.timezone)
        try:
            day = start.astimezone(zone).date() - timedelta(days=1)
        except OverflowError:
            return
        try:
            last = end.astimezone(zone).date()
        except OverflowError:
            last = date.max
        while day <= last:
            if day.weekday() in self.days.weekdays:
                try:
                    slot = self._slot_on(day)
                except OverflowError:
                    return
                if start < slot <= end:
                    yield slot
            if day == date.max:
                return
            day += timedelta(days=1)

    def next_runs(self, after: datetime, count: int) -> list[datetime]:
        """Up to `count` slots after `after`; fewer (or none) at the end of the calendar."""
        runs: list[datetime] = []
        window = after
        while len(runs) < count and window < CALENDAR_END:
            window_end = window + WINDOW if CALENDAR_END - window > WINDOW else CALENDAR_END
            runs.extend(self.slots_between(window, window_end))
            window = window_end
        return runs[:count]
