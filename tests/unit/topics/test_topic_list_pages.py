"""`/topics` pages: no page ends on a category heading with its topics on the next page."""

from __future__ import annotations

from dataclasses import replace

from bot.knowledge.model import Category, Topic
from bot.services.topics.lookup import TopicService
from cogs.ui.topics.lists import LIST_PAGE_CHARS, topic_list_pages


def _ends_on_heading(page: str) -> bool:
    return page.rstrip().splitlines()[-1].startswith("**")


def test_a_heading_moves_to_the_page_of_its_first_topic(service: TopicService) -> None:
    model = next(iter(service.by_category(None).values()))[0]
    first, second = list(Category)[:2]
    # Some first-category length puts the second heading on a page its topic doesn't fit.
    for count in range(1, 120):
        for extra in range(0, 30, 3):
            filler = [replace(model, slug=f"t{n}" + "x" * extra) for n in range(count)]
            grouped: dict[Category, list[Topic]] = {first: filler, second: [model]}
            pages = topic_list_pages(grouped)
            assert not any(map(_ends_on_heading, pages)), f"{count} topics, +{extra}"
            assert all(len(page) <= LIST_PAGE_CHARS for page in pages)


def test_every_shipped_topic_is_listed_once(service: TopicService) -> None:
    grouped = service.by_category(None)
    listed = "\n".join(topic_list_pages(grouped))
    for topics in grouped.values():
        for topic in topics:
            assert listed.count(f"`{topic.slug}`") == 1
