"""Scheduled takeaways and announcements: schedules, recurrence, rotation, delivery."""
