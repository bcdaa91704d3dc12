"""The mock server's answers, as a service: no HTTP, no Discord.

The web hub's route `/g/<guild_id>/mock/<path>` hands each call to `ApiMock.answer` and
writes the `MockResponse` out, adding `cors_headers(origin)`. A call is answered from the
contract of the request whose method and path shape it matches: its response example and
status; a request body that does not fit the schema derived from the request example gets a
422 naming the field. Rejected requests are not mocked.

Which guilds are mocked is not decided here: `web_enabled` (a `GuildGate`) is asked for each
call, and the web hub passes its per-guild "web enabled" flag there.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.api.json_examples import JsonValue, compact
from bot.services.api.mock_cache import PerGuild, RouteCache
from bot.services.api.mock_routes import MockRoute, RouteTable
from bot.services.api.schema import first_mismatch

# Whether a guild turned the web hub on (and so gets a mock).
GuildGate = Callable[[int], Awaitable[bool]]
BODY_MAX = 64 * 1024
# Changes (a new contract, a rejected request) reach the mock within this many seconds: a
# guild's table is checked at most that often, so a busy mock costs no query per call.
CACHE_SECONDS = 1.0
_LOCAL_ORIGIN = re.compile(r"https?://(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?")
MOCK_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS"
ALLOWED_HEADERS = "Content-Type, Authorization"
# Errors are RFC 9457 problem details; `error` repeats `detail` for code written before.
PROBLEM_TYPE = "application/problem+json"


@dataclass(frozen=True)
class MockCall:
    """A call to the mock: `path` is under the mock's base URL; `body` is compact JSON."""

    label: str
    method: str
    path: str
    body: str | None


@dataclass(frozen=True)
class MockResponse:
    status: int
    json_body: JsonValue | None = None
    headers: dict[str, str] = field(default_factory=dict)


def cors_headers(origin: str | None, requested_headers: str | None = None) -> dict[str, str]:
    """The CORS headers for a call from `origin`: a frontend served from localhost (any
    port, http or https) may call the mock, with credentials (`fetch`'s `credentials:
    'include'`), so the origin is echoed, never `*`; other origins get no permission.
    A preflight's `Access-Control-Request-Headers` are allowed as asked: the mock reads none
    of them, and a learner's `X-Trace-Id` should not break the call."""
    headers = {"Vary": "Origin"}
    if origin is None or not _LOCAL_ORIGIN.fullmatch(origin):
        return headers
    return headers | {
        "Access-Control-Allow-Origin": origin,
        "Access-Control-Allow-Credentials": "true",
        "Access-Control-Allow-Methods": MOCK_METHODS,
        "Access-Control-Allow-Headers": requested_headers or ALLOWED_HEADERS,
        "Access-Control-Expose-Headers": "X-Nexus-Request, X-Nexus-Contract-Version",
        "Access-Control-Max-Age": "600",
    }


def base_url(web_url: str, guild_id: int) -> str:
    """Where a guild's mock lives under the web hub's public URL."""
    return f"{web_url.rstrip('/')}/g/{guild_id}/mock"


class ApiMock:
    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        web_enabled: GuildGate,
        *,
        cache_seconds: float = CACHE_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._routes = RouteCache(sessions, cache_seconds, monotonic)
        # The consent is read at most once per cache period, like the contracts, instead
        # of one database query per mocked call.
        self._consent = PerGuild(
            lambda guild_id, _previous: web_enabled(guild_id), cache_seconds, monotonic
        )

    async def enabled(self, guild_id: int) -> bool:
        return await self._consent.get(guild_id)

    async def answer(
        self, guild_id: int, method: str, path: str, body: bytes | None
    ) -> MockResponse:
        """The mock's answer to `method path` with `body` (None or empty: no body).

        `path` is what follows `/g/<guild_id>/mock` in the URL (`/listings/42`), as received:
        segments are split at `/` and percent-decoded here (`split_path`), and a query
        string is ignored. Every `OPTIONS` is a 204, so a browser's preflight never hides
        the mock's own 404 behind "Failed to fetch"."""
        method = method.upper()
        enabled = await self.enabled(guild_id)
        table = await self._table(guild_id) if enabled else None
        segments, candidates = table.matching(path) if table is not None else ([], [])
        allowed = sorted({route.method for route in candidates})
        if method == "OPTIONS":
            allow = ", ".join([*allowed, "OPTIONS"]) if allowed else MOCK_METHODS
            return MockResponse(204, None, {"Allow": allow})
        if table is None:
            return _error(404, "This server has not turned the web hub on, so it has no mock.")
        if not candidates:
            paths: list[JsonValue] = [*table.paths]
            operations: list[JsonValue] = [*table.operations]
            missing = _error(404, f"No API request matches {_shown(path)}.")
            assert isinstance(missing.json_body, dict)
            listed = missing.json_body | {"known_paths": paths, "known_operations": operations}
            return MockResponse(404, listed, missing.headers)
        wanted = "GET" if method == "HEAD" else method
        route = next((r for r in candidates if r.method == wanted), None)
        if route is None:
            allow = ", ".join([*allowed, "OPTIONS"])
            response = _error(405, f"{_shown(path)} answers {', '.join(allowed)}, not {method}.")
            return MockResponse(405, response.json_body, response.headers | {"Allow": allow})
        answer = _answer(route, segments, body)
        if method == "HEAD":
            return MockResponse(answer.status, None, answer.headers)
        return answer

    async def example_call(self, guild_id: int) -> MockCall | None:
        """A call the mock answers with a contract's example (the oldest contracted request,
        path parameters filled in), for `/api mock` to show; None before any contract."""
        table = await self._table(guild_id)
        contracted = [r for r in table.routes if r.contract is not None]
        if not contracted:
            return None
        route = min(contracted, key=lambda r: r.request.number)
        assert route.contract is not None
        values = iter(_sample_values(route))
        path = "/" + "/".join(s if s is not None else next(values) for s in route.segments)
        body = route.contract.request_example
        return MockCall(
            route.request.label, route.method, path, None if body is None else compact(body)
        )

    def forget(self, guild_id: int) -> None:
        """Rebuild the guild's table on its next call (after a change in this process)."""
        self._routes.forget(guild_id)

    async def _table(self, guild_id: int) -> RouteTable:
        return await self._routes.table(guild_id)


