"""The home page, search, the sitemap, robots.txt, the stylesheet and the hub's pictures."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from importlib.resources import files

from aiohttp import web

from bot.errors import ValidationError
from bot.knowledge.start_here import PATHS, start_paths
from bot.services.topics.lookup import QUERY_MAX
from bot.web.brand import favicon_ico, og_image
from bot.web.hub import hub_of
from bot.web.kept import across_guilds, kept
from bot.web.markdown import highlight_css
from bot.web.pages import TEMPLATES, PageMeta, conditional, page
from bot.web.routes.api import board_is_public
from bot.web.routes.topics import topic_modified
from bot.web.user_text import PublicNames, public_names

SEARCH_RESULTS = 10


async def home(request: web.Request) -> web.Response:
    services = hub_of(request).services
    guilds = {g.guild_id: g for g in await services.web_consent.published_guilds()}
    meta = PageMeta(
        title="Nexus: the ProDev reference guide for backend and frontend learners",
        description="A curated reference guide for ALX ProDev backend and frontend learners, "
        "and the questions the community has already solved.",
        path="/",
    )
    recent = await services.published.recent()
    library = services.topics.library
    boards = [g for g in guilds.values() if await board_is_public(services, g.guild_id)]
    return page(
        request,
        "home.html",
        meta,
        categories=services.topics.by_category(),
        paths=[(PATHS[name], topics) for name, topics in start_paths(library.topics).items()],
        topic_titles={slug: topic.title for slug, topic in library.topics.items()},
        recent=recent,
        guilds=guilds,
        boards=sorted(boards, key=lambda g: g.name.casefold()),
        names=await public_names(services, ((q.guild_id, q.title) for q in recent)),
    )


async def search(request: web.Request) -> web.Response:
    raw = request.query.get("q", "")
    if len(raw) > QUERY_MAX * 4:  # refuse a huge query before normalising it
        raise ValidationError(f"That search is too long; keep it under {QUERY_MAX} characters.")
    services = hub_of(request).services
    meta = PageMeta(
        title="Search", description="Search topics and solved questions", path="/search"
    )
    if not raw.strip():
        return page(
            request,
            "search.html",
            meta,
            query="",
            topics=[],
            questions=[],
            notes=[],
            guilds={},
            names=PublicNames(),
        )
    topics = services.topics.search(raw, limit=SEARCH_RESULTS)
    questions = (await services.published.search(raw))[:SEARCH_RESULTS]
    # Community notes are found like topic text, under the web's rules for what they show.
    notes = await services.published_notes.search(raw)
    texts = [(hit.guild_id, text) for hit in questions for text in (hit.title, hit.snippet)]
    texts += [(hit.note.guild_id, text) for hit in notes for text in (hit.note.title, hit.snippet)]
    names = await public_names(services, texts)
    guilds = (
        {g.guild_id: g for g in await services.web_consent.published_guilds()} if questions else {}
    )
    meta = PageMeta(
        title=f"Search: {raw.strip()[:60]}",
        description=f"Topics and solved questions about {raw.strip()[:60]}",
        path="/search",
    )
    return page(
        request,
        "search.html",
        meta,
        query=raw.strip(),
        topics=topics,
        questions=questions,
        notes=[(hit, services.topics.title_of(hit.note.topic_slug)) for hit in notes],
        guilds=guilds,
        names=names,
    )


async def sitemap(request: web.Request) -> web.Response:
    hub = hub_of(request)
    services = hub.services
    topics = [(t.slug, topic_modified(t)) for t in services.topics.library.topics.values()]
    guilds = await services.web_consent.published_guilds()
    questions = await services.published.all_for_sitemap()
    xml = TEMPLATES.get_template("sitemap.xml").render(
        base=hub.base_url(request), topics=topics, guilds=guilds, questions=questions
    )
    return conditional(request, xml.encode(), "application/xml")


async def robots(request: web.Request) -> web.Response:
    base = hub_of(request).base_url(request)
    text = f"User-agent: *\nDisallow: /search\nAllow: /\nSitemap: {base}/sitemap.xml\n"
    return conditional(request, text.encode(), "text/plain")


@functools.cache
def stylesheet() -> bytes:
    own = files("bot.web").joinpath("static/nexus.css").read_text(encoding="utf-8")
    return (own + "\n" + highlight_css()).encode()


STARTED = datetime.now(UTC).replace(microsecond=0)


@functools.cache
def favicon_svg() -> bytes:
    return files("bot.web").joinpath("static/favicon.svg").read_bytes()


def static_answer(request: web.Request, body: bytes, content_type: str) -> web.Response:
    """A file that only changes with a new release: cached for an hour, then revalidated."""
    response = conditional(
        request, body, content_type, last_modified=STARTED, trust_last_modified=True
    )
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


async def css(request: web.Request) -> web.Response:
    return static_answer(request, stylesheet(), "text/css")


async def favicon(request: web.Request) -> web.Response:
    return static_answer(request, favicon_ico(), "image/x-icon")


async def favicon_vector(request: web.Request) -> web.Response:
    return static_answer(request, favicon_svg(), "image/svg+xml")


async def preview_image(request: web.Request) -> web.Response:
    return static_answer(request, og_image(), "image/png")


def register(app: web.Application) -> None:
    # Each reads guilds' published data: kept by the sum of every guild's version.
    app.router.add_get("/", kept(across_guilds)(home))
    app.router.add_get("/search", kept(across_guilds)(search))
    app.router.add_get("/sitemap.xml", kept(across_guilds)(sitemap))
    app.router.add_get("/robots.txt", robots)
    app.router.add_get("/static/nexus.css", css)
    app.router.add_get("/favicon.ico", favicon)
    app.router.add_get("/static/favicon.svg", favicon_vector)
    app.router.add_get("/static/og.png", preview_image)
