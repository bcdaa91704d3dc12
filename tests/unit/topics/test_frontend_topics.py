"""The frontend category: enough topics, each with a runnable JS/TS example and a backend angle."""

from __future__ import annotations

import re

from bot.knowledge.model import Category, Topic
from bot.services.topics.lookup import TopicService

FRONTEND_LANGUAGES = {"typescript", "javascript"}


def frontend_topics(service: TopicService) -> list[Topic]:
    return [t for t in service.library.topics.values() if t.category is Category.FRONTEND]


def test_the_frontend_category_has_at_least_eleven_topics(service: TopicService) -> None:
    assert len(frontend_topics(service)) >= 11


def test_every_frontend_example_is_typescript_or_javascript(service: TopicService) -> None:
    for topic in frontend_topics(service):
        example = next(s.body for s in topic.sections if s.title == "Example")
        languages = set(re.findall(r"^```(\w+)", example, re.MULTILINE))
        assert languages and languages <= FRONTEND_LANGUAGES, topic.slug


def test_every_frontend_topic_says_what_to_agree_with_the_backend(service: TopicService) -> None:
    for topic in frontend_topics(service):
        practice = next(s.body for s in topic.sections if s.title == "In practice")
        assert "agree" in practice.lower() and "backend" in practice.lower(), topic.slug
