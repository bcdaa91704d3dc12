"""Reads `content/`: markdown files with YAML front matter, each problem with its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from bot.knowledge.model import (
    SECTION_TITLES,
    Category,
    ContentProblem,
    Level,
    PinnedVersion,
    Resource,
    Section,
    Takeaway,
    Topic,
)
from bot.knowledge.start_here import read_start_here
from bot.knowledge.versions import CURRENT_VERSIONS, Version

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SUMMARY_MAX = 200
SECTION_MAX = 1500
BODY_MAX = 5000
TAKEAWAY_BODY_MAX = 400
TAKEAWAY_TITLE_MAX = 100
NAME_MAX = 100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A fence must name its language: Discord highlights by it, and readers see what to run it with.
FENCE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
UNLABELLED_FENCE = "code block opens without a language: write ```python, ```bash, ```yaml ..."


def _date_or_text(loader: Any, node: yaml.ScalarNode) -> object:
    # YAML raises a bare ValueError for an impossible date (2025-02-30) and stops the whole
    # load; kept as text, the field that holds it reports it with its line instead.
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader: Any = type("FrontMatterLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _date_or_text)


@dataclass
class FrontMatterFile:
    path: Path
    meta: dict[str, Any]
    meta_lines: dict[str, int]
    body: str
    body_start: int  # 1-based line number of the first body line


class ProblemList(list[ContentProblem]):
    def add(self, path: Path, line: int, message: str) -> None:
        self.append(ContentProblem(path, line, message))


def read_document(path: Path, problems: ProblemList) -> FrontMatterFile | None:
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "missing front matter (the file must start with a '---' line)")
        return None
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        problems.add(path, 1, "front matter is not closed by a '---' line")
        return None
    try:
        meta = yaml.load("\n".join(lines[1:end]), Loader=_Loader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problems.add(
            path, line, f"front matter is not valid YAML ({getattr(error, 'problem', error)})"
        )
        return None
    if not isinstance(meta, dict):
        problems.add(path, 2, "front matter must be a mapping of fields")
        return None
    meta_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        key = line.split(":", 1)[0].strip()
        if line and not line[0].isspace() and key in meta:
            meta_lines.setdefault(key, number)
    return FrontMatterFile(path, meta, meta_lines, "\n".join(lines[end + 1 :]), end + 2)


def _string(
    doc: FrontMatterFile, key: str, problems: ProblemList, *, limit: int | None = None
) -> str:
    value = doc.meta.get(key)
    line = doc.meta_lines.get(key, 1)
    if not isinstance(value, str) or not value.strip():
        problems.add(doc.path, line, f"'{key}' is required and must be text")
        return ""
    if limit is not None and len(value) > limit:
        problems.add(doc.path, line, f"'{key}' is {len(value)} characters; the limit is {limit}")
    return value.strip()


def _string_list(doc: FrontMatterFile, key: str, problems: ProblemList) -> tuple[str, ...]:
    value = doc.meta.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.add(doc.path, doc.meta_lines.get(key, 1), f"'{key}' must be a list of text")
        return ()
    return tuple(v.strip() for v in value)


def _resources(doc: FrontMatterFile, problems: ProblemList) -> tuple[Resource, ...]:
    raw = doc.meta.get("resources")
    line = doc.meta_lines.get("resources", 1)
    if not isinstance(raw, list) or not raw:
        problems.add(doc.path, line, "'resources' needs at least one {title, url} entry")
        return ()
    resources = []
    for entry in raw:
        if not isinstance(entry, dict) or not entry.get("title") or not entry.get("url"):
            problems.add(doc.path, line, "each resource needs a 'title' and a 'url'")
            continue
        url = str(entry["url"]).strip()
        parsed = urlparse(url)
        if parsed.scheme != "https" or not parsed.netloc:
            problems.add(doc.path, line, f"resource URL must be https: {url}")
            continue
        resources.append(Resource(str(entry["title"]).strip(), url))
    return tuple(resources)


def _reviewed(doc: FrontMatterFile, problems: ProblemList) -> date | None:
    if "reviewed" not in doc.meta:
        return None
    value = doc.meta["reviewed"]
    # YAML reads `2025-06-01` as a date and `"2025-06-01"` as text; both mean the same day.
    if isinstance(value, str) and ISO_DATE.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    elif isinstance(value, date) and not isinstance(value, datetime):
        return value
    problems.add(
        doc.path,
        doc.meta_lines.get("reviewed", 1),
        f"'reviewed' must be a date written YYYY-MM-DD, not {value!r}",
    )
    return None


def _versions(doc: FrontMatterFile, problems: ProblemList) -> tuple[PinnedVersion, ...]:
    raw = doc.meta.get("versions", {})
    line = doc.meta_lines.get("versions", 1)
    if not isinstance(raw, dict):
        problems.add(
            doc.path, line, "'versions' must map tools to versions, like {django: \"5.2\"}"
        )
        return ()
    pins = []
    for tool, version in raw.items():
        if not isinstance(tool, str) or not SLUG.match(tool):
            problems.add(doc.path, line, f"version key '{tool}' must be a lowercase name")
        elif not isinstance(version, str) or not version.strip():
            # Unquoted, YAML reads 5.10 as the number 5.1: only quoted text keeps the version.
            problems.add(
                doc.path,
                line,
                f"version of '{tool}' must be quoted text like \"5.2\", not {version!r}",
            )
        elif tool in CURRENT_VERSIONS and not _is_version(version):
            problems.add(
                doc.path, line, f"version of '{tool}' must be numbers joined by dots, like \"5.2\""
            )
        else:
            pins.append(PinnedVersion(tool, version.strip()))
    return tuple(pins)


def _is_version(text: str) -> bool:
    try:
        Version.parse(text)
    except ValueError:
        return False
    return True


def _unlabelled_fences(lines: list[str], first_line: int) -> list[int]:
    """Line numbers of the code blocks in `lines` that open without a language."""
    unlabelled: list[int] = []
    opened: str | None = None
    for number, line in enumerate(lines, start=first_line):
        match = FENCE.match(line)
        if match is None:
            continue
        marker, info = match[1], match[2].strip()
        if marker[0] == "`" and "`" in info:
            continue  # inline code such as ```x``` on one line, not a fence
        if opened is None:
            opened = marker
            if not info:
                unlabelled.append(number)
        elif marker[0] == opened[0] and len(marker) >= len(opened) and not info:
            opened = None
    return unlabelled


def _enum(
    doc: FrontMatterFile, key: str, kind: type[Category] | type[Level], problems: ProblemList
) -> Any:
    value = doc.meta.get(key)
    try:
        return kind(str(value))
    except ValueError:
        allowed = ", ".join(member.value for member in kind)
        problems.add(doc.path, doc.meta_lines.get(key, 1), f"'{key}' must be one of {allowed}")
        return None


def _sections(doc: FrontMatterFile, problems: ProblemList) -> tuple[Section, ...]:
    found: list[tuple[str, int, list[str]]] = []
    for number, line in enumerate(doc.body.split("\n"), start=doc.body_start):
        if line.startswith("## "):
            found.append((line[3:].strip(), number, []))
        elif found:
            found[-1][2].append(line)
        elif line.strip():
            problems.add(doc.path, number, "text before the first '## ' section")
    titles = [title for title, _, _ in found]
    if titles != list(SECTION_TITLES):
        first_line = found[0][1] if found else doc.body_start
        expected = ", ".join(f"'## {t}'" for t in SECTION_TITLES)
        problems.add(doc.path, first_line, f"sections must be exactly {expected}, in that order")
    sections = []
    for title, heading_line, body_lines in found:
        for fence_line in _unlabelled_fences(body_lines, heading_line + 1):
            problems.add(doc.path, fence_line, UNLABELLED_FENCE)
        body = "\n".join(body_lines).strip()
        if not body:
            problems.add(doc.path, heading_line, f"section '{title}' is empty")
        elif len(body) > SECTION_MAX:
            problems.add(
                doc.path,
                heading_line,
                f"section '{title}' is {len(body)} characters; limit {SECTION_MAX}",
            )
        sections.append(Section(title, body))
    total = sum(len(s.body) for s in sections)
    if total > BODY_MAX:
        problems.add(doc.path, doc.body_start, f"body is {total} characters; limit {BODY_MAX}")
    return tuple(sections)


def read_topic(path: Path, problems: ProblemList) -> Topic | None:
    doc = read_document(path, problems)
    if doc is None:
        return None
    before = len(problems)
    slug = _string(doc, "slug", problems)
    if slug and slug != path.stem:
        problems.add(path, doc.meta_lines.get("slug", 1), f"slug '{slug}' must equal the file name")
    if slug and not SLUG.match(slug):
        problems.add(path, doc.meta_lines["slug"], "slug must be lowercase words joined by '-'")
    aliases = _string_list(doc, "aliases", problems)
    for alias in aliases:
        if len(alias) > NAME_MAX:
            problems.add(path, doc.meta_lines["aliases"], f"alias '{alias[:20]}...' is too long")
    topic = Topic(
        slug=slug,
        title=_string(doc, "title", problems, limit=NAME_MAX),
        category=_enum(doc, "category", Category, problems),
        level=_enum(doc, "level", Level, problems),
        summary=_string(doc, "summary", problems, limit=SUMMARY_MAX),
        aliases=aliases,
        related=_string_list(doc, "related", problems),
        resources=_resources(doc, problems),
        sections=_sections(doc, problems),
        source=path,
        reviewed=_reviewed(doc, problems),
        versions=_versions(doc, problems),
        start_here=read_start_here(path, doc.meta, doc.meta_lines.get("start_here", 1), problems),
    )
    return topic if len(problems) == before else None


def read_takeaways(path: Path, problems: ProblemList) -> list[Takeaway]:
    doc = read_document(path, problems)
    if doc is None:
        return []
    topic = _string(doc, "topic", problems)
    takeaways: list[Takeaway] = []
    current: tuple[str, str, int, list[str]] | None = None

    def finish() -> None:
        if current is None:
            return
        ident, title, heading_line, body_lines = current
        body = "\n".join(body_lines).strip()
        unlabelled = _unlabelled_fences(body_lines, heading_line + 1)
        for fence_line in unlabelled:
            problems.add(path, fence_line, UNLABELLED_FENCE)
        if not SLUG.match(ident) or not ident.startswith(f"{topic}-"):
            problems.add(
                path, heading_line, f"takeaway id '{ident}' must be '{topic}-' + lowercase words"
            )
        elif not title or len(title) > TAKEAWAY_TITLE_MAX:
            problems.add(
                path, heading_line, f"takeaway title needs 1 to {TAKEAWAY_TITLE_MAX} characters"
            )
        elif not body or len(body) > TAKEAWAY_BODY_MAX:
            problems.add(
                path,
                heading_line,
                f"takeaway body is {len(body)} characters; 1 to {TAKEAWAY_BODY_MAX}",
            )
        elif not unlabelled:
            takeaways.append(Takeaway(ident, title, body, topic, path))

    for number, line in enumerate(doc.body.split("\n"), start=doc.body_start):
        if line.startswith("## "):
            finish()
            ident, _, title = line[3:].partition(":")
            current = (ident.strip(), title.strip(), number, [])
        elif current is not None:
            current[3].append(line)
        elif line.strip():
            problems.add(path, number, "text before the first '## <id>: <title>' heading")
    finish()
    return takeaways
