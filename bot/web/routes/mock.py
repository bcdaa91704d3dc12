"""The API mock server: `/g/<guild_id>/mock/<path>` answers as the guild's API contracts say.

The route only translates HTTP: `ApiMock` (bot/services/api/mock.py) decides every answer
(matching path shapes, 404/405/422, which guilds are served) and `cors_headers` which
origins may call it from a browser.
"""

from __future__ import annotations

import json
import logging
import re
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import unquote

from aiohttp import web

from bot.services.api.mock import MOCK_METHODS, PROBLEM_TYPE, cors_headers, problem
from bot.web.hub import hub_of
from bot.web.routes.ids import SNOWFLAKE, path_id

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
# A mocked request body larger than this is refused unread (examples are 4 KB).
BODY_MAX = 64 * 1024
TOO_LARGE = f"The body is over {BODY_MAX // 1024} KB."
# Every address under a mock, whatever its guild id: even one no route matches (a zero or
# out-of-range id) is a mock address, so a frontend's code gets JSON it can read.
MOCK_PATH = re.compile(r"/g/[^/]*/mock(?:/|$)")
ERROR_TEXTS = {
    400: "The request could not be read.",
    404: "Nothing is mocked at this address.",
    405: "The mock does not answer this method here.",
    413: TOO_LARGE,
}


class BodyTooLarge(web.HTTPRequestEntityTooLarge):
    def __init__(self) -> None:
        super().__init__(max_size=BODY_MAX, actual_size=BODY_MAX + 1)


async def capped_body(request: web.Request) -> bytes | None:
    """The body (None without one), read in pieces and never past BODY_MAX: a chunked
    body says no length up front, and aiohttp's own limit would answer it in HTML."""
    if not request.can_read_body:
        return None
    if request.content_length is not None and request.content_length > BODY_MAX:
        raise BodyTooLarge()
    body = bytearray()
    while piece := await request.content.read(BODY_MAX + 1 - len(body)):
        body += piece
        if len(body) > BODY_MAX:
            raise BodyTooLarge()
    return bytes(body)


def request_cors(request: web.Request) -> dict[str, str]:
    return cors_headers(
        request.headers.get("Origin"), request.headers.get("Access-Control-Request-Headers")
    )


def path_under_mock(request: web.Request) -> str:
    """What follows `/g/<id>/mock` as sent, still percent-encoded: aiohttp's `match_info`
    is decoded already, where `%2F` and `%3F` have become a `/` and a `?` that would split
    the path again. The prefix is checked segment by segment, decoded (it may be encoded)."""
    raw = [segment for segment in request.rel_url.raw_path.split("/") if segment]
    prefix = [unquote(segment, errors="replace") for segment in raw[:3]]
    if prefix != ["g", request.match_info["guild_id"], "mock"]:
        raise web.HTTPNotFound()
    return "/" + "/".join(raw[3:])


async def mock_call(request: web.Request) -> web.Response:
    guild_id = path_id(request, "guild_id")
    cors = request_cors(request)
    body = await capped_body(request)
    path = path_under_mock(request)
    answer = await hub_of(request).services.api_mock.answer(guild_id, request.method, path, body)
    headers = answer.headers | cors
    if answer.json_body is None:
        return web.Response(status=answer.status, headers=headers)
    return json_answer(answer.status, answer.json_body, headers)


def answers(request: web.Request) -> bool:
    """Whether the mock (JSON answers, CORS) answers this routed request."""
    return request.match_info.handler is mock_call


def json_answer(status: int, body: object, headers: dict[str, str]) -> web.Response:
    """`body` as JSON; an error's content type is `application/problem+json` (RFC 9457)."""
    content_type = PROBLEM_TYPE if status >= 400 else "application/json"
    clean = {k: v for k, v in headers.items() if k.lower() != "content-type"}
    return web.Response(
        status=status,
        text=json.dumps(body, ensure_ascii=False),
        content_type=content_type,
        headers=clean,
    )


@web.middleware
async def json_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Under a mock address every answer is JSON with the CORS headers, errors too: those
    of the route, and those aiohttp raises before it (no route matched, a body too large).
    A preflight is a 204 even there: the browser then lets the page read the real 404."""
    if not MOCK_PATH.match(request.path):
        return await handler(request)
    cors = request_cors(request)
    try:
        return await handler(request)
    except web.HTTPException as error:
        if error.status < 400:
            raise
        if request.method == "OPTIONS":
            return web.Response(status=204, headers=cors | {"Allow": MOCK_METHODS})
        headers = cors | ({"Allow": error.headers["Allow"]} if "Allow" in error.headers else {})
        text = ERROR_TEXTS.get(error.status, error.reason)
        return json_answer(error.status, problem(error.status, text), headers)
    except Exception:
        ref = secrets.token_hex(3).upper()
        log.exception("mock call %s %s failed (ref %s)", request.method, request.path, ref)
        return json_answer(500, problem(500, f"Something went wrong (ref {ref})."), cors)


def register(app: web.Application) -> None:
    # Inside the hub's HTML error pages (added before): the mock's errors never reach them.
    app.middlewares.append(json_errors)
    base = "/g/" + SNOWFLAKE % "guild_id" + "/mock"
    app.router.add_route("*", base, mock_call)
    # `(?s)`: a decoded `%0A` in a parameter is a newline, which a bare `.*` would not match.
    app.router.add_route("*", base + "/{path:(?s:.*)}", mock_call)
