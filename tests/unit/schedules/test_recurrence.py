"""Schedule rules: parsing, and slot instants across time zones and daylight saving."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from bot.errors import ValidationError
from bot.services.schedules.book import Kind, ScheduleInfo
from bot.services.schedules.planner import trigger_for
from bot.services.schedules.recurrence import (
    Recurrence,
    parse_days,
    parse_time,
    parse_timezone,
    timezone_names,
)
from bot.services.schedules.when import parse_when

NOW = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "weekdays", "text"),
    [
        (None, {0, 1, 2, 3, 4, 5, 6}, "daily"),
        ("weekdays", {0, 1, 2, 3, 4}, "weekdays"),
        ("Weekends", {5, 6}, "weekends"),
        ("mon,wed,fri", {0, 2, 4}, "mon,wed,fri"),
        ("Friday, monday", {0, 4}, "mon,fri"),
        ("tue thu", {1, 3}, "tue,thu"),
    ],
)
def test_days_rules(raw: str | None, weekdays: set[int], text: str) -> None:
    rule = parse_days(raw)
    assert rule.weekdays == weekdays
    assert rule.text == text


@pytest.mark.parametrize("raw", ["mon,funday", ",", "everyday", "1,2"])
def test_bad_days_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError):
        parse_days(raw)


@pytest.mark.parametrize("raw", ["9", "24:00", "09:60", "9.30", "noon", "", "09:30pm"])
def test_bad_times_are_refused(raw: str) -> None:
    with pytest.raises(ValidationError, match="HH:MM"):
        parse_time(raw)


def test_times_and_zones_parse() -> None:
    assert parse_time("9:05") == time(9, 5)
    assert parse_time(" 23:59 ") == time(23, 59)
    assert parse_timezone("Africa/Lagos") == "Africa/Lagos"
    with pytest.raises(ValidationError, match="IANA"):
        parse_timezone("Lagos/Africa")
    lagos = parse_when("2026-03-08 09:00", "Africa/Lagos", NOW)
    assert lagos == datetime(2026, 3, 8, 8, tzinfo=UTC)
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        parse_when("tomorrow 9am", "UTC", NOW)
    assert timezone_names("africa/la")[0] == "Africa/Lagos"


NEW_YORK_9AM = Recurrence(time(9, 0), parse_days("daily"), "America/New_York")


def test_a_wall_time_keeps_its_local_hour_across_spring_forward() -> None:
    slots = list(
        NEW_YORK_9AM.slots_between(
            datetime(2026, 3, 7, 0, tzinfo=UTC), datetime(2026, 3, 10, 0, tzinfo=UTC)
        )
    )
    # 9:00 EST is 14:00 UTC; from Sunday 8 March 9:00 EDT is 13:00 UTC.
    assert [s.hour for s in slots] == [14, 13, 13]


def test_a_wall_time_keeps_its_local_hour_across_fall_back() -> None:
    slots = list(
        NEW_YORK_9AM.slots_between(
            datetime(2026, 10, 31, 0, tzinfo=UTC), datetime(2026, 11, 3, 0, tzinfo=UTC)
        )
    )
    assert [s.hour for s in slots] == [13, 14, 14]


def test_a_time_inside_the_spring_gap_runs_once_just_after_it() -> None:
    rule = Recurrence(time(2, 30), parse_days("daily"), "America/New_York")
    slots = list(
        rule.slots_between(datetime(2026, 3, 8, 0, tzinfo=UTC), datetime(2026, 3, 9, 0, tzinfo=UTC))
    )
    assert slots == [datetime(2026, 3, 8, 7, 30, tzinfo=UTC)]  # 03:30 EDT


def test_a_time_that_happens_twice_at_fall_back_runs_once() -> None:
    rule = Recurrence(time(1, 30), parse_days("daily"), "America/New_York")
    slots = list(
        rule.slots_between(
            datetime(2026, 11, 1, 0, tzinfo=UTC), datetime(2026, 11, 2, 0, tzinfo=UTC)
        )
    )
    assert slots == [datetime(2026, 11, 1, 5, 30, tzinfo=UTC)]  # the first 01:30 (EDT)


def test_next_runs_respects_the_days_rule() -> None:
    rule = Recurrence(time(18, 0), parse_days("mon,fri"), "Africa/Lagos")
    runs = rule.next_runs(datetime(2026, 3, 4, 12, tzinfo=UTC), 3)  # a Wednesday
    assert [r.strftime("%a %H:%M") for r in runs] == ["Fri 17:00", "Mon 17:00", "Fri 17:00"]


def test_the_scheduler_wakes_at_the_same_instants_as_the_ledger_slots() -> None:
    info = ScheduleInfo(
        id=1, guild_id=1, kind=Kind.TAKEAWAY, channel_id=1, timezone="America/New_York",
        recurrence=NEW_YORK_9AM, run_at=None, message=None, paused=False, paused_reason=None,
        consecutive_failures=0, created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )  # fmt: skip
    trigger = trigger_for(info)
    assert trigger is not None
    start = datetime(2026, 3, 6, tzinfo=UTC)
    expected = list(NEW_YORK_9AM.slots_between(start, datetime(2026, 3, 11, tzinfo=UTC)))
    fired, previous = [], None
    moment = start
    for _ in expected:
        next_fire = trigger.get_next_fire_time(previous, moment)
        fired.append(next_fire.astimezone(UTC))
        previous = moment = next_fire
    assert fired == expected


@pytest.mark.parametrize(
    ("when", "zone"),
    [
        ("9999-12-31 23:59", "America/Los_Angeles"),
        ("0001-01-01 00:00", "Asia/Tokyo"),
        ("9999-12-30 10:00", "UTC"),
        ("2031-03-01 12:01", "UTC"),
    ],
)
def test_a_time_beyond_five_years_ahead_or_at_the_calendar_ends_is_refused(
    when: str, zone: str
) -> None:
    with pytest.raises(ValidationError, match=r"within the next 5 years|in the past"):
        parse_when(when, zone, NOW, may_be_past_by=timedelta(days=1))


def test_the_five_year_horizon_and_the_past_are_exact_bounds() -> None:
    assert parse_when("2031-03-01 12:00", "UTC", NOW) == datetime(2031, 3, 1, 12, tzinfo=UTC)
    assert parse_when("2026-03-01 12:00", "UTC", NOW) == NOW
    with pytest.raises(ValidationError, match="in the past"):
        parse_when("2026-03-01 11:59", "UTC", NOW)
    assert parse_when("2026-03-01 09:00", "UTC", NOW, may_be_past_by=timedelta(days=1))


def test_slots_stop_quietly_at_the_end_of_the_calendar() -> None:
    daily = Recurrence(time(10), parse_days("daily"), "Asia/Tokyo")
    near_the_end = datetime(9999, 12, 29, tzinfo=UTC)

    runs = daily.next_runs(near_the_end, 5)

    assert runs == [datetime(9999, 12, day, 1, tzinfo=UTC) for day in (29, 30, 31)]
    assert list(daily.slots_between(near_the_end, datetime.max.replace(tzinfo=UTC))) == runs
