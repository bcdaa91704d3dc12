"""`python -m bot check` fails on two takeaways that teach the same lesson in the same words."""

from __future__ import annotations

import time
from pathlib import Path

from bot.knowledge.library import load_library
from bot.knowledge.overlap import NEAR_DUPLICATE_JACCARD, similar_pairs
from tests.conftest import ROOT
from tests.content_builders import valid_pair

ORIGINAL = (
    "Plain `depends_on` only waits for the container to start, while Postgres may still be "
    "initialising. Give `db` a healthcheck running `pg_isready`, then in `web` write "
    "`depends_on: {db: {condition: service_healthy}}`."
)
REWORDED = (
    "`depends_on: [db]` only orders container starts; PostgreSQL may still be initialising "
    "when Django runs migrations. Give `db` a `pg_isready` healthcheck and use "
    "`depends_on: {db: {condition: service_healthy}}`."
)
UNRELATED = (
    "`docker compose down` removes containers and networks but keeps named volumes, so your "
    "data survives. Adding `-v` deletes those volumes too."
)


def _with_takeaways(root: Path, alpha: str, beta: str) -> Path:
    (root / "takeaways" / "alpha.md").write_text(
        f"---\ntopic: alpha\n---\n## alpha-wait-healthy: Wait for healthy\n{alpha}\n\n"
        "## alpha-other: Something else\nA lesson about naming things well.\n"
    )
    (root / "takeaways" / "beta.md").write_text(
        f"---\ntopic: beta\n---\n## beta-intro: Start here\nRead the docs first.\n\n"
        f"## beta-healthy-db: Wait for the database\n{beta}\n"
    )
    return root


def test_a_near_duplicate_pair_fails_naming_both_ids_and_lines(tmp_path: Path) -> None:
    root = _with_takeaways(valid_pair(tmp_path), ORIGINAL, REWORDED)
    problems = [str(p) for p in load_library(root).problems]
    alpha, beta = root / "takeaways" / "alpha.md", root / "takeaways" / "beta.md"
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        f"{beta}:7: takeaway 'beta-healthy-db' nearly repeats 'alpha-wait-healthy' ({alpha}:4;"
    )


def test_takeaways_on_different_lessons_pass(tmp_path: Path) -> None:
    root = _with_takeaways(valid_pair(tmp_path), ORIGINAL, UNRELATED)
    assert load_library(root).ok


def test_the_shipped_takeaways_have_no_near_duplicates_and_check_quickly() -> None:
    takeaways = load_library(ROOT / "content").library.takeaways
    started = time.perf_counter()
    pairs = similar_pairs(takeaways, NEAR_DUPLICATE_JACCARD)
    elapsed = time.perf_counter() - started
    assert [(p.first.id, p.second.id) for p in pairs] == []
    assert elapsed < 1.0


def test_one_line_stubs_are_too_short_to_compare(tmp_path: Path) -> None:
    assert load_library(_with_takeaways(valid_pair(tmp_path), "Do it.", "Do it.")).ok


def test_the_bot_loads_content_without_the_pairwise_editorial_rules(tmp_path: Path) -> None:
    """Start-up and reload skip the n² comparison (thousands of takeaways must load at
    once); `python -m bot check` keeps it."""
    root = _with_takeaways(valid_pair(tmp_path), ORIGINAL, REWORDED)

    assert not load_library(root).ok
    assert load_library(root, editorial=False).ok
