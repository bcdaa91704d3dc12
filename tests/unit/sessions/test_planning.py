"""Turning a mentor's input into a session plan: limits, time zones, DST, edits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import ValidationError
from bot.services.sessions.planning import next_occurrence, plan_session, replan

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def plan(**options: object):  # type: ignore[no-untyped-def]
    values: dict[str, object] = {
        "title": "Office hours", "when": "2026-03-03 18:00", "now": NOW, "timezone": "UTC",
        "voice_channel_id": 1,
    }  # fmt: skip
    values.update(options)
    return plan_session(**values)  # type: ignore[arg-type]


def test_a_session_lasts_an_hour_unless_told_otherwise() -> None:
    assert (plan().ends_at - plan().starts_at).total_seconds() == 3600
    assert plan(minutes=720).ends_at == datetime(2026, 3, 4, 6, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"minutes": 721}, "at most 12 hours"),
        ({"minutes": 2}, "at least 5 minutes"),
        ({"title": "x" * 101}, "101 characters"),
        ({"title": "   "}, "Give the session a title"),
        ({"when": "2026-03-02 08:59"}, "in the past"),
        ({"when": "2026-03-02 09:00"}, "in the past"),
        ({"when": "03/03 18:00"}, "YYYY-MM-DD HH:MM"),
        ({"timezone": "Lagos"}, "IANA"),
        ({"repeat": "sometimes"}, "not a day"),
        ({"voice_channel_id": None}, "or a `location`"),
        ({"voice_channel_id": None, "location": "y" * 101}, "limit is 100"),
    ],
)
def test_bad_input_is_refused_with_a_reason(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(")):
        plan(**options)


def test_a_title_of_exactly_100_characters_is_fine() -> None:
    assert len(plan(title="x" * 100).title) == 100


def test_when_is_read_in_the_sessions_time_zone() -> None:
    assert plan(timezone="Africa/Nairobi").starts_at == datetime(2026, 3, 3, 15, 0, tzinfo=UTC)


def test_a_channel_wins_over_a_location() -> None:
    assert plan(location="Room 4").location is None


def test_the_next_session_keeps_its_local_time_across_spring_forward() -> None:
    weekly = plan(when="2026-03-07 18:00", timezone="America/New_York", repeat="sat")
    after = next_occurrence(weekly, weekly.starts_at)
    assert weekly.starts_at == datetime(2026, 3, 7, 23, 0, tzinfo=UTC)
    assert after is not None and after.starts_at == datetime(2026, 3, 14, 22, 0, tzinfo=UTC)
    assert after.ends_at - after.starts_at == weekly.ends_at - weekly.starts_at


def test_the_next_session_keeps_its_local_time_across_fall_back() -> None:
    daily = plan(when="2026-10-24 18:00", timezone="Europe/London", repeat="daily")
    after = next_occurrence(daily, daily.starts_at)
    assert daily.starts_at == datetime(2026, 10, 24, 17, 0, tzinfo=UTC)  # BST
    assert after is not None and after.starts_at == datetime(2026, 10, 25, 18, 0, tzinfo=UTC)


def test_a_one_off_session_has_no_next() -> None:
    assert next_occurrence(plan(), NOW) is None


def test_an_edit_keeps_the_length_and_moves_the_repeat_time() -> None:
    weekly = plan(minutes=45, repeat="tue")
    moved = replan(weekly, now=NOW, when="2026-03-03 19:30")
    assert moved.ends_at - moved.starts_at == weekly.ends_at - weekly.starts_at
    assert moved.repeat is not None and moved.repeat.at.strftime("%H:%M") == "19:30"
    with pytest.raises(ValidationError, match="in the past"):
        replan(weekly, now=NOW, when="2026-03-01 10:00")


def test_moving_a_weekly_session_to_another_day_moves_its_repeat_day() -> None:
    weekly = plan(when="2026-03-03 18:00", repeat="weekly")  # a Tuesday
    moved = replan(weekly, now=NOW, when="2026-03-05 18:00")  # a Thursday
    assert moved.repeat is not None and moved.repeat.days.text == "thu"
    following = next_occurrence(moved, moved.starts_at)
    assert following is not None and following.starts_at == datetime(2026, 3, 12, 18, tzinfo=UTC)


def test_a_move_onto_one_of_its_repeat_days_keeps_them() -> None:
    twice = plan(when="2026-03-03 18:00", repeat="tue,thu")
    assert replan(twice, now=NOW, when="2026-03-05 18:00").repeat.days.text == "tue,thu"  # type: ignore[union-attr]
    weekdays = plan(when="2026-03-03 18:00", repeat="weekdays")
    assert replan(weekdays, now=NOW, when="2026-03-06 18:00").repeat.days.text == "weekdays"  # type: ignore[union-attr]
    shifted = replan(twice, now=NOW, when="2026-03-04 18:00")  # Wednesday: one day later
    assert shifted.repeat is not None and shifted.repeat.days.text == "wed,fri"


def test_weekly_repeats_on_the_weekday_of_the_first_session() -> None:
    weekly = plan(when="2026-03-06 18:00", repeat="weekly")  # a Friday
    assert weekly.repeat is not None and weekly.repeat.days.text == "fri"
    following = next_occurrence(weekly, weekly.starts_at)
    assert following is not None
    assert following.starts_at == datetime(2026, 3, 13, 18, 0, tzinfo=UTC)


def test_weekly_takes_the_weekday_in_the_sessions_zone() -> None:
    # Sunday 00:30 in Lagos is still Saturday in UTC: the session repeats on Sundays.
    weekly = plan(when="2026-03-08 00:30", timezone="Africa/Lagos", repeat="Weekly")
    assert weekly.repeat is not None and weekly.repeat.days.text == "sun"


def test_a_repeat_that_is_not_a_rule_names_weekly_too() -> None:
    with pytest.raises(ValidationError, match="Or weekly"):
        plan(repeat="sometimes")
