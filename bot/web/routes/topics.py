"""`/topics/<slug>`: a topic of the knowledge base in full, its related topics linked."""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from bot.knowledge.model import Topic
from bot.web.hub import hub_of
from bot.web.markdown import plain, render_topic_markdown
from bot.web.pages import PageMeta, page


def topic_modified(topic: Topic) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(topic.source.stat().st_mtime), tz=UTC)
    except OSError:
        return None


async def topic_page(request: web.Request) -> web.Response:
    service = hub_of(request).services.topics
    topic = service.get(request.match_info["slug"])
    if topic is None:
        raise web.HTTPNotFound()
    meta = PageMeta(
        title=topic.title,
        description=plain(topic.summary),
        path=f"/topics/{topic.slug}",
        og_type="article",
        last_modified=topic_modified(topic),
        trust_last_modified=True,
    )
    sections = [(s.title, render_topic_markdown(s.body)) for s in topic.sections if s.body]
    related = [t for slug in topic.related if (t := service.get(slug)) is not None]
    return page(
        request,
        "topic.html",
        meta,
        topic=topic,
        summary=render_topic_markdown(topic.summary),
        sections=sections,
        related=related,
    )


def register(app: web.Application) -> None:
    app.router.add_get("/topics/{slug:[a-z0-9][a-z0-9-]{0,99}}", topic_page)
