"""Errors as pages: a real 404, a 400 that says what was wrong, never a traceback."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.errors import NexusError
from bot.web.pages import PageMeta, render_html

log = logging.getLogger(__name__)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def error_page(request: web.Request, status: int, title: str, message: str) -> web.Response:
    meta = PageMeta(title=title, description=message, path=request.path)
    body = render_html(request, "error.html", meta, status=status, message=message)
    return web.Response(body=body, status=status, content_type="text/html", charset="utf-8")


@web.middleware
async def friendly_errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPNotFound:
        return error_page(request, 404, "Page not found", "There is no page at this address.")
    except web.HTTPMethodNotAllowed:
        return error_page(request, 405, "Not allowed", "This page can only be read.")
    except web.HTTPException as error:
        if error.status >= 400:
            return error_page(request, error.status, error.reason, error.text or error.reason)
        raise
    except NexusError as error:
        # Bad input (an empty or huge search, a page number out of range): safe to show.
        return error_page(request, 400, "Bad request", str(error))
    except Exception:
        ref = secrets.token_hex(3).upper()
        log.exception("web page %s failed (ref %s)", request.path, ref)
        return error_page(
            request, 500, "Something went wrong", f"Something went wrong (ref {ref})."
        )
