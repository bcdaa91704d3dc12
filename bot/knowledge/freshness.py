"""Whether topics are still current: reviewed within a year, against the versions in use today.

These are warnings, not errors: a stale topic still loads and serves, but it is due a review
(docs/content.md, "How to review a topic"). Only `python -m bot check` asks, with today's date.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

from bot.knowledge.library import line_of
from bot.knowledge.model import ContentProblem, Library, Severity, Topic
from bot.knowledge.versions import CURRENT_VERSIONS, Version

REVIEW_INTERVAL = timedelta(days=365)


def freshness_warnings(library: Library, today: date) -> list[ContentProblem]:
    """A warning per topic not reviewed in the last year, and per version older than current."""
    warnings: list[ContentProblem] = []
    for topic in library.topics.values():
        warnings.extend(_review_warnings(topic, today))
        warnings.extend(_version_warnings(topic))
    return warnings


def _warning(path: Path, line: int, message: str) -> ContentProblem:
    return ContentProblem(path, line, message, Severity.WARNING)


def _review_warnings(topic: Topic, today: date) -> list[ContentProblem]:
    if topic.reviewed is None:
        return [_warning(topic.source, 1, "no 'reviewed' date: review the topic, then add one")]
    line = line_of(topic.source, "reviewed:")
    age = today - topic.reviewed
    if age > REVIEW_INTERVAL:
        return [
            _warning(
                topic.source,
                line,
                f"last reviewed {topic.reviewed} ({age.days} days ago); "
                f"review it again at least every {REVIEW_INTERVAL.days} days",
            )
        ]
    if age < timedelta(0):
        return [_warning(topic.source, line, f"'reviewed' date {topic.reviewed} is in the future")]
    return []


def _version_warnings(topic: Topic) -> list[ContentProblem]:
    warnings = []
    for pin in topic.versions:
        current = CURRENT_VERSIONS.get(pin.tool)
        if current is not None and Version.parse(pin.version).is_older_than(current):
            warnings.append(
                _warning(
                    topic.source,
                    _version_line(topic.source, pin.tool),
                    f"reviewed against {pin.tool} {pin.version}, but {current} is current: "
                    f"review the topic for {current} and update 'versions'",
                )
            )
    return warnings


def _version_line(path: Path, tool: str) -> int:
    """The line naming `tool` in `versions:`, written inline `{django: "5.2"}` or one per line."""
    start = line_of(path, "versions:")
    key = re.compile(rf"(?<![\w-]){re.escape(tool)}\s*:")
    lines = path.read_text(encoding="utf-8").split("\n")
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if number > start and not text[:1].isspace():
            break  # past the indented block of `versions:`
        if key.search(text):
            return number
    return start