_JSON = {"Content-Type": "application/json"}


def _answer(route: MockRoute, segments: list[str], body: bytes | None) -> MockResponse:
    request, contract = route.request, route.contract
    if contract is None:
        return _error(
            501,
            f"{request.label} ({request.route}) has no contract yet: set one with "
            f"`/api contract {request.number}` to mock it.",
        )
    values = [s for s, mine in zip(segments, route.segments, strict=True) if mine is None]
    for (name, type_), value in zip(route.parameters, values, strict=True):
        if not _fits(value, type_):
            return _error(
                422, f"Path parameter `{name}` should be {_A[type_]}, not `{value}`.", name
            )
    if route.request_schema is not None:
        problem = _body_problem(body, route)
        if problem is not None:
            return problem
    headers = {
        "X-Nexus-Request": request.label,
        "X-Nexus-Contract-Version": str(contract.version),
    }
    if contract.response_example is None:
        return MockResponse(contract.response_status, None, headers)
    return MockResponse(contract.response_status, contract.response_example, _JSON | headers)


def _body_problem(body: bytes | None, route: MockRoute) -> MockResponse | None:
    if not body or not body.strip():
        return _error(422, f"{route.request.route} needs a JSON body like its example.")
    if len(body) > BODY_MAX:
        return _error(413, f"The body is over {BODY_MAX // 1024} KB.")
    try:
        value: JsonValue = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        where = (
            f" at line {error.lineno}, column {error.colno}"
            if isinstance(error, json.JSONDecodeError)
            else ""
        )
        return _error(400, f"The body is not valid JSON{where}.")
    assert route.request_schema is not None
    mismatch = first_mismatch(value, route.request_schema)
    if mismatch is None:
        return None
    return _error(422, f"The body does not match the contract: {mismatch}.", mismatch.field)


_A = {"integer": "an integer", "number": "a number", "string": "a string"}


def _fits(value: str, type_: str) -> bool:
    # Any integer: the exported document gives integers no format (no int64 bound), and a
    # 19-digit snowflake or a 40-digit id is one a client may rightly send.
    if type_ == "integer":
        return re.fullmatch(r"-?\d+", value, re.ASCII) is not None
    if type_ == "number":
        return re.fullmatch(r"-?\d+(\.\d+)?([eE][-+]?\d+)?", value, re.ASCII) is not None
    return True


def _sample_values(route: MockRoute) -> list[str]:
    """A value for each path parameter: the example's own (`"id": 7` -> `7`), else 1."""
    contract = route.contract
    record = None if contract is None else contract.response_example
    if isinstance(record, list) and record:
        record = record[0]
    values = []
    for name, type_ in route.parameters:
        found = record.get(name, record.get("id")) if isinstance(record, dict) else None
        if (
            isinstance(found, int | float | str)
            and not isinstance(found, bool)
            and _fits(str(found), type_)
        ):
            values.append(quote(str(found), safe=""))
        else:
            values.append("1")
    return values


def problem(status: int, message: str) -> dict[str, JsonValue]:
    """An RFC 9457 problem details body; `error` repeats `detail` for code written before."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:  # a status Python does not name
        title = "Error"
    return {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": message,
        "error": message,
    }


def _error(status: int, message: str, field_name: str | None = None) -> MockResponse:
    body = problem(status, message)
    if field_name is not None:
        body["field"] = field_name
    return MockResponse(status, body, {"Content-Type": PROBLEM_TYPE})


def _shown(path: str) -> str:
    return path if len(path) <= 200 else path[:199] + "…"
