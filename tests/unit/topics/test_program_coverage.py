"""Every area of the ProDev backend program is reachable by `/topic` under its common name."""

from __future__ import annotations

import pytest

from bot.services.topics.lookup import TopicService

PROGRAM_TERMS = {
    "container orchestration": "kubernetes",
    "kubernetes": "kubernetes",
    "k8s": "kubernetes",
    "jenkins": "jenkins",
    "jenkinsfile": "jenkins",
    "deployment strategies": "deployment-strategies",
    "rolling update": "deployment-strategies",
    "blue-green": "deployment-strategies",
    "canary": "deployment-strategies",
    "rollback": "deployment-strategies",
    "infrastructure as code": "deployment-strategies",
    "sql vs nosql": "sql-vs-nosql",
    "nosql": "sql-vs-nosql",
    "document database": "sql-vs-nosql",
    "key-value store": "sql-vs-nosql",
    "wide-column store": "sql-vs-nosql",
    "microservices": "microservices",
    "event-driven architecture": "microservices",
    "monolith": "microservices",
    "websockets": "websockets",
    "django channels": "websockets",
    "real-time": "websockets",
    "oauth2": "oauth",
    "social login": "oauth",
    "graphql vs rest": "graphql-vs-rest",
    "clean code": "clean-code",
    "dry": "clean-code",
    "kiss": "clean-code",
    "yagni": "clean-code",
    "pep 8": "clean-code",
    "pycodestyle": "clean-code",
    "http caching": "http-caching",
    "cdn": "http-caching",
    "cache-control": "http-caching",
    "etag": "http-caching",
    "django templates": "django-templates",
    "mvt": "django-templates",
    "checker fails": "checker-fails",
    "airbnb clone": "airbnb-schema",
    "caching": "caching",
    "celery": "celery-rabbitmq",
    "rabbitmq": "celery-rabbitmq",
    "graphql": "graphql",
    "docker": "docker",
}


@pytest.mark.parametrize(("term", "slug"), sorted(PROGRAM_TERMS.items()))
def test_a_program_term_opens_its_topic(service: TopicService, term: str, slug: str) -> None:
    found = service.lookup(term)
    assert getattr(found, "slug", None) == slug


def test_the_base_covers_the_whole_program(service: TopicService) -> None:
    assert len(service.library.topics) >= 45
    assert len(service.library.takeaways) >= 180
