"""The backend program terms added in issue 31 open their topic by name and lead `/search`."""

from __future__ import annotations

import pytest

from bot.services.topics.lookup import TopicService

LOOKUPS = {
    "unittest": "unittest",
    "unittest.mock": "unittest",
    "patch": "unittest",
    "propertymock": "unittest",
    "parameterized": "unittest",
    "cache_page": "django-view-caching",
    "cache middleware": "django-view-caching",
    "per-view cache": "django-view-caching",
    "bridge network": "docker-bridge-networks",
    "docker bridge networks": "docker-bridge-networks",
    "object-oriented programming": "oop",
    "oop": "oop",
    "design patterns": "design-patterns",
    "strategy pattern": "design-patterns",
    "django admin": "django-admin-site",
    "modeladmin": "django-admin-site",
    "list_display": "django-admin-site",
    "admin actions": "django-admin-site",
    "profiling": "profiling",
    "cprofile": "profiling",
    "django-silk": "profiling",
    "data encryption": "data-encryption",
    "encryption at rest": "data-encryption",
    "field-level encryption": "data-encryption",
    "error handling in apis": "api-error-handling",
    "exception_handler": "api-error-handling",
    "problem details": "api-error-handling",
    "rfc 9457": "api-error-handling",
    "cloud deployment": "cloud-deployment",
    "cloud deployment targets": "cloud-deployment",
    "paas": "cloud-deployment",
    "event-driven systems": "event-driven-systems",
    "pub/sub": "event-driven-systems",
    "load balancing": "load-balancing",
    "load balancer": "load-balancing",
}

SEARCHES = {
    "PropertyMock": "unittest",
    "cache_page middleware": "django-view-caching",
    "user-defined bridge network": "docker-bridge-networks",
    "encapsulation polymorphism": "oop",
    "list_display admin actions": "django-admin-site",
    "cProfile pstats": "profiling",
    "Fernet field-level encryption": "data-encryption",
    "EXCEPTION_HANDLER problem details": "api-error-handling",
    "least_conn upstream": "load-balancing",
}


@pytest.mark.parametrize(("term", "slug"), sorted(LOOKUPS.items()))
def test_a_new_program_term_opens_its_topic(service: TopicService, term: str, slug: str) -> None:
    found = service.lookup(term)
    assert getattr(found, "slug", None) == slug


@pytest.mark.parametrize(("query", "slug"), sorted(SEARCHES.items()))
def test_search_ranks_the_new_topic_first(service: TopicService, query: str, slug: str) -> None:
    results = service.search(query)
    assert results and results[0].topic.slug == slug, [r.topic.slug for r in results]


def test_the_base_has_the_backend_additions(service: TopicService) -> None:
    assert len(service.library.topics) >= 58
    assert len(service.library.takeaways) >= 224
