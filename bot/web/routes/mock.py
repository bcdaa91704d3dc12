"""The API mock server: `/g/<guild_id>/mock/<path>` answers as the guild's API contracts say.

The route only translates HTTP: `ApiMock` (bot/services/api/mock.py) decides every answer
(matching path shapes, 404/405/422, which guilds are served) and `cors_headers` which
origins may call it from a browser.
"""

from __future__ import annotations

import json

from aiohttp import web

from bot.services.api.mock import cors_headers
from bot.web.hub import hub_of
from bot.web.routes.ids import SNOWFLAKE, path_id

# A mocked request body larger than this is refused before it is read (examples are 4 KB).
BODY_MAX = 64 * 1024


async def mock_call(request: web.Request) -> web.Response:
    guild_id = path_id(request, "guild_id")
    cors = cors_headers(request.headers.get("Origin"))
    if request.content_length is not None and request.content_length > BODY_MAX:
        return json_answer(413, {"error": f"The body is over {BODY_MAX // 1024} KB."}, cors)
    body = await request.read() if request.can_read_body else None
    if body is not None and len(body) > BODY_MAX:
        return json_answer(413, {"error": f"The body is over {BODY_MAX // 1024} KB."}, cors)
    path = "/" + request.match_info.get("path", "")
    answer = await hub_of(request).services.api_mock.answer(guild_id, request.method, path, body)
    headers = answer.headers | cors
    if answer.json_body is None:
        return web.Response(status=answer.status, headers=headers)
    return json_answer(answer.status, answer.json_body, headers)


def answers(request: web.Request) -> bool:
    """Whether the mock (JSON answers, CORS) answers this routed request."""
    return request.match_info.handler is mock_call


def json_answer(status: int, body: object, headers: dict[str, str]) -> web.Response:
    clean = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type="application/json",
        headers=clean,
    )


def register(app: web.Application) -> None:
    base = "/g/" + SNOWFLAKE % "guild_id" + "/mock"
    app.router.add_route("*", base, mock_call)
    app.router.add_route("*", base + "/{path:.*}", mock_call)
