"""A published guild's API board, one page per request, and the OpenAPI export (the same
export as `/api export`)."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from bot.errors import NotFound
from bot.services.api.mock import base_url
from bot.services.api.status import ApiStatus
from bot.services.container import Services
from bot.services.publishing.consent import PublishedGuild
from bot.services.publishing.privacy import ANONYMOUS
from bot.services.qa.published import mentioned_ids
from bot.web.hub import hub_of
from bot.web.kept import kept, of_path_guild
from bot.web.pages import PageMeta, conditional, page
from bot.web.routes.ids import SNOWFLAKE
from bot.web.routes.qa import published_guild
from bot.web.snippets import curl_snippet, fetch_snippet, sample_path
from bot.web.user_text import (
    document_in_words,
    example_in_words,
    in_words,
    message_html,
    plain,
    public_names,
)

# Where the OpenAPI export holds what members wrote.
MEMBER_TEXT_KEYS = frozenset({"summary", "description", "title"})


# The board leaves rejected requests out; so do their pages.
SHOWN_STATUSES = frozenset(ApiStatus) - {ApiStatus.REJECTED}
REQUEST_NUMBER = r"{number:[1-9][0-9]{0,8}}"


async def board_is_public(services: Services, guild_id: int) -> bool:
    """For a guild that consented: its API channel (when set) is one @everyone can read."""
    channel = (await services.guild_settings.get(guild_id)).api_channel_id
    return channel is None or channel in await services.published.public_channel_ids(guild_id)


async def published_board(request: web.Request) -> PublishedGuild:
    """The guild, if it consented and its board is public (`board_is_public`)."""
    guild = await published_guild(request)
    if not await board_is_public(hub_of(request).services, guild.guild_id):
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
    columns = [c for c in board.columns if c.status in SHOWN_STATUSES]
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


def pretty(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


async def request_page(request: web.Request) -> web.Response:
    """One request as a frontend learner needs it: its contract, history and mock."""
    guild = await published_board(request)
    hub = hub_of(request)
    services = hub.services
    try:
        number = int(request.match_info["number"])
        detail = await services.api_requests.detail(guild.guild_id, number)
    except NotFound:
        raise web.HTTPNotFound() from None
    wanted = detail.request
    if wanted.status not in SHOWN_STATUSES:
        raise web.HTTPNotFound()
    contract = detail.contract
    texts = [wanted.summary, wanted.details or "", (contract.notes or "") if contract else ""]
    if contract is not None:
        texts += [json.dumps(contract.request_example), json.dumps(contract.response_example)]
    people = {wanted.requester_id, *(e.actor_id for e in detail.history)}
    if contract is not None:
        people.add(contract.author_id)
    names = await services.privacy.public_names(guild.guild_id, people | mentioned_ids(texts))
    sent = example_in_words(contract.request_example, names) if contract else None
    answered = example_in_words(contract.response_example, names) if contract else None
    method = wanted.method.value
    mock_url = base_url(hub.base_url(request), guild.guild_id) + sample_path(wanted.path.value)
    summary = in_words(wanted.summary, names)
    meta = PageMeta(
        title=f"{wanted.label}: {method} {wanted.path.value}",
        description=plain(f"{wanted.route}: {wanted.summary}", names),
        path=f"/g/{guild.guild_id}/api/{wanted.number}",
        last_modified=wanted.updated_at,
    )
    return page(
        request,
        "api_request.html",
        meta,
        guild=guild,
        wanted=wanted,
        summary=summary,
        details=message_html(wanted.details, names) if wanted.details else None,
        contract=contract,
        notes=message_html(contract.notes, names) if contract and contract.notes else None,
        sent=None if sent is None else pretty(sent),
        answered=None if answered is None else pretty(answered),
        request_schema=pretty(contract.request_schema) if contract and sent is not None else None,
        response_schema=(
            pretty(contract.response_schema) if contract and answered is not None else None
        ),
        history=detail.history,
        who=lambda user_id: names.get(user_id, ANONYMOUS),
        note=lambda text: in_words(text, names),
        mock_url=mock_url,
        curl=curl_snippet(method, mock_url, sent),
        fetch=fetch_snippet(method, mock_url, sent),
    )


async def openapi(request: web.Request) -> web.Response:
    """`/api export`'s document, its members' words (summaries, details, notes) shown as
    every page shows them: mentions as names by consent, never ids."""
    guild = await published_board(request)
    services = hub_of(request).services
    mock_url = base_url(hub_of(request).base_url(request), guild.guild_id)
    export = await services.api_requests.export_openapi(
        guild.guild_id, guild.name, mock_url=mock_url
    )
    document = json.loads(export.json_text)
    names = await public_names(services, [(guild.guild_id, export.json_text)])
    shown = document_in_words(document, names.of(guild.guild_id), MEMBER_TEXT_KEYS)
    text = json.dumps(shown, indent=2, ensure_ascii=False)
    return conditional(request, text.encode(), "application/json")


def register(app: web.Application) -> None:
    guild = "/g/" + SNOWFLAKE % "guild_id"
    by_guild = kept(of_path_guild)
    app.router.add_get(guild + "/api", by_guild(board_page))
    app.router.add_get(guild + "/api/openapi.json", by_guild(openapi))
    app.router.add_get(guild + "/api/" + REQUEST_NUMBER, by_guild(request_page))
