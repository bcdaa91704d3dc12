"""A published guild's API board and its OpenAPI export (the same export as `/api export`)."""

from __future__ import annotations

import json

from aiohttp import web

from bot.services.api.status import ApiStatus
from bot.services.publishing.consent import PublishedGuild
from bot.web.hub import hub_of
from bot.web.pages import PageMeta, conditional, page
from bot.web.routes.ids import SNOWFLAKE
from bot.web.routes.qa import published_guild
from bot.web.user_text import document_in_words, public_names

# Where the OpenAPI export holds what members wrote.
MEMBER_TEXT_KEYS = frozenset({"summary", "description", "title"})


async def published_board(request: web.Request) -> PublishedGuild:
    """The guild, if it consented and its API channel (when set) is one @everyone can read."""
    guild = await published_guild(request)
    services = hub_of(request).services
    channel = (await services.guild_settings.get(guild.guild_id)).api_channel_id
    if channel is not None and channel not in await services.published.public_channel_ids(
        guild.guild_id
    ):
        raise web.HTTPNotFound()
    return guild


async def board_page(request: web.Request) -> web.Response:
    guild = await published_board(request)
    services = hub_of(request).services
    board = await services.api_requests.board(guild.guild_id)
    meta = PageMeta(
        title=f"{guild.name}: API board",
        description=f"Endpoints {guild.name}'s frontend learners asked for, and their status.",
        path=f"/g/{guild.guild_id}/api",
    )
    columns = [c for c in board.columns if c.status is not ApiStatus.REJECTED]
    summaries = ((guild.guild_id, r.summary) for c in columns for r in c.newest)
    return page(
        request,
        "api.html",
        meta,
        guild=guild,
        columns=columns,
        total=board.total,
        names=await public_names(services, summaries),
    )


async def openapi(request: web.Request) -> web.Response:
    """`/api export`'s document, its members' words (summaries, details, notes) shown as
    every page shows them: mentions as names by consent, never ids."""
    guild = await published_board(request)
    services = hub_of(request).services
    export = await services.api_requests.export_openapi(guild.guild_id, guild.name)
    document = json.loads(export.json_text)
    names = await public_names(services, [(guild.guild_id, export.json_text)])
    shown = document_in_words(document, names.of(guild.guild_id), MEMBER_TEXT_KEYS)
    text = json.dumps(shown, indent=2, ensure_ascii=False)
    return conditional(request, text.encode(), "application/json")


def register(app: web.Application) -> None:
    guild = "/g/" + SNOWFLAKE % "guild_id"
    app.router.add_get(guild + "/api", board_page)
    app.router.add_get(guild + "/api/openapi.json", openapi)
