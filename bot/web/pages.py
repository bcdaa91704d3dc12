"""Rendering a page: templates, the tags search engines read, and conditional requests.

A page rendered here has an ETag hashed from its body; the pages that read the database are
served through bot/web/kept.py, whose ETag is derived from the published version instead,
so a page whose data changed (or vanished) is never answered with a stale 304.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from aiohttp import web
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from bot.web.hub import hub_of

SITE_NAME = "Nexus"
TEMPLATES = Environment(
    loader=PackageLoader("bot.web", "templates"),
    autoescape=select_autoescape(["html", "xml"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Readers revalidate every time (cheap: a 304), so nothing deleted lingers in a cache.
CACHE_CONTROL = "no-cache"


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    path: str  # the canonical path, e.g. /topics/caching
    og_type: str = "website"
    last_modified: datetime | None = None
    # Only content that changes forwards in time (files) may answer If-Modified-Since:
    # a thread can lose a message and become "older".
    trust_last_modified: bool = False


def json_ld(data: Any) -> Markup:
    """JSON for a <script> element: `<`, `>` and `&` escaped so text can't close it."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def charset_of(content_type: str) -> str | None:
    """utf-8 for text (every body the hub writes is utf-8): without it in the header, a
    reader's browser guesses, and a page of curly quotes or emoji can come out garbled."""
    return "utf-8" if content_type.startswith("text/") or content_type.endswith("xml") else None


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def not_modified(request: web.Request, etag: str, meta_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = request.headers.get("If-Modified-Since")
    if since is None or meta_modified is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return moment.tzinfo is not None and meta_modified.replace(microsecond=0) <= moment


def conditional(
    request: web.Request,
    body: bytes,
    content_type: str,
    *,
    etag: str | None = None,
    last_modified: datetime | None = None,
    trust_last_modified: bool = False,
    status: int = 200,
) -> web.Response:
    """The response, or a 304 when the reader already holds this exact body (`etag`, when
    given, must be `etag_of(body)`: a page kept in memory hashes its body once)."""
    etag = etag or etag_of(body)
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if last_modified is not None:
        headers["Last-Modified"] = format_datetime(last_modified, usegmt=True)
    if status == 200 and not_modified(
        request, etag, last_modified if trust_last_modified else None
    ):
        return web.Response(status=304, headers=headers)
    return web.Response(
        body=body,
        status=status,
        content_type=content_type,
        charset=charset_of(content_type),
        headers=headers,
    )


def render_html(request: web.Request, template: str, meta: PageMeta, **context: Any) -> bytes:
    base = hub_of(request).base_url(request)
    html = TEMPLATES.get_template(template).render(
        meta=meta, site_name=SITE_NAME, base=base, canonical=base + meta.path, **context
    )
    return html.encode()


def page(
    request: web.Request, template: str, meta: PageMeta, *, status: int = 200, **context: Any
) -> web.Response:
    body = render_html(request, template, meta, **context)
    return conditional(
        request,
        body,
        "text/html",
        last_modified=meta.last_modified,
        trust_last_modified=meta.trust_last_modified,
        status=status,
    )
