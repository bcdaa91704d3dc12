"""`/topics/<slug>`: a topic of the knowledge base in full, its related topics linked.

A topic page changes only when the content is reloaded, so its HTML is rendered once per
loaded library and base address, and served from memory until the next reload: a topic
page is what a crawler asks for most, and the hub may share the bot's interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from aiohttp import web

from bot.knowledge.model import Library, Topic
from bot.web.hub import hub_of
from bot.web.markdown import render_topic_markdown
from bot.web.pages import PageMeta, conditional, etag_of, render_html
from bot.web.user_text import plain

# Without NEXUS_WEB_URL the base address comes from the request's Host header, which a
# client can vary at will: pages are kept for this many addresses at most, so what is kept
# grows with the content, never with a client's inventions.
BASES_KEPT = 4


@dataclass(frozen=True)
class RenderedTopic:
    body: bytes
    etag: str
    last_modified: datetime | None


@dataclass
class RenderedTopics:
    """Topic pages as rendered from one library, by base address, then slug; a reload
    brings a new library, and the kept pages start again."""

    library: Library | None = None
    by_base: dict[str, dict[str, RenderedTopic]] = field(default_factory=dict)

    def of(self, library: Library, base: str) -> dict[str, RenderedTopic]:
        if library is not self.library:
            self.library, self.by_base = library, {}
        pages = self.by_base.get(base)
        if pages is None:
            if len(self.by_base) >= BASES_KEPT:
                self.by_base = {}
            pages = self.by_base[base] = {}
        return pages


RENDERED_TOPICS = web.AppKey("rendered_topics", RenderedTopics)


def topic_modified(topic: Topic) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(topic.source.stat().st_mtime), tz=UTC)
    except OSError:
        return None


def _render(request: web.Request, topic: Topic, library: Library) -> RenderedTopic:
    meta = PageMeta(
        title=topic.title,
        description=plain(topic.summary),
        path=f"/topics/{topic.slug}",
        og_type="article",
        last_modified=topic_modified(topic),
        trust_last_modified=True,
    )
    sections = [(s.title, render_topic_markdown(s.body)) for s in topic.sections if s.body]
    related = [t for slug in topic.related if (t := library.topics.get(slug)) is not None]
    body = render_html(
        request,
        "topic.html",
        meta,
        topic=topic,
        summary=render_topic_markdown(topic.summary),
        sections=sections,
        related=related,
    )
    return RenderedTopic(body, etag_of(body), meta.last_modified)


async def topic_page(request: web.Request) -> web.Response:
    hub = hub_of(request)
    library = hub.services.topics.library
    topic = library.topics.get(request.match_info["slug"])
    if topic is None:
        raise web.HTTPNotFound()
    pages = request.app[RENDERED_TOPICS].of(library, hub.base_url(request))
    rendered = pages.get(topic.slug)
    if rendered is None:
        rendered = pages[topic.slug] = _render(request, topic, library)
    return conditional(
        request,
        rendered.body,
        "text/html",
        etag=rendered.etag,
        last_modified=rendered.last_modified,
        trust_last_modified=True,
    )


def register(app: web.Application) -> None:
    app[RENDERED_TOPICS] = RenderedTopics()
    app.router.add_get("/topics/{slug:[a-z0-9][a-z0-9-]{0,99}}", topic_page)
