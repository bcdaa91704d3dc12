"""`/topics` (every topic by category, paged) and `/search` results."""

from __future__ import annotations

import re
from typing import Any, Self

import discord

from bot.knowledge.model import Category, Topic
from bot.knowledge.search import tokens
from bot.services.qa.search import ThreadHit
from bot.services.topics.lookup import SearchResult
from cogs.ui.components import PersistentButton
from cogs.ui.limits import FIELD_VALUE, clip, paginate_lines, safe_echo
from cogs.ui.qa.cards import related_threads_value
from cogs.ui.topics.pages import TOPIC_COLOUR, topic_service

LIST_PAGE_CHARS = 3000
CATEGORY_PATTERN = "|".join(c.value for c in Category)


def topic_list_pages(grouped: dict[Category, list[Topic]]) -> list[str]:
    lines: list[str] = []
    for category, topics in grouped.items():
        items = [f"• {t.title} · `{t.slug}` · {t.level.value}" for t in topics]
        # A heading travels with its first topic, so no page ends on a bare heading.
        heading = f"\n**{category.label}**"
        lines.append(f"{heading}\n{items[0]}" if items else heading)
        lines.extend(items[1:])
    return paginate_lines(lines, LIST_PAGE_CHARS)


def topic_list_message(
    grouped: dict[Category, list[Topic]], category: Category | None, page: int
) -> tuple[discord.Embed, discord.ui.View]:
    pages = topic_list_pages(grouped)
    page = min(max(page, 1), len(pages))
    total = sum(len(t) for t in grouped.values())
    title = f"Topics: {category.label}" if category else "Knowledge base"
    embed = discord.Embed(title=title, description=pages[page - 1].strip(), colour=TOPIC_COLOUR)
    if not total:
        embed.description = "No topics here yet."
    embed.set_footer(text=f"{total} topics · page {page}/{len(pages)} · open one with /topic")
    view = discord.ui.View(timeout=None)
    if len(pages) > 1:
        scope = category.value if category else "all"
        view.add_item(TopicListPageButton(scope, page - 1, "◀ Previous", page == 1))
        view.add_item(TopicListPageButton(scope, page + 1, "Next ▶", page == len(pages)))
    return embed, view


class TopicListPageButton(
    PersistentButton,
    template=rf"nexus:topics:(?P<scope>all|{CATEGORY_PATTERN}):(?P<page>\d{{1,4}})",
):
    def __init__(self, scope: str, page: int, label: str, disabled: bool = False) -> None:
        super().__init__(f"nexus:topics:{scope}:{page}", label, disabled=disabled)
        self.scope = scope
        self.page = page

    @classmethod
    def from_match(cls, match: re.Match[str], label: str) -> Self:
        return cls(match["scope"], int(match["page"]), label)

    async def handle(self, interaction: discord.Interaction[Any]) -> None:
        category = None if self.scope == "all" else Category(self.scope)
        grouped = topic_service(interaction).by_category(category)
        embed, view = topic_list_message(grouped, category, self.page)
        await interaction.response.edit_message(embed=embed, view=view)


def nothing_matched(query: str) -> str:
    """Why a search found nothing, and what would find more: a topic matches any one word
    (typos forgiven), a Q&A thread must hold every word, and there is no phrase search."""
    if len(set(tokens(query))) > 1:
        return (
            "Nothing matched: no topic has any of these words, and no Q&A thread has all of "
            "them. Try different words (fewer of them find more Q&A threads), or browse "
            "`/topics`."
        )
    return "Nothing matched: no topic or Q&A thread has that word. Try another, or see `/topics`."


def search_embed(
    query: str, results: list[SearchResult], threads: tuple[ThreadHit, ...] = ()
) -> discord.Embed:
    """Matching topics, then matching Q&A threads under them."""
    embed = discord.Embed(title=clip(f"Search: {safe_echo(query)}", 256), colour=TOPIC_COLOUR)
    if not results and not threads:
        embed.description = nothing_matched(query)
        return embed
    for result in results:
        topic = result.topic
        value = f"{result.snippet}\n`/topic {topic.slug}`"
        embed.add_field(
            name=f"{topic.title} · {topic.category.label}",
            value=clip(value, FIELD_VALUE),
            inline=False,
        )
    if threads:
        embed.add_field(name="Q&A threads", value=related_threads_value(threads), inline=False)
    return embed
