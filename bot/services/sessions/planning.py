"""Turning what a mentor typed into a `SessionPlan`, with the same time rules as schedules.

`when`, `repeat` and `timezone` go through the parsers of `/announce schedule` and
`/remind me` (`schedules/when.py`, `schedules/recurrence.py`): same formats, same
messages, same DST policy. A repeating
session's next start is the recurrence's next slot, so it keeps its local wall time when
the zone changes offset.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.errors import ValidationError
from bot.services.schedules.recurrence import (
    DaysRule,
    Recurrence,
    parse_repeat,
    parse_timezone,
    wall_time,
)
from bot.services.schedules.when import parse_when
from bot.services.sessions.model import SessionPlan
from bot.services.text_rules import tidy_line

TITLE_MAX = 100  # Discord's limit on an event's name
LOCATION_MAX = 100
DEFAULT_MINUTES = 60
MAX_MINUTES = 12 * 60


def check_title(raw: str) -> str:
    title = tidy_line(raw)
    if not title:
        raise ValidationError("Give the session a title.")
    if len(title) > TITLE_MAX:
        raise ValidationError(
            f"The title is {len(title)} characters; Discord allows {TITLE_MAX} for an event."
        )
    return title


def check_minutes(minutes: int | None) -> int:
    value = DEFAULT_MINUTES if minutes is None else minutes
    if value < 5:
        raise ValidationError("A session lasts at least 5 minutes.")
    if value > MAX_MINUTES:
        raise ValidationError(f"A session lasts at most 12 hours ({MAX_MINUTES} minutes).")
    return value


def check_start(starts_at: datetime, now: datetime) -> None:
    if starts_at <= now:
        raise ValidationError("That time is in the past; pick a moment still to come.")


def plan_session(
    *,
    title: str,
    when: str,
    now: datetime,
    timezone: str,
    minutes: int | None = None,
    repeat: str | None = None,
    topic: str | None = None,
    voice_channel_id: int | None = None,
    location: str | None = None,
) -> SessionPlan:
    """A checked plan; raises `ValidationError` with a message for the mentor."""
    clean_title = check_title(title)
    duration = timedelta(minutes=check_minutes(minutes))
    zone = parse_timezone(timezone)
    starts_at = parse_when(when, zone, now)
    check_start(starts_at, now)
    recurrence = None
    if repeat is not None:
        recurrence = Recurrence(
            wall_time(starts_at, zone), parse_repeat(repeat, starts_at, zone), zone
        )
    place = tidy_line(location or "") or None
    if voice_channel_id is None and place is None:
        raise ValidationError("Give a voice or stage `channel`, or a `location` for the session.")
    if place is not None and len(place) > LOCATION_MAX:
        raise ValidationError(f"The location is {len(place)} characters; the limit is 100.")
    return SessionPlan(
        title=clean_title,
        starts_at=starts_at,
        ends_at=starts_at + duration,
        timezone=zone,
        repeat=recurrence,
        topic=topic,
        voice_channel_id=voice_channel_id,
        location=None if voice_channel_id is not None else place,
    )


def replan(
    plan: SessionPlan,
    *,
    now: datetime,
    when: str | None = None,
    title: str | None = None,
    minutes: int | None = None,
) -> SessionPlan:
    """`plan` with the given changes (`/session edit`); the duration is kept unless given."""
    starts_at = plan.starts_at
    if when is not None:
        starts_at = parse_when(when, plan.timezone, now)
        check_start(starts_at, now)
    length = plan.ends_at - plan.starts_at
    if minutes is not None:
        length = timedelta(minutes=check_minutes(minutes))
    repeat = plan.repeat
    if repeat is not None and when is not None:
        days = _moved_days(repeat.days, plan.starts_at, starts_at, plan.timezone)
        repeat = replace(repeat, at=wall_time(starts_at, plan.timezone), days=days)
    return replace(
        plan,
        title=check_title(title) if title is not None else plan.title,
        starts_at=starts_at,
        ends_at=starts_at + length,
        repeat=repeat,
    )


def _moved_days(days: DaysRule, was: datetime, now_at: datetime, zone: str) -> DaysRule:
    """The repeat days of a session moved from `was` to `now_at`: kept when the new day is
    one of them (daily, weekdays, mon,wed moved to wed), else shifted by as many days as
    the session moved (weekly on Tuesday, moved to a Thursday: weekly on Thursday)."""
    old_day = was.astimezone(ZoneInfo(zone)).weekday()
    new_day = now_at.astimezone(ZoneInfo(zone)).weekday()
    if new_day in days.weekdays:
        return days
    shift = new_day - old_day
    return DaysRule(frozenset((day + shift) % 7 for day in days.weekdays))


def next_occurrence(plan: SessionPlan, after: datetime) -> SessionPlan | None:
    """The next session of a repeating plan starting after `after`, same local time."""
    if plan.repeat is None:
        return None
    starts_at = plan.repeat.next_runs(after, 1)[0]
    return replace(plan, starts_at=starts_at, ends_at=starts_at + (plan.ends_at - plan.starts_at))
