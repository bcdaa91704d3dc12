"""Ids in paths: digits only (the route pattern), and within a database BIGINT."""

from __future__ import annotations

from aiohttp import web

SNOWFLAKE = r"{%s:\d{1,20}}"
BIGINT_MAX = 2**63 - 1


def path_id(request: web.Request, name: str) -> int:
    value = int(request.match_info[name])
    if not 0 < value <= BIGINT_MAX:
        raise web.HTTPNotFound()
    return value
