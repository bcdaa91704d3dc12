"""`/session list`: upcoming sessions in pages that keep each embed under Discord's limits
(25 fields and 6,000 characters in all), with Previous and Next."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.services.sessions.model import StudySessionInfo
from cogs.ui.checks import nexus
from cogs.ui.components import PersistentButton
from cogs.ui.limits import EMBED_TOTAL, FIELD_VALUE, FIELDS, clip
from cogs.ui.schedules.cards import timestamp
from cogs.ui.sessions.cards import SESSION_COLOUR, place

TITLE = "Upcoming sessions"
# Room kept for the title and the footer ("page 12/12 · 100 upcoming").
PAGE_BUDGET = EMBED_TOTAL - len(TITLE) - 100


def session_field(info: StudySessionInfo) -> tuple[str, str]:
    lines = [
        f"{timestamp(info.starts_at)} · {info.minutes} min · {place(info)}",
        f"Interested: **{info.interested}**"
        + (f" · repeats {info.repeat.days.text}" if info.repeat else ""),
        f"[Open the event]({info.event_url})",
    ]
    return clip(f"#{info.number} · {info.title}", 256), clip("\n".join(lines), FIELD_VALUE)


def session_pages(infos: list[StudySessionInfo]) -> list[list[tuple[str, str]]]:
    """The sessions' fields, packed in order into pages that each fit one embed."""
    pages: list[list[tuple[str, str]]] = []
    current: list[tuple[str, str]] = []
    size = 0
    for name, value in map(session_field, infos):
        length = len(name) + len(value)
        if current and (len(current) == FIELDS or size + length > PAGE_BUDGET):
            pages.append(current)
            current, size = [], 0
        current.append((name, value))
        size += length
    return [*pages, current] if current else pages


def session_list(
    infos: list[StudySessionInfo], page: int = 1
) -> tuple[discord.Embed, discord.ui.View]:
    embed = discord.Embed(title=TITLE, colour=SESSION_COLOUR)
    view = discord.ui.View(timeout=None)
    pages = session_pages(infos)
    if not pages:
        embed.description = "None yet. A mentor can create one with `/session schedule`."
        return embed, view
    page = min(max(page, 1), len(pages))
    for name, value in pages[page - 1]:
        embed.add_field(name=name, value=value, inline=False)
    if len(pages) > 1:
        embed.set_footer(text=f"page {page}/{len(pages)} · {len(infos)} upcoming")
        view.add_item(SessionListPageButton(page - 1, "◀ Previous", page == 1))
        view.add_item(SessionListPageButton(page + 1, "Next ▶", page == len(pages)))
    return embed, view


class SessionListPageButton(PersistentButton, template=r"nexus:sessions:page:(?P<page>\d{1,3})"):
    def __init__(self, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:sessions:page:{page}", label, disabled=disabled)
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        infos = await nexus(interaction).services.sessions.upcoming(interaction.guild_id)
        embed, view = session_list(infos, self.page)
        await interaction.response.edit_message(embed=embed, view=view)
