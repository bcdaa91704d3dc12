"""APScheduler jobs rebuilt from the schedule rows: they only wake the bot at the right time.

The database stays the source of truth: every job calls the same `tick`, which runs
`run_due(now)`; a sweep every minute also catches retries and anything a wake-up missed.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from bot.services.schedules.book import ScheduleInfo
from bot.services.schedules.recurrence import DAY_NAMES

log = logging.getLogger(__name__)
JOB_PREFIX = "schedule:"
SWEEP_SECONDS = 60


def trigger_for(schedule: ScheduleInfo) -> CronTrigger | DateTrigger | None:
    if schedule.recurrence is not None:
        recurrence = schedule.recurrence
        return CronTrigger(
            day_of_week=",".join(DAY_NAMES[d] for d in sorted(recurrence.days.weekdays)),
            hour=recurrence.at.hour,
            minute=recurrence.at.minute,
            start_date=schedule.run_at,
            timezone=ZoneInfo(schedule.timezone),
        )
    if schedule.run_at is not None:
        return DateTrigger(run_date=schedule.run_at)
    return None


class SchedulePlanner:
    def __init__(self, scheduler: AsyncIOScheduler, tick: Callable[[], Awaitable[None]]) -> None:
        self._scheduler = scheduler
        self._tick = tick

    def start_sweep(self) -> None:
        self._scheduler.add_job(
            self._tick,
            IntervalTrigger(seconds=SWEEP_SECONDS),
            id="sweep",
            replace_existing=True,
            coalesce=True,
            max_instances=1,
        )

    def rebuild(self, schedules: list[ScheduleInfo]) -> None:
        for job in self._scheduler.get_jobs():
            if job.id.startswith(JOB_PREFIX):
                job.remove()
        for schedule in schedules:
            trigger = trigger_for(schedule)
            if trigger is None or schedule.paused:
                continue
            try:
                self._scheduler.add_job(
                    self._tick,
                    trigger,
                    id=f"{JOB_PREFIX}{schedule.id}",
                    replace_existing=True,
                    coalesce=True,
                    misfire_grace_time=None,
                )
            except (OverflowError, ValueError):
                # No computable next run (the end of the calendar): the minute sweep still
                # covers it, and one odd row must not stop the others being planned.
                log.warning("schedule %s has no next run to plan", schedule.id)
        log.debug("scheduler rebuilt with %d schedule jobs", len(schedules))
