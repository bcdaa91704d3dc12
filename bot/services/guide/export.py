"""`python -m bot notes export`: approved notes as Markdown files for review in git.

The files land in a repository, so a note is exported only when the web may show it (its
server is on the web, its source in a channel @everyone can read): nothing from a private
channel is committed by accident. Names follow the web's rule (a member's chosen name, else
"a learner" or "a mentor"), and the text's Discord markup is put into words by the caller's
renderer (the web's), so no id reaches a file. One file per note, named by its server and
number so that an edit rewrites it in place; a second run with nothing changed writes
nothing, and files of notes no longer shown (rejected, forgotten, made private) go.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import aliased

from bot.db.models import GuideNote, MemberPrivacy
from bot.db.models.guide import NOTE_TITLE_MAX
from bot.knowledge.notes import NOTE_BODY_MAX
from bot.knowledge.plain_text import clip_words
from bot.services.guide.published import on_the_web, source_url
from bot.services.publishing.privacy import ANONYMOUS
from bot.services.qa.published import mentioned_ids

A_MENTOR = "a mentor"
# The files this export owns: `<guild id>-<note id>.md`. Others in the folder are left alone.
FILE_NAME = re.compile(r"^(\d{1,20})-(\d{1,20})\.md$")
# (text, the public names of its server's members) -> the text with its markup in words.
Words = Callable[[str, Mapping[int, str]], str]


@dataclass(frozen=True)
class ExportOutcome:
    folder: Path
    written: int
    unchanged: int
    removed: int
    # Approved notes left out: their topic is gone from the content (the check would refuse).
    topic_gone: int


@dataclass(frozen=True)
class ExportedNote:
    id: int
    guild_id: int
    topic_slug: str
    title: str
    text: str
    author_name: str | None
    approver_name: str | None
    source_url: str | None
    approved_at: datetime | None


async def export_notes(
    sessions: async_sessionmaker[AsyncSession],
    folder: Path,
    *,
    words: Words,
    topic_exists: Callable[[str], bool],
    guild_id: int | None = None,
) -> ExportOutcome:
    """Write the notes the web shows (of one server, or all) as files in `folder`."""
    async with sessions() as session:
        rows = await _approved(session, guild_id)
        names = await _mentioned_names(session, rows)
    shown = [row for row in rows if topic_exists(row.topic_slug)]
    files = {f"{row.guild_id}-{row.id}.md": note_file(row, words, names) for row in shown}
    written, unchanged, removed = await asyncio.to_thread(write_files, folder, files, guild_id)
    return ExportOutcome(folder, written, unchanged, removed, len(rows) - len(shown))


def write_files(
    folder: Path, files: Mapping[str, str], guild_id: int | None
) -> tuple[int, int, int]:
    """Bring `folder` to `files`: (written, unchanged, removed). Only this export's files of
    the servers exported (`guild_id`, or every one) are removed."""
    folder.mkdir(parents=True, exist_ok=True)
    written = unchanged = removed = 0
    for name, text in sorted(files.items()):
        path = folder / name
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            unchanged += 1
            continue
        path.write_text(text, encoding="utf-8")
        written += 1
    for path in sorted(folder.glob("*.md")):
        found = FILE_NAME.match(path.name)
        if found is None or path.name in files:
            continue
        if guild_id is None or int(found.group(1)) == guild_id:
            path.unlink()
            removed += 1
    return written, unchanged, removed


def note_file(row: ExportedNote, words: Words, names: Mapping[int, Mapping[int, str]]) -> str:
    """One note as a file: front matter (bot/knowledge/notes.py reads it), then its text."""
    guild_names = names.get(row.guild_id, {})
    title = clip_words(_one_line(words(row.title, guild_names)), NOTE_TITLE_MAX)
    meta: dict[str, Any] = {
        "topic": row.topic_slug,
        "title": title,
        "author": _one_line(row.author_name or ANONYMOUS),
        "source": row.source_url,
        "approved_by": _one_line(row.approver_name or A_MENTOR),
        "approved_at": row.approved_at,
    }
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    body = clip_words(words(row.text, guild_names).strip(), NOTE_BODY_MAX)
    return f"---\n{front}---\n{body}\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


async def _approved(session: AsyncSession, guild_id: int | None) -> list[ExportedNote]:
    author = aliased(MemberPrivacy)
    approver = aliased(MemberPrivacy)
    query = (
        select(
            GuideNote.id,
            GuideNote.guild_id,
            GuideNote.topic_slug,
            GuideNote.title,
            GuideNote.text,
            author.display_name,
            approver.display_name,
            GuideNote.source_channel_id,
            GuideNote.source_message_id,
            GuideNote.decided_at,
        )
        .outerjoin(
            author,
            and_(author.guild_id == GuideNote.guild_id, author.user_id == GuideNote.author_id),
        )
        .outerjoin(
            approver,
            and_(approver.guild_id == GuideNote.guild_id, approver.user_id == GuideNote.decided_by),
        )
        .where(on_the_web())
        .order_by(GuideNote.guild_id, GuideNote.id)
    )
    if guild_id is not None:
        query = query.where(GuideNote.guild_id == guild_id)
    return [
        ExportedNote(
            id=found[0],
            guild_id=found[1],
            topic_slug=found[2],
            title=found[3],
            text=found[4],
            author_name=found[5],
            approver_name=found[6],
            source_url=source_url(found[1], found[7], found[8]),
            approved_at=found[9],
        )
        for found in await session.execute(query)
    ]


async def _mentioned_names(
    session: AsyncSession, rows: list[ExportedNote]
) -> dict[int, dict[int, str]]:
    """The chosen names of the members the notes mention, per server (consent is per server)."""
    by_guild: dict[int, set[int]] = {}
    for row in rows:
        by_guild.setdefault(row.guild_id, set()).update(mentioned_ids([row.title, row.text]))
    names: dict[int, dict[int, str]] = {}
    for guild_id, user_ids in by_guild.items():
        if not user_ids:
            continue
        found = await session.execute(
            select(MemberPrivacy.user_id, MemberPrivacy.display_name).where(
                MemberPrivacy.guild_id == guild_id, MemberPrivacy.user_id.in_(sorted(user_ids))
            )
        )
        names[guild_id] = {int(user_id): name for user_id, name in found}
    return names
