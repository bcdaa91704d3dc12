"""Finding topics: exact names, misspellings, autocomplete, search, re-posts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import ValidationError
from bot.services.topics.lookup import NoMatch, TopicService
from tests.conftest import ROOT, FixedClock

MISSPELLINGS = {
    "cachng": "caching",
    "djnago": "django",
    "docker compse": "docker-compose",
    "compose docker": "docker-compose",
    "selectrelated": "django-orm",
    "rest api desing": "rest-api-design",
    "celery rabit": "celery-rabbitmq",
    "grapql": "graphql",
    "pyhton": "python",
    "authentcation": "authentication",
    "autorization": "authorization",
    "indexs": "indexing",
    "transactoins": "transactions",
    "mesage queue": "message-queues",
    "ci cd pipline": "ci-cd",
    "dockr": "docker",
    "sytem design": "system-design",
    "solid principals": "solid-principles",
    "testng": "testing",
    "git worklfow": "git-workflow",
    "slow querys": "slow-queries",
    "race condtion": "race-conditions",
    "securing endpionts": "securing-endpoints",
    "docker netwroking": "docker-networking",
    "failing pipline": "failing-pipelines",
    "swager": "openapi",
    "django rest framwork": "django-rest-framework",
    "database desgin": "database-design",
    "logging monitring": "logging-monitoring",
    "api securty": "api-security",
    "redis cach": "caching",
    "orm django": "django-orm",
    "design database": "database-design",
    "scaling under lod": "scaling-under-load",
    "asyncio pythn": "async-python",
}


@pytest.mark.parametrize(("typed", "expected"), sorted(MISSPELLINGS.items()))
def test_a_misspelt_name_suggests_the_right_topic_first(
    service: TopicService, typed: str, expected: str
) -> None:
    found = service.lookup(typed)
    assert isinstance(found, NoMatch)
    assert [t.slug for t in found.suggestions][:1] == [expected]
    assert len(found.suggestions) <= 5


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("caching", "caching"),
        ("CACHING", "caching"),
        ("Django ORM and query optimisation", "django-orm"),
        ("n+1", "django-orm"),
        ("  Redis ", "caching"),
        ("docker compose", "docker-compose"),
        ("JWT", "authentication"),
    ],
)
def test_exact_names_slugs_titles_and_aliases_match_in_any_case(
    service: TopicService, typed: str, expected: str
) -> None:
    found = service.lookup(typed)
    assert not isinstance(found, NoMatch)
    assert found.slug == expected


@pytest.mark.parametrize("bad", ["", "   ", "x" * 1000])
def test_empty_or_huge_names_are_refused(service: TopicService, bad: str) -> None:
    with pytest.raises(ValidationError):
        service.lookup(bad)


def test_autocomplete_puts_prefix_matches_first_and_caps_at_25(service: TopicService) -> None:
    assert [t.slug for t in service.autocomplete("dock")][:4] == [
        "docker",
        "docker-bridge-networks",
        "docker-compose",
        "docker-networking",
    ]
    assert len(service.autocomplete("")) == 25
    assert len(service.autocomplete("e")) <= 25


def test_autocomplete_maps_aliases_and_typos_to_their_topic(service: TopicService) -> None:
    assert service.autocomplete("select_rel")[0].slug == "django-orm"
    assert service.autocomplete("celry")[0].slug == "celery-rabbitmq"


def test_search_ranks_the_most_relevant_topic_first(service: TopicService) -> None:
    results = service.search("redis ttl invalidation")
    assert results[0].topic.slug == "caching"
    assert len(results) <= 5
    assert results[0].snippet


def test_search_forgives_a_typo(service: TopicService) -> None:
    assert service.search("cachng stampede")[0].topic.slug == "caching"


def test_search_with_no_match_is_empty(service: TopicService) -> None:
    assert service.search("zzqx") == []


@pytest.mark.parametrize("bad", ["", "  \n "])
def test_an_empty_search_is_refused(service: TopicService, bad: str) -> None:
    with pytest.raises(ValidationError, match="can't be empty"):
        service.search(bad)


def test_a_topic_posted_in_a_channel_is_remembered_for_30_seconds() -> None:
    clock = FixedClock()
    service = TopicService(ROOT / "content", clock)
    service.remember_post(1, "caching", "https://discord.com/channels/1/1/5")

    assert service.earlier_post(1, "caching") is not None
    assert service.earlier_post(2, "caching") is None
    assert service.earlier_post(1, "docker") is None
    clock.now += timedelta(seconds=30)
    assert service.earlier_post(1, "caching") is None


def test_a_corrected_word_does_not_outrank_a_word_as_typed(service: TopicService) -> None:
    # "tll" is one edit from "tell" (in "Checker fails but the code works") and from "ttl";
    # "redis" as typed is one of Caching's names.
    slugs = [r.topic.slug for r in service.search("redis tll")]
    assert slugs[0] == "caching"
    assert "checker-fails" not in slugs
