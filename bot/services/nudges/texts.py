"""What nudges say. Mentions are ids the sweep chose; delivery pings exactly those."""

from __future__ import annotations

from datetime import timedelta

from bot.knowledge.model import Category


def duration_text(delay: timedelta) -> str:
    minutes = int(delay.total_seconds() // 60)
    if minutes % 1440 == 0:
        return f"{minutes // 1440} day{'s' if minutes != 1440 else ''}"
    if minutes % 60 == 0:
        return f"{minutes // 60} hour{'s' if minutes != 60 else ''}"
    return f"{minutes} minutes"


def helper_nudge_text(helper_ids: list[int], category: Category, delay: timedelta) -> str:
    mentions = " ".join(f"<@{i}>" for i in helper_ids)
    return (
        f"👋 {mentions}: this **{category.label}** question has had no reply for "
        f"{duration_text(delay)}. Can you help? (You get these because you joined with "
        "`/helpers join`; `/helpers leave` stops them.)"
    )


def mark_nudge_text(asker_id: int, quiet: timedelta) -> str:
    return (
        f"👋 <@{asker_id}>, this thread has been quiet for {duration_text(quiet)}. If a reply "
        "solved it, right-click (or long-press) that message, then **Apps → Mark as answer**: "
        "the next person with the same question will find it."
    )


def archive_note(quiet: timedelta) -> str:
    return (
        f"📦 This thread has been quiet for {duration_text(quiet)}, so Nexus archived it. "
        "Post in it to open it again."
    )


def stale_claim_text(claimer_id: int, number: int, quiet: timedelta) -> str:
    return (
        f"👋 <@{claimer_id}>, API-{number} has had no change for {duration_text(quiet)}. "
        "Still on it? Move it on with `/api status`, or give it back with `/api unclaim` so "
        "someone else can build it."
    )


def released_text(claimer_id: int, number: int, quiet: timedelta) -> str:
    return (
        f"🔓 API-{number} had no change for {duration_text(quiet)}, so Nexus gave "
        f"<@{claimer_id}>'s claim back: it is **open** again (the reason is in its history). "
        "Claim it to build it."
    )


def ready_text(requester_id: int, number: int) -> str:
    return (
        f"👋 <@{requester_id}>, API-{number} is **ready for review**: try it against your "
        "frontend, then mark it done (or send it back to in progress with a note)."
    )
