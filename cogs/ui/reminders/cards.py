"""Reminder posts (mentioning only their member) and the replies of `/remind`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import discord

from bot.services.reminders.service import Reminder, reminder_text
from bot.services.schedules.delivery import PostFailed
from cogs.ui.limits import DESCRIPTION, MESSAGE, clip, safe_echo
from cogs.ui.mentions import pinging
from cogs.ui.permissions import permission_names
from cogs.ui.schedules.cards import timestamp

log = logging.getLogger(__name__)
REMINDER_COLOUR = discord.Colour.from_rgb(88, 166, 255)
Send = Callable[..., Awaitable[int]]


async def deliver_reminder(
    bot: discord.Client, send: Send, channel_id: int, member_id: int, text: str, nonce: str
) -> int:
    """Post where the reminder was set; by DM, saying why, when that channel or thread is
    gone or Nexus may not post there (a 403: View Channel or Send Messages taken away)."""
    content = reminder_text(member_id, text)
    try:
        return await send(channel_id, content=content, allowed_mentions=pinging([member_id]))
    except PostFailed as failure:
        if not (failure.channel_gone or failure.forbidden):
            raise
        why = "is gone" if failure.channel_gone else "is closed to me"
    note = f"\n-# <#{channel_id}> {why}, so this reminder comes by DM."
    try:
        user = bot.get_user(member_id) or await bot.fetch_user(member_id)
        return await _send_dm(user, clip(content, MESSAGE - len(note)) + note, nonce)
    except discord.HTTPException:
        raise PostFailed(
            f"the reminder's channel {why} and the member's DMs are closed", channel_gone=True
        ) from None


async def _send_dm(user: discord.User, content: str, nonce: str) -> int:
    """Send the DM; after an answer lost in a 5xx, once more with the same nonce, which
    Discord answers with the message it made the first time (`enforce_nonce`)."""
    mentions = discord.AllowedMentions.none()  # in a DM, pinging oneself is noise
    try:
        sent = await user.send(content=content, allowed_mentions=mentions, nonce=nonce)
    except discord.HTTPException as error:
        if error.status < 500:
            raise
        log.info("a reminder DM went unanswered (%s): sent again with its nonce", error.status)
        sent = await user.send(content=content, allowed_mentions=mentions, nonce=nonce)
    return int(sent.id)


def reminder_set(reminder: Reminder, missing: list[str] | None = None) -> discord.Embed:
    """The confirmation; `missing` names what keeps Nexus from posting where it was set."""
    embed = discord.Embed(
        title=f"Reminder #{reminder.number} set",
        description=clip(safe_echo(reminder.text, DESCRIPTION), 1000),
        colour=REMINDER_COLOUR,
    )
    when = f"{timestamp(reminder.due_at)} ({timestamp(reminder.due_at, 'R')})"
    embed.add_field(name="When", value=when)
    embed.add_field(name="Where", value=f"<#{reminder.channel_id}>")
    if missing:
        embed.add_field(
            name="By DM",
            value=f"I can't post in <#{reminder.channel_id}> (I'm missing "
            f"{permission_names(missing)} there), so this reminder will come by DM. Keep "
            "your DMs from this server open, or set it in another channel.",
            inline=False,
        )
    embed.set_footer(text=f"Times read in {reminder.timezone} · /remind timezone to change")
    return embed


def reminder_list(reminders: list[Reminder], zone: str) -> discord.Embed:
    embed = discord.Embed(title="Your reminders", colour=REMINDER_COLOUR)
    lines = [
        f"**#{r.number}** · {timestamp(r.due_at, 'f')} · <#{r.channel_id}>\n"
        f"{safe_echo(r.text, 100)}"
        for r in reminders
    ]
    embed.description = clip("\n".join(lines), DESCRIPTION) if lines else "No reminders waiting."
    embed.set_footer(text=f"{len(reminders)} waiting · your time zone: {zone}")
    return embed


def reminder_cancelled(reminder: Reminder) -> str:
    return f"Reminder #{reminder.number} cancelled: {clip(safe_echo(reminder.text, 300), 100)}"


def timezone_set(zone: str) -> str:
    return f"Your time zone is now **{zone}**: reminder times you type are read in it."
