"""The "start here" paths: steps in the topics' front matter, kept whole by the check."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.knowledge.library import load_library
from bot.knowledge.start_here import start_paths
from tests.conftest import ROOT
from tests.content_builders import takeaways_text, topic_text, write_content


def with_steps(root: Path, alpha: str, beta: str) -> Path:
    def topic(slug: str, steps: str) -> str:
        text = topic_text(slug)
        return text.replace("\nlevel:", f"\nstart_here: {steps}\nlevel:", 1) if steps else text

    return write_content(
        root,
        {"alpha": topic("alpha", alpha), "beta": topic("beta", beta)},
        {"alpha": takeaways_text("alpha"), "beta": takeaways_text("beta")},
    )


def test_both_shipped_paths_exist_and_start_where_a_learner_starts() -> None:
    library = load_library(ROOT / "content").library
    paths = {name: [t.slug for t in topics] for name, topics in start_paths(library.topics).items()}

    assert paths["backend"][0] == "python" and len(paths["backend"]) >= 5
    assert paths["frontend"][0] == "fetch-rest-client" and len(paths["frontend"]) >= 5
    frontend = {library.topics[slug].category.value for slug in paths["frontend"]}
    assert frontend == {"frontend"}


def test_steps_are_ordered_by_number(tmp_path: Path) -> None:
    library = load_library(with_steps(tmp_path, "{backend: 2}", "{backend: 1}")).library

    assert [t.slug for t in start_paths(library.topics)["backend"]] == ["beta", "alpha"]


@pytest.mark.parametrize(
    ("alpha", "beta", "message"),
    [
        ("{backend: 1}", "{backend: 1}", "backend step 1 is also"),
        ("{backend: 1}", "{backend: 3}", "backend has no step 2"),
        ("{cooking: 1}", "", "path 'cooking' is not one of"),
        ("{backend: first}", "", "must be a whole number"),
        ("[backend]", "", "must map a path to a step"),
    ],
)
def test_a_broken_path_is_a_problem(tmp_path: Path, alpha: str, beta: str, message: str) -> None:
    result = load_library(with_steps(tmp_path, alpha, beta))

    assert any(message in str(problem) for problem in result.problems), result.problems
