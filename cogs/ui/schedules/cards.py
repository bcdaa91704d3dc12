"""Takeaway posts and the embeds of `/takeaways` and `/announce`."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import discord

from bot.knowledge.model import Takeaway
from bot.services.schedules.book import ANNOUNCEMENT_MAX, Kind, LastSlot, ScheduleInfo
from cogs.ui.limits import FIELD_VALUE, FIELDS, MESSAGE, clip
from cogs.ui.topics.pages import OpenTopicButton

if TYPE_CHECKING:
    from bot.app import NexusBot

TAKEAWAY_COLOUR = discord.Colour.from_rgb(241, 196, 15)
OUTCOMES = {
    "posted": "posted",
    "late": "posted late",
    "skipped": "skipped while offline",
    "failed": "failed",
    "interrupted": "interrupted while posting",
    "claimed": "posting now",
}


def timestamp(moment: datetime, style: str = "F") -> str:
    """A Discord timestamp: every reader sees it in their own time zone."""
    return f"<t:{int(moment.timestamp())}:{style}>"


# A scheduled post carries its slot's id written in zero-width characters: invisible to
# members, it lets Nexus find the post in the channel's history when Discord's answer to the
# post was lost (a 5xx or a timeout), instead of posting it a second time.
_ZERO, _ONE, _FENCE = "\u200b", "\u200c", "\u2063"


def slot_marker(slot_id: int) -> str:
    bits = format(slot_id, "b").replace("0", _ZERO).replace("1", _ONE)
    return f"{_FENCE}{bits}{_FENCE}"


def carries_marker(message: discord.Message, marker: str) -> bool:
    footers = (embed.footer.text or "" for embed in message.embeds)
    return any(text.endswith(marker) for text in (message.content, *footers))


def takeaway_message(
    takeaway: Takeaway, topic_title: str, marker: str = ""
) -> tuple[discord.Embed, discord.ui.View]:
    embed = discord.Embed(
        title=clip(f"💡 {takeaway.title}", 256), description=takeaway.body, colour=TAKEAWAY_COLOUR
    )
    embed.set_footer(text=f"Takeaway · {clip(topic_title, 200)}{marker}")
    view = discord.ui.View(timeout=None)
    view.add_item(OpenTopicButton(takeaway.topic, "Read more"))
    return embed, view


ANNOUNCEMENT_PREFIX = "📣 "
# The marker of a slot id below 2**32: two fences around at most 32 bits.
MARKER_MAX = 34
assert len(ANNOUNCEMENT_PREFIX) + ANNOUNCEMENT_MAX + MARKER_MAX <= MESSAGE, "must fit"


def announcement_text(text: str, marker: str = "") -> str:
    """The post of an announcement: the service's length limit leaves room for the prefix
    and the slot marker, so the whole text is posted."""
    return clip(f"{ANNOUNCEMENT_PREFIX}{text}", MESSAGE - len(marker)) + marker


def outcome(last: LastSlot | None) -> str:
    if last is None:
        return "nothing yet"
    text = f"{OUTCOMES.get(last.status, last.status)} ({timestamp(last.slot_at, 'f')})"
    return f"{text}: {last.reason}" if last.status == "failed" and last.reason else text


def schedule_created(info: ScheduleInfo, now: datetime) -> discord.Embed:
    noun = "Takeaway schedule" if info.kind is Kind.TAKEAWAY else "Announcement"
    embed = discord.Embed(title=f"{noun} #{info.number} scheduled", colour=TAKEAWAY_COLOUR)
    embed.add_field(name="Channel", value=f"<#{info.channel_id}>")
    embed.add_field(name="When", value=f"{info.rule} ({info.timezone})")
    runs = info.next_runs(now)
    embed.add_field(
        name="Next runs",
        value="\n".join(timestamp(r) for r in runs) or "no further slot",
        inline=False,
    )
    if info.message:
        embed.add_field(name="Message", value=clip(info.message, FIELD_VALUE), inline=False)
    return embed


def schedule_list(infos: list[ScheduleInfo], kind: Kind, now: datetime) -> discord.Embed:
    title = "Takeaway schedules" if kind is Kind.TAKEAWAY else "Announcements"
    embed = discord.Embed(title=title, colour=TAKEAWAY_COLOUR)
    if not infos:
        command = "/takeaways schedule" if kind is Kind.TAKEAWAY else "/announce schedule"
        embed.description = f"None yet. Create one with `{command}`."
        return embed
    for info in infos[:FIELDS]:
        runs = info.next_runs(now, 1)
        state = info.state + (f" ({info.paused_reason})" if info.paused_reason else "")
        lines = [
            f"<#{info.channel_id}> · {info.rule} · {info.timezone}",
            f"State: **{state}**",
            f"Next: {timestamp(runs[0], 'R') if runs else 'no further slot'}",
            f"Last: {outcome(info.last_slot)}",
        ]
        if info.message:
            lines.append(f"Message: {clip(info.message, 120)}")
        value = clip("\n".join(lines), FIELD_VALUE)
        embed.add_field(name=f"#{info.number}", value=value, inline=False)
    return embed


async def reply_schedule_list(interaction: discord.Interaction, bot: NexusBot, kind: Kind) -> None:
    assert interaction.guild_id is not None
    infos = await bot.services.takeaways.book.of_guild(interaction.guild_id, kind)
    embed = schedule_list(infos, kind, bot.clock())
    await interaction.response.send_message(embed=embed, ephemeral=True)
