"""Session posts and replies: the announcement, reminders, lists and attendance."""

from __future__ import annotations

import discord

from bot.services.sessions.model import Preparation, SessionStatus, StudySessionInfo
from bot.services.sessions.presence import Attendance
from cogs.ui.limits import DESCRIPTION, FIELD_VALUE, MESSAGE, clip
from cogs.ui.schedules.cards import timestamp
from cogs.ui.topics.pages import OpenTopicButton

SESSION_COLOUR = discord.Colour.from_rgb(88, 101, 242)


def place(info: StudySessionInfo) -> str:
    if info.voice_channel_id is not None:
        return f"<#{info.voice_channel_id}>"
    return discord.utils.escape_markdown(info.location or "to be announced")


def when(info: StudySessionInfo) -> str:
    text = f"{timestamp(info.starts_at)} ({timestamp(info.starts_at, 'R')}) · {info.minutes} min"
    if info.repeat is not None:
        text += f"\nRepeats {info.repeat.days.text} at {info.repeat.at:%H:%M} ({info.timezone})"
    return text


def announcement(
    info: StudySessionInfo, preparation: Preparation | None
) -> tuple[discord.Embed, discord.ui.View]:
    """The public post: when and where, a link to the event, and what to read first."""
    cancelled = info.status is SessionStatus.CANCELLED
    embed = discord.Embed(
        title=clip(f"{'❌ Cancelled: ' if cancelled else '📅 '}{info.title}", 256),
        url=info.event_url,
        description="This session is cancelled."
        if cancelled
        else "Press **Interested** on the event to get a reminder.",
        colour=SESSION_COLOUR,
    )
    embed.add_field(name="When", value=when(info), inline=False)
    embed.add_field(name="Where", value=place(info), inline=False)
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Open the event", url=info.event_url))
    if preparation is not None:
        embed.add_field(
            name=clip(f"Prepare: {preparation.title}", 256),
            value=clip(preparation.summary, FIELD_VALUE),
            inline=False,
        )
        for title, body in preparation.takeaways:
            embed.add_field(name=clip(f"💡 {title}", 256), value=clip(body, 400), inline=False)
        view.add_item(OpenTopicButton(preparation.topic, "Read more"))
    embed.set_footer(text=f"Session #{info.number}")
    return embed, view


def reminder(info: StudySessionInfo, user_ids: list[int], marker: str = "") -> str:
    """Starts soon: only the interested members are named (and pinged); `marker` (invisible)
    ends the message."""
    # The relative timestamp stays true even when a reminder goes out late.
    head = (
        f"⏰ **{discord.utils.escape_markdown(info.title)}** starts "
        f"{timestamp(info.starts_at, 'R')} ({timestamp(info.starts_at, 't')}) in {place(info)}. "
        f"<{info.event_url}>"
    )
    if not user_ids:
        return clip(head, MESSAGE - len(marker)) + marker
    # Whole mentions always: the head gives way (the service sends at most 50 per message).
    mentions = " ".join(f"<@{user_id}>" for user_id in user_ids)
    return f"{clip(head, MESSAGE - len(mentions) - len(marker) - 1)}\n{mentions}{marker}"


def created(info: StudySessionInfo) -> discord.Embed:
    embed = discord.Embed(
        title=clip(f"Session #{info.number} scheduled: {info.title}", 256),
        url=info.event_url,
        colour=SESSION_COLOUR,
    )
    embed.add_field(name="When", value=when(info), inline=False)
    embed.add_field(name="Where", value=place(info), inline=False)
    announced = (
        f"<#{info.post_channel_id}>"
        if info.message_id
        else f"couldn't be posted in <#{info.post_channel_id}>; the event exists anyway"
    )
    embed.add_field(name="Announcement", value=announced, inline=False)
    return embed


def attendance(report: Attendance) -> discord.Embed:
    info = report.session
    embed = discord.Embed(
        title=clip(f"Attendance of session #{info.number}: {info.title}", 256),
        colour=SESSION_COLOUR,
    )
    if not report.user_ids:
        embed.description = f"Nobody was seen in {place(info)} during the session."
        return embed
    names = ", ".join(f"<@{user_id}>" for user_id in report.user_ids)
    embed.description = clip(f"**{len(report.user_ids)}** came: {names}", DESCRIPTION)
    return embed
