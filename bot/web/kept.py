"""Pages kept in memory by the version of what they show, and conditional requests
answered from that version alone.

A page that reads the database is rendered once per (address, version): its guild's
version (bot/services/publishing/versions.py) for a guild's pages, the sum over guilds for
pages across guilds. Each write that changes a page bumps the version in its own
transaction, so the check before every answer (one read, shared by the pages waiting at
that moment) finds any change committed before the request arrived: a forgotten member, a
guild that left the web, a deleted message never outlive it. The ETag is derived from the
same version, so a reader's revalidation gets its 304 without a render.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime

from aiohttp import web

from bot.services.publishing.versions import ALL_GUILDS
from bot.web.hub import hub_of
from bot.web.pages import CACHE_CONTROL, conditional, not_modified
from bot.web.routes.ids import path_id

Handler = Callable[[web.Request], Awaitable[web.Response]]
# Which version a page depends on: a guild's id, or ALL_GUILDS.
Scope = Callable[[web.Request], int]
# Kept pages hold at most this many bytes of bodies; a page above a sixteenth of it is
# served but not kept. Searches and Host headers a client invents only evict older pages.
KEPT_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class KeptPage:
    stamp: tuple[int, int]
    body: bytes
    content_type: str
    last_modified: datetime | None


class KeptPages:
    """A least-recently-used store of rendered pages, bounded by their bytes."""

    def __init__(self, max_bytes: int = KEPT_BYTES) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self._pages: OrderedDict[tuple[str, str], KeptPage] = OrderedDict()
        # Changes across releases and restarts, so a reader's old ETag never matches a page
        # that new templates or a reloaded library render differently.
        self._token = secrets.token_hex(4)
        self._libraries: list[tuple[object, int]] = []

    def __len__(self) -> int:
        return len(self._pages)

    def library_serial(self, library: object) -> int:
        """A number per loaded library: a content reload changes every page's stamp."""
        for kept, serial in self._libraries:
            if kept is library:
                return serial
        serial = (self._libraries[-1][1] + 1) if self._libraries else 1
        self._libraries = [*self._libraries[-3:], (library, serial)]
        return serial

    def etag(self, key: tuple[str, str], stamp: tuple[int, int]) -> str:
        seed = f"{self._token}|{stamp[0]}|{stamp[1]}|{key[0]}|{key[1]}".encode()
        return '"v' + hashlib.blake2b(seed, digest_size=12).hexdigest() + '"'

    def get(self, key: tuple[str, str], stamp: tuple[int, int]) -> KeptPage | None:
        kept = self._pages.get(key)
        if kept is None or kept.stamp != stamp:
            return None
        self._pages.move_to_end(key)
        return kept

    def put(self, key: tuple[str, str], page: KeptPage) -> None:
        if len(page.body) * 16 > self.max_bytes:
            return
        old = self._pages.pop(key, None)
        if old is not None:
            self.bytes -= len(old.body)
        self._pages[key] = page
        self.bytes += len(page.body)
        while self.bytes > self.max_bytes:
            _, evicted = self._pages.popitem(last=False)
            self.bytes -= len(evicted.body)


KEPT_PAGES = web.AppKey("kept_pages", KeptPages)


def across_guilds(_request: web.Request) -> int:
    return ALL_GUILDS


def of_path_guild(request: web.Request) -> int:
    return path_id(request, "guild_id")  # a 404 for an id out of range


def _last_modified(response: web.Response) -> datetime | None:
    raw = response.headers.get("Last-Modified")
    try:
        return None if raw is None else parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None


def kept(scope: Scope, *, trust_last_modified: bool = False) -> Callable[[Handler], Handler]:
    """Serve `handler`'s 200 pages from memory while `scope`'s version holds."""

    def wrap(handler: Handler) -> Handler:
        async def serve(request: web.Request) -> web.Response:
            hub = hub_of(request)
            pages = request.app[KEPT_PAGES]
            version = await hub.services.published_versions.of(scope(request))
            stamp = (version, pages.library_serial(hub.services.topics.library))
            key = (hub.base_url(request), request.path_qs)
            etag = pages.etag(key, stamp)
            page = pages.get(key, stamp)
            if page is None:
                if not_modified(request, etag, None):
                    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
                    return web.Response(status=304, headers=headers)
                response = await handler(request)
                if response.status != 200 or not isinstance(response.body, bytes):
                    return response
                page = KeptPage(
                    stamp, response.body, response.content_type, _last_modified(response)
                )
                pages.put(key, page)
            return conditional(
                request,
                page.body,
                page.content_type,
                etag=etag,
                last_modified=page.last_modified,
                trust_last_modified=trust_last_modified,
            )

        serve.__name__ = handler.__name__
        serve.__doc__ = handler.__doc__
        return serve

    return wrap


def register(app: web.Application) -> None:
    app[KEPT_PAGES] = KeptPages()
