"""Loads the whole content folder and checks what no single file can check alone."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.knowledge.loader import ProblemList, read_takeaways, read_topic
from bot.knowledge.model import ContentProblem, Library, Takeaway, Topic
from bot.knowledge.notes import NOTES_FOLDER, check_notes
from bot.knowledge.overlap import near_duplicate_problems
from bot.knowledge.pages import topic_pages
from bot.knowledge.start_here import check_paths

MIN_TAKEAWAYS_PER_TOPIC = 2


def normalise_name(name: str) -> str:
    """The form in which names are compared: case, dashes and spacing ignored."""
    return " ".join(name.lower().replace("-", " ").replace("_", " ").split())


@dataclass(frozen=True)
class LoadResult:
    library: Library
    problems: tuple[ContentProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def load_library(content_dir: Path, *, editorial: bool = True) -> LoadResult:
    """Read every topic and takeaway; `problems` lists everything wrong, by file and line.

    `editorial` adds the review rules that compare every takeaway with every other
    (near-duplicates, n² pairs) and checks the exported community notes (`notes/`):
    `python -m bot check` and the tests run them; the bot's
    own start-up and reload, which need content that is correct rather than well edited,
    leave them to the check, so a guide of thousands of takeaways still loads at once."""
    problems = ProblemList()
    topics_dir, takeaways_dir = content_dir / "topics", content_dir / "takeaways"
    if not topics_dir.is_dir():
        problems.add(topics_dir, 0, "folder of topics is missing")
    topics: dict[str, Topic] = {}
    for path in sorted(topics_dir.glob("*.md")) if topics_dir.is_dir() else []:
        topic = read_topic(path, problems)
        if topic is not None:
            topics[topic.slug] = topic
    takeaways: list[Takeaway] = []
    for path in sorted(takeaways_dir.glob("*.md")) if takeaways_dir.is_dir() else []:
        takeaways.extend(read_takeaways(path, problems))
    _check_names(topics, problems)
    _check_related(topics, problems)
    check_paths(topics, problems)
    _check_pages(topics, problems)
    _check_takeaways(topics, takeaways, takeaways_dir, problems)
    if editorial:
        near_duplicate_problems(takeaways, problems.add, line_of)
        # Exported community notes are for review in git; the bot never serves them.
        check_notes(content_dir / NOTES_FOLDER, topics, problems)
    return LoadResult(Library(topics, tuple(takeaways)), tuple(problems))


def line_of(path: Path, needle: str) -> int:
    """The first line of `path` that contains `needle`; 1 when none does."""
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        if needle in line:
            return number
    return 1


def _check_names(topics: dict[str, Topic], problems: ProblemList) -> None:
    """Every slug, title and alias names one topic; slugs claim first, then titles, aliases.

    A clash is reported in the file that claims the name second and names the first claim's
    file and line, so whoever fixes it sees both places."""
    owners: dict[str, tuple[Topic, str]] = {}
    passes = (
        lambda t: (t.slug,),
        lambda t: (t.title,),
        lambda t: t.aliases,
    )
    for names_of in passes:
        for topic in topics.values():
            for name in names_of(topic):
                owner, owner_name = owners.setdefault(normalise_name(name), (topic, name))
                if owner.slug != topic.slug:
                    problems.add(
                        topic.source,
                        line_of(topic.source, name),
                        f"name '{name}' is already used by topic '{owner.slug}' "
                        f"({owner.source}:{line_of(owner.source, owner_name)})",
                    )


def _check_related(topics: dict[str, Topic], problems: ProblemList) -> None:
    for topic in topics.values():
        for slug in topic.related:
            if slug not in topics or slug == topic.slug:
                problems.add(
                    topic.source,
                    line_of(topic.source, "related:"),
                    f"related topic '{slug}' does not exist",
                )


def _check_pages(topics: dict[str, Topic], problems: ProblemList) -> None:
    titles = {slug: topic.title for slug, topic in topics.items()}
    for topic in topics.values():
        for number, page in enumerate(topic_pages(topic, titles), start=1):
            if not page.fits():
                problems.add(topic.source, 1, f"page {number} does not fit Discord's limits")


def _check_takeaways(
    topics: dict[str, Topic], takeaways: list[Takeaway], folder: Path, problems: ProblemList
) -> None:
    counts = Counter(t.id for t in takeaways)
    for takeaway in takeaways:
        if counts[takeaway.id] > 1:
            problems.add(
                takeaway.source,
                line_of(takeaway.source, f"## {takeaway.id}:"),
                f"takeaway id '{takeaway.id}' is used more than once",
            )
        if takeaway.topic not in topics:
            problems.add(takeaway.source, 2, f"topic '{takeaway.topic}' does not exist")
    per_topic = Counter(t.topic for t in takeaways)
    for slug in topics:
        if per_topic[slug] < MIN_TAKEAWAYS_PER_TOPIC:
            problems.add(
                folder / f"{slug}.md",
                0,
                f"topic '{slug}' has {per_topic[slug]} takeaways; at least "
                f"{MIN_TAKEAWAYS_PER_TOPIC} are needed",
            )
