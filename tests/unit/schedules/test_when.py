"""`/announce schedule`, `/session schedule` and `/remind me` read `when` with one reader:
the same forms are accepted and the same messages refuse the rest."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ValidationError
from bot.services.reminders.when import parse_reminder_time
from bot.services.schedules.when import parse_when

# Wednesday 4 March 2026, 10:15:30 UTC (11:15 in Lagos).
NOW = datetime(2026, 3, 4, 10, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("tomorrow 12:00", datetime(2026, 3, 5, 11, 0, tzinfo=UTC)),
        ("today 18:00", datetime(2026, 3, 4, 17, 0, tzinfo=UTC)),
        ("fri 17:30", datetime(2026, 3, 6, 16, 30, tzinfo=UTC)),
        ("09:00", datetime(2026, 3, 5, 8, 0, tzinfo=UTC)),
        ("in 2h", datetime(2026, 3, 4, 12, 15, tzinfo=UTC)),  # to the minute for a schedule
        ("2026-12-01 18:00", datetime(2026, 12, 1, 17, 0, tzinfo=UTC)),
    ],
)
def test_a_schedule_takes_every_form_a_reminder_takes(typed: str, expected: datetime) -> None:
    assert parse_when(typed, "Africa/Lagos", NOW) == expected
    assert parse_reminder_time(typed, "Africa/Lagos", NOW).replace(second=0) == expected


@pytest.mark.parametrize("typed", ["someday", "tomorrow 6pm", "blursday 10:00", "in 5 fortnights"])
def test_an_unreadable_time_gets_the_same_message_from_both(typed: str) -> None:
    with pytest.raises(ValidationError) as for_a_schedule:
        parse_when(typed, "UTC", NOW)
    with pytest.raises(ValidationError) as for_a_reminder:
        parse_reminder_time(typed, "UTC", NOW)
    assert str(for_a_schedule.value) == str(for_a_reminder.value)
    assert "tomorrow 09:00" in str(for_a_schedule.value)


def test_a_past_date_gets_the_same_message_from_both() -> None:
    with pytest.raises(ValidationError) as for_a_schedule:
        parse_when("2026-03-01 09:00", "UTC", NOW)
    with pytest.raises(ValidationError) as for_a_reminder:
        parse_reminder_time("2026-03-01 09:00", "UTC", NOW)
    assert str(for_a_schedule.value) == str(for_a_reminder.value)


def test_an_amount_beyond_five_years_is_too_far_ahead() -> None:
    with pytest.raises(ValidationError, match="within the next 5 years"):
        parse_when("in 999999w", "UTC", NOW)
