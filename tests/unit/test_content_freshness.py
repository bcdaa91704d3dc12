"""`python -m bot check` warns, without failing, about topics that are due a review."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.__main__ import cmd_check
from bot.knowledge.freshness import freshness_warnings
from bot.knowledge.library import load_library
from bot.knowledge.versions import CURRENT_VERSIONS, Version
from tests.conftest import make_settings
from tests.content_builders import topic_text, valid_pair

TODAY = date(2026, 3, 2)
BETA_REVIEWED = "2026-01-10"  # beta is fresh, so only alpha's warnings show


def warnings_for(root: Path, today: date = TODAY) -> list[str]:
    (root / "topics" / "beta.md").write_text(
        topic_text("beta", related="[alpha]", reviewed=BETA_REVIEWED)
    )
    result = load_library(root)
    assert result.ok, [str(p) for p in result.problems]
    return [str(w) for w in freshness_warnings(result.library, today)]


def test_a_topic_without_a_review_date_warns(tmp_path: Path) -> None:
    warnings = warnings_for(valid_pair(tmp_path))
    alpha = tmp_path / "topics" / "alpha.md"
    assert warnings == [f"{alpha}:1: warning: no 'reviewed' date: review the topic, then add one"]


def test_a_review_more_than_a_year_old_warns(tmp_path: Path) -> None:
    reviewed = TODAY - timedelta(days=366)
    warnings = warnings_for(valid_pair(tmp_path, reviewed=reviewed.isoformat()))
    alpha = tmp_path / "topics" / "alpha.md"
    assert warnings == [
        f"{alpha}:12: warning: last reviewed {reviewed} (366 days ago); "
        "review it again at least every 365 days"
    ]


def test_a_review_exactly_a_year_old_is_still_current(tmp_path: Path) -> None:
    reviewed = TODAY - timedelta(days=365)
    assert warnings_for(valid_pair(tmp_path, reviewed=reviewed.isoformat())) == []


def test_a_review_date_in_the_future_warns(tmp_path: Path) -> None:
    warnings = warnings_for(valid_pair(tmp_path, reviewed="2026-03-03"))
    assert len(warnings) == 1
    assert ":12: warning: 'reviewed' date 2026-03-03 is in the future" in warnings[0]


def test_a_version_older_than_the_current_one_warns(tmp_path: Path) -> None:
    root = valid_pair(tmp_path, reviewed="2026-01-10", versions='{drf: "3.16", django: "1.11"}')
    alpha = tmp_path / "topics" / "alpha.md"
    current = CURRENT_VERSIONS["django"]
    assert warnings_for(root) == [
        f"{alpha}:13: warning: reviewed against django 1.11, but {current} is current: "
        f"review the topic for {current} and update 'versions'"
    ]


def test_a_version_warning_points_at_its_own_line_in_a_block(tmp_path: Path) -> None:
    versions = '\n  drf: "3.16"\n  django: "1.11"'
    warnings = warnings_for(valid_pair(tmp_path, reviewed="2026-01-10", versions=versions))
    assert len(warnings) == 1
    assert "alpha.md:15: warning: reviewed against django 1.11" in warnings[0]


@pytest.mark.parametrize("tool", sorted(CURRENT_VERSIONS))
def test_a_topic_reviewed_against_the_current_version_does_not_warn(
    tmp_path: Path, tool: str
) -> None:
    versions = f'{{{tool}: "{CURRENT_VERSIONS[tool]}"}}'
    assert warnings_for(valid_pair(tmp_path, reviewed="2026-01-10", versions=versions)) == []


def test_tools_the_check_does_not_know_are_not_compared(tmp_path: Path) -> None:
    versions = '{github-actions: "n/a", htmx: "0.1"}'
    assert warnings_for(valid_pair(tmp_path, reviewed="2026-01-10", versions=versions)) == []


@pytest.mark.parametrize(
    ("pinned", "current", "older"),
    [
        ("3.9", "3.13", True),  # as text "3.9" > "3.13"; as numbers 9 < 13
        ("5.1", "5.2", True),
        ("4", "5.2", True),
        ("5", "5.2", False),  # "5" is any 5.x
        ("5.2.3", "5.2", False),
        ("5.10", "5.9", False),
        ("6.0", "5.2", False),
    ],
)
def test_versions_compare_as_numbers_part_by_part(pinned: str, current: str, older: bool) -> None:
    assert Version.parse(pinned).is_older_than(Version.parse(current)) is older


def test_check_prints_warnings_and_still_passes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = valid_pair(tmp_path / "content")
    settings = make_settings(tmp_path, content_dir=content)

    status = cmd_check(settings, today=TODAY)

    out = capsys.readouterr().out
    assert status == 0
    for slug in ("alpha", "beta"):
        assert f"{content / 'topics' / slug}.md:1: warning: no 'reviewed' date" in out
    assert out.rstrip().endswith("content OK: 2 topics, 4 takeaways; 2 warning(s).")


def test_check_still_fails_on_errors_alongside_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = valid_pair(tmp_path / "content", versions="{django: 5.2}")
    settings = make_settings(tmp_path, content_dir=content)

    status = cmd_check(settings, today=TODAY)

    captured = capsys.readouterr()
    assert status == 1
    assert f"{content / 'topics' / 'alpha.md'}:12: version of 'django'" in captured.out
    assert f"{content / 'topics' / 'beta.md'}:1: warning: " in captured.out
    assert captured.err.startswith("Content has ")
