"""`python -m bot check` rules: each problem reported as file:line: message."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.knowledge.library import load_library
from bot.knowledge.model import Category, Level, PinnedVersion, Resource, Section, Topic
from bot.knowledge.pages import topic_pages
from tests.conftest import ROOT
from tests.content_builders import takeaways_text, topic_text, valid_pair, write_content

REQUIRED_TOPICS = (
    "python django django-orm rest-api-design django-rest-framework graphql openapi docker "
    "docker-compose ci-cd database-design indexing transactions async-python message-queues "
    "celery-rabbitmq caching authentication authorization api-security testing config-secrets "
    "logging-monitoring system-design solid-principles git-workflow slow-queries "
    "scaling-under-load race-conditions securing-endpoints docker-networking failing-pipelines "
    "api-sync"
).split()  # fmt: skip


def test_the_shipped_content_has_no_problems() -> None:
    result = load_library(ROOT / "content")
    assert [str(p) for p in result.problems] == []
    library = result.library
    assert set(REQUIRED_TOPICS) <= set(library.topics)
    assert len(library.takeaways) >= 120
    assert all(len(library.takeaways_of(slug)) >= 2 for slug in library.topics)
    challenges = [t for t in library.topics.values() if t.category == "challenges"]
    assert len(challenges) >= 7


def test_valid_content_loads(tmp_path: Path) -> None:
    result = load_library(valid_pair(tmp_path))
    assert result.ok
    assert sorted(result.library.topics) == ["alpha", "beta"]


@pytest.mark.parametrize(
    ("override", "line", "message"),
    [
        ({"category": "cooking"}, 4, "'category' must be one of"),
        ({"summary": "x" * 201}, 7, "'summary' is 201 characters; the limit is 200"),
        ({"url": "http://insecure.example.org"}, 9, "resource URL must be https"),
        ({"related": "[nowhere]"}, 8, "related topic 'nowhere' does not exist"),
        ({"aliases": "[beta]"}, 6, "name 'beta' is already used by topic 'beta'"),
        ({"title": "Beta"}, 2, "name 'Beta' is already used by topic 'beta'"),
        ({"body": "## Key ideas\n- a\n\n## Pitfalls\n- b\n"}, 13, "sections must be exactly"),
        (
            {"body": "## Key ideas\n\n## Example\nx\n## Pitfalls\ny\n## In practice\nz\n"},
            13,
            "section 'Key ideas' is empty",
        ),
        ({"reviewed": "2025-1-5"}, 12, "'reviewed' must be a date written YYYY-MM-DD"),
        ({"reviewed": "2025-02-30"}, 12, "'reviewed' must be a date written YYYY-MM-DD"),
        ({"reviewed": "'2025-13-01'"}, 12, "'reviewed' must be a date written YYYY-MM-DD"),
        ({"reviewed": "2025-06-01 10:00:00"}, 12, "'reviewed' must be a date written YYYY-MM-DD"),
        ({"reviewed": "soon"}, 12, "'reviewed' must be a date written YYYY-MM-DD"),
        ({"versions": "[django]"}, 12, "'versions' must map tools to versions"),
        ({"versions": "{django: 5.2}"}, 12, "version of 'django' must be quoted text"),
        ({"versions": '{Django: "5.2"}'}, 12, "version key 'Django' must be a lowercase name"),
        ({"versions": '{django: "5.x"}'}, 12, "version of 'django' must be numbers joined by"),
        (
            {
                "body": "## Key ideas\n- a\n\n## Example\n```\nx = 1\n```\n\n"
                "## Pitfalls\n- b\n\n## In practice\nc\n"
            },
            17,
            "code block opens without a language",
        ),
    ],
)
def test_a_topic_problem_names_file_and_line(
    tmp_path: Path, override: dict[str, str], line: int, message: str
) -> None:
    result = load_library(valid_pair(tmp_path, **override))
    reported = [str(p) for p in result.problems]
    expected_file = str(tmp_path / "topics" / "alpha.md")
    assert any(r.startswith(f"{expected_file}:{line}: {message}") for r in reported), reported


def test_review_date_and_versions_load_written_either_way(tmp_path: Path) -> None:
    root = valid_pair(tmp_path, reviewed="2026-01-15", versions='{django: "5.2", drf: "3.16"}')
    (root / "topics" / "beta.md").write_text(
        topic_text("beta", reviewed="'2026-02-01'", versions='\n  python: "3.13"')
    )
    result = load_library(root)
    assert result.ok, [str(p) for p in result.problems]
    alpha, beta = result.library.topics["alpha"], result.library.topics["beta"]
    assert alpha.reviewed == date(2026, 1, 15)
    assert alpha.versions == (PinnedVersion("django", "5.2"), PinnedVersion("drf", "3.16"))
    assert beta.reviewed == date(2026, 2, 1)
    assert beta.versions == (PinnedVersion("python", "3.13"),)


def test_a_tool_the_check_does_not_know_may_have_any_version_text(tmp_path: Path) -> None:
    result = load_library(valid_pair(tmp_path, versions='{github-actions: "n/a"}'))
    assert result.ok, [str(p) for p in result.problems]


def test_an_alias_used_by_two_topics_names_both_files(tmp_path: Path) -> None:
    write_content(
        tmp_path,
        {
            "alpha": topic_text("alpha", aliases="[cache]"),
            "beta": topic_text("beta", aliases="[Cache]"),
        },
        {"alpha": takeaways_text("alpha"), "beta": takeaways_text("beta")},
    )
    problems = [str(p) for p in load_library(tmp_path).problems]
    alpha, beta = tmp_path / "topics" / "alpha.md", tmp_path / "topics" / "beta.md"
    assert problems == [f"{beta}:6: name 'Cache' is already used by topic 'alpha' ({alpha}:6)"]


def test_a_takeaway_code_block_without_a_language_is_reported(tmp_path: Path) -> None:
    root = valid_pair(tmp_path)
    body = "Run the checks:\n```\nmake test\n```"
    (root / "takeaways" / "alpha.md").write_text(takeaways_text("alpha", body=body))
    result = load_library(root)
    problems = [str(p) for p in result.problems]
    takeaways = root / "takeaways" / "alpha.md"
    expected = f"{takeaways}:6: code block opens without a language"
    assert any(p.startswith(expected) for p in problems), problems
    assert result.library.takeaways_of("alpha") == []


def test_a_takeaway_code_block_with_a_language_is_fine(tmp_path: Path) -> None:
    root = valid_pair(tmp_path)
    body = "Run the checks:\n```bash\nmake test\n```\n```make check``` works too."
    other = "\n## alpha-other: Another lesson\nA different lesson, so the pair is no repeat.\n"
    text = takeaways_text("alpha", count=1, body=body) + other
    (root / "takeaways" / "alpha.md").write_text(text)
    assert load_library(root).ok, [str(p) for p in load_library(root).problems]


def test_a_slug_that_differs_from_the_file_name_is_reported(tmp_path: Path) -> None:
    write_content(tmp_path, {"alpha": topic_text("gamma")}, {})
    problems = [str(p) for p in load_library(tmp_path).problems]
    assert any("alpha.md:3: slug 'gamma' must equal the file name" in p for p in problems)


def test_invalid_yaml_is_reported_with_its_line(tmp_path: Path) -> None:
    write_content(tmp_path, {"alpha": "---\ntitle: A\nslug: [unclosed\n---\n"}, {})
    problems = [str(p) for p in load_library(tmp_path).problems]
    assert any("alpha.md:" in p and "not valid YAML" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (takeaways_text("alpha", body="x" * 401), "takeaway body is 401 characters"),
        (takeaways_text("alpha", count=1), "topic 'alpha' has 1 takeaways"),
        (takeaways_text("beta").replace("topic: beta", "topic: alpha"), "must be 'alpha-'"),
        (takeaways_text("alpha").replace("lesson-1", "lesson-0"), "is used more than once"),
    ],
)
def test_takeaway_problems_are_reported(tmp_path: Path, text: str, message: str) -> None:
    root = valid_pair(tmp_path)
    (root / "takeaways" / "alpha.md").write_text(text)
    problems = [str(p) for p in load_library(root).problems]
    assert any(message in p for p in problems), problems


def test_a_takeaway_of_an_unknown_topic_is_reported(tmp_path: Path) -> None:
    root = valid_pair(tmp_path)
    (root / "takeaways" / "ghost.md").write_text(takeaways_text("ghost"))
    assert any("topic 'ghost' does not exist" in str(p) for p in load_library(root).problems)


def test_a_long_topic_is_split_into_pages_that_each_fit(tmp_path: Path) -> None:
    code = "\n".join(f"value_{i} = compute({i})  # a line of example code" for i in range(90))
    sections = (
        Section("Key ideas", "\n".join(f"- Idea {i}: " + "word " * 60 for i in range(9))),
        Section("Example", f"```python\n{code}\n```"),
        Section("Pitfalls", "\n".join(f"- Pitfall {i}: " + "care " * 50 for i in range(5))),
        Section("In practice", "Practice. " * 300),
    )
    topic = Topic(
        slug="alpha",
        title="Alpha",
        category=Category.DATA,
        level=Level.BEGINNER,
        summary="Long.",
        aliases=(),
        related=("beta",),
        resources=(Resource("Docs", "https://docs.example.org"),),
        sections=sections,
        source=tmp_path / "alpha.md",
    )

    pages = topic_pages(topic, {"beta": "Beta"})

    assert len(pages) >= 3
    assert all(page.fits() for page in pages)
    assert all(page.description.count("```") % 2 == 0 for page in pages)
    assert [p.footer.split(" · ")[-1] for p in pages] == [
        f"page {n}/{len(pages)}" for n in range(1, len(pages) + 1)
    ]
