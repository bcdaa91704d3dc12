"""Each server's nudge delays: defaults, the ranges a server may choose, and "off"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.errors import ValidationError
from bot.services.guild_settings import GuildConfig


@dataclass(frozen=True)
class DelayRule:
    name: str
    default: timedelta
    low: int  # minutes
    high: int  # minutes

    @property
    def low_delta(self) -> timedelta:
        return timedelta(minutes=self.low)


UNANSWERED_AFTER = DelayRule("unanswered_after", timedelta(hours=2), 15, 7 * 24 * 60)
MARK_AFTER = DelayRule("mark_after", timedelta(hours=24), 60, 14 * 24 * 60)
STALE_AFTER = DelayRule("stale_after", timedelta(days=5), 24 * 60, 30 * 24 * 60)
ARCHIVE_AFTER = DelayRule("archive_after", timedelta(days=7), 24 * 60, 30 * 24 * 60)


@dataclass(frozen=True)
class NudgeDelays:
    unanswered_after: timedelta | None  # None: that nudge is off
    mark_after: timedelta | None
    stale_after: timedelta | None
    archive_after: timedelta | None


def check_delay(rule: DelayRule, minutes: int) -> int:
    """A delay a server may choose: 0 (off) or within the rule's range, in minutes."""
    if minutes != 0 and not rule.low <= minutes <= rule.high:
        raise ValidationError(
            f"{rule.name} must be between {rule.low:,} and {rule.high:,} minutes "
            f"({rule.high // 1440} days), or 0 to turn that nudge off."
        )
    return minutes


def _delay(minutes: int | None, rule: DelayRule) -> timedelta | None:
    if minutes is None:
        return rule.default
    return timedelta(minutes=minutes) if minutes > 0 else None


def delays_of(config: GuildConfig) -> NudgeDelays:
    return NudgeDelays(
        unanswered_after=_delay(config.unanswered_after, UNANSWERED_AFTER),
        mark_after=_delay(config.mark_after, MARK_AFTER),
        stale_after=_delay(config.stale_after, STALE_AFTER),
        archive_after=_delay(config.archive_after, ARCHIVE_AFTER),
    )
