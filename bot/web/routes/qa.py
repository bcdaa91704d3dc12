"""A guild's public page and its solved questions (question, accepted answer, the thread)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from bot.errors import ValidationError
from bot.services.publishing.consent import PublishedGuild
from bot.services.publishing.privacy import ANONYMOUS
from bot.services.qa.published import PublishedThread, ShownMessage
from bot.web.hub import hub_of
from bot.web.kept import kept, of_path_guild
from bot.web.pages import PageMeta, json_ld, page
from bot.web.routes.ids import SNOWFLAKE, path_id
from bot.web.user_text import in_words, message_html, plain, public_names

MAX_PAGE = 1000


async def published_guild(request: web.Request) -> PublishedGuild:
    """The guild of the path, or a 404 unless it chose `/nexus web enable`."""
    guild = await hub_of(request).services.web_consent.get(path_id(request, "guild_id"))
    if guild is None:
        raise web.HTTPNotFound()
    return guild


def page_number(request: web.Request) -> int:
    raw = request.query.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw[:6]) <= MAX_PAGE:
        raise ValidationError(f"Pages go from 1 to {MAX_PAGE}.")
    return int(raw)


async def guild_page(request: web.Request) -> web.Response:
    guild = await published_guild(request)
    number = page_number(request)
    services = hub_of(request).services
    questions, has_next = await services.published.of_guild(guild.guild_id, number)
    names = await public_names(
        services, ((q.guild_id, text) for q in questions for text in (q.title, q.excerpt))
    )
    suffix = "" if number == 1 else f"?page={number}"
    meta = PageMeta(
        title=f"{guild.name}: solved questions",
        description=f"Questions the {guild.name} community asked and solved, with their answers.",
        path=f"/g/{guild.guild_id}/{suffix}",
    )
    return page(
        request,
        "guild.html",
        meta,
        guild=guild,
        questions=questions,
        page_number=number,
        has_next=has_next,
        names=names,
    )


def author(thread: PublishedThread, user_id: int) -> str:
    return thread.public_names.get(user_id, ANONYMOUS)


def structured_data(thread: PublishedThread, url: str) -> dict[str, Any]:
    """schema.org QAPage for search engines: the accepted answer and, as suggested answers,
    the thread's other messages; `answerCount` counts exactly the answers the page shows."""
    names = thread.public_names

    def answer(message: ShownMessage, anchor: str) -> dict[str, Any]:
        return {
            "@type": "Answer",
            "text": in_words(message.content, names),
            "dateCreated": message.created_at.isoformat(),
            "datePublished": message.created_at.isoformat(),
            "url": f"{url}#{anchor}",
            "author": {"@type": "Person", "name": author(thread, message.author_id)},
        }

    suggested = [answer(m, f"m{m.message_id}") for m in thread.replies]
    question: dict[str, Any] = {
        "@type": "Question",
        "name": in_words(thread.title, names),
        "text": in_words(thread.question or thread.title, names),
        "dateCreated": thread.created_at.isoformat(),
        "datePublished": thread.created_at.isoformat(),
        "author": {"@type": "Person", "name": author(thread, thread.asker_id)},
        "answerCount": len(suggested) + (0 if thread.answer is None else 1),
    }
    if thread.answer is not None:
        question["acceptedAnswer"] = answer(thread.answer, "answer")
    if suggested:
        question["suggestedAnswer"] = suggested
    return {"@context": "https://schema.org", "@type": "QAPage", "mainEntity": question}


async def question_page(request: web.Request) -> web.Response:
    hub = hub_of(request)
    guild_id, thread_id = path_id(request, "guild_id"), path_id(request, "thread_id")
    # One call checks consent, the channel and the answer together (the busiest page).
    thread = await hub.services.published.question(guild_id, thread_id)
    if thread is None:
        raise web.HTTPNotFound()
    path = f"/g/{guild_id}/qa/{thread_id}"
    names = thread.public_names
    title = in_words(thread.title, names)
    meta = PageMeta(
        title=title,
        description=plain(thread.question or thread.title, names),
        path=path,
        og_type="article",
        last_modified=thread.last_change,
    )

    def shown(content: str) -> Any:
        return message_html(content, names)

    topic = hub.services.topics.get(thread.topic_slug) if thread.topic_slug else None
    return page(
        request,
        "question.html",
        meta,
        thread=thread,
        title=title,
        topic=topic,
        author=lambda user_id: author(thread, user_id),
        shown=shown,
        structured=json_ld(structured_data(thread, hub.base_url(request) + path)),
    )


async def to_slash(request: web.Request) -> web.Response:
    raise web.HTTPPermanentRedirect(request.path + "/")


def register(app: web.Application) -> None:
    guild = "/g/" + SNOWFLAKE % "guild_id"
    app.router.add_get(guild, to_slash)
    app.router.add_get(guild + "/", kept(of_path_guild)(guild_page))
    app.router.add_get(guild + "/qa/" + SNOWFLAKE % "thread_id", kept(of_path_guild)(question_page))
