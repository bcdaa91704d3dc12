"""The home page, search, the sitemap, robots.txt and the stylesheet."""

from __future__ import annotations

import functools
from datetime import UTC, datetime
from importlib.resources import files

from aiohttp import web

from bot.errors import ValidationError
from bot.services.topics.lookup import QUERY_MAX
from bot.web.hub import hub_of
from bot.web.markdown import highlight_css
from bot.web.pages import TEMPLATES, PageMeta, conditional, page
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
    return page(
        request,
        "home.html",
        meta,
        categories=services.topics.by_category(),
        recent=recent,
        guilds=guilds,
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
            guilds={},
            names=PublicNames(),
        )
    topics = services.topics.search(raw, limit=SEARCH_RESULTS)
    questions = (await services.published.search(raw))[:SEARCH_RESULTS]
    names = await public_names(
        services, ((hit.guild_id, text) for hit in questions for text in (hit.title, hit.snippet))
    )
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


async def css(request: web.Request) -> web.Response:
    response = conditional(
        request, stylesheet(), "text/css", last_modified=STARTED, trust_last_modified=True
    )
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


def register(app: web.Application) -> None:
    app.router.add_get("/", home)
    app.router.add_get("/search", search)
    app.router.add_get("/sitemap.xml", sitemap)
    app.router.add_get("/robots.txt", robots)
    app.router.add_get("/static/nexus.css", css)
