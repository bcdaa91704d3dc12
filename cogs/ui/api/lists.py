"""`/api list` (paged, with counts per status) and `/api board` (grouped by status)."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.services.api.model import ApiRequest
from bot.services.api.queries import Board, RequestPage, RequestQuery
from bot.services.api.status import ApiStatus, HttpMethod
from bot.services.api.workflow import label
from cogs.ui.api.cards import STATUS_ICONS, one_line, stateless
from cogs.ui.checks import nexus
from cogs.ui.components import PersistentButton
from cogs.ui.limits import FIELD_VALUE, clip

LIST_COLOUR = discord.Colour.from_rgb(88, 101, 242)
ROW_CHARS = 180
# Seven statuses of up to six rows each must stay inside an embed's 6,000 characters.
BOARD_ROW_CHARS = 120
SUMMARY_IN_ROW = 60
_STATUSES = "|".join(s.value for s in ApiStatus)
_METHODS = "|".join(m.value for m in HttpMethod)


def request_row(request: ApiRequest, limit: int = ROW_CHARS, *, with_status: bool = True) -> str:
    """One line per request: number, route, status, summary, and its thread."""
    parts = [f"`{request.label}` **{request.method.value}** `{request.path}`"]
    if with_status:
        parts.append(f"{STATUS_ICONS[request.status]} {label(request.status)}")
    parts.append(clip(one_line(request.summary), SUMMARY_IN_ROW))
    if request.thread_id:
        parts.append(f"<#{request.thread_id}>")
    return clip(" · ".join(parts), limit)


def _filters_text(query: RequestQuery) -> str:
    parts = []
    if query.status is not None:
        parts.append(label(query.status))
    if query.method is not None:
        parts.append(query.method.value)
    if query.involving is not None:
        parts.append("yours")
    return ", ".join(parts)


def list_message(page: RequestPage, query: RequestQuery) -> tuple[discord.Embed, discord.ui.View]:
    filters = _filters_text(query)
    title = f"API requests: {filters}" if filters else "API requests"
    counts = " · ".join(f"{label(s)} **{n}**" for s, n in page.counts.items() if n)
    rows = [request_row(r) for r in page.items] or [
        "Nothing matches. Ask for one with `/api request`."
    ]
    embed = discord.Embed(
        title=title,
        description="\n".join([counts or "No requests yet.", "", *rows]),
        colour=LIST_COLOUR,
    )
    embed.set_footer(
        text=f"{page.matching} matching · page {page.page}/{page.pages} · newest first"
    )
    view = discord.ui.View(timeout=None)
    if page.pages > 1:
        view.add_item(ListPageButton(query, page.page - 1, "◀ Previous", page.page == 1))
        view.add_item(ListPageButton(query, page.page + 1, "Next ▶", page.page == page.pages))
    return embed, stateless(view)


class ListPageButton(
    PersistentButton,
    template=(
        rf"nexus:api:list:(?P<status>all|{_STATUSES}):(?P<mine>[01]):"
        rf"(?P<method>any|{_METHODS}):(?P<page>\d{{1,6}})"
    ),
):
    """Turns a page of `/api list`; "mine" means whoever clicks (the list is ephemeral)."""

    def __init__(self, query: RequestQuery, page: int, label: str, disabled: bool = False) -> None:
        status = query.status.value if query.status else "all"
        mine = int(query.involving is not None)
        method = query.method.value if query.method else "any"
        super().__init__(
            f"nexus:api:list:{status}:{mine}:{method}:{page}", label, disabled=disabled
        )
        self.query = query
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        # The clicker fills in "mine" in `handle`; 0 is a placeholder that marks it as set.
        query = RequestQuery(
            status=None if match["status"] == "all" else ApiStatus(match["status"]),
            involving=0 if match["mine"] == "1" else None,
            method=None if match["method"] == "any" else HttpMethod(match["method"]),
        )
        return cls(query, int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        assert interaction.guild_id is not None
        query = self.query
        if query.involving is not None:
            query = RequestQuery(query.status, interaction.user.id, query.method)
        page = await nexus(interaction).services.api_requests.page(
            interaction.guild_id, query, self.page
        )
        embed, view = list_message(page, query)
        await interaction.response.edit_message(embed=embed, view=view)


def board_embed(board: Board) -> discord.Embed:
    """Every status with its count and newest requests, at a glance."""
    embed = discord.Embed(title="API board", colour=LIST_COLOUR)
    for column in board.columns:
        rows = [request_row(r, BOARD_ROW_CHARS, with_status=False) for r in column.newest]
        hidden = column.count - len(rows)
        if hidden > 0:
            rows.append(f"… and {hidden} more: `/api list status:{column.status.value}`")
        heading = label(column.status).capitalize()
        embed.add_field(
            name=f"{STATUS_ICONS[column.status]} {heading} · {column.count}",
            value=_fit_rows(rows, FIELD_VALUE) if rows else "—",
            inline=False,
        )
    embed.set_footer(text=f"{board.total} requests · newest first in each status")
    return embed


def _fit_rows(rows: list[str], limit: int) -> str:
    """As many whole rows as fit in `limit` characters."""
    kept: list[str] = []
    for row in rows:
        if len("\n".join([*kept, row])) > limit:
            break
        kept.append(row)
    return "\n".join(kept)
