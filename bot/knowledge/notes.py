"""`content/notes/*.md`: community notes exported from the guide (`python -m bot notes
export`), for a maintainer to review in git and fold into a topic. `python -m bot check`
reads them; the bot never serves them, so they are checked but not loaded.

A note file is front matter, then the note's text:

    ---
    topic: caching
    title: Cache a view for a minute
    author: a learner
    source: https://discord.com/channels/1/2/3
    approved_by: a mentor
    approved_at: 2026-03-02 09:00:00+00:00
    ---
    Use `cache_page(60)`...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import datetime
from pathlib import Path

from bot.db.models.guide import NOTE_TITLE_MAX
from bot.knowledge.loader import FrontMatterFile, ProblemList, read_document

NOTES_FOLDER = "notes"
FIELDS = ("topic", "title", "author", "source", "approved_by", "approved_at")
NAME_MAX = 100
# A note is at most 1,500 characters in Discord; on export its mentions become names, which
# may be longer than the tokens they replace.
NOTE_BODY_MAX = 5000
# (field, message): a problem reported on the field's line.
Report = Callable[[str, str], None]
SOURCE = re.compile(r"^https://discord\.com/channels/\d{1,20}/\d{1,20}/\d{1,20}$")


def check_notes(folder: Path, topics: Collection[str], problems: ProblemList) -> int:
    """Check every note file in `folder` (none, or no folder, is fine); the number read."""
    paths = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for path in paths:
        doc = read_document(path, problems)
        if doc is not None:
            _check_note(doc, topics, problems)
    return len(paths)


def _check_note(doc: FrontMatterFile, topics: Collection[str], problems: ProblemList) -> None:
    def report(key: str, message: str) -> None:
        problems.add(doc.path, doc.meta_lines.get(key, 1), message)

    for key in doc.meta:
        if key not in FIELDS:
            report(str(key), f"unknown field '{key}'; a note has {', '.join(FIELDS)}")
    for key in FIELDS:
        if key not in doc.meta:
            problems.add(doc.path, 1, f"'{key}' is required")
    topic = _text(doc, "topic", NAME_MAX, report)
    if topic and topic not in topics:
        report("topic", f"topic '{topic}' does not exist")
    _text(doc, "title", NOTE_TITLE_MAX, report)
    _text(doc, "author", NAME_MAX, report)
    _text(doc, "approved_by", NAME_MAX, report)
    source = doc.meta.get("source")
    if source is not None and not (isinstance(source, str) and SOURCE.match(source)):
        report("source", "'source' must be a Discord message link or null")
    approved_at = doc.meta.get("approved_at")
    if "approved_at" in doc.meta and not (
        isinstance(approved_at, datetime) and approved_at.tzinfo is not None
    ):
        report("approved_at", "'approved_at' must be a UTC time like 2026-03-02 09:00:00+00:00")
    body = doc.body.strip()
    if not body:
        problems.add(doc.path, doc.body_start, "the note's text is empty")
    elif len(body) > NOTE_BODY_MAX:
        problems.add(
            doc.path, doc.body_start, f"the note is {len(body)} characters; limit {NOTE_BODY_MAX}"
        )


def _text(doc: FrontMatterFile, key: str, limit: int, report: Report) -> str:
    if key not in doc.meta:
        return ""  # reported once, as missing
    value = doc.meta[key]
    if not isinstance(value, str) or not value.strip():
        report(key, f"'{key}' must be text")
        return ""
    if len(value) > limit:
        report(key, f"'{key}' is {len(value)} characters; the limit is {limit}")
    return value.strip()
