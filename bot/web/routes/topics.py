"""`/topics/<slug>`: a topic of the knowledge base in full, its related topics linked.

A topic page is kept in memory like every page (bot/web/kept.py): rendered once per loaded
library, base address and version, so a reload shows at once: a topic page is what a
crawler asks for most, and the hub may share the bot's interpreter.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aiohttp import web

from bot.knowledge.model import Library, Topic
from bot.services.guide.published import PublishedNote
from bot.web.hub import hub_of
from bot.web.kept import across_guilds, kept
from bot.web.markdown import render_topic_markdown
from bot.web.pages import PageMeta, page
from bot.web.user_text import PublicNames, message_html, plain, public_names


def topic_modified(topic: Topic) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(topic.source.stat().st_mtime), tz=UTC)
    except OSError:
        return None


def _render(
    request: web.Request,
    topic: Topic,
    library: Library,
    notes: list[PublishedNote],
    names: PublicNames,
) -> web.Response:
    meta = PageMeta(
        title=topic.title,
        description=plain(topic.summary),
        path=f"/topics/{topic.slug}",
        og_type="article",
        # A page with community notes changes with them, and loses one when it is rejected
        # or forgotten, so only its ETag (the version) may answer a revalidation: a date
        # would let a reader keep a note that is gone.
        last_modified=None if notes else topic_modified(topic),
        trust_last_modified=True,
    )
    sections = [(s.title, render_topic_markdown(s.body)) for s in topic.sections if s.body]
    related = [t for slug in topic.related if (t := library.topics.get(slug)) is not None]
    return page(
        request,
        "topic.html",
        meta,
        topic=topic,
        summary=render_topic_markdown(topic.summary),
        sections=sections,
        related=related,
        notes=[(note, message_html(note.text, names.of(note.guild_id))) for note in notes],
        names=names,
    )


async def topic_page(request: web.Request) -> web.Response:
    hub = hub_of(request)
    library = hub.services.topics.library
    topic = library.topics.get(request.match_info["slug"])
    if topic is None:
        raise web.HTTPNotFound()
    notes = await hub.services.published_notes.of_topic(topic.slug)
    names = await public_names(
        hub.services, ((n.guild_id, text) for n in notes for text in (n.title, n.text))
    )
    return _render(request, topic, library, notes, names)


def register(app: web.Application) -> None:
    # Kept by the sum over guilds too, so what guilds add to a topic page shows at once.
    kept_page = kept(across_guilds, trust_last_modified=True)(topic_page)
    app.router.add_get("/topics/{slug:[a-z0-9][a-z0-9-]{0,99}}", kept_page)
