"""Reading a reminder's `when` in a member's time zone, with explicit instants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.errors import ValidationError
from bot.services.reminders.when import parse_reminder_time

# Wednesday 4 March 2026, 10:15 UTC (11:15 in Lagos, 05:15 in New York).
NOW = datetime(2026, 3, 4, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "zone", "expected"),
    [
        ("in 90m", "UTC", NOW + timedelta(minutes=90)),
        ("in 2h", "Africa/Lagos", NOW + timedelta(hours=2)),
        ("In 1h 30min", "UTC", NOW + timedelta(minutes=90)),
        ("in 3 days", "UTC", NOW + timedelta(days=3)),
        ("tomorrow 09:00", "Africa/Lagos", datetime(2026, 3, 5, 8, 0, tzinfo=UTC)),
        ("today 18:00", "UTC", datetime(2026, 3, 4, 18, 0, tzinfo=UTC)),
        ("2026-12-01 18:00", "Africa/Lagos", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
        ("fri 17:30", "UTC", datetime(2026, 3, 6, 17, 30, tzinfo=UTC)),
        ("friday 17:30", "America/New_York", datetime(2026, 3, 6, 22, 30, tzinfo=UTC)),
        ("wed 10:00", "UTC", datetime(2026, 3, 11, 10, 0, tzinfo=UTC)),  # today's has passed
        ("wed 11:00", "UTC", datetime(2026, 3, 4, 11, 0, tzinfo=UTC)),  # later today
        ("09:00", "UTC", datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
    ],
)
def test_each_accepted_form_gives_the_instant_it_means(
    typed: str, zone: str, expected: datetime
) -> None:
    assert parse_reminder_time(typed, zone, NOW) == expected


def test_a_wall_time_across_the_spring_change_keeps_its_local_clock() -> None:
    # New York moves to summer time on Sunday 8 March 2026: 09:00 is then 13:00 UTC.
    before = parse_reminder_time("sat 09:00", "America/New_York", NOW)
    after = parse_reminder_time("mon 09:00", "America/New_York", NOW)
    assert (before.hour, after.hour) == (14, 13)


def test_a_time_skipped_by_the_spring_change_runs_just_after_the_gap() -> None:
    due = parse_reminder_time("2026-03-08 02:30", "America/New_York", NOW)
    assert due == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)  # 03:30 EDT


@pytest.mark.parametrize("typed", ["soon", "in 5 fortnights", "tomorrow", "blursday 10:00",
                                   "25:00", "2026-13-01 10:00", "in m"])  # fmt: skip
def test_unreadable_times_are_refused_with_examples(typed: str) -> None:
    with pytest.raises(ValidationError, match="in 90m"):
        parse_reminder_time(typed, "UTC", NOW)


@pytest.mark.parametrize("typed", ["2026-03-04 10:00", "today 09:00", "in 0m"])
def test_past_times_are_refused(typed: str) -> None:
    with pytest.raises(ValidationError, match="in the past"):
        parse_reminder_time(typed, "UTC", NOW)


def test_more_than_a_year_ahead_is_refused() -> None:
    with pytest.raises(ValidationError, match="within the next year"):
        parse_reminder_time("2027-06-01 10:00", "UTC", NOW)


@pytest.mark.parametrize("typed", ["in 999999w", "in 999999 weeks 999999 days"])
def test_an_amount_beyond_the_calendar_is_too_far_not_a_crash(typed: str) -> None:
    with pytest.raises(ValidationError, match="too far ahead"):
        parse_reminder_time(typed, "UTC", NOW)


def test_a_date_at_the_end_of_the_calendar_is_too_far_not_a_crash() -> None:
    with pytest.raises(ValidationError, match="too far ahead"):
        parse_reminder_time("9999-12-31 23:59", "America/Los_Angeles", NOW)
