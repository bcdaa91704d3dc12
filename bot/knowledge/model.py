"""What the knowledge base holds: topics and takeaways, as plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path


class Category(StrEnum):
    LANGUAGES_FRAMEWORKS = "languages-frameworks"
    APIS = "apis"
    INFRASTRUCTURE = "infrastructure"
    DATA = "data"
    ARCHITECTURE = "architecture"
    PRACTICES = "practices"
    CHALLENGES = "challenges"
    FRONTEND = "frontend"

    @property
    def label(self) -> str:
        return CATEGORY_LABELS[self]


CATEGORY_LABELS = {
    Category.LANGUAGES_FRAMEWORKS: "Languages & frameworks",
    Category.APIS: "APIs",
    Category.INFRASTRUCTURE: "Infrastructure",
    Category.DATA: "Data",
    Category.ARCHITECTURE: "Architecture",
    Category.PRACTICES: "Practices",
    Category.CHALLENGES: "Challenges",
    Category.FRONTEND: "Frontend",
}


class Level(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


SECTION_TITLES = ("Key ideas", "Example", "Pitfalls", "In practice")


@dataclass(frozen=True)
class Resource:
    title: str
    url: str


@dataclass(frozen=True)
class Section:
    title: str
    body: str


@dataclass(frozen=True)
class PinnedVersion:
    """A tool and the version of it that a topic was last reviewed against."""

    tool: str
    version: str


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str
    category: Category
    level: Level
    summary: str
    aliases: tuple[str, ...]
    related: tuple[str, ...]
    resources: tuple[Resource, ...]
    sections: tuple[Section, ...]
    source: Path = field(compare=False)
    reviewed: date | None = None
    versions: tuple[PinnedVersion, ...] = ()
    # ("backend" or "frontend", step): its place on a "start here" path (start_here.py).
    start_here: tuple[tuple[str, int], ...] = ()

    def section(self, title: str) -> str:
        return next((s.body for s in self.sections if s.title == title), "")

    @property
    def body_text(self) -> str:
        return "\n\n".join(s.body for s in self.sections)


@dataclass(frozen=True)
class Takeaway:
    id: str
    title: str
    body: str
    topic: str
    source: Path = field(compare=False)


class Severity(StrEnum):
    ERROR = "error"  # the content cannot be served: the check fails and the bot won't load it
    WARNING = "warning"  # the content serves, but someone should look at it


@dataclass(frozen=True)
class ContentProblem:
    """One problem in a content file: `file:line: message` or `file:line: warning: message`."""

    path: Path
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {label}{self.message}"


@dataclass(frozen=True)
class Library:
    """Every topic and takeaway, indexed; an immutable snapshot swapped whole on reload."""

    topics: dict[str, Topic]
    takeaways: tuple[Takeaway, ...] = ()

    def takeaways_of(self, slug: str) -> list[Takeaway]:
        return [t for t in self.takeaways if t.topic == slug]
